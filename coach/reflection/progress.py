"""A mentee's progress: goals and milestones, reflections over time and how well check-ins kept pace.

Only the mentee and their current mentors may see it; a mentor counts only the reflections the
mentee shared and only the check-ins of their own pair. Facilitators get anonymized program
aggregates elsewhere, never one person's progress.
"""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass, field
from datetime import date, datetime, time, timedelta

from sqlalchemy import select
from sqlalchemy.orm import Session

from coach.access import Actor
from coach.errors import AccessDeniedError, NotFoundError
from coach.reflection.agenda import readable_notes
from coach.reflection.checkins import display_name, today_utc
from coach.reflection.goals import live_milestones
from coach.store.db import Database
from coach.store.models import CheckIn, Goal, NoteGoalLink, Pair, Person
from coach.store.people import mentor_ids_of


@dataclass(frozen=True)
class GoalProgress:
    id: int
    title: str
    status: str
    target_date: date | None
    milestones_done: int
    milestones_total: int
    milestones: list[tuple[str, date | None, date | None]]  # (title, due, done_at)


@dataclass(frozen=True)
class Progress:
    mentee_id: int
    mentee_name: str
    as_of: date
    goals: list[GoalProgress] = field(default_factory=list)
    reflections_per_goal: dict[str, int] = field(default_factory=dict)
    reflections_per_month: list[tuple[str, int]] = field(default_factory=list)
    checkins: list[tuple[str, int, int]] = field(default_factory=list)  # (YYYY-MM, done, expected)
    cadence_kept: float = 1.0


def _require_viewer(session: Session, actor: Actor, mentee_id: int) -> None:
    if actor.role == "facilitator":
        raise AccessDeniedError(
            f"{display_name(actor)} is a facilitator: facilitators see anonymized program summaries, "
            "not one mentee's progress. Open the program overview instead."
        )
    if actor.id is not None and (actor.id == mentee_id or actor.id in mentor_ids_of(session, mentee_id)):
        return
    raise AccessDeniedError(
        f"{display_name(actor)} ({actor.role}) may not see this mentee's progress: only the mentee and "
        "their current mentor can."
    )


def _month(value: date) -> str:
    return f"{value.year:04d}-{value.month:02d}"


def _months(first: date, last: date) -> list[str]:
    out: list[str] = []
    year, month = first.year, first.month
    while (year, month) <= (last.year, last.month):
        out.append(f"{year:04d}-{month:02d}")
        year, month = (year + 1, 1) if month == 12 else (year, month + 1)
    return out


def _expected_dates(pair: Pair, today: date) -> list[date]:
    """The dates the pair should have met on: its start, then every ``cadence_days`` until today."""
    step = timedelta(days=max(1, int(pair.cadence_days or 1)))
    stop = min(today, pair.ended) if pair.ended else today
    out: list[date] = []
    day = pair.started
    while day <= stop:
        out.append(day)
        day += step
    return out


def progress_for(db: Database, actor: Actor, mentee_id: int, *, today: date | None = None) -> Progress:
    """The mentee's progress as ``actor`` (the mentee or a current mentor) may see it."""
    day = today or today_utc()
    with db.session() as session:
        _require_viewer(session, actor, mentee_id)
        mentee = session.get(Person, mentee_id)
        if mentee is None:
            raise NotFoundError(f"No person with id {mentee_id}.")
        goals = session.scalars(select(Goal).where(Goal.owner_id == mentee_id, Goal.status != "archived")
                                .order_by(Goal.created_at, Goal.id)).all()
        goal_rows = [GoalProgress(id=g.id, title=g.title, status=g.status, target_date=g.target_date,
                                  milestones_done=sum(1 for m in live_milestones(g) if m.done),
                                  milestones_total=len(live_milestones(g)),
                                  milestones=[(m.title, m.due, m.done_at if m.done else None)
                                              for m in live_milestones(g)])
                     for g in goals]

        notes = readable_notes(session, actor, mentee_id)
        note_ids = {n.id for n in notes}
        per_goal_id: Counter[int] = Counter()
        if goals:
            links = session.execute(select(NoteGoalLink.note_id, NoteGoalLink.goal_id)
                                    .where(NoteGoalLink.goal_id.in_([g.id for g in goals]),
                                           NoteGoalLink.source.in_(("auto", "user")))).all()
            per_goal_id.update(goal_id for note_id, goal_id in links if note_id in note_ids)
        titles = Counter(g.title for g in goals)
        per_goal = {(g.title if titles[g.title] == 1 else f"{g.title} (#{g.id})"): per_goal_id[g.id]
                    for g in goals}

        pairs = session.scalars(select(Pair).where(Pair.mentee_id == mentee_id).order_by(Pair.started)).all()
        if actor.id != mentee_id:
            pairs = [p for p in pairs if p.mentor_id == actor.id]
        expected: Counter[str] = Counter()
        done: Counter[str] = Counter()
        end_of_today = datetime.combine(day, time.max)
        for pair in pairs:
            expected.update(_month(d) for d in _expected_dates(pair, day))
            done.update(_month(at) for at in session.scalars(
                select(CheckIn.at).where(CheckIn.pair_id == pair.id, CheckIn.done.is_(True),
                                         CheckIn.at <= end_of_today)).all())

        starts = [n.session_date for n in notes if n.session_date <= day] + [p.started for p in pairs]
        months = _months(min(starts), day) if starts else []
        note_months = Counter(_month(n.session_date) for n in notes)
        per_month = [(m, note_months[m]) for m in months]
        checkin_rows = [(m, done[m], expected[m]) for m in months if m in expected or m in done]
        total_expected = sum(expected.values())
        kept = sum(min(done[m], expected[m]) for m in expected) / total_expected if total_expected else 1.0
        return Progress(mentee_id=mentee_id, mentee_name=mentee.name, as_of=day, goals=goal_rows,
                        reflections_per_goal=per_goal, reflections_per_month=per_month,
                        checkins=checkin_rows, cadence_kept=round(min(1.0, max(0.0, kept)), 4))
