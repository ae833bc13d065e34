"""Check-in cadence, scheduling, time-zone overlap and calendar export."""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta
from zoneinfo import ZoneInfo

import pytest
from icalendar import Calendar

from coach.access import OPERATOR, Actor
from coach.errors import AccessDeniedError, InputError, NotFoundError
from coach.reflection.checkins import (
    cadence_status,
    checkin_ics,
    first_overlap,
    local_times,
    mark_done,
    pairs_for,
    schedule_checkin,
    suggest_slot,
    working_overlap,
)
from coach.store.models import Pair, Person
from coach.store.people import get_actor
from tests.helpers import pair_id

TODAY = date(2026, 11, 29)
NOW = datetime(2026, 11, 29, 12, 0)


@pytest.mark.parametrize(("mentor", "mentee", "next_due", "overdue", "days_overdue"), [
    ("maria", "ana", date(2026, 12, 9), False, 0),
    ("chidi", "kofi", date(2026, 12, 2), False, 0),
    ("chidi", "mateo", date(2026, 10, 16), True, 44),
    ("priya", "liza", date(2026, 12, 9), False, 0),
    ("jonas", "jiwoo", date(2026, 12, 4), False, 0),
    ("grace", "wanjiru", date(2026, 12, 2), False, 0),
])
def test_demo_cadence(db, mentor, mentee, next_due, overdue, days_overdue):
    pid = pair_id(db, mentor, mentee)
    for viewer in (mentor, mentee):
        status = cadence_status(db, get_actor(db, viewer), pid, today=TODAY)
        assert (status.next_due, status.overdue, status.days_overdue) == (next_due, overdue, days_overdue)
        assert status.upcoming is None


def test_only_chidi_and_mateo_are_overdue_in_the_demo(db):
    overdue = set()
    for mentor in ("maria", "chidi", "priya", "jonas", "grace"):
        actor = get_actor(db, mentor)
        for info in pairs_for(db, actor):
            if cadence_status(db, actor, info.pair_id, today=TODAY).overdue:
                overdue.add((info.mentor_name, info.mentee_name))
    assert overdue == {("Chidi Okafor", "Mateo Fernández")}


def test_a_scheduled_checkin_clears_overdue_and_mark_done_moves_the_due_date(db):
    chidi = get_actor(db, "chidi")
    pid = pair_id(db, "chidi", "mateo")
    at = datetime(2026, 12, 1, 15, 0)
    checkin_id = schedule_checkin(db, chidi, pid, at=at, now=NOW)
    assert schedule_checkin(db, chidi, pid, at=at, now=NOW) == checkin_id  # same time: same check-in
    status = cadence_status(db, chidi, pid, today=TODAY)
    assert (status.overdue, status.days_overdue, status.upcoming) == (False, 0, at)

    with pytest.raises(InputError, match="after it has taken place"):
        mark_done(db, chidi, checkin_id, now=NOW)
    mark_done(db, get_actor(db, "mateo"), checkin_id, now=datetime(2026, 12, 1, 16, 0))
    mark_done(db, chidi, checkin_id, now=datetime(2026, 12, 1, 16, 0))  # twice is harmless
    status = cadence_status(db, chidi, pid, today=date(2026, 12, 2))
    assert status.last_checkin == at
    assert status.next_due == date(2026, 12, 31)
    assert status.upcoming is None


def test_aware_times_are_stored_as_utc(db):
    chidi = get_actor(db, "chidi")
    pid = pair_id(db, "chidi", "kofi")
    berlin = datetime(2026, 12, 3, 15, 0, tzinfo=UTC).astimezone(ZoneInfo("Europe/Berlin"))
    schedule_checkin(db, chidi, pid, at=berlin, now=NOW)
    assert cadence_status(db, chidi, pid, today=TODAY).upcoming == datetime(2026, 12, 3, 15, 0)


