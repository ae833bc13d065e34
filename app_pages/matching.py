"""Matching (facilitators, admins): match mentees with mentors, review the draft, pin/forbid, publish."""

from __future__ import annotations

import pandas as pd
import streamlit as st

from coach.errors import CoachError
from coach.exports import to_json, write_csv
from coach.matching import (
    CSV_FIELDS,
    MatchingInputError,
    MatchingService,
    MatchOptions,
    MatchResult,
    Problem,
    Weights,
    load_problem,
    with_constraints,
)
from coach.matching.validation import MENTEE_COLUMNS, MENTOR_COLUMNS
from ui.matching_charts import mentor_load, score_histogram
from ui.state import context, require_actor
from ui.widgets import plural, shows_errors

st.title("Matching")
st.caption("Match mentees with mentors for the whole cohort at once: semantic fit of goals to expertise, "
           "shared language, capacity, exclusions and pins are hard rules; hours overlap and preferences "
           "are weighted. Review the draft, pin or forbid pairs, re-run, then publish.")
actor = require_actor()
if actor.role not in ("facilitator", "admin"):
    st.warning("Only facilitators and admins can match mentors and mentees.")
    st.stop()
ctx = context()
service = MatchingService(ctx.db, lambda: ctx.embedder)
state = st.session_state
state.setdefault("match_pins", [])
state.setdefault("match_forbid", [])

# --- input -----------------------------------------------------------------------------------
source = st.radio("People to match", ["Program data", "Upload CSV files"], horizontal=True,
                  key="match_source")
problem: Problem | None = None
with shows_errors():
    if source == "Program data":
        cohorts = service.cohorts(actor)
        c1, c2 = st.columns(2)
        cohort = c1.selectbox("Cohort", ["All cohorts", *cohorts], key="match_cohort") if cohorts else None
        rematch = c2.checkbox("Re-match mentees who already have a mentor", key="match_rematch",
                              help="The draft replaces their pairs when you publish it. Anyone it leaves "
                              "unmatched keeps their current mentor only if that mentor still has room; the "
                              "page lists who before you publish. Nothing is deleted.")
        problem = service.program_problem(actor, cohort=None if cohort in (None, "All cohorts") else cohort,
                                          rematch=rematch)
        room = sum(m.capacity for m in problem.mentors)
        who = "mentees to re-match (all in this cohort)" if rematch else "mentees waiting for a mentor"
        st.write(f"**{len(problem.mentees)}** {who}, **{len(problem.mentors)}** mentors with **{room}** "
                 f"{'places' if rematch else 'free places'} in total.")
        if not problem.mentees:
            st.info("Every mentee in the program has a mentor. Tick **Re-match mentees who already have a "
                    "mentor** to plan a new round, or upload CSV files.")
            problem = None
    else:
        c1, c2 = st.columns(2)
        f_mentors = c1.file_uploader("Mentors (CSV)", type=["csv"], key="match_f_mentors",
                                     help=",".join(MENTOR_COLUMNS) + " (+ extra columns as attributes)")
        f_mentees = c2.file_uploader("Mentees (CSV)", type=["csv"], key="match_f_mentees",
                                     help=",".join(MENTEE_COLUMNS) + " (+ extra columns as attributes)")
        c3, c4 = st.columns(2)
        f_excl = c3.file_uploader("Exclusions (optional)", type=["csv"], key="match_f_excl",
                                  help="mentee_id,mentor_id,reason")
        f_pins = c4.file_uploader("Pins (optional)", type=["csv"], key="match_f_pins",
                                  help="mentee_id,mentor_id: pairs that must stay")
        t1, t2, _ = st.columns([1, 1, 3])
        t1.download_button("Mentors template", ",".join(MENTOR_COLUMNS) + "\n", "mentors.csv", "text/csv")
        t2.download_button("Mentees template", ",".join(MENTEE_COLUMNS) + "\n", "mentees.csv", "text/csv")
        if f_mentors is None or f_mentees is None:
            st.info("Upload a mentors file and a mentees file to start (templates above). Languages are "
                    "ISO codes or English names separated by ';', time zones IANA names or offsets such as "
                    "UTC+05:30.")
        else:
            try:
                problem = load_problem(
                    mentors=f_mentors.getvalue(), mentees=f_mentees.getvalue(),
                    exclusions=f_excl.getvalue() if f_excl else None,
                    pins=f_pins.getvalue() if f_pins else None,
                    names={"mentors": f_mentors.name, "mentees": f_mentees.name,
                           "exclusions": f_excl.name if f_excl else "exclusions.csv",
                           "pins": f_pins.name if f_pins else "pins.csv"})
                st.write(f"**{len(problem.mentees)}** mentees and **{len(problem.mentors)}** mentors read.")
            except MatchingInputError as error:
                st.error(f"{len(error.errors)} problem(s) in the files; fix them and upload again.",
                         icon=":material/error:")
                st.dataframe(pd.DataFrame([{"file": e.file, "row": e.row or "", "column": e.column,
                                            "problem": e.message}
                                           for e in sorted(error.errors, key=lambda e: (e.file, e.row))]),
                             hide_index=True, width="stretch")

