"""Signing in: the built-in password mode, sessions that expire, rate limits, and the people-table
lookup for identities that come from an OIDC provider.

Only the SHA-256 of a session token is stored. Failed sign-ins are limited per account and per client
over a sliding window; the same message is given for an unknown account and a wrong password.
"""

from __future__ import annotations

import hashlib
import secrets
from dataclasses import dataclass
from datetime import timedelta

from sqlalchemy import delete, func, select

from coach.access import Actor
from coach.errors import RateLimitedError, SignInError
from coach.people.accounts import actor_of
from coach.people.audit import log_event, record
from coach.people.passwords import hash_password, needs_rehash, verify_password
from coach.store.db import Database
from coach.store.models import AuthSession, Credential, Person, SignInAttempt, utcnow

#: verified when the account does not exist, so both cases take the same time
_DUMMY_HASH = hash_password("not-a-real-password-0")
WRONG = "Wrong username or password. Check both and try again."


@dataclass(frozen=True)
class Limits:
    window: timedelta = timedelta(minutes=15)
    per_account: int = 5
    per_client: int = 20
    session: timedelta = timedelta(hours=12)


def _digest(token: str) -> str:
    return hashlib.sha256(token.encode()).hexdigest()


class SignInService:
    def __init__(self, db: Database, *, limits: Limits | None = None) -> None:
        self.db = db
        self.limits = limits or Limits()

    def sign_in(self, handle: str, password: str, *, client: str = "") -> tuple[str, Actor]:
        """A new session token and the signed-in actor; SignInError or RateLimitedError otherwise."""
        typed = (handle or "").strip().lower()
        handle = "".join(ch for ch in typed if ch.isprintable())  # control characters: never an account
        now = utcnow()
        with self.db.session() as session:
            since = now - self.limits.window
            failures = select(func.count()).select_from(SignInAttempt).where(
                SignInAttempt.ok.is_(False), SignInAttempt.at >= since)
            by_account = session.scalar(failures.where(SignInAttempt.handle == handle)) or 0
            by_client = session.scalar(failures.where(SignInAttempt.client == client)) if client else 0
            limited = by_account >= self.limits.per_account or (by_client or 0) >= self.limits.per_client
        if limited:  # audited in its own transaction: the refusal below must not roll the entry back
            minutes = int(self.limits.window.total_seconds() // 60)
            log_event(self.db, None, "sign-in refused (rate limit)", target=handle[:200], detail=client)
            raise RateLimitedError(f"Too many failed sign-ins. Wait {minutes} minutes and try again, "
                                   "or ask an admin to reset your password.")
        with self.db.session() as session:
            person = None if handle != typed else session.scalar(
                select(Person).where(Person.handle == handle, Person.active.is_(True)))
            credential = session.get(Credential, person.id) if person is not None else None
            ok = verify_password(credential.password_hash if credential else _DUMMY_HASH, password or "")
            ok = ok and person is not None and credential is not None
            session.add(SignInAttempt(handle=handle[:80], client=client[:120], at=now, ok=ok))
            if not ok or person is None or credential is None:
                record(session, None, "sign-in failed", target=handle[:200], detail=client)
                failed = True
            else:
                failed = False
                if needs_rehash(credential.password_hash):
                    credential.password_hash = hash_password(password)
                token = secrets.token_urlsafe(32)
                session.add(AuthSession(token_hash=_digest(token), person_id=person.id, created_at=now,
                                        expires_at=now + self.limits.session, client=client[:120]))
                actor = actor_of(session, person)
                record(session, actor, "signed in", target=handle, detail=client)
        if failed:
            raise SignInError(WRONG)
        return token, actor

    def actor_for_session(self, token: str | None) -> Actor:
        """The actor behind a live session token; SignInError when it is unknown or expired."""
        if not token:
            raise SignInError("You are not signed in. Sign in with your username and password.")
        with self.db.session() as session:
            row = session.get(AuthSession, _digest(token))
            if row is None or row.expires_at <= utcnow():
                if row is not None:
                    session.delete(row)
                raise SignInError("Your session has expired. Sign in again.")
            person = session.get(Person, row.person_id)
            if person is None or not person.active:
                raise SignInError("This account is no longer active. Ask an admin.")
            return actor_of(session, person)

    def demo_actor(self, person_id: int | None) -> Actor | None:
        """COACH_AUTH=demo only: the person picked in the role picker, with their roles."""
        if person_id is None:
            return None
        with self.db.session() as session:
            person = session.get(Person, person_id)
            return actor_of(session, person) if person is not None and person.active else None

    def sign_out(self, token: str | None) -> None:
        if not token:
            return
        with self.db.session() as session:
            row = session.get(AuthSession, _digest(token))
            if row is not None:
                person = session.get(Person, row.person_id)
                record(session, actor_of(session, person) if person else None, "signed out")
                session.delete(row)

    def actor_for_identity(self, *, email: str | None, subject: str = "") -> Actor:
        """For OIDC: the person whose e-mail the provider vouched for, or a clear refusal."""
        address = (email or "").strip().lower()
        with self.db.session() as session:
            person = session.scalar(select(Person).where(func.lower(Person.email) == address,
                                                         Person.active.is_(True))) if address else None
            if person is None:
                record(session, None, "sign-in refused (not in people table)", target=address or subject)
                raise SignInError(f"{address or 'This identity'} is not a member of this program. Ask a "
                                  "facilitator or admin to add you (coach users add).")
            actor = actor_of(session, person)
            record(session, actor, "signed in (oidc)", target=person.handle)
            return actor

    def purge_expired(self) -> int:
        with self.db.session() as session:
            result = session.execute(delete(AuthSession).where(AuthSession.expires_at <= utcnow()))
            return int(getattr(result, "rowcount", 0) or 0)
