"""Publishing a draft: which pairs it creates, keeps and ends (computed once, shown before publishing).

A draft replaces the pairs of every mentee in its cohort (the mentees it was asked to match). Matched
mentees get the draft's mentors and their other active pairs end. A mentee the draft left unmatched
keeps their current mentor only while that mentor has room once the draft's pairs and the pairs
outside the cohort are counted (longest-running pairs first), and never where the draft forbids the
pair; otherwise that pair ends too. Nothing is deleted.
"""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from coach.errors import ConflictError, InputError
from coach.store.models import Pair, Person


@dataclass(frozen=True)
class PreviousPair:
    """An active pair of a mentee the draft left unmatched, and what publishing does with it."""

    pair_id: int
    mentee_id: str
    mentee_name: str
    mentor_id: str
    mentor_name: str
    why: str
    mentor_person_id: int = 0


@dataclass(frozen=True)
class PublishPlan:
    boards: dict[int, list[int]]  # mentee person id -> the draft's mentor person ids
    kept_previous: tuple[PreviousPair, ...]
    ended_previous: tuple[PreviousPair, ...]


def boards_of(session: Session, result: dict[str, Any]) -> dict[int, list[int]]:
    """Person ids of each matched mentee's mentors; ids from CSV files must be program handles."""
    known: dict[str, int] = dict(result.get("person_ids", {}))
    wanted = {m["mentee_id"] for m in result.get("matches", [])} | \
        {m["mentor_id"] for m in result.get("matches", [])}
    missing = sorted(wanted - set(known))
    if missing:
        rows = session.execute(select(Person.handle, Person.id).where(Person.handle.in_(missing))).all()
        known.update({h: i for h, i in rows})
    unknown = sorted(wanted - set(known))
    if unknown:
        raise InputError(f"Cannot publish: {', '.join(unknown[:10])} are not people in the program. "
                         "Use ids equal to program handles in the CSV files, or match on program data.")
    roles = dict(session.execute(select(Person.id, Person.role).where(
        Person.id.in_([known[x] for x in wanted]))).all())
    boards: dict[int, list[int]] = {}
    for m in result.get("matches", []):
        mentee, mentor = known[m["mentee_id"]], known[m["mentor_id"]]
        if roles.get(mentor) != "mentor" or roles.get(mentee) != "mentee":
            raise InputError(f"Cannot publish {m['mentee_id']} -> {m['mentor_id']}: in the program "
                             "they are not a mentee and a mentor.")
        boards.setdefault(mentee, []).append(mentor)
    return boards


def publish_plan(session: Session, result: dict[str, Any]) -> PublishPlan:
    """What publishing ``result`` (a stored draft) would do to the unmatched mentees' current pairs."""
    boards = boards_of(session, result)
    cohort = set(result.get("cohort_person_ids", [])) | set(boards)
    forbidden = {(a, b) for a, b, *_ in result.get("exclusions", [])}
    active = list(session.scalars(select(Pair).where(Pair.ended.is_(None))
                                  .order_by(Pair.started, Pair.id)).all())
    load = Counter(p.mentor_id for p in active if p.mentee_id not in cohort)
    load.update(mentor for mentors in boards.values() for mentor in mentors)
    kept: list[PreviousPair] = []
    ended: list[PreviousPair] = []
    for pair in active:
        if pair.mentee_id not in cohort or pair.mentee_id in boards:
            continue
        mentee, mentor = pair.mentee, pair.mentor
        if (mentee.handle, mentor.handle) in forbidden:
            why = f"ends: the pair with {mentor.name} is excluded in this draft"
        elif load[mentor.id] < mentor.capacity:
            load[mentor.id] += 1
            kept.append(PreviousPair(pair.id, mentee.handle, mentee.name, mentor.handle, mentor.name,
                                     f"keeps {mentor.name}: the draft found no new mentor and "
                                     f"{mentor.name} still has room", mentor.id))
            continue
        else:
            why = f"ends: {mentor.name}'s places all go to the draft's matches"
        ended.append(PreviousPair(pair.id, mentee.handle, mentee.name, mentor.handle, mentor.name, why,
                                  mentor.id))
    return PublishPlan(boards, tuple(kept), tuple(ended))


def check_capacity(session: Session, mentor_ids: set[int], run_id: int) -> None:
    """A draft made before other pairs were added must not overfill a mentor (nothing is saved)."""
    session.flush()
    for person in session.scalars(select(Person).where(Person.id.in_(mentor_ids))).all():
        active = len(session.scalars(select(Pair.id).where(Pair.mentor_id == person.id,
                                                           Pair.ended.is_(None))).all())
        if active > person.capacity:
            raise ConflictError(f"Run {run_id} would give {person.name} {active} mentees, above their "
                                f"capacity of {person.capacity}: the program changed since this draft. "
                                "Run the matching again and publish the new draft.")