# --- settings ----------------------------------------------------------------------------------
with st.expander("Weights and options", expanded=False):
    d = Weights()
    c1, c2, c3 = st.columns(3)
    objective = c1.radio("Objective", ["fit", "coverage"], key="match_objective",
                         format_func=lambda o: {"fit": "Best total fit",
                                                "coverage": "Match as many mentees as possible"}[o])
    k = c1.number_input("Mentors per mentee (advisory board)", 1, 5, 1, key="match_k")
    min_score = c1.slider("Minimum score", 0.0, 0.9, 0.0, 0.05, key="match_min_score")
    w_fit = c2.slider("Fit of goals to expertise", 0.0, 1.0, d.fit, 0.05, key="match_w_fit")
    w_hours = c2.slider("Working-hours overlap", 0.0, 1.0, d.hours, 0.05, key="match_w_hours")
    w_cross = c2.slider("Cross-cultural pairing ('country' column)", 0.0, 1.0, 0.0, 0.05, key="match_w_cross")
    w_sen = c3.slider("Seniority gap ('seniority' column)", 0.0, 1.0, 0.0, 0.05, key="match_w_sen")
    w_load = c3.slider("Spread mentees across mentors", 0.0, 0.5, d.load_balance, 0.01, key="match_w_load")
    w_comp = c3.slider("Board: complementary expertise", 0.0, 1.0, d.complement, 0.05, key="match_w_comp")
options = MatchOptions(objective=objective, k=int(k), min_score=float(min_score),
                       weights=Weights(fit=w_fit, hours=w_hours, cross_cultural=w_cross, seniority=w_sen,
                                       load_balance=w_load, complement=w_comp))

if state["match_pins"] or state["match_forbid"]:
    names = ({p.id: p.name for p in (*problem.mentees, *problem.mentors)} if problem is not None else {})

    def _pair(a: str, b: str) -> str:
        return f"{names.get(a, a)} → {names.get(b, b)}"

    st.markdown("**Your pins and forbidden pairs** (used on the next run): " + "; ".join(
        [f"pinned: {_pair(a, b)}" for a, b in state["match_pins"]]
        + [f"forbidden: {_pair(a, b)}" for a, b in state["match_forbid"]]))
    if st.button("Clear pins and forbidden pairs"):
        state["match_pins"], state["match_forbid"] = [], []
        st.rerun()

