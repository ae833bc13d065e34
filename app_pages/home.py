"""Home: what coach does, who is signed in, and a way to load the demo program."""

from __future__ import annotations

import streamlit as st

from coach.demo import load_demo
from coach.demo.drafts import check_unchecked_drafts
from coach.errors import ModelMismatchError
from ui.state import context, current_actor, people
from ui.widgets import shows_errors

st.title("coach")
st.caption("Reflection and feedback coach for mentoring programs: clear goals, regular check-ins, "
           "specific and respectful feedback.")

#: What each role does first: the page and one line on why (the pages themselves explain the rest).
START_HERE: dict[str, list[tuple[str, str, str, str]]] = {
    "mentee": [
        ("app_pages/my_goals.py", "Set a goal", ":material/flag:",
         "Say what, how much and by when; the coach checks it is specific, measurable and time-bound."),
        ("app_pages/reflect.py", "Reflect on your last session", ":material/edit_note:",
         "What happened, so what, now what. Private unless you share it; linked to your goals, with "
         "guidance that fits."),
        ("app_pages/checkins_progress.py", "Check-ins & progress", ":material/event:",
         "Log the check-ins you held, plan the next one in both time zones, export your journal."),
    ],
    "mentor": [
        ("app_pages/my_mentees.py", "Your mentees", ":material/groups:",
         "Their goals, the reflections they shared with you (reply there), progress and the next "
         "check-in's agenda."),
        ("app_pages/check_feedback.py", "Check feedback before you send it", ":material/rate_review:",
         "Flags vague and judgmental wording on exact words, checks Situation-Behavior-Impact and "
         "suggests a rewrite that invents nothing."),
    ],
    "facilitator": [
        ("app_pages/matching.py", "Match mentees with mentors", ":material/join_inner:",
         "Semantic fit plus hard constraints (language, capacity, exclusions); review a draft, then "
         "publish."),
        ("app_pages/program_dashboard.py", "Program dashboard", ":material/monitoring:",
         "Engagement, goal progress and feedback quality, only for groups large enough to stay "
         "anonymous."),
        ("app_pages/themes.py", "Themes across the program", ":material/bubble_chart:",
         "What the program is living through, from anonymized notes; nobody can be identified."),
    ],
}
START_HERE["admin"] = [
    ("app_pages/admin.py", "People & access", ":material/admin_panel_settings:",
     "Add people, change roles, reset passwords, see active pairs and the audit log."),
    *START_HERE["facilitator"],
]

actor = current_actor()
if not people() and context().settings.auth == "demo":
    st.subheader("Start with the demo program")
    st.write("A small program with mentors, mentees, goals, a few months of reflections and "
             "feedback drafts, so you can try everything.")
    if st.button("Load demo program", type="primary"):
        with shows_errors(), st.spinner("Creating the demo program…"):
            summary = load_demo(context().db)
            context().reflections.link_unlinked()
            try:
                check_unchecked_drafts(context().db, context().feedback)
            except ModelMismatchError as error:  # another embedding model configured
                st.warning(f"The demo's feedback drafts were not checked: {error}")
            st.success(f"Created {summary.people} people, {summary.pairs} pairs, "
                       f"{summary.goals} goals and {summary.notes} reflections.")
            st.rerun()
elif actor is None:
    st.info("Pick who you are in the sidebar (**Who am I?**) to see your pages.")
else:
    st.subheader(f"Hello, {(actor.name or actor.handle).split()[0]}")
    st.write(f"You are signed in as a **{actor.role}**." + (
        f" You also hold: {', '.join(r for r in actor.roles if r != actor.role)} (switch in the sidebar)."
        if len(actor.roles) > 1 else ""))
    st.markdown("**Start here**")
    for path, label, icon, what in START_HERE.get(actor.role, []):
        with st.container(border=True):
            st.page_link(path, label=label, icon=icon)
            st.caption(what)

st.divider()
col1, col2, col3 = st.columns(3)
col1.markdown("**Mentees** set goals, reflect after sessions, and get guidance that fits "
              "what they wrote.")
col2.markdown("**Mentors** check the wording of feedback before sending it: vague or "
              "judgmental spans, SBI completeness, a rewrite that invents nothing.")
col3.markdown("**Facilitators** match mentors with mentees and see anonymized themes across "
              "the program.")
st.page_link("app_pages/guidance.py", label="Search the guidance library",
             icon=":material/menu_book:")
