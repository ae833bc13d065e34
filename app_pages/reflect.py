"""Reflect (mentees): a guided reflection with live cues, goal links and fitting guidance."""

from __future__ import annotations

from datetime import date
from typing import Any

import streamlit as st

from coach.reflection import comments as comments_mod
from coach.reflection.agenda import md_inline  # user text: no links or images
from coach.reflection.analyze import analyze_reflection
from coach.reflection.link_features import ReflectionParts
from coach.reflection.prompts import choose_prompts
from coach.reflection.reflections import NoteView, note_text
from ui.autosave import Autosaver
from ui.state import context, require_actor, wait_for_models
from ui.widgets import shows_errors

st.title("Reflect")
st.caption("After a session: what happened, what you noticed, what you will do next. Private unless "
           "you share it with your mentor.")
ctx = context()
actor = require_actor()
service = ctx.reflections
FIELDS = ("what", "so_what", "now_what")
LABELS = {"what": "What happened?", "so_what": "So what? What did you notice or learn?",
          "now_what": "Now what? What will you do next?"}


def _start_edit(note: NoteView) -> None:
    """Callback (runs before the page): fill the note's own edit form with its current text."""
    st.session_state["editing_note"] = {"id": note.id, "version": note.version}
    for name in FIELDS:
        st.session_state[f"e_{name}-{note.id}"] = getattr(note, name)
    st.session_state[f"e_date-{note.id}"] = note.session_date


def _stop_edit() -> None:
    st.session_state.pop("editing_note", None)


def _reason(goal_id: int) -> str:
    """The sentence of the just-saved reflection that matched this goal, as the link's reason."""
    sentence = (st.session_state.get("last_reasons") or {}).get(goal_id, "")
    return f" — you wrote “{md_inline(sentence)}”" if sentence else ""


def _choose(note_id: int, goal_id: int | None) -> None:
    with shows_errors():
        service.choose_goal(actor, note_id, goal_id)
        st.session_state["flash_links"] = ("Linked. The coach will remember this for your next "
                                           "reflections." if goal_id is not None
                                           else "Not linked to either goal.")


def _linked_goals(note: NoteView, titles: dict[int, str]) -> None:
    """The goals the reflection is linked to, each with its reason; "which goal?" when the coach
    cannot tell the top two apart; a single unsure goal to confirm; and the mentee's own choice."""
    if "flash_links" in st.session_state:
        st.success(st.session_state.pop("flash_links"))
    for link in note.links:
        how = "your choice" if link.source == "user" else "linked automatically"
        st.markdown(f"- **{md_inline(link.title)}** ({how}){_reason(link.goal_id)}")
    if len(note.suggestions) >= 2:  # too close to call: ask
        with st.container(border=True):
            st.markdown("**Which goal is this reflection about?** It fits two of your goals about "
                        "equally well, so it is not linked until you choose.")
            for s in note.suggestions:
                st.caption(f"{md_inline(s.title)}{_reason(s.goal_id)}")
            cols = st.columns(len(note.suggestions) + 1)
            for col, s in zip(cols, note.suggestions, strict=False):
                col.button(md_inline(s.title), key=f"pick-{note.id}-{s.goal_id}", on_click=_choose,
                           args=(note.id, s.goal_id), use_container_width=True)
            cols[-1].button("Neither", key=f"pick-{note.id}-none", on_click=_choose,
                            args=(note.id, None), use_container_width=True)
    elif note.suggestions:
        suggestion = note.suggestions[0]
        st.markdown(f"Is this reflection about **{md_inline(suggestion.title)}**? The coach is not "
                    "sure, so it is not linked until you say so.")
        if _reason(suggestion.goal_id):
            st.caption("Y" + _reason(suggestion.goal_id).removeprefix(" — y"))
        yes, no, _ = st.columns([1, 1, 3])
        if yes.button("Yes, link it", key=f"yes-{note.id}-{suggestion.goal_id}"):
            service.confirm_suggestion(actor, note.id, suggestion.goal_id, accept=True)
            st.rerun()
        if no.button("No", key=f"no-{note.id}-{suggestion.goal_id}"):
            service.confirm_suggestion(actor, note.id, suggestion.goal_id, accept=False)
            st.rerun()
    if not note.links and not note.suggestions:
        st.caption("Not linked to a goal.")
    chosen = st.multiselect("Change the links", list(titles),
                            default=[link.goal_id for link in note.links],
                            format_func=lambda gid: titles[gid],
                            key=f"links-{note.id}-" + "-".join(str(link.goal_id) for link in note.links))
    if st.button("Update links", key=f"update-links-{note.id}"):
        service.set_links(actor, note.id, chosen)
        st.rerun()


if st.session_state.pop("clear_reflection", False):  # after a save: start a fresh form
    for key in ("r_what", "r_so_what", "r_now_what"):
        st.session_state[key] = ""
    st.session_state["r_shared"] = False

draft = Autosaver(actor, "reflection", {"what": "r_what", "so_what": "r_so_what", "now_what": "r_now_what"})
write_tab, mine_tab = st.tabs(["Write", "My reflections"])

