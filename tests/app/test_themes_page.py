"""The facilitator's Themes page: computed with progress, gated, anonymized, downloadable."""

from __future__ import annotations

from datetime import date

import pytest

from coach.store.models import Note, Person
from coach.store.people import list_people

pytestmark = pytest.mark.slow
PAGE = "app_pages/themes.py"


def page_text(at) -> str:  # type: ignore[no-untyped-def]
    parts = [m.value for m in at.markdown] + [c.value for c in at.caption] + [s.value for s in at.subheader]
    return "\n".join(str(p) for p in parts)


def test_facilitator_sees_gated_anonymized_themes(app, demo_db):  # type: ignore[no-untyped-def]
    at = app(as_handle="noor", db=demo_db)
    assert "Themes" in at.session_state["_coach_pages"]
    at.switch_page(PAGE).run(timeout=600)
    assert not at.exception, at.exception
    assert not at.error, [e.value for e in at.error]
    labels = {m.label for m in at.metric}
    assert {"Themes shown", "Notes", "Participants", "Outliers"} <= labels
    shown = int(next(m.value for m in at.metric if m.label == "Themes shown"))
    assert shown >= 1 and len(at.subheader) == shown
    text = page_text(at)
    mentees = [p for p in list_people(demo_db, role="mentee")]
    for person in mentees:  # no mentee's full name or handle appears anywhere on the page
        assert person.name not in text and f"@{person.handle}" not in text
    assert "participants" in text
    assert {b.label for b in at.get("download_button")} >= {"Download themes (JSON)", "Download themes (CSV)"}
    # second visit: served from the cache (no progress bar, same themes)
    again = app(as_handle="noor", db=demo_db)
    again.switch_page(PAGE).run()
    assert [s.value for s in again.subheader] == [s.value for s in at.subheader]


def test_mentee_cannot_open_themes(app, demo_db):  # type: ignore[no-untyped-def]
    at = app(as_handle="mateo", db=demo_db)
    assert "Themes" not in at.session_state["_coach_pages"]


def test_small_program_shows_the_not_enough_state(app, coach_home):  # type: ignore[no-untyped-def]
    from coach.config import Settings
    from coach.store.db import Database

    db = Database(Settings(home=coach_home))
    with db.session() as session:
        session.add(Person(handle="fac", name="Fay Lead", role="facilitator"))
        for i in range(3):
            person = Person(handle=f"m{i}", name=f"Mentee {i}", role="mentee")
            session.add(person)
            session.flush()
            session.add(Note(author_id=person.id, session_date=date(2026, 9, 1), what="Time zones again."))
    at = app(as_handle="fac", db=db)
    at.switch_page(PAGE).run()
    assert not at.exception, at.exception
    assert any("Not enough participants to show themes yet" in i.value for i in at.info)
