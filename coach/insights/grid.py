"""A breakdown grid: for each cell key (a month, a goal status) and cohort, the distinct participants
and additive counts; gated into cells a viewer may see.

Gating (coach/privacy): a cell of the whole program is shown with at least ``k`` distinct
participants. A cell of one cohort is shown only when the breakdown of that key across all cohorts
shows it (``gate_breakdown`` with complementary suppression), so that the whole-program cell minus
the cohort cells shown can never be worked back to fewer than ``k`` people.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Callable, Hashable, Iterable, Mapping

from coach.insights.dashboard import Cell
from coach.privacy import gate_breakdown

Derive = Callable[[Mapping[str, float], int], dict[str, float]]


class Grid:
    def __init__(self) -> None:
        self._people: dict[str, dict[str, set[Hashable]]] = defaultdict(lambda: defaultdict(set))
        self._values: dict[str, dict[str, defaultdict[str, float]]] = defaultdict(
            lambda: defaultdict(lambda: defaultdict(float)))

    def add(self, key: str, cohort: str, person: Hashable, **values: float) -> None:
        self._people[key][cohort].add(person)
        if values:
            counts = self._values[key][cohort]
            for name, value in values.items():
                counts[name] += value

    def keys(self) -> list[str]:
        return sorted(self._people)

    def has_people(self, keys: Iterable[str], *, cohort: str | None) -> bool:
        """Whether anyone at all is in these cells (an empty view says so instead of "hidden")."""
        for key in keys:
            by_cohort = self._people.get(key, {})
            if any(people for c, people in by_cohort.items() if cohort is None or c == cohort):
                return True
        return False

    def people(self, key: str, *, cohort: str | None) -> frozenset[Hashable]:
        """The distinct people of one cell (for the cross-figure difference gate; never shown)."""
        by_cohort = self._people.get(key, {})
        if cohort is None:
            return frozenset().union(*by_cohort.values()) if by_cohort else frozenset()
        return frozenset(by_cohort.get(cohort, set()))

    def cells(self, keys: Iterable[str], *, cohort: str | None, k: int, derive: Derive) -> list[Cell]:
        return [self.cell(key, cohort=cohort, k=k, derive=derive) for key in keys]

    def cell(self, key: str, *, cohort: str | None, k: int, derive: Derive) -> Cell:
        by_cohort = self._people.get(key, {})
        everyone: set[Hashable] = set().union(*by_cohort.values()) if by_cohort else set()
        counts: defaultdict[str, float] = defaultdict(float)
        parts = self._values.get(key, {})
        for c, values in parts.items():
            if cohort is None or c == cohort:
                for name, value in values.items():
                    counts[name] += value
        if cohort is None:
            people = everyone
            reason = "" if len(everyone) >= k else f"fewer than {k} people"
        else:
            people = by_cohort.get(cohort, set())
            if len(people) < k:
                reason = f"fewer than {k} people"
            else:
                reason = gate_breakdown(by_cohort, k=k, total=everyone).hidden.get(cohort, "")
        if reason:
            return Cell(key=key, participants=None, values={}, hidden=reason)
        return Cell(key=key, participants=len(people), values=derive(counts, len(people)))