with write_tab:
    draft.restore()  # unsaved text from an earlier visit (closed tab, restart) goes back into the boxes
    session_date = st.date_input("Session date", value=date.today(), key="r_date")
    what = st.text_area(LABELS["what"], key="r_what", height=110, on_change=draft.on_change,
                        placeholder="Describe the moment: when, who was there, what was said or done.")
    so_what = st.text_area(LABELS["so_what"], key="r_so_what", height=90, on_change=draft.on_change)
    now_what = st.text_area(LABELS["now_what"], key="r_now_what", height=90, on_change=draft.on_change)
    draft.watch()  # saves what is typed every few seconds, before the box is left
    text = note_text(what, so_what, now_what)
    if text:
        wait_for_models()
        with shows_errors():
            analysis = analyze_reflection(text, [], nlp=ctx.nlp, embedder=ctx.embedder, guidance=None,
                                          k_guidance=0, parts=ReflectionParts(what, so_what, now_what))
            with st.container(border=True):
                st.markdown("**Cues**")
                for cue in analysis.cues:
                    icon = ":material/check_circle:" if cue.ok else ":material/lightbulb:"
                    st.markdown(f"{icon} {cue.message}")
    st.markdown("**Questions that might help**")
    for prompt in choose_prompts(text or "general"):
        st.markdown(f"- {prompt.text}")
    shared = st.checkbox("Share with my mentor", key="r_shared")
    if st.button("Save reflection", type="primary", key="r_save"):
        wait_for_models()
        with shows_errors(), st.spinner("Saving, linking to your goals, finding guidance…"):
            saved = service.save(actor, what=what, so_what=so_what, now_what=now_what,
                                 session_date=session_date, shared=shared)
            st.session_state["last_saved"] = saved.note.id
            st.session_state["flash"] = "Saved. " + ("Shared with your mentor." if shared
                                                     else "Only you can see it.")
            st.session_state["last_guidance"] = [(g.title, g.text, g.answers)
                                                 for g in saved.analysis.guidance]
            st.session_state["last_reasons"] = saved.reasons
            st.session_state["clear_reflection"] = True
            draft.clear()
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
                _linked_goals(note, {g.id: g.title for g in goals})
        guidance = st.session_state.get("last_guidance", [])
        if guidance:
            st.subheader("Guidance that fits what you wrote")
            for i, (title, body, answers) in enumerate(guidance):
                with st.container(border=True):
                    st.markdown(f"**{title}**")
                    st.caption(f"For: “{md_inline(answers)}”")
                    with st.expander("Read it", expanded=i == 0):
                        st.markdown(body)


def _edit_form(note: NoteView) -> None:
    st.info(f"Editing the reflection of {note.session_date:%d %b %Y}. Saving keeps the current text "
            "in **History**.", icon=":material/edit:")
    new_date = st.date_input("Session date", key=f"e_date-{note.id}")
    values = {name: st.text_area(LABELS[name], key=f"e_{name}-{note.id}", height=90)
              for name in FIELDS}
    editing: dict[str, Any] = st.session_state["editing_note"]
    save, cancel, _ = st.columns([1, 1, 3])
    if save.button("Save new version", type="primary", key=f"e_save-{note.id}"):
        wait_for_models()
        with shows_errors(), st.spinner("Saving…"):
            service.save(actor, **values, session_date=new_date, shared=note.shared,
                         note_id=note.id, expected_version=editing["version"])
            _stop_edit()
            st.session_state["flash_mine"] = "Saved a new version."
            st.rerun()
    cancel.button("Cancel", key=f"e_cancel-{note.id}", on_click=_stop_edit)


def _comments(note: NoteView) -> None:
    thread = comments_mod.comments(ctx.db, actor, note.id)
    if not thread and not note.shared:
        return
    with st.expander(f"Comments ({len(thread)})" if thread else "Comments"):
        for c in thread:
            who = "You" if c.author_id == actor.id else c.author_name
            st.markdown(f"**{who}** · {c.created_at:%d %b %Y %H:%M}")
            st.text(c.text)
        if note.shared:
            reply = st.text_area("Reply to your mentor", key=f"c_text-{note.id}", height=70)
            if st.button("Post reply", key=f"c_post-{note.id}"):
                with shows_errors():
                    comments_mod.add_comment(ctx.db, actor, note.id, reply)
                    st.session_state.pop(f"c_text-{note.id}", None)
                    st.rerun()
        else:
            st.caption("Share the reflection again to continue the conversation.")


with mine_tab:
    if "flash_mine" in st.session_state:
        st.success(st.session_state.pop("flash_mine"))
    with shows_errors():
        notes = service.notes(actor)
        if not notes:
            st.info("No reflections yet. Write your first one in **Write**.")
        editing_id = (st.session_state.get("editing_note") or {}).get("id")
        for note in notes:
            with st.container(border=True):
                st.caption(f"{note.session_date:%d %b %Y} · "
                           f"{'shared with your mentor' if note.shared else 'private'} · "
                           f"version {note.version}"
                           + (" · goals: " + ", ".join(link.title for link in note.links)
                              if note.links else ""))
                if editing_id == note.id:
                    _edit_form(note)
                    continue
                st.text(note.text)
                c1, c2, c3 = st.columns(3)
                c1.button("Edit", key=f"edit-{note.id}", on_click=_start_edit, args=(note,),
                          icon=":material/edit:")
                label = "Stop sharing" if note.shared else "Share with my mentor"
                if c2.button(label, key=f"share-{note.id}"):
                    with shows_errors():
                        service.set_shared(actor, note.id, not note.shared)
                        st.session_state["flash_mine"] = ("Shared with your mentor." if not note.shared
                                                          else "Only you can see it now.")
                        st.rerun()
                history = service.history(actor, note.id)
                if history:
                    with c3.popover(f"History ({len(history)})"):
                        for rev in reversed(history):
                            st.caption(f"version {rev.version} · {rev.edited_at:%d %b %Y %H:%M}")
                            st.text(note_text(rev.what, rev.so_what, rev.now_what))
                            if st.button(f"Restore version {rev.version}",
                                         key=f"restore-{note.id}-{rev.version}"):
                                wait_for_models()
                                with shows_errors():
                                    service.restore(actor, note.id, rev.version)
                                    st.session_state["flash_mine"] = (
                                        f"Restored version {rev.version} as a new version; the "
                                        "text it replaced is in History.")
                                    st.rerun()
                _comments(note)
