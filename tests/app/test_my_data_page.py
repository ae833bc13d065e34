"""Your data (every signed-in person): download everything, delete the account after typing the username."""

from __future__ import annotations

import json

import pytest
from sqlalchemy import select

from coach.access import OPERATOR
from coach.errors import SignInError
from coach.people import AccountService, SignInService, read_log
from coach.store.db import Database
from coach.store.models import Note, Person
from coach.store.people import get_actor

PASSWORD = "correct horse battery"
PAGE = "app_pages/my_data.py"


@pytest.fixture
def password_mode(monkeypatch, demo_db: Database) -> Database:  # type: ignore[no-untyped-def]
    monkeypatch.setenv("COACH_AUTH", "password")
    AccountService(demo_db).set_password(OPERATOR, "mateo", PASSWORD)
    return demo_db


def signed_in(app, handle: str = "mateo"):  # type: ignore[no-untyped-def]
    at = app()
    next(t for t in at.text_input if t.label == "Username").input(handle)
    next(t for t in at.text_input if t.label == "Password").input(PASSWORD)
    next(b for b in at.button if b.label == "Sign in").click()
    at.run()
    at.switch_page(PAGE)
    return at.run()


def _button(at, label: str):  # type: ignore[no-untyped-def]
    return next(b for b in at.button if b.label == label)


def test_download_holds_the_persons_own_data_and_is_audited(app, password_mode) -> None:  # type: ignore[no-untyped-def]
    at = signed_in(app)
    assert "Your data" in at.session_state["_coach_pages"]
    assert not at.get("download_button")  # nothing prepared (and nothing audited) on a plain visit
    _button(at, "Prepare my download").click()
    at.run()
    assert not at.exception
    assert at.success[0].value.startswith("Ready: ")
    assert [b.proto.label for b in at.get("download_button")] == ["Download JSON", "Download Markdown"]
    handle, as_json, as_markdown, _summary = at.session_state["mydata_files"]
    data = json.loads(as_json)
    mateo = get_actor(password_mode, "mateo")
    with password_mode.session() as session:
        own = session.scalars(select(Note.id).where(Note.author_id == mateo.id)).all()
    assert handle == "mateo" and data["profile"]["handle"] == "mateo"
    assert sorted(r["id"] for r in data["reflections"]) == sorted(own) and own
    assert "Mateo" in as_markdown
    assert [e.target for e in read_log(password_mode, OPERATOR, action="data exported")] == ["mateo"]


def test_delete_needs_the_username_then_signs_out(app, password_mode) -> None:  # type: ignore[no-untyped-def]
    at = signed_in(app)
    at.text_input(key="mydata_confirm").input("mate")
    _button(at, "Delete my account for good").click()
    at.run()
    assert "Nothing was deleted" in at.error[0].value
    with password_mode.session() as session:
        assert session.scalar(select(Person.active).where(Person.handle == "mateo")) is True
    at.text_input(key="mydata_confirm").input("mateo")
    _button(at, "Delete my account for good").click()
    at.run()
    assert not at.exception
    assert at.session_state["_coach_pages"] == ["Sign in"]
    assert at.success[0].value.startswith("Your account mateo was deleted")
    assert not at.warning  # no "session expired" next to it
    assert "mydata_confirm" not in at.session_state and "mydata_files" not in at.session_state
    with password_mode.session() as session:
        assert session.scalar(select(Person.id).where(Person.handle == "mateo")) is None
    with pytest.raises(SignInError):
        SignInService(password_mode).sign_in("mateo", PASSWORD)


def test_demo_mode_delete_leaves_nobody_picked(app, demo_db) -> None:  # type: ignore[no-untyped-def]
    at = app(as_handle="ana", db=demo_db)
    at.switch_page(PAGE)
    at.run()
    at.text_input(key="mydata_confirm").input("ana")
    _button(at, "Delete my account for good").click()
    at.run()
    assert not at.exception
    assert "Your account ana was deleted" in at.success[0].value
    assert "person_id" not in at.session_state  # nobody is picked any more
    assert "mydata_confirm" not in at.session_state
    with demo_db.session() as session:
        assert session.scalar(select(Person.id).where(Person.handle == "ana")) is None
