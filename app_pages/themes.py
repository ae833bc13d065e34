"""Themes (facilitators, admins): what the program is living through, anonymized and gated."""

from __future__ import annotations

import streamlit as st

from coach.exports import to_json, write_csv
from coach.privacy import GateConfig
from coach.themes import CSV_FIELDS, STATUS_TOO_FEW, ThemeService
from ui.state import context, require_actor, wait_for_models
from ui.themes_view import theme_card
from ui.widgets import plural, shows_errors

st.title("Themes")
st.caption("What mentees write about, grouped into themes across the whole program. Nobody's notes are "
           "shown: a theme appears only when enough different people share it, excerpts only when even "
           "more do, and every excerpt is anonymized.")
actor = require_actor()
ctx = context()
service = ThemeService(ctx.db, embedder_factory=lambda: ctx.embedder, nlp_factory=lambda: ctx.nlp)

with st.expander("Privacy thresholds", expanded=False):
    c1, c2 = st.columns(2)
    min_people = c1.number_input("Show a theme with at least … participants", min_value=5, max_value=100,
                                 value=5, step=1, key="themes-min-people")
    min_quotes = c2.number_input("Show excerpts with at least … participants", min_value=10,
                                 max_value=200, value=max(10, int(min_people)), step=1,
                                 key="themes-min-quotes")
    st.caption("You can raise the thresholds, not lower them below the program's defaults (5 and 10).")

report = None
with shows_errors():
    gates = GateConfig(min_participants=int(min_people),
                       min_quote_participants=max(int(min_quotes), int(min_people)))
    if not service.is_cached(actor, gates=gates):
        wait_for_models()
        bar = st.progress(0.0, text="Finding themes…")
        report = service.program_themes(
            actor, gates=gates, progress=lambda f, m: bar.progress(min(max(f, 0.0), 1.0), text=m))
        bar.empty()
    else:
        report = service.program_themes(actor, gates=gates)

if report is not None:
    if report.status == STATUS_TOO_FEW:
        writers = plural(report.participants, "person", "people")
        st.info(f"**Not enough participants to show themes yet.** {writers} "
                f"wrote reflections; a theme needs at least {report.min_participants} different people. "
                "Themes appear here as more mentees write reflections.", icon=":material/group_add:")
        st.stop()
    c1, c2, c3, c4 = st.columns(4)
    c1.metric("Themes shown", len(report.themes))
    c2.metric("Notes", f"{report.total_notes:,}")
    c3.metric("Participants", report.participants)
    c4.metric("Outliers", f"{report.outlier_share:.0%}", help="Notes that fit no theme.")
    notes_hidden = report.suppressed_notes
    if report.suppressed_themes:
        st.caption(f"{plural(report.suppressed_themes, 'smaller theme')} ({plural(notes_hidden, 'note')}) "
                   f"not shown: fewer than {report.min_participants} people.")
    aside = {k: v for k, v in report.set_aside.items() if v and k != "truncated"}
    if aside.get("non_english"):
        st.caption(f"{plural(aside['non_english'], 'note')} not in English set aside (not clustered).")
    if not report.themes:
        st.info("No theme is shared by enough people yet.", icon=":material/info:")
    for i, theme in enumerate(report.themes, start=1):
        theme_card(i, theme)
    d1, d2 = st.columns(2)
    d1.download_button("Download themes (JSON)", to_json(report.to_dict(), indent=2),
                       file_name="themes.json", mime="application/json", key="themes-json")
    d2.download_button("Download themes (CSV)", write_csv(report.rows(), CSV_FIELDS),
                       file_name="themes.csv", mime="text/csv", key="themes-csv")
