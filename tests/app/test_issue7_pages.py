"""Issue 7: the mentee and mentor pages as a new user meets them (privacy, lost work, dead ends)."""

from __future__ import annotations

import pytest

from coach.config import Settings
from coach.context import Context
from coach.reflection.checkins import pairs_for
from coach.store.people import get_actor, list_people

pytestmark = pytest.mark.slow

PRIVATE = ("Yesterday in the client call I froze when Ana asked about costs; SECRETWORD my manager "
           "saw it and I felt ashamed.")


def page(app, demo_db, handle, path):  # type: ignore[no-untyped-def]
    at = app(as_handle=handle, db=demo_db)
    at.switch_page(path).run()
    assert not at.exception, at.exception
    return at


def everything(at) -> str:  # type: ignore[no-untyped-def]
    """All text the page shows, widget values included."""
    parts = [str(e.value) for kind in ("markdown", "caption", "text", "code", "success", "info",
                                       "warning", "error") for e in getattr(at, kind)]
    parts += [str(w.value) for w in [*at.text_area, *at.text_input]]
    parts += [e.label for e in at.expander]
    return "\n".join(parts)


def other(demo_db, role, handle):  # type: ignore[no-untyped-def]
    return next(p.handle for p in list_people(demo_db, role=role) if p.handle != handle)


def button(at, label):  # type: ignore[no-untyped-def]
    return next(b for b in at.button if b.label == label)


def switch_person(at, demo_db, handle):  # type: ignore[no-untyped-def]
    at.session_state["person_id"] = get_actor(demo_db, handle).id
    at.run()  # the switch run: no page widgets, so the browser forgets the previous person's values
    assert any("Switching" in c.value for c in at.caption) and not at.text_area
    return at.run()  # in the browser a one-off timer reruns; AppTest runs by hand


def test_switching_person_forgets_the_previous_persons_reflection(app, demo_db):
    at = page(app, demo_db, "mateo", "app_pages/reflect.py")
    at.text_area(key="r_what").input(PRIVATE).run()
    button(at, "Save reflection").click().run()
    assert any("Guidance that fits" in s.value for s in at.subheader)
    at.text_area(key="r_so_what").input("SECONDWORD unsaved thought").run()
    switch_person(at, demo_db, other(demo_db, "mentee", "mateo"))
    assert not at.exception
    shown = everything(at)
    assert "SECRETWORD" not in shown and "SECONDWORD" not in shown
    assert not any("Guidance that fits" in s.value for s in at.subheader)
    assert all(not w.value for w in at.text_area)


def test_switching_mentor_forgets_unsaved_feedback(app, demo_db):
    mentor = list_people(demo_db, role="mentor")[0].handle
    at = page(app, demo_db, mentor, "app_pages/check_feedback.py")
    at.text_area(key="feedback_text").input("UNSENTWORD you were late to the demo again.").run()
    switch_person(at, demo_db, other(demo_db, "mentor", mentor))
    assert not at.exception
    assert "UNSENTWORD" not in everything(at)
    assert at.text_area(key="feedback_text").value == ""


def test_about_lists_only_my_mentees(app, demo_db):
    mentor = get_actor(demo_db, "chidi")
    at = page(app, demo_db, "chidi", "app_pages/check_feedback.py")
    at.text_area(key="feedback_text").input("In Monday's demo you skipped the intro.").run()
    about = at.selectbox(key="fb_about")
    own = {p.mentee_id for p in pairs_for(demo_db, mentor) if p.my_role == "mentor"}
    assert {o for o in about.options if o != "—"} == {
        p.name for p in list_people(demo_db, role="mentee") if p.id in own}


def test_reflection_edit_opens_its_text_and_saves_a_new_version(app, demo_db):
    at = page(app, demo_db, "mateo", "app_pages/reflect.py")
    at.text_area(key="r_what").input("In Tuesday's sync I presented the plan.").run()
    button(at, "Save reflection").click().run()
    ctx = Context(Settings(home=demo_db.settings.home))
    mateo = get_actor(demo_db, "mateo")
    note = ctx.reflections.notes(mateo)[0]
    at.button(key=f"edit-{note.id}").click().run()
    assert not at.exception, at.exception
    assert at.text_area(key=f"e_what-{note.id}").value == "In Tuesday's sync I presented the plan."
    at.text_area(key=f"e_what-{note.id}").input("In Tuesday's sync I presented the plan twice.").run()
    button(at, "Save new version").click().run()
    assert not at.exception and any("new version" in s.value for s in at.success)
    saved = ctx.reflections.get(mateo, note.id)
    assert saved.what.endswith("twice.") and saved.version == note.version + 1
    at.button(key=f"restore-{note.id}-{note.version}").click().run()
    assert ctx.reflections.get(mateo, note.id).what == "In Tuesday's sync I presented the plan."
    at.button(key=f"share-{note.id}").click().run()
    assert ctx.reflections.get(mateo, note.id).shared


