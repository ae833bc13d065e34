"""Check feedback (mentors): flags on exact spans, SBI completeness, rewrite, examples, batch mode."""

from __future__ import annotations

import pandas as pd
import streamlit as st

from coach.feedback.inputs import read_items
from coach.feedback.rewrite import prompt_examples
from coach.feedback.service import DraftInfo, batch_csv, batch_jsonl
from coach.reflection.agenda import md_inline  # user text: no links or images
from ui.autosave import Autosaver
from ui.highlight import category_label, highlighted_html
from ui.state import context, require_actor, wait_for_models
from ui.widgets import plural, progress_callback, shows_errors

st.title("Check feedback")
st.caption("Paste feedback before you send it. The coach flags vague and judgmental wording, "
           "checks Situation-Behavior-Impact, and suggests a rewrite that keeps your facts.")
ctx = context()
actor = require_actor()
service = ctx.feedback
STYLES = {"SBI": "sbi", "SBI + intent": "sbii", "COIN": "coin"}

if st.session_state.pop("clear_feedback", False):  # after saving a draft: a fresh box
    st.session_state["feedback_text"] = ""

unsaved = Autosaver(actor, "feedback", {"text": "feedback_text"})
single, batch, mine = st.tabs(["Check", "Batch (CSV)", "My drafts"])

with single:
    unsaved.restore()  # unsaved feedback from an earlier visit (closed tab, restart) goes back in
    text = st.text_area("Your feedback", key="feedback_text", height=140, on_change=unsaved.on_change,
                        placeholder="e.g. In Tuesday's client call you interrupted Maria twice, so "
                                    "she could not finish the pricing walkthrough.",
                        help="Checked whenever the text changes (click outside the box or press "
                             "Ctrl+Enter).")
    unsaved.watch()  # saves what is typed every few seconds, before the box is left
    if "flash_draft" in st.session_state:
        st.success(st.session_state.pop("flash_draft"))
    if text.strip():
        wait_for_models()
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
                st.markdown(f"**Vague:** {'yes' if report.vague else 'no'} · "
                            f"**Judgmental:** {'yes' if report.judgmental else 'no'}")
            with right:
                st.markdown("**SBI completeness**")
                parts = round(report.sbi.completeness * 3)
                st.progress(report.sbi.completeness, text=f"{parts} of 3 parts")
                for part, value in report.sbi.texts().items():
                    icon = ":material/check_circle:" if value else ":material/radio_button_unchecked:"
                    st.markdown(f"{icon} **{part.capitalize()}**: {md_inline(value) if value else '—'}")
            if spans:
                st.subheader("What to look at")
                for n, flag in enumerate(spans):
                    with st.expander(f"{category_label(flag.category)} · “{md_inline(flag.text)}”"):
                        st.write(flag.message)
                        st.write(f"**Try:** {flag.suggestion}")
                        for other in flag.also:
                            st.caption(f"Also {category_label(other['category']).lower()}: "
                                       f"{other['message']}")
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
            st.caption("Your facts, kept word for word; sarcasm is left out, judgments become "
                       "[questions] and missing parts become [prompts] for you to fill in with what "
                       "really happened. Nothing is invented.")
            tabs = st.tabs(list(STYLES))
            for tab, style in zip(tabs, STYLES.values(), strict=True):
                value = report.rewrite if style == "sbi" else report.variants[style]
                rewrite_col, example_col = tab.columns([3, 2])
                rewrite_col.code(value, language=None, wrap_lines=True)
                examples = prompt_examples(report.sbi, style=style)
                if examples:
                    with example_col.container(border=True):
                        st.caption("What goes in the brackets: examples only, write your own facts.")
                        for prompt, example in examples:
                            st.markdown(f"*{prompt.strip('[]')}*  \ne.g. {example}")
            if service.llm_enabled and st.button("Ask the LLM for a rewrite", key="llm"):
                with shows_errors(), st.spinner("Asking the LLM…"):
                    st.code(service.llm_rewrite(text), language=None, wrap_lines=True)
                    st.caption("Checked: not judgmental, and no words that are not in your feedback.")
            if report.examples:
                st.subheader("Good examples to learn from")
                for ex in report.examples:
                    st.code(ex.text, language=None, wrap_lines=True)
            mentees = dict(service.about_options(actor))
            about = st.selectbox("About (optional)", [None, *mentees], key="fb_about",
                                 format_func=lambda pid: "—" if pid is None else mentees[pid],
                                 help="Only your own mentees are listed.")
            if st.button("Save draft", type="primary", key="save_draft"):
                with shows_errors():
                    draft_id = service.save_draft(actor, text, about_id=about, report=report)
                    st.session_state["flash_draft"] = (f"Saved draft #{draft_id}. Only you can see "
                                                       "it; find it in **My drafts**.")
                    st.session_state["clear_feedback"] = True
                    unsaved.clear()
                    st.rerun()
    else:
        st.info("Type or paste feedback above to check it.")

