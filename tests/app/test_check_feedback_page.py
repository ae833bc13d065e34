"""Check feedback page (mentors) and checker settings page (facilitators)."""

from __future__ import annotations

import pytest

from tests.app.conftest import person_handle

pytestmark = pytest.mark.slow


def open_check(app, demo_db, role="mentor"):  # type: ignore[no-untyped-def]
    at = app(as_handle=person_handle(demo_db, role), db=demo_db)
    at.switch_page("app_pages/check_feedback.py").run()
    assert not at.exception
    return at


def html_of(at) -> str:  # type: ignore[no-untyped-def]
    return " ".join(str(e.proto.body) for e in at.get("html"))


def test_checks_as_text_changes_and_highlights(app, demo_db):
    at = open_check(app, demo_db)
    assert any("Type or paste feedback" in i.value for i in at.info)
    at.text_area(key="feedback_text").input("You're lazy and you always miss deadlines.").run()
    assert not at.exception
    body = html_of(at)
    assert "<mark" in body and ("Label of the person" in body or "Guess at motives" in body)
    assert any("Label of the person" in e.label for e in at.expander)
    assert any("[When and where" in c.value for c in at.code)
    assert any("Situation" in m.value for m in at.markdown)


def test_markup_is_shown_as_text(app, demo_db):
    at = open_check(app, demo_db)
    at.text_area(key="feedback_text").input("<b>Great</b> job on the <script>x</script> demo").run()
    body = html_of(at)
    assert "<script>" not in body and "&lt;script&gt;" in body


def test_save_draft_then_it_is_listed_only_for_me(app, demo_db):
    at = open_check(app, demo_db)
    at.text_area(key="feedback_text").input("Great job on the launch!").run()
    [save] = [b for b in at.button if b.label == "Save draft"]
    save.click().run()
    assert any("Only you can see it" in s.value for s in at.success)
    assert any("Great job on the launch!" in t.value for t in at.text)
    from coach.store.people import list_people

    other_mentor = list_people(demo_db, role="mentor")[1]
    at2 = app(as_handle=other_mentor.handle, db=demo_db)
    at2.switch_page("app_pages/check_feedback.py").run()
    assert not any("Great job on the launch!" in t.value for t in at2.text)


def test_non_english_gets_a_clear_message(app, demo_db):
    at = open_check(app, demo_db)
    at.text_area(key="feedback_text").input("Buen trabajo en la reunión de ayer, muy bien hecho.").run()
    assert any("only supports English" in e.value for e in at.error)


def test_dismiss_needs_a_reason_then_hides_the_flag(app, demo_db):
    at = open_check(app, demo_db)
    at.text_area(key="feedback_text").input("You're lazy.").run()
    [dismiss] = [b for b in at.button if b.label == "Dismiss this flag"][:1]
    dismiss.click().run()
    assert any("why the flag is wrong" in e.value for e in at.error)
    at.text_input(key="why-0").input("testing").run()
    next(b for b in at.button if b.label == "Dismiss this flag").click().run()
    assert not at.exception


@pytest.mark.parametrize(("role", "visible"), [("mentee", False), ("mentor", True),
                                               ("facilitator", True)])
def test_check_page_only_for_roles_that_give_feedback(app, demo_db, role, visible):
    at = app(as_handle=person_handle(demo_db, role), db=demo_db)
    assert not at.exception
    assert ("Check feedback" in at.session_state["_coach_pages"]) is visible


def test_facilitator_settings_page(app, demo_db):
    at = app(as_handle=person_handle(demo_db, "facilitator"), db=demo_db)
    at.switch_page("app_pages/program_settings.py").run()
    assert not at.exception
    at.slider[0].set_value(0.8)
    at.button[0].click().run()
    assert any("Saved" in s.value for s in at.success)
    assert any("No dismissed flags yet" in i.value for i in at.info)
