"""Goal and milestone progress: goals by status, milestones due per month and how many are done.

A goal or milestone counts as its owner. Archived goals and milestones are left out (they have left
the owner's lists too). Milestones without a due date appear only in the goal totals; milestones due
after today are not yet counted per month.
"""

from __future__ import annotations

from collections.abc import Mapping
from datetime import date

from coach.insights.facts import Facts
from coach.insights.figure import Figure, ratio
from coach.insights.grid import Grid
from coach.insights.query import month_of

GOAL_STATUSES = ("active", "done", "paused")


def _milestones(values: Mapping[str, float], n: int) -> dict[str, float]:
    due, done = int(values.get("due", 0)), int(values.get("done", 0))
    return {"due": due, "done": done, "done_share": ratio(done, due)}


def _goals(values: Mapping[str, float], n: int) -> dict[str, float]:
    return {"goals": int(values["goals"]), "milestones": int(values.get("milestones", 0)),
            "milestones_done": int(values.get("milestones_done", 0))}


def progress_figures(facts: Facts, *, as_of: date) -> list[Figure]:
    cohort = facts.cohort_of
    milestones, goals = Grid(), Grid()
    for owner, status, steps in facts.goals:
        goals.add(status, cohort[owner], owner, goals=1, milestones=len(steps),
                  milestones_done=sum(1 for _, done in steps if done))
        for due, done in steps:
            if due is not None and due <= as_of:
                milestones.add(month_of(due), cohort[owner], owner, due=1, done=int(done))
    present = set(goals.keys())
    statuses = tuple(s for s in GOAL_STATUSES if s in present) + tuple(sorted(present - set(GOAL_STATUSES)))
    return [
        Figure("milestones", "Milestones due per month and done", "goal owners", milestones, _milestones),
        Figure("goals", "Goals by status", "goal owners", goals, _goals, keys=statuses),
    ]
