"""Altair charts for progress views (shared by the mentee and mentor pages)."""

from __future__ import annotations

import altair as alt
import pandas as pd
import streamlit as st

from coach.reflection.progress import Progress


def count_axis(title: str | None = None) -> alt.Axis:
    """An axis for counts: whole numbers only (no 0.2, 0.4 … ticks)."""
    return alt.Axis(format="d", tickMinStep=1, title=title)


def short_labels(titles: list[str], *, width: int = 38) -> dict[str, str]:
    """Each title shortened to ``width`` characters, still distinct: clashes get "(2)", "(3)"."""
    out: dict[str, str] = {}
    used: dict[str, int] = {}
    for title in dict.fromkeys(titles):
        short = title if len(title) <= width else title[: width - 1].rstrip() + "…"
        used[short] = used.get(short, 0) + 1
        out[title] = short if used[short] == 1 else f"{short} ({used[short]})"
    return out


def progress_charts(progress: Progress) -> None:
    c1, c2, c3 = st.columns(3)
    total = sum(g.milestones_total for g in progress.goals)
    done = sum(g.milestones_done for g in progress.goals)
    c1.metric("Milestones done", f"{done} of {total}")
    c2.metric("Reflections", sum(n for _, n in progress.reflections_per_month))
    c3.metric("Check-in cadence kept", f"{progress.cadence_kept:.0%}")
    labels = short_labels([g.title for g in progress.goals])
    milestones = pd.DataFrame([{"goal": labels[g.title], "title": g.title, "milestone": m[0],
                                "due": m[1], "done": m[2]}
                               for g in progress.goals for m in g.milestones])
    left, right = st.columns(2)
    with left:
        st.markdown("**Milestones over time**")
        if milestones.empty:
            st.caption("No milestones yet.")
        else:
            milestones["state"] = milestones["done"].map(lambda d: "done" if pd.notna(d) else "open")
            milestones["date"] = milestones["done"].fillna(milestones["due"])
            st.altair_chart(alt.Chart(milestones.dropna(subset=["date"])).mark_circle(size=120).encode(
                x=alt.X("date:T", title=None), y=alt.Y("goal:N", title=None, axis=alt.Axis(labelLimit=0)),
                color=alt.Color("state:N", scale=alt.Scale(domain=["done", "open"],
                                                           range=["#2b8a3e", "#adb5bd"])),
                tooltip=[alt.Tooltip("title:N", title="goal"), "milestone", "due", "done"]),
                width="stretch")
    with right:
        st.markdown("**Reflections per goal**")
        names = short_labels(list(progress.reflections_per_goal))
        per_goal = pd.DataFrame([{"goal": names[k], "title": k, "reflections": v}
                                 for k, v in progress.reflections_per_goal.items()])
        if per_goal.empty:
            st.caption("No reflections linked to goals yet.")
        else:
            st.altair_chart(alt.Chart(per_goal).mark_bar().encode(
                x=alt.X("reflections:Q", axis=count_axis("reflections")),
                y=alt.Y("goal:N", sort="-x", title=None, axis=alt.Axis(labelLimit=0)),
                tooltip=[alt.Tooltip("title:N", title="goal"), "reflections:Q"]), width="stretch")
    st.markdown("**Check-ins per month: held vs expected**")
    checkins = pd.DataFrame([{"month": m, "held": d, "expected": e} for m, d, e in progress.checkins])
    if checkins.empty:
        st.caption("No check-ins yet.")
    else:
        long = checkins.melt("month", var_name="kind", value_name="count")
        st.altair_chart(alt.Chart(long).mark_bar().encode(
            x=alt.X("month:N", title=None), xOffset="kind:N",
            y=alt.Y("count:Q", axis=count_axis("check-ins")),
            color=alt.Color("kind:N", scale=alt.Scale(domain=["held", "expected"],
                                                      range=["#1971c2", "#ced4da"]))),
            width="stretch")
