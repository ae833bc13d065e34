"""The process-wide coach context and who is signed in (session state)."""

from __future__ import annotations

import threading

import streamlit as st

from coach.access import Actor
from coach.config import Settings
from coach.context import Context
from coach.people import PersonCard

PERSON_KEY = "person_id"
#: Session keys that are not about one person (who is chosen, the router's bookkeeping).
_KEEP = frozenset({PERSON_KEY, "_coach_pages", "_coach_scope", "_coach_token", "_coach_role",
                   "_coach_cookie", "_coach_settle"})
_SCOPE_KEY = "_coach_scope"
_SETTLE_KEY = "_coach_settle"
_TICK_KEY = "_coach_settle_tick"


@st.cache_resource(show_spinner="Opening the program…")
def get_context(home: str) -> Context:
    """One context per data folder and process; models load lazily inside it."""
    return Context(Settings.from_env(home=home))


def context() -> Context:
    home = str(Settings.from_env().home)
    ctx = get_context(home)
    _model_loader(home)  # the first call in a process starts loading the models in the background
    return ctx


@st.cache_resource(show_spinner=False)
def _model_loader(home: str) -> threading.Event:
    """Load the language models once per process, in a background thread, as soon as the app starts.

    The returned event is set once the models are loaded; the same thread then warms the reflection
    path (``ReflectionService.warm``), which no page waits for."""
    ctx = get_context(home)
    ready = threading.Event()

    def load() -> None:
        try:
            ctx.embedder.warm()
            _ = ctx.nlp
        except Exception:  # the page that needs the models reports the error itself
            pass
        finally:
            ready.set()
        if not ctx.settings.warm_up:
            return
        try:
            ctx.reflections.warm()  # the first save after start-up is then as fast as the next ones
        except Exception:  # a broken library or model shows up where it is used
            pass

    threading.Thread(target=load, name="coach-model-loader", daemon=True).start()
    return ready


def wait_for_models() -> None:
    """Before a page uses the models: a short status while they are still loading (first time only)."""
    ready = _model_loader(str(Settings.from_env().home))
    if not ready.is_set():
        slot = st.empty()
        with slot.status("Loading the language models…", expanded=True):
            st.caption("Only the first time after the app starts; it takes a few seconds.")
            ready.wait()
        slot.empty()


def people() -> list[PersonCard]:
    """Everyone in the program, for the demo role picker and the Home page's empty state."""
    return context().people.demo_people()


def clear_person_state(*, settle: bool = False) -> None:
    """Forget everything one person typed or saw in this browser session (widgets included).

    Every key in session state is per person except the few in ``_KEEP``; call this when the person
    changes and on sign-out. Pages must give every widget a key so that it is cleared here too.

    Deleting a widget's key clears it on the server only: the browser keeps showing (and sends back)
    the value of a widget that is still on screen. With ``settle`` the next run renders no page at
    all (see ``settle_after_switch``), which makes the browser drop every page widget's value.
    """
    for key in list(st.session_state.keys()):
        if key not in _KEEP:
            del st.session_state[key]
    if settle:
        st.session_state[_SETTLE_KEY] = True


def switch_role() -> None:
    """``on_change`` of the role switcher: the other role starts with a clean page."""
    clear_person_state(settle=True)


def scope_to_person() -> None:
    """Clear per-person state when the chosen person differs from the one this state belongs to."""
    chosen = st.session_state.get(PERSON_KEY)
    if st.session_state.get(_SCOPE_KEY, chosen) != chosen:
        clear_person_state(settle=True)
    st.session_state[_SCOPE_KEY] = chosen


def settle_after_switch() -> None:
    """After a switch of person or role: one run with no page widgets, then the page again.

    Streamlit's browser side forgets a widget's value only when a run finishes without that widget;
    so this run shows a short notice instead of the page, finishes, and a one-off timer reruns the
    app a moment later with every widget empty.
    """
    if not st.session_state.pop(_SETTLE_KEY, False):
        return
    st.caption(":material/sync: Switching…")
    _rerun_soon()
    st.stop()


@st.fragment(run_every=0.3)
def _rerun_soon() -> None:
    if st.session_state.pop(_TICK_KEY, False):  # the timer's first tick, after the run finished
        st.rerun(scope="app")
    st.session_state[_TICK_KEY] = True


def current_actor() -> Actor | None:
    """The person acting now (signed in, or picked in demo mode), in the role they chose."""
    from ui.auth import signed_in_actor

    return signed_in_actor()


def require_actor() -> Actor:
    """The signed-in person, or stop the page with a pointer to the sidebar."""
    actor = current_actor()
    if actor is None:
        if context().settings.auth == "demo":
            st.info("Pick who you are in the sidebar (**Who am I?**) first.")
        else:
            st.info("Sign in first.")
        st.stop()
    assert actor is not None
    return actor
