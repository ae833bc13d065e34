"""The cohort from the program database: mentors with room, mentees without an active pair.

Mentors offer their skills (expertise) and bio; their capacity is what is left after their active
pairs. Mentees want what their active goals say, with their bio and interests as background, and
their reflections only where they chose to share them (the consent we have); reflections count for
the fit but are never shown to the facilitator.
"""

from __future__ import annotations

from collections import Counter

from sqlalchemy import select
from sqlalchemy.orm import Session

from coach.matching.languages import language_code
from coach.matching.profiles import Mentee, Mentor, Problem
from coach.matching.timezones import utc_offset_hours
from coach.store.models import Goal, Note, Pair, Person


def _languages(values: list[str]) -> tuple[str, ...]:
    codes = [language_code(str(v)) for v in values or []]
    return tuple(dict.fromkeys(c for c in codes if c))


def _zone(person: Person) -> tuple[str, float]:
    offset = utc_offset_hours(person.timezone or "UTC")
    return (person.timezone, offset) if offset is not None else ("UTC", 0.0)


def _hours(person: Person) -> tuple[int, int]:
    return (int(person.work_start), int(person.work_end)) if person.work_start != person.work_end else (9, 17)


def program_problem(session: Session, *, cohort: str | None = None, rematch: bool = False,
                    use_reflections: bool = True) -> Problem:
    """The cohort to match. ``rematch`` includes mentees who already have an active pair."""
    people = list(session.scalars(select(Person).where(Person.active.is_(True)).order_by(Person.id)).all())
    if cohort:
        people = [p for p in people if (p.cohort or "") == cohort]
    active = list(session.scalars(select(Pair).where(Pair.ended.is_(None))).all())
    paired = {p.mentee_id for p in active}
    mentees = [p for p in people if p.role == "mentee" and (rematch or p.id not in paired)]
    rematched = {p.id for p in mentees}
    load = Counter(p.mentor_id for p in active if p.mentee_id not in rematched)
    ids = [p.id for p in mentees]
    goals: dict[int, list[str]] = {}
    for g in session.scalars(select(Goal).where(Goal.owner_id.in_(ids), Goal.status == "active")
                             .order_by(Goal.id)).all():
        goals.setdefault(g.owner_id, []).append(". ".join(t for t in (g.title, g.description) if t))
    notes: dict[int, list[str]] = {}
    if use_reflections:
        for n in session.scalars(select(Note).where(Note.author_id.in_(ids),
                                                    Note.shared_with_mentor.is_(True))).all():
            text = " ".join(t for t in (n.what, n.so_what, n.now_what) if t)
            if text.strip():
                notes.setdefault(n.author_id, []).append(text)
    mentors = []
    for p in people:
        if p.role != "mentor":
            continue
        tz, offset = _zone(p)
        mentors.append(Mentor(id=p.handle, name=p.name, expertise="; ".join(map(str, p.skills or [])),
                              bio=p.bio or "", languages=_languages(p.languages), timezone=tz,
                              offset=offset, capacity=max(0, int(p.capacity or 0) - load[p.id]),
                              hours=_hours(p), attributes={"cohort": p.cohort} if p.cohort else {},
                              person_id=p.id))
    found = []
    for p in mentees:
        tz, offset = _zone(p)
        background = ". ".join(t for t in (p.bio or "", "; ".join(map(str, p.interests or []))) if t)
        found.append(Mentee(id=p.handle, name=p.name, goals="\n".join(goals.get(p.id, [])),
                            background=background, languages=_languages(p.languages), timezone=tz,
                            offset=offset, hours=_hours(p),
                            attributes={"cohort": p.cohort} if p.cohort else {}, person_id=p.id,
                            reflections=tuple(notes.get(p.id, []))))
    return Problem(mentors=tuple(mentors), mentees=tuple(found),
                   source="program" + (f", cohort {cohort}" if cohort else "")
                   + (", re-matching everyone" if rematch else ", mentees waiting for a mentor"))
