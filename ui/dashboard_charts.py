"""Altair charts of the program dashboard: counts on integer axes, shares in percent, and hidden
groups marked in place ("hidden") with the reason in the tooltip and a caption."""

from __future__ import annotations

import altair as alt
import pandas as pd
import streamlit as st

from coach.insights import Series

COLORS = ["#1971c2", "#adb5bd", "#e8590c", "#2b8a3e"]


def long_frame(series: Series, metrics: dict[str, str]) -> pd.DataFrame:
    """One row per (group, metric) shown, one row per hidden group (value missing, reason set)."""
    rows = []
    for cell in series.cells:
        if not cell.shown:
            rows.append({"group": cell.key, "what": "hidden", "value": None, "people": None,
                         "hidden": cell.hidden})
            continue
        rows.extend({"group": cell.key, "what": label, "value": cell.values.get(metric),
                     "people": cell.participants, "hidden": ""} for metric, label in metrics.items())
    return pd.DataFrame(rows, columns=["group", "what", "value", "people", "hidden"])


def _hidden_marks(frame: pd.DataFrame, x: alt.X) -> alt.Chart:
    hidden = frame[frame["hidden"] != ""]
    return alt.Chart(hidden).mark_text(text="hidden", angle=270, align="left", dy=0, dx=-4,
                                       color="#868e96").encode(
        x=x, y=alt.datum(0), tooltip=[alt.Tooltip("group:N"), alt.Tooltip("hidden:N", title="why")])


def count_chart(series: Series, metrics: dict[str, str], *, title: str, y_title: str) -> alt.LayerChart:
    """Bars of counts per group (grouped when there are several metrics); integer y axis."""
    frame = long_frame(series, metrics)
    labels = list(metrics.values())
    x = alt.X("group:N", title=None, sort=[c.key for c in series.cells], axis=alt.Axis(labelAngle=0))
    bars = alt.Chart(frame[frame["hidden"] == ""]).mark_bar().encode(
        x=x, y=alt.Y("value:Q", title=y_title, axis=alt.Axis(format="d", tickMinStep=1),
                     scale=alt.Scale(domainMin=0)),
        color=alt.Color("what:N", title=None, scale=alt.Scale(domain=labels, range=COLORS[:len(labels)]),
                        legend=alt.Legend(orient="top") if len(labels) > 1 else None),
        tooltip=[alt.Tooltip("group:N"), alt.Tooltip("what:N"), alt.Tooltip("value:Q", format="d"),
                 alt.Tooltip("people:Q", title="people", format="d")])
    if len(labels) > 1:
        bars = bars.encode(xOffset=alt.XOffset("what:N", sort=labels))
    return alt.layer(bars, _hidden_marks(frame, x)).properties(title=title, height=260)


def share_chart(series: Series, metrics: dict[str, str], *, title: str) -> alt.LayerChart:
    """Shares (0-100 %) per month as lines with points."""
    frame = long_frame(series, metrics)
    labels = list(metrics.values())
    x = alt.X("group:N", title=None, sort=[c.key for c in series.cells], axis=alt.Axis(labelAngle=0))
    lines = alt.Chart(frame[frame["hidden"] == ""]).mark_line(point=True).encode(
        x=x, y=alt.Y("value:Q", title="share of checked drafts", axis=alt.Axis(format="%"),
                     scale=alt.Scale(domain=[0, 1])),
        color=alt.Color("what:N", title=None, scale=alt.Scale(domain=labels, range=COLORS[:len(labels)]),
                        legend=alt.Legend(orient="top")),
        tooltip=[alt.Tooltip("group:N"), alt.Tooltip("what:N"), alt.Tooltip("value:Q", format=".0%"),
                 alt.Tooltip("people:Q", title="people", format="d")])
    return alt.layer(lines, _hidden_marks(frame, x)).properties(title=title, height=260)


def hidden_caption(series: Series) -> None:
    """Which groups are hidden and why, under a chart."""
    if not series.hidden:
        return
    by_reason: dict[str, list[str]] = {}
    for cell in series.hidden:
        by_reason.setdefault(cell.hidden, []).append(cell.key)
    st.caption("Hidden to protect privacy: " + "; ".join(
        f"{', '.join(keys)} ({reason})" for reason, keys in by_reason.items()) + ".")


def show(series: Series, chart: alt.LayerChart, *, empty: str) -> None:
    """The chart, or ``empty`` when there is nothing at all; then the hidden-groups caption."""
    if not series.cells or not series.has_data:
        st.info(empty, icon=":material/info:")
        return
    if not series.shown:
        st.info("Nothing to show here: every group is too small to show without singling someone "
                "out (see below why each is hidden).", icon=":material/visibility_off:")
    else:
        st.altair_chart(chart, width="stretch")
    hidden_caption(series)
