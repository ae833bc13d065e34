"""A short comment thread on a shared reflection, visible to the mentoring pair only.

The reflection's author (the mentee) and their current mentor may read and write comments, the
mentor only while the reflection is shared. Nobody else reads them: not another mentor, not a
facilitator or admin (they see anonymized aggregates elsewhere).
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from sqlalchemy import select
from sqlalchemy.orm import Session

from coach.access import Actor, require_note_reader
from coach.errors import InputError, NotFoundError
from coach.store.db import Database
from coach.store.models import Note, Person, ReflectionComment
from coach.store.people import mentor_ids_of

MAX_COMMENT_CHARS = 2000


@dataclass(frozen=True)
class CommentView:
    id: int
    note_id: int
    author_id: int
    author_name: str
    text: str
    created_at: datetime


def _readable_note(session: Session, actor: Actor, note_id: int) -> Note:
    note = session.get(Note, note_id)
    if note is None:
        raise NotFoundError(f"No reflection {note_id}; it may have been removed. Reload the page.")
    require_note_reader(actor, author_id=note.author_id, shared=note.shared_with_mentor,
                        mentor_ids=mentor_ids_of(session, note.author_id))
    return note


def comments(db: Database, actor: Actor, note_id: int) -> list[CommentView]:
    """The thread of one reflection, oldest first (only for its author and their mentor)."""
    with db.session() as session:
        _readable_note(session, actor, note_id)
        rows = session.execute(select(ReflectionComment, Person.name).join(
            Person, Person.id == ReflectionComment.author_id).where(
            ReflectionComment.note_id == note_id).order_by(ReflectionComment.created_at,
                                                           ReflectionComment.id)).all()
        return [CommentView(c.id, c.note_id, c.author_id, name, c.text, c.created_at)
                for c, name in rows]


def add_comment(db: Database, actor: Actor, note_id: int, text: str) -> CommentView:
    body = (text or "").strip()
    if not body:
        raise InputError("The comment is empty. Write a sentence or two, e.g. a question about "
                         "what you read.")
    if len(body) > MAX_COMMENT_CHARS:
        raise InputError(f"The comment is {len(body):,} characters; keep it under "
                         f"{MAX_COMMENT_CHARS:,} (a longer talk fits the next check-in).")
    with db.session() as session:
        _readable_note(session, actor, note_id)
        assert actor.id is not None  # a reader is always a person
        comment = ReflectionComment(note_id=note_id, author_id=actor.id, text=body)
        session.add(comment)
        session.flush()
        person = session.get(Person, actor.id)
        return CommentView(comment.id, note_id, actor.id, person.name if person else actor.name,
                           body, comment.created_at)
