"""Check the demo's feedback drafts once, as their authors, so the dashboard's feedback-quality
figures have data right after the demo is built (the demo files hold only the draft texts)."""

from __future__ import annotations

from collections.abc import Callable

from sqlalchemy import select

from coach.access import Actor
from coach.feedback.service import FeedbackService
from coach.store.db import Database
from coach.store.models import FeedbackDraft, Person

Progress = Callable[[int, int], None]


def check_unchecked_drafts(db: Database, feedback: FeedbackService, *,
                           progress: Progress | None = None) -> int:
    """Run the checker (through ``feedback.update_draft``, as each draft's author) on every draft
    without a check result; returns how many were checked. Drafts already checked are left alone,
    so running it again does nothing."""
    with db.session() as session:
        rows = session.execute(
            select(FeedbackDraft.id, FeedbackDraft.text, FeedbackDraft.about_id, FeedbackDraft.result,
                   Person.id, Person.role, Person.name, Person.handle)
            .join(Person, Person.id == FeedbackDraft.author_id).order_by(FeedbackDraft.id)).all()
    todo = [r for r in rows if not r.result]
    for done, row in enumerate(todo, start=1):
        author = Actor(id=row[4], role=row.role, name=row.name or "", handle=row.handle or "")
        feedback.update_draft(author, row[0], row.text, about_id=row.about_id)
        if progress:
            progress(done, len(todo))
    return len(todo)
