"""One mentoring pair's check-in panel: cadence, both time zones, overlap, invite, agenda."""

from __future__ import annotations

from datetime import UTC, date, datetime, time
from typing import TYPE_CHECKING

import streamlit as st

from coach.access import Actor
from coach.reflection import agenda as agenda_mod
from coach.reflection import checkins
from coach.reflection.agenda import md_inline
from ui.state import context
from ui.widgets import shows_errors

if TYPE_CHECKING:  # the type only: every read goes through the services
    from coach.context import Database


def pair_panel(db: Database, actor: Actor, pair_id: int) -> None:
    """Cadence, time zones, invite and agenda for one pair (also used on the mentor page)."""
    status = checkins.cadence_status(db, actor, pair_id)
    mentor, mentee = context().people.pair_members(actor, pair_id)
    if status.overdue:
        last = f"; last one {status.last_checkin:%d %b %Y}" if status.last_checkin else ""
        st.warning(f"Check-in overdue by {status.days_overdue} days (every {status.cadence_days} "
                   f"days{last}).", icon=":material/schedule:")
    else:
        st.success(f"On track: next check-in due {status.next_due:%a %d %b %Y}.")
    log_panel(db, actor, pair_id)
    slot = checkins.suggest_slot(db, actor, pair_id)
    st.markdown("**Plan the next check-in**")
    st.caption("Pick a day and time; both local times and your working-hours overlap are shown.")
    c1, c2 = st.columns(2)
    day = c1.date_input("Day", value=(slot or datetime.now()).date(), key=f"day-{pair_id}")
    at_time = c2.time_input("Time (UTC)", value=(slot.time() if slot else time(14, 0)), key=f"time-{pair_id}")
    when = datetime.combine(day, at_time)
    for label in checkins.local_times(when, mentor.timezone, mentee.timezone).values():
        st.markdown(f"- {label}")
    overlap = checkins.working_overlap(tz_a=mentor.timezone, hours_a=(mentor.work_start, mentor.work_end),
                                       tz_b=mentee.timezone, hours_b=(mentee.work_start, mentee.work_end),
                                       on=day)
    st.caption("Working-hours overlap that day (UTC): " + (", ".join(
        f"{a:%H:%M}–{b:%H:%M}" for a, b in overlap) if overlap else "none; consider an async update."))
    future = when > checkins.utc_naive(datetime.now(UTC))
    st.download_button("Download calendar invite (.ics)",
                       checkins.checkin_ics(db, actor, pair_id, at=when) if future else "",
                       file_name="checkin.ics", mime="text/calendar", disabled=not future,
                       key=f"ics-{pair_id}")
    if not future:
        st.caption("Pick a time in the future to download an invite.")
    md = agenda_mod.agenda_markdown(agenda_mod.build_agenda(db, actor, pair_id),
                                    mentor_name=mentor.name, mentee_name=mentee.name)
    with st.expander("Agenda for the next check-in"):
        st.markdown(md)
    st.download_button("Download agenda (Markdown)", md, file_name="agenda.md", mime="text/markdown",
                       key=f"agenda-{pair_id}")


def log_panel(db: Database, actor: Actor, pair_id: int) -> None:
    """Log a check-in that took place (date, optional note private to the pair) and list recent ones."""
    with st.expander("Log a check-in you held", icon=":material/event_available:"):
        with st.form(f"log-{pair_id}", clear_on_submit=True, border=False):
            held_on = st.date_input("Held on", value=date.today(), max_value=date.today(),
                                    key=f"held-{pair_id}")
            note = st.text_area("Note (optional, only the two of you see it)", key=f"held-note-{pair_id}",
                                height=70, placeholder="e.g. agreed to try a one-page budget")
            if st.form_submit_button("Log check-in", type="primary"):
                with shows_errors():
                    checkins.log_checkin(db, actor, pair_id, on=held_on, note=note)
                    st.session_state["flash_checkin"] = f"Logged the check-in of {held_on:%d %b %Y}."
                    st.rerun()
        log = checkins.logged_checkins(db, actor, pair_id, limit=5)
        if log:
            st.markdown("**Recent check-ins**")
            for item in log:
                st.markdown(f"- {item.at:%a %d %b %Y}" + (f": {md_inline(item.note)}" if item.note else ""))
        else:
            st.caption("No check-ins logged yet.")
    if "flash_checkin" in st.session_state:
        st.success(st.session_state.pop("flash_checkin"))