def test_new_pair_is_due_a_cadence_after_it_started(db):
    with db.session() as session:
        mentor = Person(handle="m-new", name="New Mentor", role="mentor")
        mentee = Person(handle="e-new", name="New Mentee", role="mentee")
        session.add_all([mentor, mentee])
        session.flush()
        pair = Pair(mentor_id=mentor.id, mentee_id=mentee.id, started=date(2026, 11, 1), cadence_days=21)
        session.add(pair)
        session.flush()
        pid = pair.id
    status = cadence_status(db, get_actor(db, "m-new"), pid, today=TODAY)
    assert (status.last_checkin, status.next_due, status.overdue) == (None, date(2026, 11, 22), True)
    assert status.days_overdue == 7


@pytest.mark.parametrize("at", [NOW - timedelta(minutes=1), datetime(2025, 1, 1, 9, 0)])
def test_past_times_are_refused(db, at):
    with pytest.raises(InputError, match="in the past"):
        schedule_checkin(db, get_actor(db, "chidi"), pair_id(db, "chidi", "mateo"), at=at, now=NOW)


def test_a_date_without_time_is_refused(db):
    with pytest.raises(InputError, match="date and a time"):
        schedule_checkin(db, get_actor(db, "chidi"), pair_id(db, "chidi", "mateo"),
                         at=date(2026, 12, 1), now=NOW)  # type: ignore[arg-type]


@pytest.mark.parametrize("who", ["noor", "tomasz", "maria", "kofi", "ana", None])
def test_non_members_are_refused(db, who):
    actor = OPERATOR if who is None else get_actor(db, who)
    pid = pair_id(db, "chidi", "mateo")
    calls = [
        lambda: cadence_status(db, actor, pid, today=TODAY),
        lambda: schedule_checkin(db, actor, pid, at=datetime(2026, 12, 1, 15), now=NOW),
        lambda: suggest_slot(db, actor, pid, now=NOW),
        lambda: checkin_ics(db, actor, pid, at=datetime(2026, 12, 1, 15)),
    ]
    for call in calls:
        with pytest.raises(AccessDeniedError, match="not part of mentoring pair"):
            call()


def test_mark_done_is_members_only_and_unknown_ids_are_not_found(db):
    pid = pair_id(db, "chidi", "mateo")
    checkin_id = schedule_checkin(db, get_actor(db, "chidi"), pid, at=datetime(2026, 12, 1, 15), now=NOW)
    with pytest.raises(AccessDeniedError):
        mark_done(db, get_actor(db, "noor"), checkin_id, now=datetime(2026, 12, 2))
    with pytest.raises(NotFoundError):
        mark_done(db, get_actor(db, "chidi"), 999_999)
    with pytest.raises(NotFoundError):
        cadence_status(db, get_actor(db, "chidi"), 999_999)


@pytest.mark.parametrize(("who", "expected"), [
    ("chidi", {("Chidi Okafor", "Kofi Mensah", "mentor"), ("Chidi Okafor", "Mateo Fernández", "mentor")}),
    ("mateo", {("Chidi Okafor", "Mateo Fernández", "mentee")}),
    ("fatima", set()),
    ("noor", set()),
])
def test_pairs_for(db, who, expected):
    assert {(p.mentor_name, p.mentee_name, p.my_role) for p in pairs_for(db, get_actor(db, who))} == expected
    assert pairs_for(db, OPERATOR) == []


def _utc(day: date, hour: int) -> datetime:
    return datetime(day.year, day.month, day.day, hour)


@pytest.mark.parametrize(("on", "start_hour", "end_hour"), [
    (date(2026, 1, 15), 14, 16),   # both on standard time: 6 hours apart
    (date(2026, 3, 8), 13, 16),    # Toronto switches to DST that morning, Berlin not yet: 5 hours
    (date(2026, 3, 10), 13, 16),   # the gap weeks: North America on DST, Europe not
    (date(2026, 7, 1), 13, 15),    # both on summer time
    (date(2026, 10, 28), 13, 16),  # Europe back on standard time, North America not yet
    (date(2026, 11, 2), 14, 16),   # both back on standard time
])
def test_toronto_berlin_overlap_follows_dst(on, start_hour, end_hour):
    got = working_overlap(tz_a="America/Toronto", hours_a=(9, 17), tz_b="Europe/Berlin", hours_b=(9, 17),
                          on=on)
    assert got == [(_utc(on, start_hour), _utc(on, end_hour))]
    swapped = working_overlap(tz_a="Europe/Berlin", hours_a=(9, 17), tz_b="America/Toronto", hours_b=(9, 17),
                              on=on)
    assert swapped == got


