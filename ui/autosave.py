"""Autosave for a page's text boxes (the Streamlit side of ``coach.autosave``).

A page makes one ``Autosaver`` per form, calls ``restore()`` before its text areas (saved text goes
back into boxes that start empty, with "Restored your unsaved text from 14:02 · Discard"), passes
``on_change=saver.on_change`` to each text area (saves on blur / Ctrl+Enter), calls ``watch()`` after
them, and ``clear()`` once the form is saved.

``watch()`` is a fragment holding a zero-height component (``ui/autosave_watch/index.html``) that
reads the boxes in the browser while the person types, because Streamlit itself sends a text area's
value only on blur or Ctrl+Enter: a fragment that merely re-runs every few seconds would see none of
the unsent typing. Every few seconds (and when the tab is hidden or closed) changed text is handed to
the fragment, which saves it; only the fragment re-runs, so the page does not flicker.
"""

from __future__ import annotations

from datetime import UTC, datetime
from pathlib import Path
from zoneinfo import ZoneInfo

import streamlit as st
import streamlit.components.v1 as components

from coach.access import Actor
from coach.errors import CoachError
from ui.state import context

_watch_component = components.declare_component(
    "coach_autosave", path=str(Path(__file__).resolve().parent / "autosave_watch"))
EVERY_SECONDS = 3.0


def _local(at: datetime) -> str:
    """A stored UTC time in the browser's time zone (UTC when the browser does not say)."""
    try:
        zone = ZoneInfo(st.context.timezone or "UTC")
    except Exception:  # unknown zone name, or no browser (AppTest)
        zone = ZoneInfo("UTC")
    local = at.replace(tzinfo=UTC).astimezone(zone)
    today = datetime.now(zone).date()
    return f"{local:%H:%M}" if local.date() == today else f"{local:%d %b %Y, %H:%M}"


class Autosaver:
    def __init__(self, actor: Actor, kind: str, fields: dict[str, str]) -> None:
        """``fields``: the form's field name -> the key of its text area."""
        self.actor, self.kind, self.fields = actor, kind, fields
        self._known = f"_autosave_known_{kind}"
        self._notice = f"_autosave_restored_{kind}"
        self._seen = f"_autosave_seen_{kind}"
        self._cleared = f"_autosave_cleared_{kind}"

    @property
    def service(self):  # type: ignore[no-untyped-def]
        return context().autosave

    def restore(self) -> None:
        """Before the text areas: put back unsaved text into boxes that start empty; the notice."""
        fresh = [field for field, key in self.fields.items() if key not in st.session_state]
        if fresh:
            try:
                saved = self.service.load(self.actor, self.kind)
            except CoachError:
                saved = {}
            restored = {field: saved[field] for field in fresh if field in saved}
            known = st.session_state.setdefault(self._known, {})
            for field, row in restored.items():
                st.session_state[self.fields[field]] = row.text
                known[self.fields[field]] = row.text
            if restored:
                st.session_state[self._notice] = max(row.updated_at for row in restored.values())
        when = st.session_state.get(self._notice)
        if when is not None:
            text, button = st.columns([5, 1], vertical_alignment="center")
            text.info(f"Restored your unsaved text from {_local(when)}.", icon=":material/restore:")
            button.button("Discard", key=f"autosave-discard-{self.kind}", on_click=self.discard,
                          help="Empty the boxes and forget the unsaved text.")

    def _save(self, by_key: dict[str, str]) -> None:
        values = {field: by_key[key] for field, key in self.fields.items() if key in by_key}
        if not values:
            return
        try:
            self.service.save(self.actor, self.kind, {f: str(v or "") for f, v in values.items()})
        except CoachError as error:
            st.session_state[f"_autosave_error_{self.kind}"] = str(error)
            return
        st.session_state.setdefault(self._known, {}).update({self.fields[f]: v for f, v in values.items()})

    def on_change(self) -> None:
        """``on_change`` of the text areas: save what the boxes hold now."""
        self._save({key: str(st.session_state.get(key) or "") for key in self.fields.values()})

    def watch(self) -> None:
        """After the text areas: the in-browser watcher (see the module docstring)."""
        _watcher(self)

    def clear(self) -> None:
        """After the form is saved: forget the unsaved text (and ignore it if the browser, which still
        shows it until the page re-runs, sends it once more)."""
        st.session_state[self._cleared] = {key: str(st.session_state.get(key) or "")
                                           for key in self.fields.values()}
        try:
            self.service.clear(self.actor, self.kind)
        except CoachError:
            pass
        st.session_state[self._known] = {key: "" for key in self.fields.values()}
        st.session_state.pop(self._notice, None)

    def discard(self) -> None:
        """The notice's Discard button (a callback, so it runs before the boxes are drawn)."""
        self.clear()
        for key in self.fields.values():
            st.session_state[key] = ""


@st.fragment
def _watcher(saver: Autosaver) -> None:
    value = _watch_component(keys=list(saver.fields.values()), known=st.session_state.get(saver._known, {}),
                             every=EVERY_SECONDS, key=f"autosave-watch-{saver.kind}", default=None)
    if isinstance(value, dict) and value != st.session_state.get(saver._seen):
        st.session_state[saver._seen] = value
        cleared = st.session_state.get(saver._cleared, {})
        saver._save({str(k): str(v or "") for k, v in value.items() if not (v and cleared.get(k) == v)})
    error = st.session_state.pop(f"_autosave_error_{saver.kind}", None)
    if error:
        st.caption(f":material/cloud_off: Autosave is off: {error}")
