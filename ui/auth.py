"""Who is signed in, by COACH_AUTH mode: demo (pick a person), password (built-in accounts) or oidc
(Streamlit's st.login). Streamlit-only; the checks themselves live in coach.people.

Password sessions survive a reload or a deep link through a cookie holding the session token (the
database keeps only its hash); signing out ends the session in the database, clears the cookie and
every per-person value in session state.
"""

from __future__ import annotations

import json
import secrets

import streamlit as st
import streamlit.components.v1 as components

from coach.access import Actor
from coach.errors import CoachError, SignInError
from ui.state import PERSON_KEY, clear_person_state, context, people, switch_role

TOKEN_KEY = "_coach_token"
ROLE_KEY = "_coach_role"
COOKIE = "coach_session"
COOKIE_KEY = "_coach_cookie"
NOTICE_KEY = "_coach_signin_notice"  # shown once on the sign-in page (after deleting one's account)
FORM_KEY = "_coach_signin_form"  # suffix of the sign-in form's widget keys, new after each sign-out


def mode() -> str:
    return context().settings.auth


def _client() -> str:
    try:
        return str(st.context.ip_address or "")
    except Exception:  # not served over HTTP (AppTest)
        return ""


def _set_cookie(token: str | None) -> None:
    """Store (or clear) the session cookie in the browser (SameSite=Strict, this site only)."""
    value = f"{COOKIE}={token}; path=/; max-age={12 * 3600}; SameSite=Strict" if token else \
        f"{COOKIE}=; path=/; max-age=0; SameSite=Strict"
    components.html(f"<script>window.parent.document.cookie = {json.dumps(value)};</script>", height=0)


def _token() -> str | None:
    token = st.session_state.get(TOKEN_KEY)
    if token:
        return str(token)
    try:
        cookie = st.context.cookies.get(COOKIE)
    except Exception:
        cookie = None
    return str(cookie) if cookie else None


def _with_role(actor: Actor) -> Actor:
    held = actor.roles or (actor.role,)
    chosen = st.session_state.get(ROLE_KEY)
    return actor.as_role(chosen) if chosen in held else actor


def signed_in_actor() -> Actor | None:
    """The acting person in this browser session, or None (nobody signed in / picked)."""
    if mode() == "demo":
        actor = context().signin.demo_actor(st.session_state.get(PERSON_KEY))
        return _with_role(actor) if actor is not None else None
    if mode() == "oidc":
        user = getattr(st, "user", None)
        if user is None or not user.is_logged_in:
            return None
        try:
            return _with_role(context().signin.actor_for_identity(email=user.get("email"),
                                                                  subject=str(user.get("sub", ""))))
        except SignInError as error:
            st.session_state["_coach_signin_error"] = str(error)
            return None
    token = _token()
    if not token:
        return None
    try:
        actor = context().signin.actor_for_session(token)
    except SignInError as error:
        st.session_state.pop(TOKEN_KEY, None)
        st.session_state["_coach_signin_error"] = str(error)
        return None
    st.session_state[TOKEN_KEY] = token
    return _with_role(actor)


def sign_in_form() -> None:
    """The sign-in page of the password and oidc modes."""
    st.title("Sign in")
    error = st.session_state.pop("_coach_signin_error", None)
    notice = st.session_state.pop(NOTICE_KEY, None)
    if notice:
        st.success(notice, icon=":material/check_circle:")
        error = None  # the ended session of the deleted account is not an error
    if mode() == "oidc":
        st.write("Sign in with your organisation's account.")
        if error:
            st.error(error, icon=":material/block:")
        st.button("Sign in", type="primary", on_click=_oidc_login, key="oidc-sign-in")
        return
    if error:
        st.warning(error, icon=":material/lock_clock:")
    # New widget keys after every sign-out: the browser would otherwise fill the form with the previous
    # person's username and password again (it remembers a widget's value by its key).
    generation = st.session_state.get(FORM_KEY, "")
    with st.form(f"sign-in{generation}", clear_on_submit=False):
        handle = st.text_input("Username", key=f"signin-username{generation}", autocomplete="username")
        password = st.text_input("Password", type="password", key=f"signin-password{generation}",
                                 autocomplete="current-password")
        submitted = st.form_submit_button("Sign in", type="primary")
    if submitted:
        try:
            token, _actor = context().signin.sign_in(handle, password, client=_client())
        except CoachError as failure:
            st.error(str(failure), icon=":material/error:")
            return
        clear_person_state()
        st.session_state[TOKEN_KEY] = token
        st.session_state[COOKIE_KEY] = token  # written to the browser on the next run (sync_cookie)
        st.session_state.pop(f"signin-password{generation}", None)
        st.rerun()


def _oidc_login() -> None:
    try:
        st.login()
    except Exception as error:  # no [auth] section in secrets.toml
        st.session_state["_coach_signin_error"] = (
            f"OIDC sign-in is not configured ({error}). Add an [auth] section to .streamlit/secrets.toml "
            "(see .streamlit/secrets.toml.example) or run with COACH_AUTH=password.")


def sidebar(actor: Actor | None) -> None:
    """Who is signed in, the role switcher for people with several roles, and sign-out."""
    if mode() == "demo":
        _demo_picker()
        st.caption(":material/info: **Demo mode** (`COACH_AUTH=demo`): anyone can act as anyone. Use it "
                   "with the demo program only; real programs run with `COACH_AUTH=password` or `oidc`.")
    elif actor is not None:
        st.markdown(f"Signed in as **{actor.name or actor.handle}**")
    if actor is not None and len(actor.roles) > 1:
        st.selectbox("Acting as", list(actor.roles), index=list(actor.roles).index(actor.role),
                      key=ROLE_KEY, on_change=switch_role,
                      help="You hold several roles; each shows its own pages.")
    if actor is not None and mode() != "demo":
        st.button("Sign out", key="sign-out", on_click=sign_out, icon=":material/logout:")


def sign_out() -> None:
    context().signin.sign_out(st.session_state.get(TOKEN_KEY) or _token())
    clear_person_state()
    for key in (TOKEN_KEY, ROLE_KEY):
        st.session_state.pop(key, None)
    st.session_state[COOKIE_KEY] = ""
    st.session_state[FORM_KEY] = "-" + secrets.token_hex(4)  # an empty sign-in form (see sign_in_form)
    if mode() == "oidc":
        st.logout()


def after_account_deleted(message: str) -> None:
    """The person deleted their own account: sign out (their sessions are gone already), say so on the
    sign-in page and leave nothing of theirs in session state (demo mode: nobody is picked any more)."""
    sign_out()
    if mode() == "demo":
        st.session_state.pop(PERSON_KEY, None)
        st.success(message + " Pick someone else in the sidebar.", icon=":material/check_circle:")
        st.stop()
    st.session_state[NOTICE_KEY] = message
    st.rerun()


def sync_cookie() -> None:
    """Write (or clear) the session cookie after a sign-in or sign-out, once the page renders."""
    if COOKIE_KEY in st.session_state:
        _set_cookie(st.session_state.pop(COOKIE_KEY) or None)


def _demo_picker() -> None:
    everybody = people()
    if not everybody:
        st.info("No people yet. Load the demo program on the Home page.")
        return
    labels = {p.id: f"{p.name} ({p.role})" for p in everybody}
    st.selectbox("Who am I?", [None, *labels], key=PERSON_KEY,
                 format_func=lambda pid: "Choose a person…" if pid is None else labels[pid],
                 help="Demo mode: pick a person of the demo program.")