if problem is not None and st.button("Run matching", type="primary", key="match_run"):
    bar = st.progress(0.0, text="Starting…")

    def report(fraction: float, stage: str) -> None:
        bar.progress(min(max(fraction, 0.0), 1.0), text=stage.capitalize())

    with shows_errors():
        try:
            run_id, _result = service.run(actor, with_constraints(problem, pins=state["match_pins"],
                                                                  forbid=state["match_forbid"]),
                                          options, progress=report)
            state["match_run_id"] = run_id
            state["match_capacity"] = {x.id: x.capacity for x in problem.mentors}
            state.pop("match_confirm", None)
        except MatchingInputError as error:
            st.error("The pins break a hard rule:\n\n" + "\n".join(f"- {e}" for e in error.errors))
    bar.empty()

# --- the draft ---------------------------------------------------------------------------------
run_id = state.get("match_run_id")
if run_id is None:
    st.info("No draft yet: choose who to match and press **Run matching**.")
    st.stop()
try:
    info, ran_with, result = service.get_run(actor, run_id)
except CoachError as error:
    st.error(str(error))
    st.stop()
assert isinstance(result, MatchResult)
s = result.stats
st.subheader(f"Draft run {info.id}" if info.status == "draft" else f"Run {info.id} (published)")
m = st.columns(7)
m[0].metric("Mentees matched", f"{s['pct_mentees_matched']:.0f}%", help=f"{s['mentees_matched']} of "
            f"{s['mentees']} mentees")
m[1].metric("Mentors used", f"{s['pct_mentors_used']:.0f}%", help=f"{s['mentors_used']} of {s['mentors']}")
m[2].metric("Mean score", f"{s['score_mean'] or 0:.2f}")
m[3].metric("Lowest score", f"{s['score_min'] or 0:.2f}")
m[4].metric("10th percentile", f"{s['score_p10'] or 0:.2f}")
m[5].metric("Load spread", s["load_spread"], help="Most minus fewest mentees on one mentor.")
m[6].metric("Rule violations", s["violations"], help="Hard-constraint checker: languages, capacity, "
            "exclusions, self-matches, pins. Always 0.")
st.caption(f"From {info.source}, made {info.created_at:%Y-%m-%d %H:%M} UTC. {s['mentees_matched']} of "
           f"{s['mentees']} mentees matched, {s['mentors_used']} of {s['mentors']} mentors used; objective "
           f"{s.get('objective')}, solver {s.get('solver')}.")
if problem is not None and problem.source[:300] != info.source and info.status == "draft":
    st.info(f"This draft was made from {info.source}; you now have {problem.source} selected. Press "
            "**Run matching** to match the current selection.")
for note in s.get("notes", []):
    st.warning(note)

table = pd.DataFrame([{"mentee": x.mentee_name, "mentor": x.mentor_name, "score": x.score,
                       "choice": x.choice, "pinned": x.pinned, "why": "\n".join(x.reasons)}
                      for x in result.matches])
if table.empty:
    st.warning("No mentee could be matched; the reasons are below.")
else:
    st.dataframe(table, hide_index=True, width="stretch", height=min(36 * len(table) + 40, 520),
                 column_config={"score": st.column_config.ProgressColumn("score", min_value=0.0,
                                                                         max_value=1.0, format="%.2f"),
                                "why": st.column_config.TextColumn("why (hover or widen)", width="large")})
    with st.expander("Reasons for each match, in full"):
        for x in result.matches:
            st.markdown(f"**{x.mentee_name} → {x.mentor_name}** ({x.score:.2f})\n" +
                        "\n".join(f"- {r}" for r in x.reasons))
plan = None
if info.status == "draft" and info.source.startswith("program"):
    with shows_errors():
        plan = service.publish_plan(actor, info.id)
if result.unmatched:
    st.markdown("**Not matched**")
    previous = {p.mentee_id: p for p in (*plan.kept_previous, *plan.ended_previous)} if plan else {}
    unmatched_rows = [{"mentee": u.mentee_name or u.mentee_id, "why": u.reason,
                       "current mentor on publishing": previous[u.mentee_id].why
                       if u.mentee_id in previous else "none"} for u in result.unmatched]
    if not previous:
        unmatched_rows = [{k: v for k, v in r.items() if k != "current mentor on publishing"}
                          for r in unmatched_rows]
    st.dataframe(pd.DataFrame(unmatched_rows), hide_index=True, width="stretch")

