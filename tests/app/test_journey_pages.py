"""Mentee pages (My goals, Reflect, Check-ins & progress) and the mentor's My mentees page."""

from __future__ import annotations

import pytest

pytestmark = pytest.mark.slow


def as_(app, demo_db, handle, page):  # type: ignore[no-untyped-def]
    at = app(as_handle=handle, db=demo_db)
    at.switch_page(page).run()
    assert not at.exception, at.exception
    return at


@pytest.mark.parametrize(("handle", "titles"), [
    ("mateo", {"My goals", "Reflect", "Check-ins & progress"}),
    ("chidi", {"My mentees", "Check feedback"}),
])
def test_role_pages(app, demo_db, handle, titles):
    at = app(as_handle=handle, db=demo_db)
    assert titles <= set(at.session_state["_coach_pages"])


def test_goal_quality_updates_as_you_type_and_saves(app, demo_db):
    at = as_(app, demo_db, "mateo", "app_pages/my_goals.py")
    assert any("Target:" in m.value for m in at.markdown)
    at.text_input(key="goal_title").input("Get better at communication").run()
    assert any("[By when?" in c.value for c in at.code)
    at.text_input(key="goal_title").input("Give two talks at the Lisbon meetup by June 2027").run()
    [save] = [b for b in at.button if b.label == "Save goal"]
    save.click().run()
    assert any("Saved" in s.value for s in at.success), [e.value for e in at.error]


def test_goal_in_the_past_is_refused(app, demo_db):
    at = as_(app, demo_db, "mateo", "app_pages/my_goals.py")
    import datetime

    at.text_input(key="goal_title").input("Old goal").run()
    at.date_input(key="goal_target").set_value(datetime.date(2020, 1, 1))
    next(b for b in at.button if b.label == "Save goal").click().run()
    assert any("in the past" in e.value for e in at.error)


def test_reflect_cues_save_links_and_guidance(app, demo_db):
    at = as_(app, demo_db, "mateo", "app_pages/reflect.py")
    at.text_area(key="r_what").input("It was fine.").run()
    assert any("Which moment" in m.value for m in at.markdown)
    at.text_area(key="r_what").input("Yesterday in the client call I presented the roadmap and Ana "
                                     "asked about costs. I realised I need numbers.").run()
    at.text_area(key="r_now_what").input("Next time I will bring a one-page budget.").run()
    next(b for b in at.button if b.label == "Save reflection").click().run()
    assert any("Only you can see it" in s.value for s in at.success)
    assert any(s.value == "Linked goals" for s in at.subheader)
    assert any("linked automatically" in m.value or "Is this reflection about" in m.value
               for m in at.markdown)
    assert not any("confidence" in m.value for m in at.markdown)  # no raw scores
    assert len([c for c in at.caption if c.value.startswith("For: ")]) == 3
    assert len([e for e in at.expander if e.label == "Read it"]) == 3


def test_empty_reflection_is_explained(app, demo_db):
    at = as_(app, demo_db, "mateo", "app_pages/reflect.py")
    next(b for b in at.button if b.label == "Save reflection").click().run()
    assert any("empty" in e.value for e in at.error)


def test_checkins_progress_page_shows_overdue_and_downloads(app, demo_db):
    at = as_(app, demo_db, "mateo", "app_pages/checkins_progress.py")
    assert any("overdue" in w.value.lower() for w in at.warning)
    labels = [b.proto.label for b in at.get("download_button")]
    assert {"Download agenda (Markdown)", "Markdown", "Printable (HTML)"} <= set(labels)


def test_mentor_sees_only_shared_reflections(app, demo_db):
    at = as_(app, demo_db, "chidi", "app_pages/my_mentees.py")
    from coach.store.people import get_actor

    mentor = get_actor(demo_db, "chidi")
    from coach.config import Settings
    from coach.context import Context

    ctx = Context(Settings(home=demo_db.settings.home))
    from coach.reflection.checkins import pairs_for

    mentee_id = pairs_for(ctx.db, mentor)[0].mentee_id
    shared = ctx.reflections.notes(mentor, author_id=mentee_id)
    texts = [t.value for t in at.text]
    assert len(texts) == len(shared)
    assert all(n.shared for n in shared)
