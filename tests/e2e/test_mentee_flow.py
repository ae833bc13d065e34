"""A mentee writes a reflection in the browser, sees cues live, saves it and gets goals and guidance."""

from __future__ import annotations

import pytest

from tests.e2e.conftest import open_page, pick_person, wait_idle

pytestmark = [pytest.mark.e2e, pytest.mark.slow]


def test_mentee_reflects(page, tmp_path):
    open_page(page, "Reflect", as_="(mentee)")
    what = page.get_by_role("textbox", name="What happened?")
    what.fill("Yesterday in the client call I presented the roadmap and Ana asked about costs. "
              "I realised I need numbers. Next time I will bring a one-page budget.")
    what.press("Control+Enter")
    wait_idle(page)
    assert "You describe a concrete moment" in page.content()
    page.get_by_role("button", name="Save reflection").click()
    wait_idle(page)
    page.get_by_text("Only you can see it").wait_for(timeout=60_000)  # after the save rerun
    page.get_by_text("Guidance that fits what you wrote").wait_for(timeout=60_000)
    assert "Linked goals" in page.content()
    body = page.inner_text("body")
    sentences = ("Yesterday in the client call", "I realised I need numbers", "one-page budget")
    # every passage says which sentence of the reflection it answers
    fors = [line for line in body.splitlines() if line.startswith("For: “")]
    assert len(fors) == 3 and all(any(s in f for s in sentences) for f in fors), fors
    # the link (or the question) quotes the sentence that matched as the reason
    assert "you wrote “" in body or "You wrote “" in body, body
    page.screenshot(path=str(tmp_path / "reflect.png"), full_page=True)


def test_empty_and_too_long_reflections_are_refused_and_nothing_is_lost(page):
    open_page(page, "Reflect", as_="(mentee)")
    page.get_by_role("button", name="Save reflection").click()
    wait_idle(page)
    page.get_by_text("The reflection is empty").wait_for(timeout=60_000)
    long_text = "I practised the talk again. " * 400  # about 11,000 characters: over the limit
    what = page.get_by_role("textbox", name="What happened?")
    what.fill(long_text)
    what.press("Control+Enter")
    wait_idle(page)
    page.get_by_role("button", name="Save reflection").click()
    wait_idle(page)
    page.get_by_text("the limit is 10,000 per part").wait_for(timeout=60_000)
    assert page.get_by_role("textbox", name="What happened?").input_value() == long_text


def test_edit_a_reflection_and_switch_person(page, tmp_path):
    open_page(page, "Reflect", as_="(mentee)")
    what = page.get_by_role("textbox", name="What happened?")
    what.fill("In Tuesday's sync SECRETWORD I presented the plan.")
    page.get_by_role("button", name="Save reflection").click()
    wait_idle(page)
    page.get_by_text("Only you can see it").wait_for(timeout=60_000)
    page.get_by_role("tab", name="My reflections").click()
    page.get_by_role("button", name="Edit").first.click()
    wait_idle(page)
    assert "StreamlitAPIException" not in page.content() and "Error" not in page.title()
    box = page.get_by_role("textbox", name="What happened?").last
    assert "SECRETWORD" in box.input_value()
    box.fill("In Tuesday's sync SECRETWORD I presented the plan twice.")
    page.get_by_role("button", name="Save new version").click()
    wait_idle(page)
    page.get_by_text("Saved a new version.").wait_for(timeout=60_000)
    assert "History (1)" in page.content()
    page.screenshot(path=str(tmp_path / "edited.png"), full_page=True)
    pick_person(page, "(mentee)", nth=1)
    page.get_by_role("link", name="Reflect").first.click()
    wait_idle(page)
    assert "SECRETWORD" not in page.content()
