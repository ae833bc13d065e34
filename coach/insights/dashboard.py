"""What the program dashboard returns: gated cells, series and headline figures. No names, no ids,
no text: only counts and shares of groups that passed the minimum-group gates.

Every headline figure is computed from the cells shown, never from hidden ones, so that a total
minus the cells a viewer can see never reveals a hidden cell.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date
from typing import Any


@dataclass(frozen=True)
class Cell:
    """One group: a month, a goal status or a role. ``hidden`` says why it is not shown."""

    key: str
    participants: int | None
    values: dict[str, float]
    hidden: str = ""

    @property
    def shown(self) -> bool:
        return not self.hidden


@dataclass(frozen=True)
class Series:
    name: str
    title: str
    participant: str  # who a participant of a cell is, e.g. "mentees in active pairs"
    cells: list[Cell]
    has_data: bool = True  # False: nobody at all in this view (an empty state, not a hidden one)

    @property
    def shown(self) -> list[Cell]:
        return [c for c in self.cells if c.shown]

    @property
    def hidden(self) -> list[Cell]:
        return [c for c in self.cells if not c.shown]

    def total(self, metric: str) -> float:
        """The sum of ``metric`` over the cells shown (hidden cells never count)."""
        return sum(c.values.get(metric, 0) for c in self.shown)

    def share(self, part: str, whole: str) -> float | None:
        denominator = self.total(whole)
        return round(self.total(part) / denominator, 4) if denominator else None


@dataclass(frozen=True)
class Dashboard:
    as_of: date
    cohort: str | None
    months: list[str]
    min_participants: int
    cohorts: list[str]
    series: dict[str, Series]
    notice: str = ""  # set when the whole view is withheld, with the reason
    notes: list[str] = field(default_factory=list)

    @property
    def empty(self) -> bool:
        return not any(s.shown for s in self.series.values())

    def headline(self) -> dict[str, Any]:
        s = self.series
        people = {c.key: c.participants for c in s["people"].shown}
        latest = s["active_pairs"].shown[-1] if s["active_pairs"].shown else None
        checked = s["feedback"].total("checked")
        return {
            "mentees": people.get("mentees"), "mentors": people.get("mentors"),
            "active_pairs": int(latest.values["pairs"]) if latest else None,
            "active_pairs_month": latest.key if latest else None,
            "checkins_held": int(s["checkins"].total("held")),
            "checkins_planned": int(s["checkins"].total("planned")),
            "checkins_kept_share": s["checkins"].share("kept", "planned"),
            "reflections": int(s["reflections"].total("reflections")),
            "goals": int(s["goals"].total("goals")),
            "milestones_due": int(s["milestones"].total("due")),
            "milestones_done": int(s["milestones"].total("done")),
            "milestones_done_share": s["milestones"].share("done", "due"),
            "drafts_checked": int(checked),
            "drafts_unchecked": int(s["unchecked"].total("unchecked")),
            "vague_share": s["feedback"].share("vague", "checked"),
            "judgmental_share": s["feedback"].share("judgmental", "checked"),
            "sbi_completeness": (round(s["feedback"].total("sbi") / checked, 4) if checked else None),
        }

    def to_dict(self) -> dict[str, Any]:
        return {
            "as_of": self.as_of.isoformat(), "cohort": self.cohort,
            "period": {"from": self.months[0] if self.months else None,
                       "to": self.months[-1] if self.months else None},
            "min_participants": self.min_participants, "cohorts": self.cohorts,
            "notice": self.notice, "notes": self.notes, "headline": self.headline(),
            "series": {name: {"title": s.title, "participant": s.participant,
                              "has_data": s.has_data, "cells": [{"key": c.key, "participants": c.participants,
                                         "values": c.values, "hidden": c.hidden or None}
                                        for c in s.cells]}
                       for name, s in self.series.items()},
        }

    def rows(self) -> list[dict[str, Any]]:
        """Long format for CSV: one row per shown figure, one row per hidden cell with its reason."""
        view = self.cohort or "all cohorts"
        out: list[dict[str, Any]] = []
        for s in self.series.values():
            for c in s.cells:
                base = {"series": s.name, "title": s.title, "group": c.key, "cohort": view}
                if not c.shown:
                    out.append({**base, "participants": None, "metric": None, "value": None,
                                "hidden": c.hidden})
                    continue
                out.extend({**base, "participants": c.participants, "metric": metric, "value": value,
                            "hidden": None} for metric, value in c.values.items())
        return out


CSV_FIELDS = ("series", "title", "group", "cohort", "participants", "metric", "value", "hidden")
