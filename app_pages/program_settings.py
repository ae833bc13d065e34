"""Program settings (facilitators): checker categories, sensitivity, allow-list; dismissals report."""

from __future__ import annotations

import altair as alt
import pandas as pd
import streamlit as st

from coach.feedback.report import ALL_CATEGORIES
from coach.feedback.settings import FeedbackSettings
from ui.charts import count_axis
from ui.highlight import category_label
from ui.state import context, require_actor
from ui.widgets import shows_errors

st.title("Feedback checker settings")
actor = require_actor()
service = context().feedback
current = service.settings_for(actor)

with st.form("checker-settings"):
    enabled = st.multiselect("Flag categories shown to mentors", list(ALL_CATEGORIES),
                             default=[c for c in ALL_CATEGORIES if c not in current.disabled],
                             format_func=category_label, key="s_enabled")
    sensitivity = st.slider("Sensitivity", 0.0, 1.0, current.sensitivity, 0.05, key="s_sensitivity",
                            help="Higher flags more borderline wording as vague or judgmental.")
    allow = st.text_area("Never flag these words or phrases (one per line)",
                         "\n".join(current.allow), key="s_allow",
                         help="Product names, domain terms, names of teams.")
    if st.form_submit_button("Save settings", type="primary"):
        with shows_errors():
            service.save_settings(actor, FeedbackSettings(
                disabled=frozenset(set(ALL_CATEGORIES) - set(enabled)), sensitivity=sensitivity,
                allow=tuple(a.strip() for a in allow.splitlines() if a.strip())))
            st.success("Saved. Mentors in this program see the new settings on their next check.")

st.subheader("Which flags do mentors dismiss?")
with shows_errors():
    counts = service.dismissal_report(actor)
    if not counts:
        st.info("No dismissed flags yet. When mentors dismiss a flag with a reason, it shows here.")
    else:
        frame = pd.DataFrame([{"detector": c.detector, "category": c.category, "dismissals": c.count,
                               "reasons": "; ".join(c.reasons)} for c in counts])
        top = int(frame["dismissals"].max())
        st.altair_chart(alt.Chart(frame).mark_bar().encode(
            x=alt.X("dismissals:Q", axis=count_axis("dismissals"),
                    scale=alt.Scale(domain=[0, max(top, 1)], nice=False)),
            y=alt.Y("detector:N", sort="-x", title=None, axis=alt.Axis(labelLimit=0)),
            tooltip=["category", "dismissals", "reasons"]), width="stretch")
        st.dataframe(frame, hide_index=True, width="stretch")
