"""Autosave: text a person is typing (a reflection, a feedback draft) kept until they save it.

The app writes the boxes' current text every few seconds and whenever a box changes; when the person
opens the page again (another tab, after a restart) it is put back. Rows belong to the person who
typed them: every call acts on ``actor.id``'s rows only, so nobody else (mentor, facilitator, admin,
the local operator) can read or clear them. Saving, discarding or deleting the account removes them;
the data export includes them.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from sqlalchemy import delete, select

from coach.access import Actor
from coach.errors import AccessDeniedError, InputError
from coach.store.db import Database
from coach.store.models import AutosavedText, utcnow

#: what can be autosaved: kind -> the fields (keys) of that form
KINDS: dict[str, tuple[str, ...]] = {
    "reflection": ("what", "so_what", "now_what"),
    "feedback": ("text",),
}
#: longest text kept per field (longer text is cut here; the forms refuse far shorter texts anyway)
MAX_CHARS = 100_000


@dataclass(frozen=True)
class Autosaved:
    key: str
    text: str
    updated_at: datetime


def _check(actor: Actor, kind: str, key: str | None = None) -> int:
    if actor.id is None:
        raise AccessDeniedError("Autosaved text belongs to a person; the local operator has none.")
    if kind not in KINDS:
        raise InputError(f"Unknown autosave kind {kind!r}: use one of {', '.join(KINDS)}.")
    if key is not None and key not in KINDS[kind]:
        raise InputError(f"Unknown field {key!r} for {kind}: use one of {', '.join(KINDS[kind])}.")
    return actor.id


class AutosaveService:
    def __init__(self, db: Database) -> None:
        self.db = db

    def save(self, actor: Actor, kind: str, values: dict[str, str]) -> None:
        """Keep the current text of each field; an empty field removes its row."""
        person_id = _check(actor, kind)
        for key in values:
            _check(actor, kind, key)
        now = utcnow()
        with self.db.session() as session:
            rows = {r.key: r for r in session.scalars(select(AutosavedText).where(
                AutosavedText.person_id == person_id, AutosavedText.kind == kind,
                AutosavedText.key.in_(list(values)))).all()}
            for key, text in values.items():
                text = (text or "")[:MAX_CHARS]
                row = rows.get(key)
                if not text.strip():
                    if row is not None:
                        session.delete(row)
                elif row is None:
                    session.add(AutosavedText(person_id=person_id, kind=kind, key=key, text=text,
                                              updated_at=now))
                elif row.text != text:
                    row.text, row.updated_at = text, now

    def load(self, actor: Actor, kind: str, *, owner_id: int | None = None) -> dict[str, Autosaved]:
        """The actor's own unsaved text of this kind, by field; asking for anyone else's is refused."""
        person_id = _check(actor, kind)
        if owner_id is not None and owner_id != person_id:
            raise AccessDeniedError("Unsaved text is private to the person typing it; nobody else (mentor, "
                                    "facilitator or admin) can read it.")
        with self.db.session() as session:
            rows = session.scalars(select(AutosavedText).where(
                AutosavedText.person_id == person_id, AutosavedText.kind == kind)).all()
            return {r.key: Autosaved(r.key, r.text, r.updated_at) for r in rows}

    def clear(self, actor: Actor, kind: str) -> int:
        """Forget the actor's unsaved text of this kind (after a save or a discard)."""
        person_id = _check(actor, kind)
        with self.db.session() as session:
            result = session.execute(delete(AutosavedText).where(
                AutosavedText.person_id == person_id, AutosavedText.kind == kind))
            return int(getattr(result, "rowcount", 0) or 0)