with batch:
    st.write("Upload a CSV with a `text` column (and optionally `id`), a JSONL file of "
             "`{\"id\", \"text\"}` objects, or a .txt file with one feedback per line.")
    upload = st.file_uploader("Feedback file", type=["csv", "jsonl", "txt"], key="batch-file")
    file_id = (upload.name, upload.size) if upload is not None else None
    if st.session_state.get("batch_for") != file_id:  # a new (or no) file: forget the old table
        st.session_state.pop("batch_result", None)
        st.session_state["batch_for"] = file_id
    if upload is not None and st.button("Check all", type="primary", key="check_all"):
        st.session_state.pop("batch_result", None)
        wait_for_models()
        with shows_errors():
            items = read_items(upload.getvalue(), name=upload.name)
            if not items:
                st.warning(f"{upload.name} has no feedback in it.")
            else:
                bar, update = progress_callback("Checking")
                st.session_state["batch_result"] = service.check_batch(actor, items, progress=update)
                bar.empty()
    rows = st.session_state.get("batch_result")
    if rows:
        ok = [r for r in rows if r.ok]
        failed = [r for r in rows if not r.ok]
        c1, c2, c3, c4 = st.columns(4)
        c1.metric("Checked", len(ok))
        c2.metric("Could not check", len(failed))
        c3.metric("Vague", sum(bool(r.report and r.report.vague) for r in ok))
        c4.metric("Judgmental", sum(bool(r.report and r.report.judgmental) for r in ok))
        if failed:
            st.warning(f"{plural(len(failed), 'row')} could not be checked:\n\n" + "\n".join(
                f"- row {r.id}: {r.error}" for r in failed[:20]))
        st.dataframe(pd.DataFrame([r.summary() for r in rows]), hide_index=True, width="stretch",
                     column_config={"problem": st.column_config.TextColumn(width="medium")})
        d1, d2, _ = st.columns([1, 1, 3])
        d1.download_button("Download CSV", batch_csv(rows), "feedback-check.csv", "text/csv",
                           key="dl_csv")
        d2.download_button("Download JSONL", batch_jsonl(rows), "feedback-check.jsonl",
                           "application/jsonl", key="dl_jsonl")


def _draft_card(d: DraftInfo) -> None:
    with st.container(border=True):
        state = (f"sent {d.sent_at:%d %b %Y}" if d.status == "sent" and d.sent_at else d.status)
        st.caption(f"#{d.id} · {d.created_at:%d %b %Y %H:%M} · {state}"
                   + (f" · about {d.about}" if d.about else "")
                   + (" · vague" if d.vague else "") + (" · judgmental" if d.judgmental else ""))
        if st.session_state.get("editing_draft") == d.id:
            new_text = st.text_area("Draft", d.text, key=f"d_text-{d.id}", height=110)
            save, cancel, _ = st.columns([1, 1, 3])
            if save.button("Save and re-check", type="primary", key=f"d_save-{d.id}"):
                wait_for_models()
                with shows_errors():
                    service.update_draft(actor, d.id, new_text, about_id=d.about_id)
                    st.session_state.pop("editing_draft", None)
                    st.session_state["flash_drafts"] = f"Saved draft #{d.id} and checked it again."
                    st.rerun()
            if cancel.button("Cancel", key=f"d_cancel-{d.id}"):
                st.session_state.pop("editing_draft", None)
                st.rerun()
            return
        st.text(d.text)
        c1, c2, c3, _ = st.columns([1, 1, 1, 2])
        if d.status != "sent" and c1.button("Edit", key=f"d_edit-{d.id}", icon=":material/edit:"):
            st.session_state["editing_draft"] = d.id
            st.rerun()
        sent_label = "Mark as not sent" if d.status == "sent" else "Mark as sent"
        if c2.button(sent_label, key=f"d_sent-{d.id}",
                     help="Sent feedback can be discussed in the check-in agenda; drafts never are."):
            with shows_errors():
                service.mark_sent(actor, d.id, sent=d.status != "sent")
                st.rerun()
        if st.session_state.get("confirm_delete") == d.id:
            st.warning(f"Delete draft #{d.id}? This cannot be undone.")
            yes, no, _ = st.columns([1, 1, 3])
            if yes.button("Yes, delete", type="primary", key=f"d_del_yes-{d.id}"):
                with shows_errors():
                    service.delete_draft(actor, d.id)
                    st.session_state.pop("confirm_delete", None)
                    st.session_state["flash_drafts"] = f"Deleted draft #{d.id}."
                    st.rerun()
            if no.button("Cancel", key=f"d_del_no-{d.id}"):
                st.session_state.pop("confirm_delete", None)
                st.rerun()
        elif c3.button("Delete…", key=f"d_del-{d.id}", icon=":material/delete:"):
            st.session_state["confirm_delete"] = d.id
            st.rerun()


with mine:
    if "flash_drafts" in st.session_state:
        st.success(st.session_state.pop("flash_drafts"))
    drafts = service.drafts(actor)
    if not drafts:
        st.info("No saved drafts yet. Check a piece of feedback and press **Save draft**.")
    for d in drafts:
        _draft_card(d)
