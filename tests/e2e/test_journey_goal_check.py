"""A mentee types a vague goal in the browser: what is missing is quoted, the suggestion keeps their
words and only adds bracketed questions, examples stay outside it; a clear goal passes."""

from __future__ import annotations

import re

import pytest

from tests.e2e.conftest import open_page, wait_idle

pytestmark = [pytest.mark.e2e, pytest.mark.slow]


def test_vague_goal_gets_a_quoting_suggestion(page, tmp_path):
    open_page(page, "My goals", as_="(mentee)")
    page.get_by_role("tab", name="New goal").click()
    wait_idle(page)
    box = page.get_by_role("textbox", name="What do you want to achieve?")
    box.fill("get better at public speaking")
    box.press("Enter")
    wait_idle(page)
    page.get_by_text("has no observable end").wait_for(timeout=60_000)
    body = page.inner_text("body")
    assert "'get better at public speaking' has no observable end" in body
    suggestion = page.locator('[data-testid="stCode"]').first.inner_text()
    assert suggestion.startswith("get better at public speaking [")
    assert not re.search(r"\d|e\.g\.", suggestion), suggestion  # no invented facts inside
    assert "For example:" in body
    page.screenshot(path=str(tmp_path / "vague_goal.png"), full_page=True)
    box.fill("Give two talks at the Lisbon meetup by June 2027")
    box.press("Enter")
    wait_idle(page)
    page.get_by_text("has a deadline or a time frame").wait_for(timeout=60_000)
    assert "Suggestion:" not in page.inner_text("body")
