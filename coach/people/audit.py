"""The audit log of sensitive actions: sign-ins (and failures), exports, theme views, role changes,
deletions. Written by the services; read by admins only."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime, time, timedelta

from sqlalchemy import func, or_, select
from sqlalchemy.orm import Session

from coach.access import Actor, require_role
from coach.store.db import Database
from coach.store.models import AuditEntry, utcnow


@dataclass(frozen=True)
class AuditRecord:
    at: datetime
    actor: str
    action: str
    target: str
    detail: str


def record(session: Session, actor: Actor | None, action: str, *, target: str = "",
           detail: str = "") -> None:
    """Add one entry in the caller's transaction (so the entry and the action commit together)."""
    who = (actor.handle or actor.name or actor.role) if actor else "anonymous"
    session.add(AuditEntry(actor_id=actor.id if actor else None, actor=who[:120], action=action[:60],
                           target=target[:200], detail=detail))


def log_event(db: Database, actor: Actor | None, action: str, *, target: str = "",
              detail: str = "") -> None:
    with db.session() as session:
        record(session, actor, action, target=target, detail=detail)


def log_view(db: Database, actor: Actor, action: str, *, target: str = "", detail: str = "",
             within: timedelta = timedelta(minutes=30)) -> bool:
    """Audit a view once per ``within`` for the same person, action and target (a page that re-runs on
    every click would otherwise write one entry per click). True when an entry was written."""
    since = utcnow() - within
    with db.session() as session:
        seen = session.scalar(select(AuditEntry.id).where(
            AuditEntry.action == action[:60], AuditEntry.target == target[:200], AuditEntry.at >= since,
            AuditEntry.actor_id.is_(None) if actor.id is None else AuditEntry.actor_id == actor.id).limit(1))
        if seen is None:
            record(session, actor, action, target=target, detail=detail)
        return seen is None


def read_log(db: Database, actor: Actor, *, limit: int = 200, action: str | None = None,
             who: str | None = None, since: date | None = None,
             until: date | None = None) -> list[AuditRecord]:
    """Newest first. ``who`` matches the acting person or the target (part of a handle);
    ``since``/``until`` are whole days (UTC), both included."""
    require_role(actor, "admin", action="read the audit log")
    with db.session() as session:
        query = select(AuditEntry).order_by(AuditEntry.id.desc()).limit(limit)
        if action:
            query = query.where(AuditEntry.action == action)
        if who and who.strip():
            pattern = f"%{who.strip().lower()}%"
            query = query.where(or_(func.lower(AuditEntry.actor).like(pattern),
                                    func.lower(AuditEntry.target).like(pattern)))
        if since:
            query = query.where(AuditEntry.at >= datetime.combine(since, time.min))
        if until:
            query = query.where(AuditEntry.at < datetime.combine(until + timedelta(days=1), time.min))
        return [AuditRecord(e.at, e.actor, e.action, e.target, e.detail) for e in session.scalars(query)]


def audit_actions(db: Database, actor: Actor) -> list[str]:
    """The kinds of action the log holds, for a filter."""
    require_role(actor, "admin", action="read the audit log")
    with db.session() as session:
        return sorted(set(session.scalars(select(AuditEntry.action).distinct()).all()))
