"""User text is rendered as text: Markdown in a goal title makes no image (a remote fetch, e.g. a
tracking pixel seen when the mentor opens the page) and no link, on the mentee's and the mentor's pages."""

from __future__ import annotations

import re

from coach.context import Context
from coach.reflection.checkins import pairs_for
from coach.store.people import get_actor

TITLE = "![pixel](http://198.51.100.7/p.png) [click](http://198.51.100.7/x) <img src=x> **grow**"


def _rendered(at) -> list[str]:  # type: ignore[no-untyped-def]
    return [str(m.value) for m in [*at.markdown, *at.caption, *at.warning, *at.info]
            if "198.51.100.7" in str(m.value)]


def _check(shown: list[str]) -> None:
    assert shown  # the title is shown...
    for text in shown:  # ...as text
        assert not re.search(r"(?<!\\)\[(pixel|click)(?<!\\)\]\(|(?<!\\)<img", text), text
    assert any("!\\[pixel\\](http://198.51.100.7/p.png)" in text for text in shown)


def test_goal_titles_are_text_for_the_mentee_and_the_mentor(app, demo_db, fake_embedder) -> None:  # type: ignore[no-untyped-def]
    ctx = Context(demo_db.settings, embedder_factory=lambda: fake_embedder)
    mentee = get_actor(demo_db, "mateo")
    ctx.reflections.goals.create(mentee, title=TITLE)
    at = app(as_handle="mateo", db=demo_db)
    at.switch_page("app_pages/my_goals.py").run()
    assert not at.exception
    _check(_rendered(at))
    [pair] = pairs_for(demo_db, mentee)
    mentor = get_actor(demo_db, pair.mentor_id)
    at = app(as_handle=mentor.handle, db=demo_db)
    at.switch_page("app_pages/my_mentees.py").run()
    assert not at.exception
    if at.selectbox(key="mentee_choice").value.mentee_id != mentee.id:
        option = next(o for o in at.selectbox(key="mentee_choice").options if "Mateo" in o)
        at.selectbox(key="mentee_choice").select(option).run()
    _check(_rendered(at))
