"""Who is in the program, for pages and CLI commands: the service they use instead of the store.

- ``actor(ref)``: the CLI's ``--as`` (the operator at the server acts as that person; removed and
  deleted accounts are refused).
- ``demo_people()``: the role picker of ``COACH_AUTH=demo`` (the caller checks the mode).
- ``listing(actor)``: handles, names, roles and time zones, for facilitators and admins.
- ``pair_members(actor, pair_id)``: the two people of a pair (names, time zones, working hours),
  only for the mentor and mentee of that pair.
- ``active_pairs(actor)``: who mentors whom (names, start, cadence; no notes), for facilitators and
  admins.

A card never carries private text (no bio, skills, e-mail or notes).
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from sqlalchemy import select

from coach.access import Actor, require_role
from coach.errors import AccessDeniedError, NotFoundError
from coach.people.accounts import actor_of
from coach.store.db import Database
from coach.store.models import Pair, Person
from coach.store.people import find_person


@dataclass(frozen=True)
class PersonCard:
    id: int
    handle: str
    name: str
    role: str
    timezone: str
    work_start: int
    work_end: int
    cohort: str = ""


@dataclass(frozen=True)
class PairCard:
    id: int
    mentor: str
    mentee: str
    started: date
    cadence_days: int


def _card(person: Person) -> PersonCard:
    return PersonCard(person.id, person.handle, person.name, person.role, person.timezone,
                      person.work_start, person.work_end, person.cohort or "")


class Directory:
    def __init__(self, db: Database) -> None:
        self.db = db

    def actor(self, ref: str | int) -> Actor:
        """The actor for a person id or handle (``--as``), with every role they hold."""
        with self.db.session() as session:
            person = find_person(session, ref)
            if not person.active:
                raise NotFoundError(f"The account {ref!r} was removed or deleted; `coach people list` "
                                    "shows the people in the program.")
            return actor_of(session, person)

    def _active(self, role: str | None) -> list[PersonCard]:
        with self.db.session() as session:
            query = select(Person).where(Person.active.is_(True)).order_by(Person.role, Person.name)
            if role:
                query = query.where(Person.role == role)
            return [_card(p) for p in session.scalars(query).all()]

    def demo_people(self) -> list[PersonCard]:
        """Everyone active, for the demo role picker (``COACH_AUTH=demo`` only)."""
        return self._active(None)

    def listing(self, actor: Actor, *, role: str | None = None) -> list[PersonCard]:
        require_role(actor, "facilitator", "admin", action="list the people in the program")
        return self._active(role)

    def pair_members(self, actor: Actor, pair_id: int) -> tuple[PersonCard, PersonCard]:
        """(mentor, mentee) of a pair the actor belongs to."""
        with self.db.session() as session:
            pair = session.get(Pair, pair_id)
            if pair is None:
                raise NotFoundError(f"No pair {pair_id}; `coach checkins status` lists your pairs.")
            if actor.id is None or actor.id not in (pair.mentor_id, pair.mentee_id):
                raise AccessDeniedError("Only the mentor and the mentee of a pair see its check-in panel.")
            return _card(pair.mentor), _card(pair.mentee)

    def active_pairs(self, actor: Actor) -> list[PairCard]:
        require_role(actor, "facilitator", "admin", action="list the people in the program")
        with self.db.session() as session:
            pairs = session.scalars(select(Pair).where(Pair.ended.is_(None)).order_by(Pair.started, Pair.id))
            return [PairCard(p.id, f"{p.mentor.name} ({p.mentor.handle})",
                             f"{p.mentee.name} ({p.mentee.handle})", p.started, p.cadence_days)
                    for p in pairs.all()]
