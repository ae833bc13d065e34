"""Journal export: only the actor's own data, Markdown and escaped, printable HTML."""

from __future__ import annotations

from datetime import date
from html import escape

import pytest
from sqlalchemy import select

from coach.access import OPERATOR
from coach.demo import load_demo
from coach.errors import AccessDeniedError
from coach.reflection.agenda import md_inline
from coach.reflection.journal import export_html, export_markdown
from coach.store.models import Goal, Note, NoteGoalLink
from coach.store.people import get_actor

TODAY = date(2026, 11, 29)
SCRIPT = "<script>alert('x')</script>"


@pytest.fixture
def db(ctx):
    load_demo(ctx.db)
    ana = get_actor(ctx.db, "ana").id
    with ctx.db.session() as session:
        note = Note(author_id=ana, session_date=date(2026, 11, 27), shared_with_mentor=False,
                    what=f"I typed {SCRIPT} into the chat & it <b>broke</b>.", so_what="- not a list",
                    now_what="")
        session.add(note)
        session.flush()
        goal_id = session.scalar(select(Goal.id).where(Goal.owner_id == ana,
                                                       Goal.title == "Get better at communication"))
        session.add(NoteGoalLink(note_id=note.id, goal_id=goal_id, source="user"))
    return ctx.db


def own_and_foreign(db, handle: str) -> tuple[list[str], list[str]]:
    """Texts of the person's own goals and notes, and of everyone else's."""
    me = get_actor(db, handle).id
    with db.session() as session:
        goals = session.scalars(select(Goal)).all()
        notes = session.scalars(select(Note)).all()
        own = [g.title for g in goals if g.owner_id == me] + [n.now_what for n in notes
                                                              if n.author_id == me and n.now_what]
        foreign = [g.title for g in goals if g.owner_id != me] + [n.now_what for n in notes
                                                                  if n.author_id != me and n.now_what]
    return own, foreign


@pytest.mark.parametrize("handle", ["ana", "kofi", "mateo"])
def test_markdown_has_only_own_data(db, handle):
    text = export_markdown(db, get_actor(db, handle), today=TODAY)
    own, foreign = own_and_foreign(db, handle)
    assert own
    assert all(md_inline(t) in text for t in own)
    assert not any(md_inline(t) in text for t in foreign)


def test_mentor_journal_holds_no_mentee_reflections(db):
    text = export_markdown(db, get_actor(db, "maria"), today=TODAY)
    assert "No goals yet" in text and "No reflections yet" in text
    assert "Rafael" not in text


def test_markdown_structure_markers_and_escaping(db):
    text = export_markdown(db, get_actor(db, "ana"), today=TODAY)
    assert text.startswith("# Reflection journal: Ana Beatriz Souza\n")
    assert text.index("## Goals") < text.index("## Reflections")
    assert "### 10 Jul 2026 · shared with mentor" in text
    assert "### 4 Sep 2026 · private" in text
    assert text.index("10 Jul 2026") < text.index("4 Sep 2026") < text.index("27 Nov 2026")
    assert "- [x] Co-present the July review with my manager" in text
    assert "- [ ] Read a book about communication (due 30 Sep 2026)" in text
    assert "**What?**" in text and "**So what?**" in text and "**Now what?**" in text
    assert "<script>" not in text and "\\<script\\>" in text
    assert "\\- not a list" in text
    assert "_Linked goals: Get better at communication_" in text


def test_html_is_escaped_printable_and_own_only(db):
    page = export_html(db, get_actor(db, "ana"), today=TODAY)
    assert page.startswith("<!DOCTYPE html>")
    assert "@media print" in page and "<style>" in page
    assert "<script" not in page
    assert "&lt;script&gt;alert(&#x27;x&#x27;)&lt;/script&gt;" in page
    assert "chat &amp; it &lt;b&gt;broke&lt;/b&gt;" in page
    assert "http://" not in page and "https://" not in page  # self-contained: nothing fetched
    assert 'class="badge private">private<' in page and 'class="badge shared">shared with mentor<' in page
    assert "Ana Beatriz Souza" in page
    _, foreign = own_and_foreign(db, "ana")
    assert not any(escape(t, quote=True) in page for t in foreign)


@pytest.mark.parametrize("export", [export_markdown, export_html])
def test_operator_has_no_journal(db, export):
    with pytest.raises(AccessDeniedError, match="belongs to a person"):
        export(db, OPERATOR)
