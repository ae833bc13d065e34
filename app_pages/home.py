"""Home: what coach does, who is signed in, and a way to load the demo program."""

from __future__ import annotations

import streamlit as st

from coach.demo import load_demo
from ui.state import context, current_actor, people
from ui.widgets import shows_errors

st.title("coach")
st.caption("Reflection and feedback coach for mentoring programs: clear goals, regular check-ins, "
           "specific and respectful feedback.")

actor = current_actor()
if not people() and context().settings.auth == "demo":
    st.subheader("Start with the demo program")
    st.write("A small program with mentors, mentees, goals, a few months of reflections and "
             "feedback drafts, so you can try everything.")
    if st.button("Load demo program", type="primary"):
        with shows_errors(), st.spinner("Creating the demo program…"):
            summary = load_demo(context().db)
            context().reflections.link_unlinked()
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
