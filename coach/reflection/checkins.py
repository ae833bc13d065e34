"""Check-ins of a mentoring pair: cadence, scheduling, time-zone overlap and calendar invites.

All stored times are naive UTC datetimes. Only the pair's mentor and mentee may see or change a
pair's check-ins; facilitators see program-level summaries elsewhere.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, date, datetime, time, timedelta
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from icalendar import Calendar, Event
from sqlalchemy import select
from sqlalchemy.orm import Session

from coach.access import Actor
from coach.errors import AccessDeniedError, InputError, NotFoundError
from coach.store.db import Database
from coach.store.models import CheckIn, Pair, Person

SUGGEST_WITHINDAY_ABBR = 14
DAY_ABBR = ("Mon", "Tue", "Wed", "Thu", "Fri", "Sat", "Sun")
MONTH_ABBR = ("Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec")


@dataclass(frozen=True)
class PairInfo:
    """An active pair as its members see it; ``my_role`` is the actor's side of the pair."""

    pair_id: int
    mentor_id: int
    mentee_id: int
    mentor_name: str
    mentee_name: str
    started: date
    cadence_days: int
    my_role: str


@dataclass(frozen=True)
class CadenceStatus:
    pair_id: int
    mentor_id: int
    mentee_id: int
    mentor_name: str
    mentee_name: str
    cadence_days: int
    last_checkin: datetime | None
    next_due: date
    overdue: bool
    days_overdue: int
    upcoming: datetime | None


# --- helpers shared by the reflection modules -------------------------------------------------

def utc_naive(value: datetime) -> datetime:
    """A naive UTC datetime; aware values are converted, naive ones are taken to be UTC."""
    if value.tzinfo is not None:
        return value.astimezone(UTC).replace(tzinfo=None)
    return value


def today_utc() -> date:
    return datetime.now(UTC).date()


def fmt_day(value: date | None) -> str:
    """``2 Dec 2026`` (English, independent of the locale); ``no date`` for None."""
    return f"{value.day} {MONTH_ABBR[value.month - 1]} {value.year}" if value else "no date"


def display_name(actor: Actor) -> str:
    return actor.name or actor.handle or "This user"


def member_pair(session: Session, actor: Actor, pair_id: int, *, action: str) -> Pair:
    """The pair, when the actor is its mentor or mentee; otherwise a clear refusal."""
    pair = session.get(Pair, pair_id)
    if pair is None:
        raise NotFoundError(f"No mentoring pair with id {pair_id}. Pick one of your pairs from the "
                            "list of your mentoring pairs.")
    if actor.id is None or actor.id not in (pair.mentor_id, pair.mentee_id):
        hint = (" Facilitators and admins see anonymized program summaries instead."
                if actor.role in ("facilitator", "admin") else "")
        raise AccessDeniedError(
            f"{display_name(actor)} ({actor.role}) is not part of mentoring pair {pair_id}, so may "
            f"not {action}. Only the pair's mentor and mentee can.{hint}"
        )
    return pair


def zone(name: str) -> ZoneInfo:
    """The IANA time zone ``name``; an InputError naming it when it is unknown."""
    try:
        if not name or not name.strip():
            raise ValueError(name)
        return ZoneInfo(name.strip())
    except (ZoneInfoNotFoundError, ValueError, TypeError) as exc:
        raise InputError(f"Unknown time zone {name!r}. Use an IANA name such as 'Europe/Berlin' or "
                         "'America/Toronto' (see the 'TZ identifier' column of the tz database)."
                         ) from exc


# --- pairs and cadence ----------------------------------------------------------------------