@pytest.mark.parametrize(("tz_a", "hours_a", "tz_b", "hours_b", "expected"), [
    ("Asia/Seoul", (10, 19), "America/Toronto", (8, 16), []),
    ("Asia/Manila", (9, 18), "Asia/Kolkata", (10, 18),
     [(datetime(2026, 12, 2, 4, 30), datetime(2026, 12, 2, 10, 0))]),
    ("UTC", (22, 6), "UTC", (5, 9),  # night shifts starting on 1 and 2 Dec run past midnight
     [(datetime(2026, 12, 2, 5, 0), datetime(2026, 12, 2, 6, 0)),
      (datetime(2026, 12, 3, 5, 0), datetime(2026, 12, 3, 6, 0))]),
    ("Pacific/Auckland", (9, 17), "America/Los_Angeles", (9, 17),  # one's today is the other's tomorrow
     [(datetime(2026, 12, 1, 20, 0), datetime(2026, 12, 2, 1, 0)),
      (datetime(2026, 12, 2, 20, 0), datetime(2026, 12, 3, 1, 0))]),
])
def test_overlap_table(tz_a, hours_a, tz_b, hours_b, expected):
    assert working_overlap(tz_a=tz_a, hours_a=hours_a, tz_b=tz_b, hours_b=hours_b,
                           on=date(2026, 12, 2)) == expected


@pytest.mark.parametrize(("kwargs", "match"), [
    ({"tz_a": "Mars/Olympus_Mons"}, "Mars/Olympus_Mons"),
    ({"tz_b": ""}, "Unknown time zone ''"),
    ({"hours_a": (17, 17)}, "start != end"),
    ({"hours_b": (9, 25)}, "end 0-24"),
    ({"hours_a": (9,)}, "two whole hours"),
])
def test_overlap_bad_input(kwargs, match):
    args = {"tz_a": "Europe/Berlin", "hours_a": (9, 17), "tz_b": "UTC", "hours_b": (9, 17), **kwargs}
    with pytest.raises(InputError, match=match):
        working_overlap(on=date(2026, 12, 2), **args)


def test_first_overlap_skips_weekends_and_gives_up_when_there_is_none():
    saturday = datetime(2026, 11, 28, 0, 0)
    slot = first_overlap(tz_a="America/Toronto", hours_a=(9, 17), tz_b="Europe/Berlin", hours_b=(9, 17),
                         start=saturday)
    assert slot == datetime(2026, 11, 30, 14, 0)
    late = first_overlap(tz_a="America/Toronto", hours_a=(9, 17), tz_b="Europe/Berlin", hours_b=(9, 17),
                         start=datetime(2026, 11, 30, 14, 7))
    assert late == datetime(2026, 11, 30, 14, 15)
    assert first_overlap(tz_a="Asia/Seoul", hours_a=(10, 19), tz_b="America/Toronto", hours_b=(8, 16),
                         start=saturday) is None


def test_suggest_slot(db):
    chidi = get_actor(db, "chidi")
    # Overdue pair: from now on. Sunday 29 Nov -> Monday, when Lagos (9-17) and Mexico City (8-17) overlap.
    assert suggest_slot(db, chidi, pair_id(db, "chidi", "mateo"), now=NOW) == datetime(2026, 11, 30, 14, 0)
    # Pair due on Wednesday 2 Dec: nothing earlier is suggested.
    assert suggest_slot(db, chidi, pair_id(db, "chidi", "kofi"), now=NOW) == datetime(2026, 12, 2, 8, 0)


