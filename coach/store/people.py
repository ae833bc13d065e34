"""Queries about people and pairs."""

from __future__ import annotations

from sqlalchemy import select
from sqlalchemy.orm import Session

from coach.access import Actor
from coach.errors import NotFoundError
from coach.store.db import Database
from coach.store.models import Pair, Person


def actor_for(person: Person) -> Actor:
    return Actor(id=person.id, role=person.role, name=person.name, handle=person.handle)


def list_people(db: Database, *, role: str | None = None) -> list[Person]:
    with db.session() as session:
        query = select(Person).where(Person.active.is_(True)).order_by(Person.role, Person.name)
        if role:
            query = query.where(Person.role == role)
        return list(session.scalars(query).all())


def get_actor(db: Database, ref: str | int) -> Actor:
    """The actor for a person id or handle; a clear error when there is none."""
    with db.session() as session:
        person = find_person(session, ref)
        return actor_for(person)


def find_person(session: Session, ref: str | int) -> Person:
    person = None
    if isinstance(ref, int) or str(ref).isdigit():
        person = session.get(Person, int(ref))
    if person is None and "\x00" not in str(ref):  # no handle holds NUL (and PostgreSQL refuses it)
        person = session.scalar(select(Person).where(Person.handle == str(ref)))
    if person is None:
        raise NotFoundError(f"No person {ref!r}. `coach people list` shows ids and handles "
                            "(run `coach demo` to create a demo program).")
    return person


def mentor_ids_of(session: Session, mentee_id: int) -> list[int]:
    return list(session.scalars(select(Pair.mentor_id).where(
        Pair.mentee_id == mentee_id, Pair.ended.is_(None))).all())


def mentee_ids_of(session: Session, mentor_id: int) -> list[int]:
    return list(session.scalars(select(Pair.mentee_id).where(
        Pair.mentor_id == mentor_id, Pair.ended.is_(None))).all())