def pairs_for(db: Database, actor: Actor) -> list[PairInfo]:
    """The active pairs the actor belongs to, as mentor or as mentee (empty for anyone else)."""
    if actor.id is None:
        return []
    with db.session() as session:
        rows = session.scalars(
            select(Pair).where(Pair.ended.is_(None),
                               (Pair.mentor_id == actor.id) | (Pair.mentee_id == actor.id))
            .order_by(Pair.started, Pair.id)
        ).all()
        return [PairInfo(pair_id=p.id, mentor_id=p.mentor_id, mentee_id=p.mentee_id,
                         mentor_name=p.mentor.name, mentee_name=p.mentee.name, started=p.started,
                         cadence_days=p.cadence_days,
                         my_role="mentor" if p.mentor_id == actor.id else "mentee")
                for p in rows]


def _status(session: Session, pair: Pair, today: date) -> CadenceStatus:
    last = session.scalar(select(CheckIn.at).where(CheckIn.pair_id == pair.id, CheckIn.done.is_(True))
                          .order_by(CheckIn.at.desc()).limit(1))
    upcoming = session.scalar(
        select(CheckIn.at).where(CheckIn.pair_id == pair.id, CheckIn.done.is_(False),
                                 CheckIn.at >= datetime.combine(today, time.min))
        .order_by(CheckIn.at).limit(1))
    cadence = max(1, int(pair.cadence_days or 1))
    base = last.date() if last is not None else pair.started
    next_due = base + timedelta(days=cadence)
    overdue = today > next_due and upcoming is None and pair.ended is None  # an ended pair owes nothing
    return CadenceStatus(pair_id=pair.id, mentor_id=pair.mentor_id, mentee_id=pair.mentee_id,
                         mentor_name=pair.mentor.name, mentee_name=pair.mentee.name,
                         cadence_days=cadence, last_checkin=last, next_due=next_due, overdue=overdue,
                         days_overdue=(today - next_due).days if overdue else 0, upcoming=upcoming)


def cadence_status(db: Database, actor: Actor, pair_id: int, *, today: date | None = None) -> CadenceStatus:
    """When the pair last met, when the next check-in is due and whether it is overdue.

    ``next_due`` is the last done check-in (or the pair's start) plus the cadence; the pair is
    overdue when ``today`` is past it and no check-in is scheduled from today on.
    """
    day = today or today_utc()
    with db.session() as session:
        pair = member_pair(session, actor, pair_id, action="see this pair's check-ins")
        return _status(session, pair, day)


def schedule_checkin(db: Database, actor: Actor, pair_id: int, *, at: datetime,
                     now: datetime | None = None) -> int:
    """Schedule a check-in at ``at`` (UTC; aware values are converted). Returns its id.

    Scheduling the same time twice returns the existing check-in.
    """
    if not isinstance(at, datetime):
        raise InputError(f"A check-in needs a date and a time, got {at!r}. Pick both, e.g. "
                         "2026-12-02 14:00 UTC.")
    when = utc_naive(at).replace(microsecond=0)
    current = utc_naive(now) if now is not None else datetime.now(UTC).replace(tzinfo=None)
    if when < current:
        raise InputError(f"The check-in time {when:%Y-%m-%d %H:%M} UTC is in the past (it is now "
                         f"{current:%Y-%m-%d %H:%M} UTC). Pick a time from now on.")
    with db.session() as session:
        pair = member_pair(session, actor, pair_id, action="schedule a check-in for this pair")
        if pair.ended is not None:
            raise InputError(f"This mentoring pair ended on {pair.ended.isoformat()}, so no new "
                             "check-ins can be scheduled. Ask the facilitator to restart the pairing.")
        existing = session.scalar(select(CheckIn.id).where(CheckIn.pair_id == pair.id,
                                                           CheckIn.at == when, CheckIn.done.is_(False)))
        if existing is not None:
            return int(existing)
        checkin = CheckIn(pair_id=pair.id, at=when, done=False)
        session.add(checkin)
        session.flush()
        return int(checkin.id)


