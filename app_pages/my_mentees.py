"""My mentees (mentors): goals, shared reflections, progress and the next check-in, per mentee."""

from __future__ import annotations

import streamlit as st

from coach.reflection import checkins
from coach.reflection import comments as comments_mod
from coach.reflection.agenda import md_inline  # user text: no links or images
from coach.reflection.progress import progress_for
from ui.charts import progress_charts
from ui.pair_panel import pair_panel
from ui.state import context, require_actor
from ui.widgets import plural, shows_errors

st.title("My mentees")
ctx = context()
actor = require_actor()
db = ctx.db
pairs = [p for p in checkins.pairs_for(db, actor) if p.my_role == "mentor"]
if not pairs:
    st.info("You have no mentees yet. Your facilitator will match you.")
    st.stop()
overdue = [p for p in pairs if checkins.cadence_status(db, actor, p.pair_id).overdue]
if overdue:
    st.warning("Overdue check-ins: " + ", ".join(p.mentee_name for p in overdue))
choice = st.selectbox("Mentee", pairs, format_func=lambda p: p.mentee_name, key="mentee_choice")
with shows_errors():
    goals_tab, notes_tab, progress_tab, checkin_tab = st.tabs(
        ["Goals", "Shared reflections", "Progress", "Next check-in"])
    with goals_tab:
        goals = ctx.reflections.goals.goals(actor, owner_id=choice.mentee_id)
        if not goals:
            st.info(f"{choice.mentee_name} has no goals yet.")
        for goal in goals:
            done = sum(m.done for m in goal.milestones)
            st.markdown(f"**{md_inline(goal.title)}** · {goal.status} · target {goal.target_date or '—'} · "
                        f"{done}/{plural(len(goal.milestones), 'milestone')}")
    with notes_tab:
        notes = ctx.reflections.notes(actor, author_id=choice.mentee_id)
        if not notes:
            st.info(f"{choice.mentee_name} has not shared any reflections with you yet. "
                    "Reflections are private until the mentee shares them.")
        for note in notes:
            with st.container(border=True):
                st.caption(f"{note.session_date:%d %b %Y}" + (" · goals: " + ", ".join(
                    link.title for link in note.links) if note.links else ""))
                st.text(note.text)
                thread = comments_mod.comments(db, actor, note.id)
                with st.expander(f"Comments ({len(thread)})" if thread else "Respond"):
                    for c in thread:
                        who = "You" if c.author_id == actor.id else c.author_name
                        st.markdown(f"**{who}** · {c.created_at:%d %b %Y %H:%M}")
                        st.text(c.text)
                    reply = st.text_area(f"Your comment to {choice.mentee_name}", height=70,
                                         key=f"c_text-{note.id}",
                                         help="Only you and your mentee see it.")
                    if st.button("Post comment", key=f"c_post-{note.id}"):
                        with shows_errors():
                            comments_mod.add_comment(db, actor, note.id, reply)
                            st.session_state.pop(f"c_text-{note.id}", None)
                            st.rerun()
    with progress_tab:
        progress_charts(progress_for(db, actor, choice.mentee_id))
    with checkin_tab:
        pair_panel(db, actor, choice.pair_id)