def test_too_long_reflection_shows_the_message_and_keeps_the_text(app, demo_db):
    at = page(app, demo_db, "mateo", "app_pages/reflect.py")
    long = "I practised the talk. " * 700
    at.text_area(key="r_what").input(long).run()
    assert not at.exception
    button(at, "Save reflection").click().run()
    assert not at.exception
    assert any("the limit is 10,000" in e.value for e in at.error)
    assert at.text_area(key="r_what").value == long
    assert any(b.label == "Save reflection" for b in at.button)


def test_goal_form_clears_after_saving_and_asks_before_saving_a_vague_goal(app, demo_db):
    at = page(app, demo_db, "mateo", "app_pages/my_goals.py")
    before = len([m for m in at.markdown if "Target:" in m.value])
    at.text_input(key="goal_title").input("Give two talks at the Lisbon meetup by June 2027").run()
    at.button(key="goal_save").click().run()
    assert any("Saved" in s.value and "0 milestones" in s.value for s in at.success)
    assert at.text_input(key="goal_title").value == ""
    assert len([m for m in at.markdown if "Target:" in m.value]) == before + 1
    at.button(key="goal_save").click().run()  # a second click with an empty form saves nothing
    assert any("no title" in e.value for e in at.error)
    at.text_input(key="goal_title").input("Get better at communication").run()
    at.button(key="goal_save").click().run()
    assert any("Save it anyway" in w.value for w in at.warning)
    assert len([m for m in at.markdown if "Target:" in m.value]) == before + 1
    at.button(key="goal_save_anyway").click().run()
    assert len([m for m in at.markdown if "Target:" in m.value]) == before + 2


def test_logging_a_checkin_clears_overdue(app, demo_db):
    at = page(app, demo_db, "mateo", "app_pages/checkins_progress.py")
    assert any("overdue" in w.value.lower() for w in at.warning)
    pid = pairs_for(demo_db, get_actor(demo_db, "mateo"))[0].pair_id
    at.text_area(key=f"held-note-{pid}").input("Agreed on a budget template.")
    at.button[[b.label for b in at.button].index("Log check-in")].click().run()
    assert not at.exception
    assert not any("overdue" in w.value.lower() for w in at.warning)
    assert any("Agreed on a budget template" in m.value for m in at.markdown)


def test_mentor_comments_on_a_shared_reflection(app, demo_db):
    ctx = Context(Settings(home=demo_db.settings.home))
    mentor = get_actor(demo_db, "chidi")
    mentee_id = pairs_for(demo_db, mentor)[0].mentee_id
    note = ctx.reflections.notes(mentor, author_id=mentee_id)[0]
    at = page(app, demo_db, "chidi", "app_pages/my_mentees.py")
    at.text_area(key=f"c_text-{note.id}").input("What would help you next time?")
    at.button(key=f"c_post-{note.id}").click().run()
    assert not at.exception
    assert any("What would help you next time?" in t.value for t in at.text)


def test_drafts_can_be_edited_marked_sent_and_deleted(app, demo_db):
    at = page(app, demo_db, "chidi", "app_pages/check_feedback.py")
    ctx = Context(Settings(home=demo_db.settings.home))
    mentor = get_actor(demo_db, "chidi")
    draft = ctx.feedback.drafts(mentor)[0]
    at.button(key=f"d_edit-{draft.id}").click().run()
    at.text_area(key=f"d_text-{draft.id}").input("In Monday's demo you showed the numbers first.")
    at.button(key=f"d_save-{draft.id}").click().run()
    assert not at.exception, at.exception
    assert ctx.feedback.drafts(mentor)[0].text == "In Monday's demo you showed the numbers first."
    at.button(key=f"d_sent-{draft.id}").click().run()
    assert ctx.feedback.drafts(mentor)[0].status == "sent"
    at.button(key=f"d_del-{draft.id}").click().run()
    assert any("cannot be undone" in w.value for w in at.warning)
    at.button(key=f"d_del_yes-{draft.id}").click().run()
    assert draft.id not in [d.id for d in ctx.feedback.drafts(mentor)]


def test_only_uploader_sees_remove_and_confirms(app, demo_db, tmp_path):
    ctx = Context(Settings(home=demo_db.settings.home))
    uploader = get_actor(demo_db, "chidi")
    ctx.guidance.add_documents(uploader, [("upload:team.md", "team.md",
                                           b"# Team notes\n\n## Rota\n\nWho runs the stand-up.\n")])
    doc = next(d for d in ctx.guidance.list_documents() if d.title == "Team notes")
    at = page(app, demo_db, other(demo_db, "mentor", "chidi"), "app_pages/guidance.py")
    assert not any(b.key == f"remove-{doc.id}" for b in at.button)
    at = page(app, demo_db, "chidi", "app_pages/guidance.py")
    at.button(key=f"remove-{doc.id}").click().run()
    assert any("Remove “Team notes”" in w.value for w in at.warning)
    assert any(d.id == doc.id for d in ctx.guidance.list_documents())
    at.button(key=f"remove-yes-{doc.id}").click().run()
    assert any("Removed “Team notes” and its 1 passage." in s.value for s in at.success)