def mark_done(db: Database, actor: Actor, checkin_id: int, *, now: datetime | None = None) -> None:
    """Mark a check-in as held. Marking it twice is harmless; a future check-in is refused."""
    current = utc_naive(now) if now is not None else datetime.now(UTC).replace(tzinfo=None)
    with db.session() as session:
        checkin = session.get(CheckIn, checkin_id)
        if checkin is None:
            raise NotFoundError(f"No check-in with id {checkin_id}. It may have been removed; reload "
                                "the pair's check-ins.")
        member_pair(session, actor, checkin.pair_id, action="change this pair's check-ins")
        if checkin.done:
            return
        if checkin.at.date() > current.date():
            raise InputError(f"This check-in is scheduled for {checkin.at:%Y-%m-%d %H:%M} UTC. Mark it "
                             "done after it has taken place.")
        checkin.done = True


# --- time zones -----------------------------------------------------------------------------

def _check_hours(hours: tuple[int, int], label: str) -> tuple[int, int]:
    try:
        start, end = hours
    except (TypeError, ValueError) as exc:
        raise InputError(f"Working hours for {label} must be two whole hours (start, end), e.g. "
                         f"(9, 17); got {hours!r}.") from exc
    ok = all(isinstance(h, int) and not isinstance(h, bool) for h in (start, end))
    if not ok or not 0 <= start <= 23 or not 0 <= end <= 24 or start == end:
        raise InputError(f"Working hours for {label} must be (start, end) whole hours with start 0-23, "
                         f"end 0-24 and start != end, e.g. (9, 17); got {hours!r}. An end before the "
                         "start means the working day runs past midnight.")
    return start, end


def _window(tz: ZoneInfo, hours: tuple[int, int], day: date) -> tuple[datetime, datetime]:
    start, end = hours
    midnight = datetime.combine(day, time.min, tzinfo=tz)
    span = end if end > start else end + 24
    # Aware + timedelta is wall-clock arithmetic; the UTC offset is re-read for the new time (DST).
    begin = (midnight + timedelta(hours=start)).astimezone(UTC).replace(tzinfo=None)
    finish = (midnight + timedelta(hours=span)).astimezone(UTC).replace(tzinfo=None)
    return begin, finish


def working_overlap(*, tz_a: str, hours_a: tuple[int, int], tz_b: str, hours_b: tuple[int, int],
                    on: date, skip_weekends: bool = False) -> list[tuple[datetime, datetime]]:
    """UTC (naive) intervals when both people are within their working hours on date ``on``.

    Working hours are local to each person's zone, so DST is handled per date. When the zones
    are far apart, one person's day ``on`` may overlap the other's previous or next day; such
    intervals are included too (at least one of the two is working on their own date ``on``).
    With ``skip_weekends``, nobody works on their local Saturday or Sunday.
    """
    za, zb = zone(tz_a), zone(tz_b)
    ha, hb = _check_hours(hours_a, tz_a), _check_hours(hours_b, tz_b)
    day = on.date() if isinstance(on, datetime) else on
    offsets = (-1, 0, 1)
    found: list[tuple[datetime, datetime]] = []
    for da in offsets:
        for dbb in offsets:
            if da != 0 and dbb != 0:
                continue
            day_a, day_b = day + timedelta(days=da), day + timedelta(days=dbb)
            if skip_weekends and (day_a.weekday() >= 5 or day_b.weekday() >= 5):
                continue
            a = _window(za, ha, day_a)
            b = _window(zb, hb, day_b)
            start, end = max(a[0], b[0]), min(a[1], b[1])
            if start < end:
                found.append((start, end))
    merged: list[tuple[datetime, datetime]] = []
    for start, end in sorted(found):
        if merged and start <= merged[-1][1]:
            merged[-1] = (merged[-1][0], max(merged[-1][1], end))
        else:
            merged.append((start, end))
    return merged


def _ceil_quarter(value: datetime) -> datetime:
    base = value.replace(second=0, microsecond=0)
    if base < value:
        base += timedelta(minutes=1)
    return base + timedelta(minutes=(-base.minute) % 15)


