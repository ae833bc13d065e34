"""Matching page (facilitators): run on program data, review, pin/forbid, publish with confirmation."""

from __future__ import annotations

import pytest
from sqlalchemy import func, select

from coach.store.models import Pair

pytestmark = pytest.mark.slow
PAGE = "app_pages/matching.py"


def open_as(app, demo_db, handle):  # type: ignore[no-untyped-def]
    at = app(as_handle=handle, db=demo_db)
    at.switch_page(PAGE).run()
    assert not at.exception, at.exception
    return at


def test_only_facilitators_and_admins_get_the_page(app, demo_db):
    assert "Matching" in app(as_handle="noor", db=demo_db).session_state["_coach_pages"]
    assert "Matching" in app(as_handle="tomasz", db=demo_db).session_state["_coach_pages"]
    assert "Matching" not in app(as_handle="chidi", db=demo_db).session_state["_coach_pages"]
    assert "Matching" not in app(as_handle="mateo", db=demo_db).session_state["_coach_pages"]


def test_run_review_pin_and_publish(app, demo_db):
    at = open_as(app, demo_db, "noor")
    assert any("No draft yet" in i.value for i in at.info)
    next(b for b in at.button if b.label == "Run matching").click().run()
    assert not at.exception, at.exception
    metrics = {m.label: m.value for m in at.metric}
    assert metrics["Rule violations"] == "0"
    assert metrics["Mentees matched"].endswith("%")
    assert len(at.dataframe) >= 1
    labels = {b.proto.label for b in at.get("download_button")}
    assert {"Download CSV", "Download JSON"} <= labels
    # pin the first mentee to a mentor and re-run: the pin is honored
    mentee = at.selectbox(key="match_pick_mentee").options[0]
    at.selectbox(key="match_pick_mentee").set_value(at.selectbox(key="match_pick_mentee").value)
    next(b for b in at.button if b.label == "Pin pair").click().run()
    assert any("Your pins" in m.value and "pinned: " in m.value for m in at.markdown), mentee
    next(b for b in at.button if b.label == "Run matching").click().run()
    assert not at.exception, at.exception
    assert {m.label: m.value for m in at.metric}["Rule violations"] == "0"
    with demo_db.session() as session:
        before = session.scalar(select(func.count()).select_from(Pair))
    next(b for b in at.button if b.label == "Publish these pairs…").click().run()
    assert any("Other current pairs of the matched mentees end today" in w.value for w in at.warning)
    next(b for b in at.button if b.label == "Confirm publish").click().run()
    assert any("Published run" in s.value for s in at.success), [e.value for e in at.error]
    with demo_db.session() as session:
        assert session.scalar(select(func.count()).select_from(Pair)) >= before  # nothing deleted


def test_rematch_everyone_and_publish(app, demo_db):
    """Re-match everyone (more mentees than places) and publish: the confirmation names the mentees who
    lose their current mentor, and publishing is not refused by the capacity check."""
    from coach.store.models import Person

    at = open_as(app, demo_db, "noor")
    at.checkbox(key="match_rematch").check().run()
    assert any("mentees to re-match" in m.value for m in at.markdown)
    next(b for b in at.button if b.label == "Run matching").click().run()
    assert not at.exception, at.exception
    assert {m.label: m.value for m in at.metric}["Rule violations"] == "0"
    unmatched = at.dataframe[-1].value
    assert "current mentor on publishing" in unmatched.columns
    next(b for b in at.button if b.label == "Publish these pairs…").click().run()
    assert any("lose their current mentor" in w.value for w in at.warning)
    next(b for b in at.button if b.label == "Confirm publish").click().run()
    assert not at.error, [e.value for e in at.error]
    assert any("Published run" in s.value for s in at.success)
    # the page now shows the published run: no confirmation left to click
    assert not [b for b in at.button if b.label in ("Confirm publish", "Publish these pairs…")]
    assert not any("lose their current mentor" in w.value for w in at.warning)
    with demo_db.session() as session:
        for mentor in session.scalars(select(Person).where(Person.role == "mentor")):
            active = session.scalar(select(func.count()).select_from(Pair).where(
                Pair.mentor_id == mentor.id, Pair.ended.is_(None)))
            assert active <= mentor.capacity, mentor.handle