left, right = st.columns(2)
with left:
    st.markdown("**Score distribution**")
    score_histogram(result)
with right:
    st.markdown("**Mentor load**")
    mentor_load(result, state.get("match_capacity") or {x.mentor_id: 0 for x in result.matches})

d1, d2, _ = st.columns([1, 1, 3])
d1.download_button("Download CSV", write_csv(result.rows(), CSV_FIELDS), f"matches-run-{info.id}.csv",
                   "text/csv")
d2.download_button("Download JSON", to_json(result.to_dict(), indent=2), f"matches-run-{info.id}.json",
                   "application/json")

if info.status == "draft" and result.matches:
    st.markdown("**Adjust and re-run**")
    mentees = sorted({(x.mentee_id, x.mentee_name) for x in result.matches} |
                     {(u.mentee_id, u.mentee_name) for u in result.unmatched})
    mentors = sorted({(x.id, x.name) for x in problem.mentors}) if problem is not None else \
        sorted({(x.mentor_id, x.mentor_name) for x in result.matches})
    c1, c2, c3, c4 = st.columns([2, 2, 1, 1])
    who = c1.selectbox("Mentee", mentees, format_func=lambda p: f"{p[1]} ({p[0]})", key="match_pick_mentee")
    whom = c2.selectbox("Mentor", mentors, format_func=lambda p: f"{p[1]} ({p[0]})", key="match_pick_mentor")
    if c3.button("Pin pair", help="This pair must stay on the next run.") and who and whom:
        state["match_pins"] = [*state["match_pins"], (who[0], whom[0])]
        st.rerun()
    if c4.button("Forbid pair", help="Never propose this pair.") and who and whom:
        state["match_forbid"] = [*state["match_forbid"], (who[0], whom[0])]
        st.rerun()

    st.markdown("**Publish**")
    if not state.get("match_confirm"):
        if st.button("Publish these pairs…", key="match_publish"):
            state["match_confirm"] = True
            st.rerun()
    else:
        lines = [f"Publishing makes these {len(result.matches)} matches the program's mentor-mentee pairs. "
                 "Other current pairs of the matched mentees end today (ended pairs are kept, not deleted)."]
        if plan and plan.kept_previous:
            lines.append(f"{plural(len(plan.kept_previous), 'mentee')} this draft did not match keep "
                         "their current mentor, who still has room: " + ", ".join(
                             f"{p.mentee_name} with {p.mentor_name}" for p in plan.kept_previous) + ".")
        if plan and plan.ended_previous:
            lines.append(f"{plural(len(plan.ended_previous), 'mentee')} this draft did not match lose "
                         "their current mentor, whose places go to the new matches: " + ", ".join(
                             f"{p.mentee_name} (was with {p.mentor_name})" for p in plan.ended_previous)
                         + ". They will be waiting for a mentor.")
        st.warning("\n\n".join(lines))
        p1, p2, _ = st.columns([1, 1, 3])
        if p1.button("Confirm publish", type="primary", key="match_confirm_publish"):
            with shows_errors():
                done = service.publish(actor, info.id)
                state.pop("match_confirm", None)
                state["match_published_note"] = (
                    f"Published run {done.run_id}: {done.created} new pairs, {done.reopened} "
                    f"reopened, {done.kept} unchanged, {done.ended} ended"
                    + (f" ({plural(len(done.kept_previous), 'unmatched mentee')} kept their mentor)"
                       if done.kept_previous else "") + ". Mentors and mentees see them now.")
                st.rerun()
        if p2.button("Cancel", key="match_cancel"):
            state.pop("match_confirm", None)
            st.rerun()
elif info.status == "published":
    note = state.pop("match_published_note", None)
    st.success(note or (f"Published on {info.published_at:%Y-%m-%d %H:%M} UTC." if info.published_at
                        else "Published."))