def first_overlap(*, tz_a: str, hours_a: tuple[int, int], tz_b: str, hours_b: tuple[int, int],
                  start: datetime, within_days: int = SUGGEST_WITHINDAY_ABBR, min_minutes: int = 30,
                  skip_weekends: bool = True) -> datetime | None:
    """The first quarter-hour (UTC, naive) from ``start`` with ``min_minutes`` of shared working
    time, looking ``within_days`` days ahead (weekdays only by default); None when there is none."""
    if within_days < 1 or min_minutes < 1:
        raise InputError(f"within_days and min_minutes must be at least 1 (got {within_days} and "
                         f"{min_minutes}).")
    begin = utc_naive(start)
    deadline = datetime.combine(begin.date() + timedelta(days=within_days), time.min)
    need = timedelta(minutes=min_minutes)
    best: datetime | None = None
    for offset in range(-1, within_days + 1):
        for s, e in working_overlap(tz_a=tz_a, hours_a=hours_a, tz_b=tz_b, hours_b=hours_b,
                                    on=begin.date() + timedelta(days=offset),
                                    skip_weekends=skip_weekends):
            slot = _ceil_quarter(max(s, begin))
            if slot + need <= e and slot < deadline and (best is None or slot < best):
                best = slot
    return best


def suggest_slot(db: Database, actor: Actor, pair_id: int, *, now: datetime | None = None,
                 within_days: int = SUGGEST_WITHINDAY_ABBR, min_minutes: int = 30,
                 skip_weekends: bool = True) -> datetime | None:
    """A time (UTC, naive) for the next check-in: the first shared weekday working time on or after
    the next due date (or now, when that is already past), within ``within_days`` days; else None."""
    current = utc_naive(now) if now is not None else datetime.now(UTC).replace(tzinfo=None)
    with db.session() as session:
        pair = member_pair(session, actor, pair_id, action="plan this pair's check-ins")
        status = _status(session, pair, current.date())
        mentor, mentee = pair.mentor, pair.mentee
        start = max(datetime.combine(status.next_due, time.min), current)
        return first_overlap(tz_a=mentor.timezone, hours_a=(mentor.work_start, mentor.work_end),
                             tz_b=mentee.timezone, hours_b=(mentee.work_start, mentee.work_end),
                             start=start, within_days=within_days, min_minutes=min_minutes,
                             skip_weekends=skip_weekends)


def local_times(at_utc: datetime, *zones: str) -> dict[str, str]:
    """``at_utc`` in each zone, e.g. ``{"Europe/Berlin": "Tue 2 Dec 2026, 14:00 (Europe/Berlin)"}``."""
    moment = utc_naive(at_utc).replace(tzinfo=UTC)
    out: dict[str, str] = {}
    for name in zones:
        local = moment.astimezone(zone(name))
        out[name] = (f"{DAY_ABBR[local.weekday()]} {local.day} {MONTH_ABBR[local.month - 1]} {local.year}, "
                     f"{local:%H:%M} ({name})")
    return out


