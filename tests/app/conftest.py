"""AppTest fixtures: a fresh COACH_HOME and cleared Streamlit caches for every test."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import pytest
import streamlit as st
from streamlit.testing.v1 import AppTest

from coach.config import Settings
from coach.demo import load_demo
from coach.store.db import Database

APP = str(Path(__file__).resolve().parents[2] / "app.py")


@pytest.fixture(autouse=True)
def _clear_caches(coach_home):  # type: ignore[no-untyped-def]
    st.cache_resource.clear()
    st.cache_data.clear()
    yield
    st.cache_resource.clear()
    st.cache_data.clear()


@pytest.fixture
def demo_db(coach_home) -> Database:  # type: ignore[no-untyped-def]
    db = Database(Settings(home=coach_home))
    load_demo(db)
    return db


@pytest.fixture
def app() -> Callable[..., AppTest]:
    def make(*, as_handle: str | None = None, db: Database | None = None) -> AppTest:
        at = AppTest.from_file(APP, default_timeout=120)
        if as_handle is not None:
            assert db is not None
            from coach.store.people import get_actor

            at.session_state["person_id"] = get_actor(db, as_handle).id
        return at.run()

    return make


def person_handle(db: Database, role: str) -> str:
    from coach.store.people import list_people

    return list_people(db, role=role)[0].handle
