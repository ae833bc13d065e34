"""Check-ins & progress (mentees): cadence, times in both zones, invite, agenda, progress, export."""

from __future__ import annotations

import streamlit as st

from coach.reflection import checkins, journal
from coach.reflection.progress import progress_for
from ui.charts import progress_charts
from ui.pair_panel import pair_panel
from ui.state import context, require_actor
from ui.widgets import shows_errors

st.title("Check-ins & progress")
ctx = context()
actor = require_actor()
db = ctx.db


with shows_errors():
    pairs = checkins.pairs_for(db, actor)
    if not pairs:
        st.info("You are not in a mentoring pair yet. Your facilitator will match you with a mentor.")
    for pair in pairs:
        st.subheader(f"With {pair.mentor_name}")
        pair_panel(db, actor, pair.pair_id)
    st.divider()
    st.subheader("My progress")
    progress_charts(progress_for(db, actor, actor.id))  # type: ignore[arg-type]
    st.divider()
    st.subheader("Export my journal")
    c1, c2 = st.columns(2)
    c1.download_button("Markdown", journal.export_markdown(db, actor), file_name="journal.md",
                       mime="text/markdown", key="journal_md")
    c2.download_button("Printable (HTML)", journal.export_html(db, actor), file_name="journal.html",
                       mime="text/html", key="journal_html")
