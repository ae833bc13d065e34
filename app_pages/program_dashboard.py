"""Program dashboard (facilitators, admins): engagement, goals and feedback quality, anonymized."""

from __future__ import annotations

from datetime import date

import pandas as pd
import streamlit as st

from coach.access import Actor
from coach.exports import to_json, write_csv
from coach.insights import CSV_FIELDS, Dashboard, InsightsQuery, InsightsService
from ui.dashboard_charts import count_chart, share_chart, show
from ui.state import context, require_actor
from ui.widgets import shows_errors

ALL = "All cohorts"

st.title("Program dashboard")
actor = require_actor()
service = InsightsService(context().db)


@st.cache_data(ttl=60, show_spinner="Counting the program's figures…", max_entries=64)
def view(_service: InsightsService, database: str, who: Actor, query: InsightsQuery) -> Dashboard:
    """One dashboard view per person and filters, reused for a minute (the service checks access)."""
    return _service.dashboard(who, query)



def pct(value: float | None) -> str:
    return "—" if value is None else f"{value:.0%}"


def month_start(month: str) -> date:
    return date(int(month[:4]), int(month[5:7]), 1)


overview: Dashboard | None = None
with shows_errors():
    overview = view(service, context().settings.db_url, actor, InsightsQuery())
if overview is None:
    st.stop()
assert overview is not None

c1, c2, c3 = st.columns([2, 3, 1])
cohort = c1.selectbox("Cohort", [ALL, *overview.cohorts], key="dash_cohort")
months = overview.months or [f"{overview.as_of:%Y-%m}"]
first, last = c2.select_slider("Period (whole months)", options=months, value=(months[0], months[-1]),
                               key="dash_period")
k = int(c3.number_input("Smallest group", min_value=5, max_value=50, value=5, step=1, key="dash_k",
                        help="Groups with fewer distinct people than this are hidden."))
st.caption(f"Anonymized aggregates of your program: a group is shown only when at least {k} "
           "different people are in it, and groups that could be subtracted from each other to "
           "single someone out are hidden too. No names, no notes, no feedback text.")

dash: Dashboard | None = None
with shows_errors():
    query = InsightsQuery(cohort=None if cohort == ALL else cohort, start=month_start(first),
                          end=month_start(last), min_participants=k)
    default = cohort == ALL and (first, last) == (months[0], months[-1]) and k == 5
    dash = overview if default else view(service, context().settings.db_url, actor, query)
if dash is None:
    st.stop()
assert dash is not None

if dash.notice:
    st.info(dash.notice, icon=":material/visibility_off:")
    st.stop()

h = dash.headline()
m = st.columns(6)
m[0].metric("Mentees", h["mentees"] if h["mentees"] is not None else "hidden")
pairs = h["active_pairs"] if h["active_pairs"] is not None else "hidden"
m[1].metric("Active pairs", pairs, help=f"In {h['active_pairs_month'] or 'the last month shown'}")
m[2].metric("Check-ins", f"{h['checkins_held']} / {h['checkins_planned']}",
            help=f"Held / planned by each pair's cadence; cadence kept: {pct(h['checkins_kept_share'])}")
m[3].metric("Reflections", h["reflections"])
m[4].metric("Milestones", f"{h['milestones_done']} / {h['milestones_due']}",
            help="Done / due so far")
m[5].metric("Vague drafts", pct(h["vague_share"]),
            help=f"Share of the {h['drafts_checked']} checked feedback drafts")
st.caption("Totals add up only the groups shown below; hidden groups are never counted in. "
           "Figures are recounted at most once a minute.")

engagement, goals, quality = st.tabs(["Engagement", "Goals & milestones", "Feedback quality"])
s = dash.series
with engagement:
    left, right = st.columns(2)
    with left:
        show(s["active_pairs"], count_chart(s["active_pairs"], {"pairs": "active pairs"},
                                            title="Active pairs per month", y_title="pairs"),
             empty="No mentoring pairs in this period.")
    with right:
        show(s["checkins"], count_chart(s["checkins"], {"held": "held", "planned": "planned"},
                                        title="Check-ins held vs planned cadence", y_title="check-ins"),
             empty="No check-ins planned in this period.")
    show(s["reflections"], count_chart(s["reflections"], {"reflections": "reflections",
                                                          "writers": "mentees who wrote"},
                                       title="Reflections per month", y_title="count"),
         empty="No reflections in this period yet.")
with goals:
    left, right = st.columns(2)
    with left:
        show(s["goals"], count_chart(s["goals"], {"goals": "goals"}, title="Goals by status (today)",
                                     y_title="goals"),
             empty="No goals yet: mentees set them on My goals.")
    with right:
        show(s["milestones"], count_chart(s["milestones"], {"due": "due", "done": "done"},
                                          title="Milestones due per month, and done",
                                          y_title="milestones"),
             empty="No milestones were due in this period.")
with quality:
    st.markdown(f"Checked drafts: **{h['drafts_checked']}** · judgmental **{pct(h['judgmental_share'])}**"
                f" · vague **{pct(h['vague_share'])}** · SBI completeness "
                f"**{pct(h['sbi_completeness'])}** · saved without a check: {h['drafts_unchecked']}")
    show(s["feedback"], share_chart(s["feedback"], {"vague_share": "vague",
                                                    "judgmental_share": "judgmental",
                                                    "sbi_completeness": "SBI completeness"},
                                    title="Feedback quality of checked drafts"),
         empty="No checked drafts in this period: mentors' drafts count here once they are checked "
               "and saved on Check feedback.")
    show(s["unchecked"], count_chart(s["unchecked"], {"unchecked": "drafts"},
                                     title="Drafts saved without a check", y_title="drafts"),
         empty="Every saved draft in this period was checked.")

if dash.notes:
    with st.expander(f"What is hidden and why ({len(dash.notes)})"):
        for note in dash.notes:
            st.markdown(f"- {note}")
with st.expander("All figures as a table"):
    st.dataframe(pd.DataFrame(dash.rows(), columns=list(CSV_FIELDS)), hide_index=True, width="stretch")
name = f"program-dashboard-{(dash.cohort or 'all').replace(' ', '-')}-{first}-{last}"
d1, d2 = st.columns(2)
d1.download_button("Download aggregates (CSV)", write_csv(dash.rows(), CSV_FIELDS),
                   file_name=f"{name}.csv", mime="text/csv", icon=":material/download:",
                   on_click=service.record_export, args=(actor, dash), kwargs={"fmt": "csv"})
d2.download_button("Download aggregates (JSON)", to_json(dash.to_dict(), indent=2),
                   file_name=f"{name}.json", mime="application/json", icon=":material/download:",
                   on_click=service.record_export, args=(actor, dash), kwargs={"fmt": "json"})
