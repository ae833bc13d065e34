"""Autosave on the Reflect and Check feedback pages: typed text is kept, comes back in a new session
of the same person (not of anyone else), Discard forgets it, saving the form clears it."""

from __future__ import annotations

import pytest

from coach.autosave import AutosaveService
from coach.people import Directory

pytestmark = pytest.mark.slow


def _open(app, demo_db, handle, page):  # type: ignore[no-untyped-def]
    at = app(as_handle=handle, db=demo_db)
    at.switch_page(page).run()
    assert not at.exception, at.exception
    return at


def _saved(db, handle, kind):  # type: ignore[no-untyped-def]
    return {k: v.text for k, v in AutosaveService(db).load(Directory(db).actor(handle), kind).items()}


def test_reflection_autosaves_restores_and_discards(app, demo_db):
    at = _open(app, demo_db, "mateo", "app_pages/reflect.py")
    assert not [i for i in at.info if "Restored" in i.value]  # nothing to restore yet
    at.text_area(key="r_what").input("The client demo froze and I kept talking.").run()
    at.text_area(key="r_now_what").input("Rehearse the fallback slide.").run()
    assert _saved(demo_db, "mateo", "reflection") == {"what": "The client demo froze and I kept talking.",
                                                       "now_what": "Rehearse the fallback slide."}
    # another browser session of the same person (closed tab, server restart): the text is back
    again = _open(app, demo_db, "mateo", "app_pages/reflect.py")
    assert again.text_area(key="r_what").value == "The client demo froze and I kept talking."
    assert again.text_area(key="r_so_what").value == ""
    assert [i for i in again.info if i.value.startswith("Restored your unsaved text from ")]
    # nobody else gets it
    other = _open(app, demo_db, "ana", "app_pages/reflect.py")
    assert other.text_area(key="r_what").value == "" and not [i for i in other.info if "Restored" in i.value]
    [discard] = [b for b in again.button if b.label == "Discard"]
    discard.click().run()
    assert again.text_area(key="r_what").value == "" and again.text_area(key="r_now_what").value == ""
    assert not [i for i in again.info if "Restored" in i.value]
    assert _saved(demo_db, "mateo", "reflection") == {}


def test_saving_the_reflection_clears_its_autosave(app, demo_db):
    at = _open(app, demo_db, "mateo", "app_pages/reflect.py")
    at.text_area(key="r_what").input("In Tuesday's retro I asked the team for one concrete example.").run()
    assert _saved(demo_db, "mateo", "reflection")
    [save] = [b for b in at.button if b.label == "Save reflection"]
    save.click().run()
    assert any("Saved" in s.value for s in at.success), [e.value for e in at.error]
    assert _saved(demo_db, "mateo", "reflection") == {}
    assert _open(app, demo_db, "mateo", "app_pages/reflect.py").text_area(key="r_what").value == ""


def test_feedback_box_autosaves_and_saving_the_draft_clears_it(app, demo_db):
    mentor = Directory(demo_db).listing(Directory(demo_db).actor("tomasz"), role="mentor")[0].handle
    at = _open(app, demo_db, mentor, "app_pages/check_feedback.py")
    text = "In the Monday stand-up you interrupted Ana twice."
    at.text_area(key="feedback_text").input(text).run()
    assert _saved(demo_db, mentor, "feedback") == {"text": text}
    again = _open(app, demo_db, mentor, "app_pages/check_feedback.py")
    assert again.text_area(key="feedback_text").value == text
    [save] = [b for b in again.button if b.label == "Save draft"]
    save.click().run()
    assert any("Saved draft" in s.value for s in again.success), [e.value for e in again.error]
    assert _saved(demo_db, mentor, "feedback") == {}
