"""Reflect page: the reason of each goal link, the "which goal?" question, and "For: …" per passage."""

from __future__ import annotations

import datetime
from dataclasses import replace

import pytest

from coach.config import Settings
from coach.context import Context
from coach.store.people import get_actor

pytestmark = pytest.mark.slow

WHAT = ("Yesterday in the client call I presented the roadmap and Ana asked about costs. "
        "I realised I need numbers.")
NOW = "Next time I will bring a one-page budget."


def _write_and_save(app, demo_db):  # type: ignore[no-untyped-def]
    at = app(as_handle="mateo", db=demo_db)
    at.switch_page("app_pages/reflect.py").run()
    assert not at.exception, at.exception
    at.text_area(key="r_what").input(WHAT).run()
    at.text_area(key="r_now_what").input(NOW).run()
    next(b for b in at.button if b.label == "Save reflection").click().run()
    assert not at.exception, at.exception
    return at


def test_links_show_the_sentence_that_matched_and_passages_the_sentence_they_answer(app, demo_db):
    at = _write_and_save(app, demo_db)
    sentences = {WHAT.split(". ")[0] + ".", "I realised I need numbers.", NOW}
    reasons = [m.value for m in at.markdown if "linked automatically" in m.value]
    reasons += [c.value for c in at.caption if c.value.startswith("You wrote")]
    assert reasons, [m.value for m in at.markdown]
    assert all(any(s in r for s in sentences) for r in reasons), reasons
    fits = [c.value for c in at.caption if c.value.startswith("For: ")]
    assert len(fits) == 3
    assert all(any(s in f for s in sentences) for f in fits), fits
    assert not any("confidence" in m.value for m in at.markdown)  # no raw scores


def test_which_goal_question_links_the_chosen_goal(app, demo_db, monkeypatch):
    from coach.reflection import linking
    from coach.reflection.link_ranker import default_ranker

    always_ask = replace(default_ranker(), ask_margin=1.01)  # the top two are always too close
    monkeypatch.setattr(linking, "default_ranker", lambda: always_ask)
    ctx = Context(Settings(home=demo_db.settings.home))
    mateo = get_actor(demo_db, "mateo")
    ctx.reflections.goals.create(mateo, title="Write a one-page budget for the client roadmap",
                                 target_date=(datetime.date.today() + datetime.timedelta(days=90)))
    at = _write_and_save(app, demo_db)
    assert any("Which goal is this reflection about?" in m.value for m in at.markdown)
    neither = next(b for b in at.button if b.label == "Neither")
    [pick] = [b for b in at.button if b.key and b.key.startswith("pick-") and b is not neither
              and "budget" in b.label]
    pick.click().run()
    assert not at.exception, at.exception
    assert any("remember this" in s.value for s in at.success)
    assert any("budget" in m.value and "your choice" in m.value for m in at.markdown)
    assert not any("Which goal" in m.value for m in at.markdown)
    note = ctx.reflections.notes(mateo)[0]
    assert [(link.title, link.source) for link in note.links] == [
        ("Write a one-page budget for the client roadmap", "user")]


def test_live_cues_count_the_so_what_and_now_what_fields(app, demo_db):
    """Filled-in parts in the mentee's own words (no 'I realised', no 'I will') are the insight and
    the next step: the live cues must not ask for them."""
    at = app(as_handle="mateo", db=demo_db)
    at.switch_page("app_pages/reflect.py").run()
    at.text_area(key="r_what").input("Our sprint review ran long and the client left before the demo.").run()
    at.text_area(key="r_so_what").input("The demo is the part the client cares about most.").run()
    at.text_area(key="r_now_what").input("Put the demo first in the next review.").run()
    assert not at.exception, at.exception
    cues = " ".join(m.value for m in at.markdown)
    assert "You name what you noticed or learned." in cues and "You have a next step" in cues, cues
    assert "What did you notice or learn from it?" not in cues


def test_the_app_warms_the_reflection_path_in_the_background_when_asked(app, demo_db, monkeypatch):
    import threading

    from coach.reflection import vector_cache
    from coach.reflection.situations import situations

    monkeypatch.setenv("COACH_WARM_UP", "1")
    vector_cache.clear()
    at = app(as_handle="mateo", db=demo_db)
    assert not at.exception, at.exception
    for thread in [t for t in threading.enumerate() if t.name == "coach-model-loader"]:
        thread.join(timeout=300)
    cached = {key[2] for key in vector_cache._cache}
    assert {s for ss in situations().values() for s in ss} <= cached
