"""Engagement: people, active pairs per month, check-ins held vs planned cadence, reflections.

A pair counts as its mentee (the participant); a reflection as its author. Check-ins planned are
the pair's start and every ``cadence_days`` after it until today (or the pair's end); ``kept`` caps
check-ins held at the number planned, per mentee and month.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Mapping
from datetime import date, datetime, time, timedelta

from coach.insights.facts import Facts
from coach.insights.figure import Figure, ratio
from coach.insights.grid import Grid
from coach.insights.query import month_of, months_between


def planned_dates(started: date, cadence_days: int, stop: date) -> list[date]:
    step, day, out = timedelta(days=cadence_days), started, []
    while day <= stop:
        out.append(day)
        day += step
    return out


def _people(values: Mapping[str, float], n: int) -> dict[str, float]:
    return {"people": n}


def _pairs(values: Mapping[str, float], n: int) -> dict[str, float]:
    return {"pairs": int(values["pairs"])}


def _checkins(values: Mapping[str, float], n: int) -> dict[str, float]:
    planned, held, kept = (int(values.get(k, 0)) for k in ("planned", "held", "kept"))
    return {"planned": planned, "held": held, "kept": kept, "kept_share": ratio(kept, planned)}


def _reflections(values: Mapping[str, float], n: int) -> dict[str, float]:
    return {"reflections": int(values["reflections"]), "writers": n}


def engagement_figures(facts: Facts, *, as_of: date) -> list[Figure]:
    cohort = facts.cohort_of
    people, pairs, checkins, reflections = Grid(), Grid(), Grid(), Grid()
    for pid, role in facts.role_of.items():
        if role in ("mentee", "mentor"):
            people.add(f"{role}s", cohort[pid], pid)
    planned: Counter[tuple[int, str]] = Counter()
    for pair in facts.pairs:
        stop = min(as_of, pair.ended) if pair.ended else as_of
        if pair.started > stop:
            continue
        for month in months_between(month_of(pair.started), month_of(stop)):
            pairs.add(month, cohort[pair.mentee_id], pair.mentee_id, pairs=1)
        planned.update((pair.mentee_id, month_of(day))
                       for day in planned_dates(pair.started, pair.cadence_days, stop))
    end_of_today = datetime.combine(as_of, time.max)
    held = Counter((mentee, month_of(at.date())) for mentee, at in facts.checkins if at <= end_of_today)
    for mentee, month in set(planned) | set(held):
        p, h = planned[(mentee, month)], held[(mentee, month)]
        checkins.add(month, cohort[mentee], mentee, planned=p, held=h, kept=min(p, h))
    written = Counter((author, month_of(day)) for author, day in facts.notes if day <= as_of)
    for (author, month), n in written.items():
        reflections.add(month, cohort[author], author, reflections=n)
    return [
        Figure("people", "People in the program", "mentees or mentors", people, _people,
               keys=("mentees", "mentors")),
        Figure("active_pairs", "Active mentoring pairs per month", "mentees in active pairs", pairs,
               _pairs),
        Figure("checkins", "Check-ins held vs planned cadence", "mentees in pairs", checkins, _checkins),
        Figure("reflections", "Reflections per month", "mentees who wrote", reflections, _reflections),
    ]