def test_local_times_format():
    got = local_times(datetime(2026, 12, 2, 13, 0), "Europe/Berlin", "America/Toronto", "Asia/Kolkata")
    assert got == {
        "Europe/Berlin": "Wed 2 Dec 2026, 14:00 (Europe/Berlin)",
        "America/Toronto": "Wed 2 Dec 2026, 08:00 (America/Toronto)",
        "Asia/Kolkata": "Wed 2 Dec 2026, 18:30 (Asia/Kolkata)",
    }
    with pytest.raises(InputError, match="Nowhere/Land"):
        local_times(datetime(2026, 12, 2, 13, 0), "Nowhere/Land")


def test_ics_round_trips(db):
    grace = get_actor(db, "grace")
    pid = pair_id(db, "grace", "wanjiru")
    at = datetime(2026, 12, 2, 14, 0)
    text = checkin_ics(db, grace, pid, at=at, duration_minutes=30)
    assert text.startswith("BEGIN:VCALENDAR\r\n") and text.endswith("END:VCALENDAR\r\n")
    events = list(Calendar.from_ical(text).walk("VEVENT"))
    assert len(events) == 1
    event = events[0]
    assert event.decoded("dtstart") == datetime(2026, 12, 2, 14, 0, tzinfo=UTC)
    assert event.decoded("dtend") == datetime(2026, 12, 2, 14, 30, tzinfo=UTC)
    assert str(event["summary"]) == "Mentoring check-in: Grace Liu / Wanjiru Kamau"
    description = str(event["description"])
    assert "Wed 2 Dec 2026, 09:00 (America/Toronto)" in description
    assert "Wed 2 Dec 2026, 17:00 (Africa/Nairobi)" in description
    again = checkin_ics(db, get_actor(db, "wanjiru"), pid, at=at.replace(tzinfo=UTC))
    assert Calendar.from_ical(again).walk("VEVENT")[0]["uid"] == event["uid"]


@pytest.mark.parametrize("minutes", [0, 4, 481])
def test_ics_duration_is_checked(db, minutes):
    with pytest.raises(InputError, match="5 to 480 minutes"):
        checkin_ics(db, get_actor(db, "grace"), pair_id(db, "grace", "wanjiru"),
                    at=datetime(2026, 12, 2, 14), duration_minutes=minutes)


def test_actor_without_person_row_is_refused(db):
    stranger = Actor(id=None, role="mentor", name="Nobody")
    with pytest.raises(AccessDeniedError, match="Nobody"):
        cadence_status(db, stranger, pair_id(db, "chidi", "mateo"))


def test_logging_a_checkin_clears_overdue_and_keeps_the_note_in_the_pair(db):
    from coach.reflection.checkins import cadence_status, log_checkin, logged_checkins

    mentee, mentor = get_actor(db, "mateo"), get_actor(db, "chidi")
    pid = pair_id(db, "chidi", "mateo")
    today = date(2026, 12, 1)
    assert cadence_status(db, mentee, pid, today=today).overdue
    log_checkin(db, mentor, pid, on=date(2026, 11, 30), note="Agreed on a budget template.", today=today)
    status = cadence_status(db, mentee, pid, today=today)
    assert not status.overdue and status.last_checkin.date() == date(2026, 11, 30)
    again = log_checkin(db, mentee, pid, on=date(2026, 11, 30), today=today)
    log = logged_checkins(db, mentee, pid)
    assert log[0].id == again and log[0].note == "Agreed on a budget template."
    for outsider in ("maria", "noor"):
        with pytest.raises(AccessDeniedError):
            logged_checkins(db, get_actor(db, outsider), pid)
        with pytest.raises(AccessDeniedError):
            log_checkin(db, get_actor(db, outsider), pid, on=today, today=today)
    with pytest.raises(InputError, match="in the future"):
        log_checkin(db, mentee, pid, on=date(2026, 12, 2), today=today)
    with pytest.raises(InputError, match="before this pair started"):
        log_checkin(db, mentee, pid, on=date(2000, 1, 1), today=today)
