"""Program dashboard page (AppTest): facilitators only, filters, gated states, charts and downloads."""

from __future__ import annotations

from pathlib import Path

import pytest

from coach.config import Settings
from coach.store.db import Database
from coach.store.models import Person, Program
from tests.app.conftest import APP

PAGE = "app_pages/program_dashboard.py"


def open_as(app, db, handle):  # type: ignore[no-untyped-def]
    at = app(as_handle=handle, db=db)
    at.switch_page(PAGE).run()
    assert not at.exception, at.exception
    return at


@pytest.mark.parametrize(("handle", "sees"), [
    ("noor", True), ("tomasz", True), ("mateo", False), ("chidi", False)])
def test_only_facilitators_and_admins_get_the_page(app, demo_db, handle, sees):
    at = app(as_handle=handle, db=demo_db)
    assert ("Program dashboard" in at.session_state["_coach_pages"]) is sees


def test_mentee_opening_it_directly_is_refused(demo_db):
    from streamlit.testing.v1 import AppTest

    from coach.store.people import get_actor

    at = AppTest.from_file(str(Path(APP).parent / PAGE), default_timeout=120)
    at.session_state["person_id"] = get_actor(demo_db, "mateo").id
    at.run()
    assert not at.exception, at.exception
    assert any("may not see the program dashboard" in e.value for e in at.error)
    assert not at.get("vega_lite_chart")


def test_facilitator_sees_metrics_charts_hidden_notes_and_downloads(app, demo_db):
    at = open_as(app, demo_db, "noor")
    labels = {m.label for m in at.metric}
    assert {"Mentees", "Active pairs", "Reflections", "Check-ins", "Milestones", "Vague drafts"} <= labels
    charts = at.get("vega_lite_chart")
    assert len(charts) >= 4
    import json

    specs = [json.loads(c.proto.spec) for c in charts]
    count_axes = [layer["encoding"]["y"]["axis"] for spec in specs for layer in spec["layer"]
                  if "y" in layer.get("encoding", {}) and "axis" in layer["encoding"]["y"]
                  and layer["encoding"]["y"]["axis"].get("format") != "%"]
    assert count_axes and all(a == {"format": "d", "tickMinStep": 1} for a in count_axes)
    assert any("Hidden to protect privacy" in c.value for c in at.caption)
    assert any("fewer than 5 people" in c.value for c in at.caption)
    downloads = {b.proto.label for b in at.get("download_button")}
    assert downloads == {"Download aggregates (CSV)", "Download aggregates (JSON)"}
    text = " ".join(m.value for m in at.markdown) + " ".join(c.value for c in at.caption)
    assert "Mateo" not in text and "mateo" not in text  # no names on the page


def test_cohort_filter_and_a_cohort_too_small_for_the_threshold(app, demo_db):
    at = open_as(app, demo_db, "noor")
    cohorts = [o for o in at.selectbox(key="dash_cohort").options if o != "All cohorts"]
    assert cohorts
    at.selectbox(key="dash_cohort").select(cohorts[0]).run()
    assert not at.exception and not at.error
    at.number_input(key="dash_k").set_value(50).run()
    assert any("fewer than 50 mentees and mentors" in i.value for i in at.info)
    assert not at.get("vega_lite_chart")


def test_empty_program_says_what_to_do(app, coach_home):
    db = Database(Settings(home=coach_home))
    with db.session() as s:
        program = Program(name="Empty")
        s.add(program)
        s.flush()
        s.add(Person(program_id=program.id, handle="fac", name="Fac Ilitator", role="facilitator"))
    at = open_as(app, db, "fac")
    assert any("No mentees or mentors in this program yet" in i.value for i in at.info)
