"""The Guidance page: search, filters, browse, and who may add documents."""

from __future__ import annotations

import pytest

from tests.app.conftest import person_handle

pytestmark = pytest.mark.slow  # the page uses the real embedding model


def open_guidance(at):  # type: ignore[no-untyped-def]
    at.switch_page("app_pages/guidance.py").run()
    assert not at.exception
    return at


def test_search_shows_ranked_passages(app):
    at = open_guidance(app())
    at.text_input[0].input("my mentor keeps cancelling our sessions")
    at.button[0].click().run()
    assert not at.exception
    titles = [m.value for m in at.markdown if m.value.startswith("**1. ")]
    assert titles and "cancel" in titles[0].lower()


def test_empty_search_says_what_to_do(app):
    at = open_guidance(app())
    at.button[0].click().run()
    assert "query is empty" in at.error[0].value


def test_tag_filter(app):
    at = open_guidance(app())
    at.text_input[0].input("feedback")
    at.multiselect[0].set_value(["culture"])
    at.button[0].click().run()
    captions = [c.value for c in at.caption if "tags:" in c.value]
    assert captions and all("culture" in c for c in captions)


def test_browse_lists_default_library(app):
    at = open_guidance(app())
    assert any("default library" in e.label for e in at.expander)


def test_mentee_cannot_add_documents_mentor_can(app, demo_db):
    at = open_guidance(app(as_handle=person_handle(demo_db, "mentee"), db=demo_db))
    assert any("Mentors and facilitators can add" in i.value for i in at.info)
    at = open_guidance(app(as_handle=person_handle(demo_db, "mentor"), db=demo_db))
    assert not any("Mentors and facilitators can add" in i.value for i in at.info)
