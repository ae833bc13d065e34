"""Your data: download everything the coach holds about you (JSON + Markdown), or delete your account
after a confirmation. Both go through DataRightsService, which serves only the person themself."""

from __future__ import annotations

import json

import streamlit as st

from coach.errors import CoachError
from coach.people.data_rights import DataRightsService, to_markdown
from ui.auth import after_account_deleted
from ui.state import context, require_actor

st.title("Your data")
actor = require_actor()
service = DataRightsService(context().db)

st.subheader("Download everything")
st.caption("Your profile, goals and milestones, every reflection with its earlier versions and comments, "
           "feedback drafts, comments you wrote, your pairs' check-ins and any text you have not saved yet. "
           "Only you can download it (admins and facilitators cannot).")
if st.button("Prepare my download", key="mydata_prepare", icon=":material/download:"):
    try:
        data = service.export(actor)
    except CoachError as error:
        st.error(str(error), icon=":material/error:")
    else:
        st.session_state["mydata_files"] = (
            str(data.profile["handle"]), json.dumps(data.to_dict(), indent=2, ensure_ascii=False),
            to_markdown(data), f"{len(data.reflections)} reflections, {len(data.goals)} goals, "
                               f"{len(data.drafts)} feedback drafts")
files = st.session_state.get("mydata_files")
if files:
    handle, as_json, as_markdown, summary = files
    st.success(f"Ready: {summary}.", icon=":material/check_circle:")
    left, right = st.columns(2)
    left.download_button("Download JSON", as_json, file_name=f"{handle}-data.json", mime="application/json",
                         key="mydata_json", icon=":material/data_object:")
    right.download_button("Download Markdown", as_markdown, file_name=f"{handle}-data.md",
                          mime="text/markdown", key="mydata_md", icon=":material/description:")

st.divider()
st.subheader("Delete my account")
st.write("This removes your reflections and their versions, feedback drafts, comments, goals, profile text "
         "and unsaved text for good, from the database, the search indexes and every cache; future theme "
         "runs will not include your notes. Your mentoring pairs end and you are signed out. "
         "**It cannot be undone:** download your data first.")
with st.form("mydata_delete_form", clear_on_submit=False):
    typed = st.text_input(f"To confirm, type your username ({actor.handle})", key="mydata_confirm",
                          autocomplete="off")
    delete = st.form_submit_button("Delete my account for good", type="primary",
                                   icon=":material/delete_forever:")
if delete:
    if typed.strip().lower() != (actor.handle or "").lower():
        st.error(f"Type your username **{actor.handle}** exactly to confirm. Nothing was deleted.",
                 icon=":material/error:")
    else:
        try:
            report = service.delete_account(actor, actor.handle or "")
        except CoachError as error:
            st.error(str(error), icon=":material/error:")
        else:
            after_account_deleted(f"Your account {report.handle} was deleted: {report.summary()}.")
