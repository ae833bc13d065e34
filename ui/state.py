"""The process-wide coach context and who is signed in (session state)."""

from __future__ import annotations

import streamlit as st

from coach.access import Actor
from coach.config import Settings
from coach.context import Context
from coach.store.models import Person
from coach.store.people import actor_for, list_people

PERSON_KEY = "person_id"


@st.cache_resource(show_spinner="Opening the program…")
def get_context(home: str) -> Context:
    """One context per data folder and process; models load lazily inside it."""
    return Context(Settings.from_env(home=home))


def context() -> Context:
    return get_context(str(Settings.from_env().home))


def people() -> list[Person]:
    return list_people(context().db)


def current_person() -> Person | None:
    chosen = st.session_state.get(PERSON_KEY)
    for person in people():
        if person.id == chosen:
            return person
    return None


def current_actor() -> Actor | None:
    person = current_person()
    return actor_for(person) if person else None


def require_actor() -> Actor:
    """The signed-in person, or stop the page with a pointer to the sidebar."""
    actor = current_actor()
    if actor is None:
        st.info("Pick who you are in the sidebar (**Who am I?**) first.")
        st.stop()
    assert actor is not None
    return actor
