"""Streamlit pieces of the Themes page: one theme card and its breakdown charts."""

from __future__ import annotations

import altair as alt
import pandas as pd
import streamlit as st

from coach.themes import Cell, ThemeView
from ui.widgets import plural


def breakdown_chart(cells: list[Cell], *, field: str, title: str) -> None:
    shown = [c for c in cells if c.participants is not None]
    hidden = [c for c in cells if c.participants is None]
    st.markdown(f"**{title}**")
    if not shown:
        st.caption("Hidden: every cell has fewer people than the privacy threshold." if cells
                   else "No data.")
        return
    frame = pd.DataFrame([{field: c.key, "participants": c.participants, "notes": c.notes} for c in shown])
    top = int(frame["participants"].max())
    chart = alt.Chart(frame).mark_bar().encode(
        x=alt.X(f"{field}:N", title=None, sort=None, axis=alt.Axis(labelAngle=0)),
        y=alt.Y("participants:Q", title="participants",
                axis=alt.Axis(format="d", tickMinStep=1, values=list(range(0, top + 1, max(1, top // 5))))),
        tooltip=[field, "participants", "notes"])
    st.altair_chart(chart.properties(height=180), width="stretch")
    if hidden:
        st.caption(f"Hidden ({', '.join(c.key for c in hidden)}): {hidden[0].hidden}.")


def theme_card(index: int, theme: ThemeView) -> None:
    with st.container(border=True):
        st.subheader(f"{index}. {theme.label}")
        st.caption(f"{plural(theme.participants, 'participant')} · {plural(theme.notes, 'note')}")
        st.markdown(" ".join(f":blue-badge[{k}]" for k in theme.keywords))
        if theme.examples:
            st.markdown("**Anonymized excerpts**")
            for example in theme.examples:
                st.markdown(f"> {example}")
        elif theme.examples_hidden:
            st.caption(theme.examples_hidden)
        if theme.by_month or theme.by_cohort:
            left, right = st.columns(2)
            with left:
                breakdown_chart(theme.by_month, field="month", title="Per month")
            with right:
                breakdown_chart(theme.by_cohort, field="cohort", title="Per cohort")
