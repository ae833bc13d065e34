"""Accounts for the built-in sign-in: people with handles, roles and argon2 password hashes.

Admins (and the local operator at the CLI) manage accounts; every change is audited. Removing an
account deactivates the person and deletes their password and sessions; their notes stay theirs until
they delete their own data.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass

from sqlalchemy import delete, select
from sqlalchemy.orm import Session

from coach.access import Actor, require_role
from coach.errors import ConflictError, InputError, NotFoundError
from coach.people.audit import record
from coach.people.passwords import hash_password
from coach.store.db import Database
from coach.store.models import ROLES, AuthSession, Credential, Person, PersonRole, Program

_HANDLE = re.compile(r"^[a-z0-9][a-z0-9._-]{1,79}$")
_EMAIL = re.compile(r"^[^@\s]+@[^@\s]+\.[^@\s]+$")


@dataclass(frozen=True)
class UserInfo:
    handle: str
    name: str
    roles: tuple[str, ...]
    email: str
    has_password: bool
    active: bool


def roles_of(session: Session, person: Person) -> tuple[str, ...]:
    held = session.scalars(select(PersonRole.role).where(PersonRole.person_id == person.id)).all()
    ordered = [person.role, *sorted(set(held) - {person.role})]
    return tuple(r for r in ordered if r)


def actor_of(session: Session, person: Person, *, role: str | None = None) -> Actor:
    held = roles_of(session, person)
    return Actor(id=person.id, role=role or held[0], name=person.name, handle=person.handle, roles=held)


def _check_roles(roles: Sequence[str]) -> list[str]:
    chosen = list(dict.fromkeys(r.strip().lower() for r in roles if r.strip()))
    if not chosen:
        raise InputError(f"Give at least one role with --role ({', '.join(ROLES)}).")
    unknown = [r for r in chosen if r not in ROLES]
    if unknown:
        raise InputError(f"Unknown role {unknown[0]!r}: use one of {', '.join(ROLES)}.")
    return chosen


def _person(session: Session, handle: str) -> Person:
    person = session.scalar(select(Person).where(Person.handle == handle.strip().lower()))
    if person is None:
        raise NotFoundError(f"No account {handle!r}. `coach users list` shows the accounts.")
    return person


class AccountService:
    def __init__(self, db: Database) -> None:
        self.db = db

    def add(self, actor: Actor, handle: str, *, name: str, roles: Sequence[str], email: str = "",
            password: str | None = None) -> UserInfo:
        require_role(actor, "admin", action="add accounts")
        handle = handle.strip().lower()
        if not handle:
            raise InputError("The username is empty: give one of 2-80 lower-case letters, digits, dots, "
                             "dashes or underscores, e.g. amara.o.")
        if not _HANDLE.match(handle):
            raise InputError(f"The username {handle!r} is not valid: use 2-80 lower-case letters, digits, "
                             "dots, dashes or underscores, starting with a letter or digit.")
        if not name.strip():
            raise InputError("--name is empty: give the person's name as others should see it.")
        if email and not _EMAIL.match(email):
            raise InputError(f"{email!r} is not an e-mail address (name@example.org).")
        chosen = _check_roles(roles)
        digest = hash_password(password) if password is not None else None
        with self.db.session() as session:
            if session.scalar(select(Person).where(Person.handle == handle)) is not None:
                raise ConflictError(f"An account {handle!r} exists already: change it with `coach users "
                                    "set-password` or `coach users roles`.")
            program = session.scalar(select(Program).order_by(Program.id))
            person = Person(handle=handle, name=name.strip(), email=email.strip(), role=chosen[0],
                            program_id=program.id if program else None)
            session.add(person)
            session.flush()
            session.add_all(PersonRole(person_id=person.id, role=r) for r in chosen)
            if digest:
                session.add(Credential(person_id=person.id, password_hash=digest))
            record(session, actor, "account added", target=handle, detail="roles: " + ", ".join(chosen))
            return UserInfo(handle, person.name, tuple(chosen), person.email, bool(digest), True)

    def list_users(self, actor: Actor) -> list[UserInfo]:
        require_role(actor, "admin", action="list accounts")
        with self.db.session() as session:
            with_password = set(session.scalars(select(Credential.person_id)).all())
            people = session.scalars(select(Person).order_by(Person.handle)).all()
            return [UserInfo(p.handle, p.name, roles_of(session, p), p.email, p.id in with_password,
                             p.active) for p in people]

    def set_password(self, actor: Actor, handle: str, password: str) -> None:
        require_role(actor, "admin", action="set passwords")
        digest = hash_password(password)
        with self.db.session() as session:
            person = _person(session, handle)
            credential = session.get(Credential, person.id)
            if credential is None:
                session.add(Credential(person_id=person.id, password_hash=digest))
            else:
                credential.password_hash = digest
            session.execute(delete(AuthSession).where(AuthSession.person_id == person.id))
            record(session, actor, "password set", target=person.handle)

    def set_roles(self, actor: Actor, handle: str, roles: Sequence[str]) -> UserInfo:
        require_role(actor, "admin", action="change roles")
        chosen = _check_roles(roles)
        with self.db.session() as session:
            person = _person(session, handle)
            before = roles_of(session, person)
            session.execute(delete(PersonRole).where(PersonRole.person_id == person.id))
            session.add_all(PersonRole(person_id=person.id, role=r) for r in chosen)
            person.role = chosen[0]
            session.execute(delete(AuthSession).where(AuthSession.person_id == person.id))
            record(session, actor, "roles changed", target=person.handle,
                   detail=f"{', '.join(before)} -> {', '.join(chosen)}")
            has_password = session.get(Credential, person.id) is not None
            return UserInfo(person.handle, person.name, tuple(chosen), person.email, has_password,
                            person.active)

    def remove(self, actor: Actor, handle: str) -> UserInfo:
        require_role(actor, "admin", action="remove accounts")
        with self.db.session() as session:
            person = _person(session, handle)
            if actor.id is not None and actor.id == person.id:
                raise InputError("You cannot remove your own account while signed in as it; ask another "
                                 "admin, or use `coach users remove` at the server.")
            info = UserInfo(person.handle, person.name, roles_of(session, person), person.email, False,
                            False)
            person.active = False
            session.execute(delete(Credential).where(Credential.person_id == person.id))
            session.execute(delete(AuthSession).where(AuthSession.person_id == person.id))
            record(session, actor, "account removed", target=person.handle)
            return info
