"""The rows the dashboard aggregates, read from the database without any text.

Only ids, dates, flags and the checker's verdicts are selected: note and draft text never leaves
the database through this module.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass
from datetime import date, datetime
from typing import Any

from sqlalchemy import Connection, select
from sqlalchemy.orm import Session

from coach.insights.query import cohort_label
from coach.store.models import CheckIn, FeedbackDraft, Goal, Milestone, Note, Pair, Person


@dataclass(frozen=True)
class PairFact:
    mentee_id: int
    started: date
    ended: date | None
    cadence_days: int


@dataclass(frozen=True)
class DraftFact:
    author_id: int
    day: date
    checked: bool
    vague: bool = False
    judgmental: bool = False
    sbi: float = 0.0  # share of Situation, Behavior, Impact present


@dataclass(frozen=True)
class Facts:
    cohort_of: dict[int, str]
    role_of: dict[int, str]
    pairs: list[PairFact]
    checkins: list[tuple[int, datetime]]  # (mentee id, when) of check-ins held
    notes: list[tuple[int, date]]  # (author id, session date)
    goals: list[tuple[int, str, list[tuple[date | None, bool]]]]  # (owner, status, milestones)
    drafts: list[DraftFact]


def sbi_share(result: dict[str, Any]) -> float:
    if isinstance(result.get("sbi_completeness"), int | float):
        return float(result["sbi_completeness"])
    parts = result.get("sbi") or {}
    return sum(1 for name in ("situation", "behavior", "impact") if parts.get(name)) / 3


def _drafts(conn: Connection, cohort_of: dict[int, str]) -> list[DraftFact]:
    """The checker's verdicts, read from the result JSON in SQL: the draft text is never fetched."""
    result = FeedbackDraft.result
    rows = conn.execute(select(FeedbackDraft.id, FeedbackDraft.author_id, FeedbackDraft.created_at,
                               result["vague"].as_boolean(), result["judgmental"].as_boolean(),
                               result["sbi_completeness"].as_float())).all()
    missing = [rid for rid, a, _c, vague, _j, sbi in rows if a in cohort_of and vague is not None
               and sbi is None]
    sbi_of: dict[int, float] = {}
    if missing:  # results written before sbi_completeness existed: count the SBI parts
        for rid, parts in conn.execute(select(FeedbackDraft.id, result["sbi"]).where(
                FeedbackDraft.id.in_(missing))):
            sbi_of[rid] = sbi_share({"sbi": parts if isinstance(parts, dict) else {}})
    return [DraftFact(a, created.date(), checked=False) if vague is None else
            DraftFact(a, created.date(), checked=True, vague=bool(vague), judgmental=bool(judgmental),
                      sbi=float(sbi) if sbi is not None else sbi_of.get(rid, 0.0))
            for rid, a, created, vague, judgmental, sbi in rows if a in cohort_of]


def load_facts(session: Session, *, program_id: int | None) -> Facts:
    conn = session.connection()  # plain rows: no ORM objects for 100k+ rows
    people = select(Person.id, Person.role, Person.cohort).where(Person.active.is_(True))
    if program_id is not None:
        people = people.where(Person.program_id == program_id)
    cohort_of: dict[int, str] = {}
    role_of: dict[int, str] = {}
    for pid, role, cohort in conn.execute(people):
        cohort_of[pid], role_of[pid] = cohort_label(cohort), role
    pair_rows = conn.execute(select(Pair.id, Pair.mentee_id, Pair.started, Pair.ended,
                                       Pair.cadence_days)).all()
    mentee_of = {pid: mentee for pid, mentee, *_ in pair_rows if mentee in cohort_of}
    pairs = [PairFact(mentee, started, ended, max(1, int(cadence or 1)))
             for pid, mentee, started, ended, cadence in pair_rows if pid in mentee_of]
    checkins = [(mentee_of[pid], at) for pid, at in conn.execute(
        select(CheckIn.pair_id, CheckIn.at).where(CheckIn.done.is_(True))) if pid in mentee_of]
    notes = [(a, d) for a, d in conn.execute(select(Note.author_id, Note.session_date))
             if a in cohort_of]
    milestones: dict[int, list[tuple[date | None, bool]]] = defaultdict(list)
    for goal_id, due, done in conn.execute(select(Milestone.goal_id, Milestone.due, Milestone.done)
                                           .where(Milestone.archived.is_not(True))):
        milestones[goal_id].append((due, bool(done)))
    goals = [(owner, status or "active", milestones.get(gid, []))
             for gid, owner, status in conn.execute(select(Goal.id, Goal.owner_id, Goal.status)
                                                    .where(Goal.status != "archived"))
             if owner in cohort_of]
    return Facts(cohort_of, role_of, pairs, checkins, notes, goals, _drafts(conn, cohort_of))
