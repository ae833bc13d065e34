"""Autosave in Chromium: a mentee types a reflection without leaving the box, closes the tab, opens the
app in a new browser context as the same person, and finds the text back; Discard forgets it."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

from tests.e2e.conftest import new_context, open_page, wait_idle

pytestmark = [pytest.mark.e2e, pytest.mark.slow]
SHOTS = Path(os.environ.get("COACH_SHOTS", "/tmp/shots/accounts"))
TEXT = "The client demo froze and I kept talking over the silence"


def _reflect_as_mateo(browser, server):  # type: ignore[no-untyped-def]
    context = new_context(browser, viewport={"width": 1400, "height": 1000})
    page = context.new_page()
    page.goto(server)
    wait_idle(page)
    open_page(page, "Reflect", as_="Mateo")
    page.locator(".st-key-r_what textarea").wait_for(timeout=120_000)
    return context, page


def test_typed_reflection_survives_closing_the_tab(browser, server) -> None:  # type: ignore[no-untyped-def]
    SHOTS.mkdir(parents=True, exist_ok=True)
    context, page = _reflect_as_mateo(browser, server)
    page.locator(".st-key-r_what textarea").click()
    page.keyboard.type(TEXT, delay=15)  # still in the box: Streamlit itself has not received it
    page.wait_for_timeout(6_000)  # the watcher hands changed text over every 3 s
    context.close()

    context, page = _reflect_as_mateo(browser, server)
    box = page.locator(".st-key-r_what textarea")
    assert box.input_value() == TEXT
    notice = page.get_by_text("Restored your unsaved text from")
    assert notice.is_visible()
    page.screenshot(path=str(SHOTS / "autosave-restored.png"))
    page.get_by_role("button", name="Discard").click()
    wait_idle(page)
    assert page.locator(".st-key-r_what textarea").input_value() == ""
    assert page.get_by_text("Restored your unsaved text from").count() == 0
    context.close()

    context, page = _reflect_as_mateo(browser, server)  # discarded for good
    assert page.locator(".st-key-r_what textarea").input_value() == ""
    context.close()
