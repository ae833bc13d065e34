"""Reflect (mentees): a guided reflection with live cues, goal links and fitting guidance."""

from __future__ import annotations

from datetime import date

import streamlit as st

from coach.reflection.analyze import analyze_reflection
from coach.reflection.prompts import choose_prompts
from coach.reflection.reflections import note_text
from ui.state import context, require_actor
from ui.widgets import shows_errors

st.title("Reflect")
st.caption("After a session: what happened, what you noticed, what you will do next. Private unless "
           "you share it with your mentor.")
ctx = context()
actor = require_actor()
service = ctx.reflections
editing = st.session_state.get("editing_note")

write_tab, mine_tab = st.tabs(["Write", "My reflections"])

if st.session_state.pop("clear_reflection", False):  # after a save: start a fresh form
    for key in ("r_what", "r_so_what", "r_now_what"):
        st.session_state[key] = ""

with write_tab:
    if editing:
        st.info(f"Editing reflection #{editing['id']} (version {editing['version']}).")
    session_date = st.date_input("Session date", value=editing["date"] if editing else date.today())
    what = st.text_area("What happened?", key="r_what", height=110,
                        placeholder="Describe the moment: when, who was there, what was said or done.")
    so_what = st.text_area("So what? What did you notice or learn?", key="r_so_what", height=90)
    now_what = st.text_area("Now what? What will you do next?", key="r_now_what", height=90)
    text = note_text(what, so_what, now_what)
    if text:
        analysis = analyze_reflection(text, [], nlp=ctx.nlp, embedder=ctx.embedder, guidance=None,
                                      k_guidance=0)
        with st.container(border=True):
            st.markdown("**Cues**")
            for cue in analysis.cues:
                icon = ":material/check_circle:" if cue.ok else ":material/lightbulb:"
                st.markdown(f"{icon} {cue.message}")
    st.markdown("**Questions that might help**")
    for prompt in choose_prompts(text or "general"):
        st.markdown(f"- {prompt.text}")
    shared = st.checkbox("Share with my mentor", value=bool(editing and editing["shared"]))
    if st.button("Save reflection", type="primary"):
        with shows_errors(), st.spinner("Saving, linking to your goals, finding guidance…"):
            saved = service.save(actor, what=what, so_what=so_what, now_what=now_what,
                                 session_date=session_date, shared=shared,
                                 note_id=editing["id"] if editing else None,
                                 expected_version=editing["version"] if editing else None)
            st.session_state["last_saved"] = saved.note.id
            st.session_state.pop("editing_note", None)
            st.session_state["flash"] = "Saved. " + ("Shared with your mentor." if shared
                                                     else "Only you can see it.")
            st.session_state["last_guidance"] = [(g.title, g.text, g.answers)
                                                 for g in saved.analysis.guidance]
            st.session_state["clear_reflection"] = True
            st.rerun()
    if "flash" in st.session_state:
        st.success(st.session_state.pop("flash"))
    last = st.session_state.get("last_saved")
    if last:
        with shows_errors():
            note = service.get(actor, last)
            goals = service.goals.goals(actor)
            st.subheader("Linked goals")
            if not goals:
                st.info("You have no goals yet, so this reflection is not linked. Add one in **My goals**.")
            else:
                for link in note.links:
                    st.markdown(f"- {link.title} · confidence {link.confidence:.0%} ({link.source})")
                by_id = {g.id: g.title for g in goals}
                chosen = st.multiselect("Change the links", list(by_id),
                                        default=[link.goal_id for link in note.links],
                                        format_func=lambda gid: by_id[gid], key=f"links-{last}")
                if st.button("Update links"):
                    service.set_links(actor, last, chosen)
                    st.rerun()
        st.subheader("Guidance that fits what you wrote")
        for title, body, answers in st.session_state.get("last_guidance", []):
            with st.expander(title):
                st.caption(f"For: “{answers}”")
                st.markdown(body)

with mine_tab:
    notes = service.notes(actor)
    if not notes:
        st.info("No reflections yet. Write your first one in **Write**.")
    for note in notes:
        with st.container(border=True):
            st.caption(f"{note.session_date} · {'shared with mentor' if note.shared else 'private'} · "
                       f"version {note.version}"
                       + (" · goals: " + ", ".join(link.title for link in note.links) if note.links else ""))
            st.text(note.text)
            c1, c2 = st.columns(2)
            if c1.button("Edit", key=f"edit-{note.id}"):
                st.session_state["editing_note"] = {"id": note.id, "version": note.version,
                                                    "date": note.session_date, "shared": note.shared}
                st.session_state["r_what"], st.session_state["r_so_what"] = note.what, note.so_what
                st.session_state["r_now_what"] = note.now_what
                st.rerun()
            history = service.history(actor, note.id)
            if history:
                with c2.popover(f"History ({len(history)})"):
                    for rev in history:
                        st.caption(f"version {rev.version} · {rev.edited_at:%Y-%m-%d %H:%M}")
                        st.text(note_text(rev.what, rev.so_what, rev.now_what))
