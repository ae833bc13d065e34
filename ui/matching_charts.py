"""Charts of a matching run: score distribution and mentor load (integer count axes)."""

from __future__ import annotations

import altair as alt
import pandas as pd
import streamlit as st

from coach.matching import MatchResult


def score_histogram(result: MatchResult) -> None:
    frame = pd.DataFrame({"score": [m.score for m in result.matches]})
    if frame.empty:
        st.caption("No matches to chart.")
        return
    st.altair_chart(alt.Chart(frame).mark_bar().encode(
        x=alt.X("score:Q", bin=alt.Bin(step=0.05), title="score"),
        y=alt.Y("count():Q", title="matches", axis=alt.Axis(tickMinStep=1, format="d"))),
        width="stretch")


def mentor_load(result: MatchResult, capacity: dict[str, int]) -> None:
    load: dict[str, int] = {}
    names: dict[str, str] = {}
    for m in result.matches:
        load[m.mentor_id] = load.get(m.mentor_id, 0) + 1
        names[m.mentor_id] = m.mentor_name
    rows = [{"mentor": names.get(j, j), "mentees": load.get(j, 0), "capacity": capacity[j]}
            for j in capacity]
    frame = pd.DataFrame(rows or [{"mentor": "", "mentees": 0, "capacity": 0}])
    if not rows:
        st.caption("No mentors to chart.")
        return
    frame = frame.sort_values("mentees", ascending=False).head(40)
    bars = alt.Chart(frame).mark_bar().encode(
        x=alt.X("mentees:Q", title="mentees assigned", axis=alt.Axis(tickMinStep=1, format="d")),
        y=alt.Y("mentor:N", sort="-x", title=None), tooltip=["mentor", "mentees", "capacity"])
    ticks = alt.Chart(frame).mark_tick(color="#c92a2a", thickness=2).encode(
        x="capacity:Q", y=alt.Y("mentor:N", sort="-x"))
    st.altair_chart(bars + ticks, width="stretch")
    if len(capacity) > 40:
        st.caption(f"The 40 busiest of {len(capacity)} mentors; red ticks show capacity.")
    else:
        st.caption("Red ticks show each mentor's capacity.")
