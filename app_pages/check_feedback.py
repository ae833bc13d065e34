"""Check feedback (mentors): flags on exact spans, SBI completeness, rewrite, examples, batch mode."""

from __future__ import annotations

import io
import json

import pandas as pd
import streamlit as st

from coach.errors import CoachError
from coach.feedback.inputs import read_items
from coach.store.people import list_people
from ui.highlight import highlighted_html
from ui.state import context, require_actor
from ui.widgets import progress_callback, shows_errors

st.title("Check feedback")
st.caption("Paste feedback before you send it. The coach flags vague and judgmental wording, "
           "checks Situation-Behavior-Impact, and suggests a rewrite that keeps your facts.")
ctx = context()
actor = require_actor()
service = ctx.feedback
settings = service.settings_for(actor)

single, batch, mine = st.tabs(["Check", "Batch (CSV)", "My drafts"])

with single:
    text = st.text_area("Your feedback", key="feedback_text", height=140,
                        placeholder="e.g. In Tuesday's client call you interrupted Maria twice, so "
                                    "she could not finish the pricing walkthrough.",
                        help="Checked whenever the text changes (click outside the box or press "
                             "Ctrl+Enter).")
    if text.strip():
        report = None
        with shows_errors(), st.spinner("Checking…"):
            report = service.check(actor, text)
        if report is not None:
            dismissed = st.session_state.setdefault("dismissed", set())
            flags = [f for f in report.flags if (f.start, f.end, f.category) not in dismissed]
            spans = [f for f in flags if f.end > f.start]
            left, right = st.columns([3, 2])
            with left:
                st.html(highlighted_html(report.text, spans))
                st.markdown(
                    f"**Vague:** {'yes' if report.vague else 'no'} ({report.scores['vague']:.0%}) · "
                    f"**Judgmental:** {'yes' if report.judgmental else 'no'} "
                    f"({report.scores['judgmental']:.0%})")
            with right:
                st.markdown("**SBI completeness**")
                st.progress(report.sbi.completeness,
                            text=f"{round(report.sbi.completeness * 3)} of 3 parts")
                for part, value in report.sbi.texts().items():
                    icon = ":material/check_circle:" if value else ":material/radio_button_unchecked:"
                    st.markdown(f"{icon} **{part.capitalize()}**: {value if value else '—'}")
            if spans:
                st.subheader("What to look at")
                for n, flag in enumerate(spans):
                    with st.expander(f"{flag.category} · “{flag.text}” · {flag.severity}"):
                        st.write(flag.message)
                        st.write(f"**Try:** {flag.suggestion}")
                        reason = st.text_input("Why is this flag wrong here?", key=f"why-{n}",
                                               placeholder="e.g. it is a product name")
                        if st.button("Dismiss this flag", key=f"dismiss-{n}"):
                            with shows_errors():
                                service.dismiss(actor, flag, reason=reason)
                                dismissed.add((flag.start, flag.end, flag.category))
                                st.rerun()
            else:
                st.success("No wording problems found.")
            st.subheader("Suggested SBI rewrite")
            st.caption("Your facts, kept word for word; judgments become [questions] and missing "
                       "parts become [prompts] for you to fill in. Nothing is invented.")
            tabs = st.tabs(["SBI", "SBI + intent", "COIN"])
            for tab, value in zip(tabs, [report.rewrite, report.variants["sbii"],
                                         report.variants["coin"]], strict=True):
                tab.code(value, language=None, wrap_lines=True)
            if service.llm_enabled and st.button("Ask the LLM for a rewrite"):
                with shows_errors(), st.spinner("Asking the LLM…"):
                    st.code(service.llm_rewrite(text), language=None, wrap_lines=True)
                    st.caption("Checked: not judgmental, and no words that are not in your feedback.")
            if report.examples:
                st.subheader("Good examples to learn from")
                for ex in report.examples:
                    st.code(ex.text, language=None, wrap_lines=True)
            mentees = [p for p in list_people(ctx.db, role="mentee")]
            about = st.selectbox("About (optional)", [None, *[p.id for p in mentees]],
                                 format_func=lambda pid: "—" if pid is None else
                                 next(p.name for p in mentees if p.id == pid))
            if st.button("Save draft", type="primary"):
                with shows_errors():
                    draft_id = service.save_draft(actor, text, about_id=about, report=report)
                    st.success(f"Saved draft #{draft_id}. Only you can see it.")
    else:
        st.info("Type or paste feedback above to check it.")

with batch:
    st.write("Upload a CSV with a `text` column (and optionally `id`), a JSONL file of "
             "`{\"id\", \"text\"}` objects, or a .txt file with one feedback per line.")
    upload = st.file_uploader("Feedback file", type=["csv", "jsonl", "txt"], key="batch-file")
    if upload is not None and st.button("Check all", type="primary"):
        with shows_errors():
            items = read_items(upload.getvalue(), name=upload.name)
            bar, update = progress_callback("Checking")
            rows = []
            for n, (id_, body) in enumerate(items, start=1):
                try:
                    r = ctx.checker.check(body, id=id_, settings=settings, examples=0)
                    rows.append({"id": id_, "text": body, "vague": r.vague,
                                 "judgmental": r.judgmental, **r.sbi.texts(),
                                 "flags": ", ".join(sorted({f.category for f in r.flags
                                                            if f.end > f.start})),
                                 "rewrite": r.rewrite, "error": ""})
                except CoachError as error:
                    rows.append({"id": id_, "text": body, "error": str(error)})
                update(n, len(items), "checking")
            bar.empty()
            table = pd.DataFrame(rows)
            st.session_state["batch_result"] = table
    table = st.session_state.get("batch_result")
    if table is not None:
        ok = table[table["error"] == ""] if "error" in table else table
        c1, c2, c3 = st.columns(3)
        c1.metric("Checked", len(ok))
        c2.metric("Vague", int(ok["vague"].sum()) if len(ok) else 0)
        c3.metric("Judgmental", int(ok["judgmental"].sum()) if len(ok) else 0)
        st.dataframe(table, hide_index=True, width="stretch")
        buf = io.StringIO()
        table.to_csv(buf, index=False)
        st.download_button("Download CSV", buf.getvalue(), "feedback-check.csv", "text/csv")
        st.download_button("Download JSONL", "\n".join(json.dumps(r, ensure_ascii=False) for r in
                                                      table.to_dict(orient="records")),
                           "feedback-check.jsonl", "application/jsonl")

with mine:
    drafts = service.drafts(actor)
    if not drafts:
        st.info("No saved drafts yet. Check a piece of feedback and press **Save draft**.")
    for d in drafts:
        with st.container(border=True):
            st.caption(f"#{d.id} · {d.created_at:%Y-%m-%d %H:%M}"
                       + (f" · about {d.about}" if d.about else "")
                       + (" · vague" if d.vague else "") + (" · judgmental" if d.judgmental else ""))
            st.text(d.text)
