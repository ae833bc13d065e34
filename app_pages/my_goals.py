"""My goals (mentees): goals with milestones, a live quality check, editing and archiving, skill map."""

from __future__ import annotations

from datetime import date
from typing import Any

import pandas as pd
import streamlit as st

from coach.reflection.agenda import md_inline  # user text: no links or images
from coach.reflection.goal_quality import parse_target_date
from coach.reflection.goals import GoalView, skill_gap
from ui.state import context, require_actor, wait_for_models
from ui.widgets import plural, shows_errors

st.title("My goals")
ctx = context()
actor = require_actor()
goals_service = ctx.reflections.goals
NEW_KEYS = ("goal_title", "goal_description", "goal_target", "milestones", "goal_skills")
STATUSES = ["active", "done", "paused"]

if st.session_state.pop("clear_goal", False):  # after a save: an empty form, no double save
    for key in (*NEW_KEYS, "pending_goal"):
        st.session_state.pop(key, None)
if "flash_goal" in st.session_state:
    st.success(st.session_state.pop("flash_goal"))

goals_tab, new_tab, skills_tab = st.tabs(["Goals", "New goal", "Skill map"])


def _milestone_rows(frame: pd.DataFrame) -> list[tuple[str, date | None]]:
    return [(str(r["milestone"]), r["due"].date() if pd.notna(r["due"]) else None)
            for _, r in frame.iterrows() if pd.notna(r["milestone"]) and str(r["milestone"]).strip()]


def _edit_goal(goal: GoalView) -> None:
    with st.expander("Edit or archive", icon=":material/edit:"):
        with st.form(f"edit-goal-{goal.id}", border=False):
            title = st.text_input("Goal", goal.title, key=f"g_title-{goal.id}")
            description = st.text_area("Why it matters / details", goal.description,
                                       key=f"g_desc-{goal.id}", height=70)
            target = st.date_input("Target date", goal.target_date, key=f"g_target-{goal.id}")
            skills = st.text_input("Skills this goal needs (comma-separated)",
                                   ", ".join(goal.skills_needed), key=f"g_skills-{goal.id}")
            if st.form_submit_button("Save changes", type="primary"):
                with shows_errors():
                    goals_service.update(actor, goal.id, title=title, description=description,
                                         target_date=target, skills_needed=skills.split(","))
                    st.session_state["flash_goal"] = f"Saved the changes to “{title.strip()}”."
                    st.rerun()
        for m in goal.milestones:
            c1, c2, c3, c4 = st.columns([4, 2, 1, 1], vertical_alignment="bottom")
            m_title = c1.text_input("Milestone", m.title, key=f"m_title-{m.id}")
            m_due = c2.date_input("Due", m.due, key=f"m_due-{m.id}")
            if c3.button("Save", key=f"m_save-{m.id}"):
                with shows_errors():
                    goals_service.update_milestone(actor, m.id, title=m_title, due=m_due)
                    st.session_state["flash_goal"] = f"Saved milestone “{m_title.strip()}”."
                    st.rerun()
            if c4.button("Archive", key=f"m_archive-{m.id}",
                         help="Hide it from the goal; nothing is deleted."):
                with shows_errors():
                    goals_service.archive_milestone(actor, m.id)
                    st.session_state["flash_goal"] = f"Archived milestone “{m.title}”."
                    st.rerun()
        c1, c2, c3 = st.columns([4, 2, 2], vertical_alignment="bottom")
        new_title = c1.text_input("New milestone", key=f"m_new-{goal.id}",
                                  placeholder="e.g. first draft shared with my mentor")
        new_due = c2.date_input("Due", None, key=f"m_new_due-{goal.id}")
        if c3.button("Add milestone", key=f"m_add-{goal.id}"):
            with shows_errors():
                goals_service.add_milestone(actor, goal.id, title=new_title, due=new_due)
                st.session_state.pop(f"m_new-{goal.id}", None)
                st.session_state.pop(f"m_new_due-{goal.id}", None)
                st.session_state["flash_goal"] = f"Added milestone “{new_title.strip()}”."
                st.rerun()
        st.divider()
        if st.session_state.get("confirm_archive") == goal.id:
            st.warning(f"Archive “{md_inline(goal.title)}”? It leaves your lists, agenda and charts; you can "
                       "restore it from **Archived goals**.")
            yes, no, _ = st.columns([1, 1, 3])
            if yes.button("Yes, archive", type="primary", key=f"g_archive_yes-{goal.id}"):
                with shows_errors():
                    goals_service.set_status(actor, goal.id, "archived")
                    st.session_state.pop("confirm_archive", None)
                    st.session_state["flash_goal"] = f"Archived “{goal.title}”."
                    st.rerun()
            if no.button("Cancel", key=f"g_archive_no-{goal.id}"):
                st.session_state.pop("confirm_archive", None)
                st.rerun()
        elif st.button("Archive this goal…", key=f"g_archive-{goal.id}"):
            st.session_state["confirm_archive"] = goal.id
            st.rerun()


