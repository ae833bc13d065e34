"""Theme views are audited (the issue's list: sign-ins, exports, theme views, role changes, deletions):
once per person in a 30-minute window, not once per page re-run; a refused viewer leaves no entry."""

from __future__ import annotations

from datetime import timedelta

import pytest
from sqlalchemy import select

from coach.access import OPERATOR, Actor
from coach.context import Context
from coach.errors import AccessDeniedError
from coach.people import read_log
from coach.store.models import AuditEntry
from tests.fakes import FakeEmbedder
from tests.unit.test_themes_service import seed_program, service


def _views(ctx: Context) -> list[tuple[str, str]]:
    return [(e.actor, e.detail) for e in read_log(ctx.db, OPERATOR, action="themes viewed")]


def test_theme_views_are_audited_once_per_window(ctx: Context, fake_embedder: FakeEmbedder) -> None:
    seed_program(ctx)
    themes = service(ctx, fake_embedder)
    fay = Actor(id=999, role="facilitator", name="Fay Facilitator", handle="fac")
    themes.program_themes(fay)
    themes.program_themes(fay)  # a re-run of the page: no second entry
    assert _views(ctx) == [("fac", "48 notes, as facilitator")]
    with ctx.db.session() as session:  # 31 minutes later it counts as a new view
        for entry in session.scalars(select(AuditEntry)):
            entry.at -= timedelta(minutes=31)
    themes.program_themes(fay)
    themes.program_themes(OPERATOR)
    assert [who for who, _ in _views(ctx)] == ["operator", "fac", "fac"]


@pytest.mark.parametrize("role", ["mentee", "mentor"])
def test_a_refused_viewer_leaves_no_view_entry(ctx: Context, fake_embedder: FakeEmbedder, role: str) -> None:
    seed_program(ctx)
    with pytest.raises(AccessDeniedError):
        service(ctx, fake_embedder).program_themes(Actor(id=1, role=role))
    assert _views(ctx) == []
