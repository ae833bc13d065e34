"""My goals (mentees): goals with milestones, a live quality check, and the skill map."""

from __future__ import annotations

import pandas as pd
import streamlit as st

from coach.reflection.goals import skill_gap
from ui.state import context, require_actor
from ui.widgets import shows_errors

st.title("My goals")
ctx = context()
actor = require_actor()
goals_service = ctx.reflections.goals

goals_tab, new_tab, skills_tab = st.tabs(["Goals", "New goal", "Skill map"])

with goals_tab:
    goals = goals_service.goals(actor)
    if not goals:
        st.info("No goals yet. Add your first one in **New goal**: what you want to achieve, how "
                "you will know, and by when.")
    for goal in goals:
        with st.container(border=True):
            head, status_col = st.columns([4, 1])
            head.markdown(f"**{goal.title}**  \nTarget: {goal.target_date or '—'}")
            status = status_col.selectbox("Status", ["active", "done", "paused"],
                                          index=["active", "done", "paused"].index(goal.status),
                                          key=f"status-{goal.id}", label_visibility="collapsed")
            if status != goal.status:
                with shows_errors():
                    goals_service.set_status(actor, goal.id, status)
                    st.rerun()
            if goal.description:
                st.caption(goal.description)
            done = sum(m.done for m in goal.milestones)
            if goal.milestones:
                st.progress(done / len(goal.milestones), text=f"{done} of {len(goal.milestones)} milestones")
            for m in goal.milestones:
                checked = st.checkbox(f"{m.title} (due {m.due or '—'})", value=m.done, key=f"ms-{m.id}")
                if checked != m.done:
                    with shows_errors():
                        goals_service.set_milestone_done(actor, m.id, checked)
                        st.rerun()

with new_tab:
    title = st.text_input("What do you want to achieve?", key="goal_title",
                          placeholder="e.g. Present the Q1 roadmap to the leadership team by 31 March")
    if title.strip():
        with shows_errors():
            check = ctx.goal_checker.check(title)
            cols = st.columns(3)
            for col, label in zip(cols, ("specific", "measurable", "time_bound"), strict=True):
                ok = getattr(check, label)
                col.markdown(f"{':material/check_circle:' if ok else ':material/radio_button_unchecked:'} "
                             f"**{label.replace('_', '-')}**  \n{check.reasons[label]}")
            if check.missing:
                st.caption("Suggestion (fill in the brackets):")
                st.code(check.suggestion, language=None, wrap_lines=True)
    with st.form("new-goal", clear_on_submit=False):
        description = st.text_area("Why it matters / details (optional)")
        target = st.date_input("Target date", value=None)
        milestones = st.data_editor(pd.DataFrame({"milestone": [""], "due": [None]}).astype(
            {"due": "datetime64[ns]"}), num_rows="dynamic", key="milestones",
            column_config={"due": st.column_config.DateColumn("due")})
        skills = st.text_input("Skills this goal needs (comma-separated)")
        if st.form_submit_button("Save goal", type="primary"):
            with shows_errors():
                rows = [(str(r["milestone"]), r["due"].date() if pd.notna(r["due"]) else None)
                        for _, r in milestones.iterrows() if str(r["milestone"]).strip()]
                goal = goals_service.create(actor, title=title, description=description,
                                            target_date=target, milestones=rows,
                                            skills_needed=[s for s in skills.split(",") if s.strip()])
                st.success(f"Saved “{goal.title}” with {len(goal.milestones)} milestones.")

with skills_tab:
    mine = goals_service.skills(actor)
    edited = st.text_area("My current skills (one per line)", "\n".join(mine), key="my-skills")
    if st.button("Save my skills"):
        with shows_errors():
            goals_service.set_skills(actor, edited.splitlines())
            st.success("Saved.")
            st.rerun()
    goals = goals_service.goals(actor)
    rows = []
    for goal in goals:
        for gap in skill_gap(mine, goal.skills_needed, ctx.embedder):
            rows.append({"goal": goal.title, "skill needed": gap.skill, "status": gap.status,
                         "closest skill you have": gap.matched or ""})
    if rows:
        st.dataframe(pd.DataFrame(rows), hide_index=True, width="stretch")
        gaps = [r["skill needed"] for r in rows if r["status"] == "gap"]
        if gaps:
            st.info("To build: " + ", ".join(sorted(set(gaps))))
    else:
        st.caption("Add the skills your goals need (in **New goal**) to see the gap here.")
