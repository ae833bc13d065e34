"""Sign-in in the app (COACH_AUTH=password), role switching and sign-out, through AppTest."""

from __future__ import annotations

import pytest

from coach.access import OPERATOR
from coach.people import AccountService
from coach.store.db import Database

PASSWORD = "correct horse battery"


@pytest.fixture
def password_mode(monkeypatch, demo_db: Database) -> Database:  # type: ignore[no-untyped-def]
    monkeypatch.setenv("COACH_AUTH", "password")
    accounts = AccountService(demo_db)
    accounts.add(OPERATOR, "amara", name="Amara Okafor", roles=["mentee"], password=PASSWORD)
    accounts.add(OPERATOR, "lead", name="Lena Lead", roles=["facilitator", "mentor"], password=PASSWORD)
    return demo_db


def sign_in(at, handle: str, password: str):  # type: ignore[no-untyped-def]
    next(t for t in at.text_input if t.label == "Username").input(handle)
    next(t for t in at.text_input if t.label == "Password").input(password)
    next(b for b in at.button if b.label == "Sign in").click()
    return at.run()


def pages(at) -> list[str]:  # type: ignore[no-untyped-def]
    return at.session_state["_coach_pages"]


def test_only_the_sign_in_page_before_signing_in(app, password_mode) -> None:  # type: ignore[no-untyped-def]
    at = app()
    assert pages(at) == ["Sign in"]
    assert [t.label for t in at.text_input] == ["Username", "Password"]
    assert "Who am I?" not in [s.label for s in at.sidebar.selectbox]


def test_wrong_password_is_refused_and_keeps_the_form(app, password_mode) -> None:  # type: ignore[no-untyped-def]
    at = sign_in(app(), "amara", "not the password")
    assert "Wrong username or password" in at.error[0].value
    assert pages(at) == ["Sign in"]


def test_sign_in_sign_out_and_nothing_of_the_first_person_remains(app, password_mode) -> None:  # type: ignore[no-untyped-def]
    at = sign_in(app(), "amara", PASSWORD)
    assert "My goals" in pages(at) and "Sign in" not in pages(at)
    at.session_state["reflect-what"] = "private words of Amara"  # something typed on a page
    next(b for b in at.sidebar.button if b.label == "Sign out").click()
    at.run()
    assert pages(at) == ["Sign in"]
    assert "reflect-what" not in at.session_state
    at = sign_in(at, "lead", PASSWORD)
    assert "Program dashboard" in pages(at)
    assert all("private words" not in str(at.session_state[k]) for k in at.session_state)


def test_several_roles_switch_pages(app, password_mode) -> None:  # type: ignore[no-untyped-def]
    at = sign_in(app(), "lead", PASSWORD)
    assert "Matching" in pages(at)
    at.sidebar.selectbox(key="_coach_role").select("mentor").run()
    assert "My mentees" in pages(at) and "Matching" not in pages(at)


def test_repeated_failures_are_rate_limited(app, password_mode) -> None:  # type: ignore[no-untyped-def]
    at = app()
    for _ in range(5):
        at = sign_in(at, "amara", "wrong wrong wrong")
    at = sign_in(at, "amara", PASSWORD)
    assert "Too many failed sign-ins" in at.error[0].value
    assert pages(at) == ["Sign in"]


def test_demo_mode_says_so(app, demo_db) -> None:  # type: ignore[no-untyped-def]
    at = app()
    assert any("Demo mode" in c.value for c in at.sidebar.caption)