with goals_tab, shows_errors():
    goals = goals_service.goals(actor)
    if not goals:
        st.info("No goals yet. Add your first one in **New goal**: what you want to achieve, how "
                "you will know, and by when.")
    for goal in goals:
        with st.container(border=True):
            head, status_col = st.columns([4, 1])
            head.markdown(f"**{md_inline(goal.title)}**  \nTarget: {goal.target_date or '—'}")
            status = status_col.selectbox("Status", STATUSES, index=STATUSES.index(goal.status),
                                          key=f"status-{goal.id}", label_visibility="collapsed")
            if status != goal.status:
                with shows_errors():
                    goals_service.set_status(actor, goal.id, status)
                    st.rerun()
            if goal.description:
                st.caption(goal.description)
            done = sum(m.done for m in goal.milestones)
            if goal.milestones:
                st.progress(done / len(goal.milestones),
                            text=f"{done} of {plural(len(goal.milestones), 'milestone')} done")
            for m in goal.milestones:
                checked = st.checkbox(f"{m.title} (due {m.due or '—'})", value=m.done, key=f"ms-{m.id}")
                if checked != m.done:
                    with shows_errors():
                        goals_service.set_milestone_done(actor, m.id, checked)
                        st.rerun()
            _edit_goal(goal)
    archived = [g for g in goals_service.goals(actor, include_archived=True) if g.status == "archived"]
    if archived:
        with st.expander(f"Archived goals ({len(archived)})"):
            for goal in archived:
                c1, c2 = st.columns([4, 1])
                c1.markdown(f"{md_inline(goal.title)} · target {goal.target_date or '—'}")
                if c2.button("Restore", key=f"g_restore-{goal.id}"):
                    goals_service.set_status(actor, goal.id, "active")
                    st.session_state["flash_goal"] = f"Restored “{goal.title}”."
                    st.rerun()


def _save_goal(values: dict[str, Any]) -> None:
    goal = goals_service.create(actor, **values)
    st.session_state["flash_goal"] = (f"Saved “{goal.title}” with "
                                      f"{plural(len(goal.milestones), 'milestone')}. It is in **Goals**.")
    st.session_state["clear_goal"] = True
    st.rerun()


with new_tab:
    title = st.text_input("What do you want to achieve?", key="goal_title",
                          placeholder="e.g. Present the Q1 roadmap to the leadership team by 31 March")
    check = None
    if title.strip():
        wait_for_models()
        with shows_errors():
            check = ctx.goal_checker.check(title)
            cols = st.columns(3)
            for col, label in zip(cols, ("specific", "measurable", "time_bound"), strict=True):
                ok = getattr(check, label)
                col.markdown(f"{':material/check_circle:' if ok else ':material/radio_button_unchecked:'} "
                             f"**{label.replace('_', '-')}**  \n{check.reasons[label]}")
            if check.missing:
                st.caption("Suggestion: your words, with a question in brackets for what is missing")
                st.code(check.suggestion, language=None, wrap_lines=True)
                st.caption("For example: " + "; ".join(
                    f"{k.replace('_', '-')}: {v.removeprefix('e.g. ')}" for k, v in check.examples.items()))
    description = st.text_area("Why it matters / details (optional)", key="goal_description")
    target = st.date_input("Target date", value=None, key="goal_target")
    milestones = st.data_editor(pd.DataFrame({"milestone": [""], "due": [None]}).astype(
        {"due": "datetime64[ns]"}), num_rows="dynamic", key="milestones",
        column_config={"due": st.column_config.DateColumn("due")})
    skills = st.text_input("Skills this goal needs (comma-separated)", key="goal_skills")
    values = {"title": title, "description": description, "target_date": target,
              "skills_needed": [s for s in skills.split(",") if s.strip()]}
    if st.button("Save goal", type="primary", key="goal_save"):
        with shows_errors():
            values["milestones"] = _milestone_rows(milestones)
            parse_target_date(target)  # a date in the past is refused before asking "save anyway?"
            if check is not None and check.missing:
                st.session_state["pending_goal"] = values
            else:
                _save_goal(values)
    pending = st.session_state.get("pending_goal")
    if pending:
        missing = ", ".join(m.replace("_", "-") for m in check.missing) if check else "clear"
        st.warning(f"This goal is not yet {missing}. Goals that say what, how much and by when are "
                   "easier to act on. Save it anyway, or improve it with the suggestion above?",
                   icon=":material/help:")
        yes, no, _ = st.columns([1, 1, 3])
        if yes.button("Save anyway", key="goal_save_anyway"):
            with shows_errors():
                _save_goal({**values, "milestones": _milestone_rows(milestones)})
        if no.button("Keep editing", key="goal_keep_editing"):
            st.session_state.pop("pending_goal", None)
            st.rerun()

with skills_tab:
    mine = goals_service.skills(actor)
    edited = st.text_area("My current skills (one per line)", "\n".join(mine), key="my-skills")
    if st.button("Save my skills", key="skills_save"):
        with shows_errors():
            goals_service.set_skills(actor, edited.splitlines())
            st.success("Saved.")
            st.rerun()
    goals = goals_service.goals(actor)
    rows = []
    needs_models = any(goal.skills_needed for goal in goals)
    if needs_models:
        wait_for_models()
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
