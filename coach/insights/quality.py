"""Feedback quality over time: of the drafts checked each month, the share that was vague or
judgmental and how complete their Situation-Behavior-Impact was. Drafts saved without a check
result are counted apart, as unchecked. A draft counts as its author; its text is never read.
"""

from __future__ import annotations

from collections.abc import Mapping
from datetime import date

from coach.insights.facts import Facts
from coach.insights.figure import Figure, ratio
from coach.insights.grid import Grid
from coach.insights.query import month_of


def _feedback(values: Mapping[str, float], n: int) -> dict[str, float]:
    checked, sbi = int(values["checked"]), float(values.get("sbi", 0.0))
    vague, judgmental = int(values.get("vague", 0)), int(values.get("judgmental", 0))
    return {"checked": checked, "vague": vague, "judgmental": judgmental,
            "vague_share": ratio(vague, checked), "judgmental_share": ratio(judgmental, checked),
            "sbi": round(sbi, 4), "sbi_completeness": ratio(sbi, checked),
            "sbi_complete_share": ratio(values.get("sbi_complete", 0), checked)}


def _unchecked(values: Mapping[str, float], n: int) -> dict[str, float]:
    return {"unchecked": int(values["unchecked"])}


def quality_figures(facts: Facts, *, as_of: date) -> list[Figure]:
    feedback, unchecked = Grid(), Grid()
    for d in facts.drafts:
        if d.day > as_of:
            continue
        cohort = facts.cohort_of[d.author_id]
        if d.checked:
            feedback.add(month_of(d.day), cohort, d.author_id, checked=1, vague=int(d.vague),
                         judgmental=int(d.judgmental), sbi=d.sbi, sbi_complete=int(d.sbi >= 0.999))
        else:
            unchecked.add(month_of(d.day), cohort, d.author_id, unchecked=1)
    return [
        Figure("feedback", "Feedback quality of checked drafts", "draft authors", feedback, _feedback),
        Figure("unchecked", "Drafts saved without a check", "draft authors", unchecked, _unchecked),
    ]
