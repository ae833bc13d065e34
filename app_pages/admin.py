"""People & access (admins): people and their roles, add a person, change roles, reset a password,
remove a person (after a confirmation), the active pairs and the audit log (filters, CSV download).

Everything goes through coach.people with the acting admin (AccountService, the directory, the audit
log), which refuse anyone else. Admins manage accounts here; they never see notes, goals or drafts.
"""

from __future__ import annotations

from datetime import date

import streamlit as st

from coach.errors import ConflictError, InputError
from coach.exports import write_csv
from coach.people import ROLES, UserInfo, audit_actions, read_log
from ui.state import context, require_actor
from ui.widgets import plural, shows_errors

st.title("People & access")
st.caption("Accounts, roles and the audit log. Admins manage accounts; nobody's notes, goals or drafts "
           "are shown here.")
ctx = context()
actor = require_actor()
if actor.role != "admin":
    st.error("This page is for admins. Switch to your admin role in the sidebar if you hold one.",
             icon=":material/block:")
    st.stop()
accounts = ctx.accounts
ADD_KEYS = ("adm_add_handle", "adm_add_name", "adm_add_email", "adm_add_roles", "adm_add_password")

if st.session_state.pop("adm_clear_add", False):  # after adding someone: an empty form
    for key in ADD_KEYS:
        st.session_state.pop(key, None)
notice = st.container()  # always drawn, so the tabs below keep their place and their selected tab
if "adm_flash" in st.session_state:
    notice.success(st.session_state.pop("adm_flash"), icon=":material/check_circle:")


def _label(user: UserInfo) -> str:
    return f"{user.name} ({user.handle}) · {', '.join(user.roles)}"


def _roles_panel(user: UserInfo) -> None:
    with st.container(border=True):
        st.markdown("**Roles**")
        chosen = st.multiselect("Roles", list(ROLES), default=list(user.roles),
                                key=f"adm_roles-{user.handle}", label_visibility="collapsed",
                                help="The first one is their main role; they switch roles in the sidebar.")
        if st.button("Save roles", key=f"adm_save_roles-{user.handle}", disabled=chosen == list(user.roles)):
            with shows_errors():
                accounts.set_roles(actor, user.handle, chosen)
                st.session_state["adm_flash"] = (f"{user.name} now holds: {', '.join(chosen)}. Their open "
                                                 "sessions ended; they sign in again.")
                st.rerun()


def _password_panel(user: UserInfo) -> None:
    with st.container(border=True):
        st.markdown("**Reset password**")
        with st.form(f"adm_pw-{user.handle}", clear_on_submit=True, border=False):
            first = st.text_input("New password", type="password", key=f"adm_pw1-{user.handle}",
                                  autocomplete="new-password")
            again = st.text_input("New password again", type="password", key=f"adm_pw2-{user.handle}",
                                  autocomplete="new-password")
            submitted = st.form_submit_button("Set password")
        if submitted:
            if first != again:
                st.error("The two passwords differ. Type the same password twice.", icon=":material/error:")
            else:
                with shows_errors():
                    accounts.set_password(actor, user.handle, first)
                    st.session_state["adm_flash"] = (f"New password set for {user.name}; their open "
                                                     "sessions ended. Tell them over a channel you trust.")
                    st.rerun()


def _remove_panel(user: UserInfo) -> None:
    with st.container(border=True):
        st.markdown("**Remove**")
        confirming = st.session_state.get("adm_confirm_remove") == user.handle
        if not confirming:
            st.caption("They can no longer sign in. Their notes stay theirs until they delete their data.")
            if st.button(f"Remove {user.name}…", key=f"adm_remove-{user.handle}",
                         icon=":material/person_remove:"):
                st.session_state["adm_confirm_remove"] = user.handle
                st.rerun()
            return
        st.warning(f"Remove **{user.name}** ({user.handle})? They can no longer sign in and their open "
                   "sessions end now.", icon=":material/warning:")
        yes, no = st.columns(2)
        if yes.button("Yes, remove", type="primary", key=f"adm_remove_yes-{user.handle}"):
            st.session_state.pop("adm_confirm_remove", None)
            with shows_errors():
                accounts.remove(actor, user.handle)
                st.session_state["adm_flash"] = f"Removed {user.name}: they can no longer sign in."
                st.session_state.pop("adm_person", None)
                st.rerun()
        if no.button("Cancel", key=f"adm_remove_no-{user.handle}"):
            st.session_state.pop("adm_confirm_remove", None)
            st.rerun()


people_tab, add_tab, pairs_tab, audit_tab = st.tabs(["People", "Add a person", "Pairs", "Audit log"])