def checkin_ics(db: Database, actor: Actor, pair_id: int, *, at: datetime, duration_minutes: int = 45,
                now: datetime | None = None) -> str:
    """An iCalendar file (one VEVENT, times in UTC) for a check-in of the pair at ``at``.

    The UID depends only on the pair and the start time, so re-importing updates the same event.
    """
    if not isinstance(at, datetime):
        raise InputError(f"A check-in needs a date and a time, got {at!r}.")
    if not 5 <= duration_minutes <= 8 * 60:
        raise InputError(f"A check-in lasts 5 to 480 minutes; got {duration_minutes}. Pick e.g. 45.")
    start = utc_naive(at).replace(second=0, microsecond=0)
    stamp = utc_naive(now) if now is not None else datetime.now(UTC).replace(tzinfo=None)
    with db.session() as session:
        pair = member_pair(session, actor, pair_id, action="export this pair's check-ins")
        mentor: Person = pair.mentor
        mentee: Person = pair.mentee
        times = local_times(start, mentor.timezone, mentee.timezone)
        description = "\n".join([
            f"Mentor {mentor.name}: {times[mentor.timezone]}",
            f"Mentee {mentee.name}: {times[mentee.timezone]}",
            f"Planned length: {duration_minutes} minutes.",
        ])
        summary = f"Mentoring check-in: {mentor.name} / {mentee.name}"
    cal = Calendar()
    cal.add("prodid", "-//coach//mentoring check-ins//EN")
    cal.add("version", "2.0")
    cal.add("calscale", "GREGORIAN")
    event = Event()
    event.add("uid", f"coach-checkin-{pair_id}-{start:%Y%m%dT%H%M%SZ}@coach.local")
    event.add("dtstamp", stamp.replace(second=0, microsecond=0, tzinfo=UTC))
    event.add("dtstart", start.replace(tzinfo=UTC))
    event.add("dtend", (start + timedelta(minutes=duration_minutes)).replace(tzinfo=UTC))
    event.add("summary", summary)
    event.add("description", description)
    cal.add_component(event)
    return cal.to_ical().decode("utf-8")


# --- logging check-ins that took place --------------------------------------------------------

MAX_CHECKIN_NOTE = 2000


@dataclass(frozen=True)
class LoggedCheckIn:
    id: int
    at: datetime
    note: str


def log_checkin(db: Database, actor: Actor, pair_id: int, *, on: date, note: str = "",
                today: date | None = None) -> int:
    """Record that the pair met on ``on`` (with an optional note private to the pair). Returns its id.

    A check-in scheduled that day is marked held; logging the same day twice keeps one check-in
    (a new note replaces an empty one). Cadence and overdue are computed from held check-ins.
    """
    if not isinstance(on, date):
        raise InputError(f"A check-in needs the date it took place, got {on!r}; e.g. 2026-11-30.")
    day = on.date() if isinstance(on, datetime) else on
    current = today or today_utc()
    if day > current:
        raise InputError(f"{day.isoformat()} is in the future. Log a check-in after it took place; "
                         "to plan one, download a calendar invite.")
    text = (note or "").strip()
    if len(text) > MAX_CHECKIN_NOTE:
        raise InputError(f"The note is {len(text):,} characters; keep it under {MAX_CHECKIN_NOTE:,}.")
    with db.session() as session:
        pair = member_pair(session, actor, pair_id, action="log a check-in for this pair")
        if day < pair.started:
            raise InputError(f"{day.isoformat()} is before this pair started ({pair.started.isoformat()}). "
                             "Check the date.")
        begin, end = datetime.combine(day, time.min), datetime.combine(day, time.max)
        same_day = session.scalars(select(CheckIn).where(
            CheckIn.pair_id == pair.id, CheckIn.at >= begin, CheckIn.at <= end)
            .order_by(CheckIn.done.desc(), CheckIn.at)).first()
        if same_day is not None:
            same_day.done = True
            if text:
                same_day.notes = f"{same_day.notes}\n\n{text}".strip() if same_day.notes else text
            return int(same_day.id)
        checkin = CheckIn(pair_id=pair.id, at=datetime.combine(day, time(12, 0)), done=True, notes=text)
        session.add(checkin)
        session.flush()
        return int(checkin.id)


def logged_checkins(db: Database, actor: Actor, pair_id: int, *, limit: int = 10) -> list[LoggedCheckIn]:
    """The pair's held check-ins, newest first, with their notes (for the pair's members only)."""
    with db.session() as session:
        pair = member_pair(session, actor, pair_id, action="see this pair's check-ins")
        rows = session.scalars(select(CheckIn).where(CheckIn.pair_id == pair.id, CheckIn.done.is_(True))
                               .order_by(CheckIn.at.desc()).limit(limit)).all()
        return [LoggedCheckIn(int(c.id), c.at, c.notes or "") for c in rows]