with people_tab:
    users: list[UserInfo] = []
    with shows_errors():
        users = accounts.list_users(actor)
    active = [u for u in users if u.active]
    show_removed = st.toggle("Show removed and deleted accounts", key="adm_show_removed")
    shown = users if show_removed else active
    st.caption(f"{plural(len(active), 'active account')}"
               + (f", {plural(len(users) - len(active), 'removed or deleted account')}"
                  if len(users) > len(active) else ""))
    st.dataframe([{"Username": u.handle, "Name": u.name, "Roles": ", ".join(u.roles), "E-mail": u.email,
                   "Password": "set" if u.has_password else "none",
                   "State": "active" if u.active else "removed"} for u in shown],
                 hide_index=True, use_container_width=True)
    if active:
        st.subheader("Change a person")
        by_handle = {u.handle: u for u in active}
        handle = st.selectbox("Person", list(by_handle), index=None, key="adm_person",
                              format_func=lambda h: _label(by_handle[h]), placeholder="Choose a person…")
        if handle is not None:
            user = by_handle[handle]
            left, middle, right = st.columns(3)
            with left:
                _roles_panel(user)
            with middle:
                _password_panel(user)
            with right:
                _remove_panel(user)

with add_tab:
    with st.form("adm_add", clear_on_submit=False):
        c1, c2 = st.columns(2)
        new_handle = c1.text_input("Username", key="adm_add_handle", placeholder="amara.o",
                                   help="2-80 lower-case letters, digits, dots, dashes or underscores.")
        new_name = c2.text_input("Name", key="adm_add_name", placeholder="Amara Okafor")
        new_email = c1.text_input("E-mail (optional; needed for OIDC sign-in)", key="adm_add_email")
        new_roles = c2.multiselect("Roles", list(ROLES), key="adm_add_roles")
        new_password = st.text_input("Password (optional: at least 10 characters)", type="password",
                                     key="adm_add_password", autocomplete="new-password",
                                     help="Without one the person signs in through your identity provider "
                                          "(OIDC) only, or you set it later.")
        added = st.form_submit_button("Add person", type="primary")
    if added:
        with shows_errors():
            if new_handle.strip() and new_name.strip() and not new_roles:  # the library's says "--role"
                raise InputError(f"Pick at least one role under Roles ({', '.join(ROLES)}).")
            try:
                info = accounts.add(actor, new_handle, name=new_name, roles=new_roles, email=new_email,
                                    password=new_password or None)
            except ConflictError as taken:  # the CLI's advice does not fit here
                raise ConflictError(f"The username {new_handle.strip().lower()!r} is taken by an existing "
                                    "account: choose another, or pick that person on the People tab to "
                                    "change their roles or password.") from taken
            st.session_state["adm_flash"] = (f"Added {info.name} ({info.handle}) as {', '.join(info.roles)}"
                                             + ("." if info.has_password else "; no password yet."))
            st.session_state["adm_clear_add"] = True
            st.rerun()

with pairs_tab:
    with shows_errors():
        pairs = ctx.people.active_pairs(actor)
        if not pairs:
            st.info("No active mentoring pairs. Facilitators create them on the **Matching** page.")
        else:
            st.caption(f"{plural(len(pairs), 'active pair')}. Their notes and check-ins stay with the pair.")
            st.dataframe([{"Mentor": p.mentor, "Mentee": p.mentee, "Since": p.started,
                           "Check-in every (days)": p.cadence_days} for p in pairs],
                         hide_index=True, use_container_width=True)

with audit_tab:
    with shows_errors():
        kinds = audit_actions(ctx.db, actor)
        f1, f2, f3, f4 = st.columns([2, 2, 1, 1])
        kind = f1.selectbox("Action", [None, *kinds], key="adm_audit_action",
                            format_func=lambda k: "All actions" if k is None else k)
        who = f2.text_input("Person (acting or target)", key="adm_audit_who", placeholder="e.g. amara")
        since = f3.date_input("From", value=None, key="adm_audit_since", max_value=date.today())
        until = f4.date_input("To", value=None, key="adm_audit_until", max_value=date.today())
        if since and until and since > until:
            st.warning("**From** is after **To**: no entry can match. Swap the dates.")
        rows = [{"At (UTC)": r.at.replace(microsecond=0), "Who": r.actor, "Action": r.action,
                 "Target": r.target, "Detail": r.detail}
                for r in read_log(ctx.db, actor, limit=1000, action=kind, who=who, since=since, until=until)]
        if not rows:
            st.info("No entries match these filters." if (kind or who or since or until)
                    else "The audit log is empty.")
        else:
            st.caption(f"{plural(len(rows), 'entry', 'entries')}, newest first"
                       + (" (the latest 1,000)" if len(rows) == 1000 else "") + ".")
            st.dataframe(rows, hide_index=True, use_container_width=True)
            st.download_button("Download CSV", write_csv(rows, list(rows[0])),
                               file_name="audit-log.csv", mime="text/csv", key="adm_audit_csv",
                               icon=":material/download:")
