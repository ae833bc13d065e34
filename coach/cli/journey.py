"""`coach checkins ...`, `coach agenda`, `coach journal`: check-ins, agendas and the journal export."""

from __future__ import annotations

from datetime import date, datetime
from pathlib import Path

import typer

from coach.cli.common import FORMAT_HELP, check_format, context, emit_json, reports_errors
from coach.errors import InputError
from coach.reflection import agenda as agenda_mod
from coach.reflection import checkins, journal

checkins_app = typer.Typer(help="Check-in cadence, scheduling and calendar invites.", no_args_is_help=True)


@checkins_app.command("status")
@reports_errors
def status(ctx: typer.Context, as_: str = typer.Option(..., "--as"),
           format: str = typer.Option("text", "--format", help=FORMAT_HELP, callback=check_format)) -> None:
    """Cadence of each of the person's pairs: last check-in, next due, overdue."""
    coach = context(ctx)
    actor = coach.people.actor(as_)
    rows = [checkins.cadence_status(coach.db, actor, p.pair_id)
            for p in checkins.pairs_for(coach.db, actor)]
    if format == "json":
        emit_json([{"pair_id": s.pair_id, "mentor": s.mentor_name, "mentee": s.mentee_name,
                    "cadence_days": s.cadence_days,
                    "last_checkin": s.last_checkin.isoformat() if s.last_checkin else None,
                    "next_due": s.next_due.isoformat(), "overdue": s.overdue,
                    "days_overdue": s.days_overdue} for s in rows])
        return
    if not rows:
        typer.echo("No active mentoring pairs for this person.")
    for s in rows:
        flag = f"OVERDUE by {s.days_overdue} days" if s.overdue else f"next due {s.next_due}"
        typer.echo(f"pair {s.pair_id}: {s.mentor_name} / {s.mentee_name}, every {s.cadence_days} days, "
                   f"last {s.last_checkin or 'never'}; {flag}")


@checkins_app.command("log")
@reports_errors
def log(ctx: typer.Context, pair: int = typer.Option(..., "--pair"),
        as_: str = typer.Option(..., "--as"),
        on: str = typer.Option(None, "--on", help="The day it took place, YYYY-MM-DD (default: today)."),
        note: str = typer.Option("", "--note", help="Optional note, private to the pair.")) -> None:
    """Record a check-in that took place (cadence and overdue come from logged check-ins)."""
    coach = context(ctx)
    actor = coach.people.actor(as_)
    try:
        day = date.fromisoformat(on) if on else checkins.today_utc()
    except ValueError as exc:
        raise InputError(f"--on {on!r} is not a date; use YYYY-MM-DD, e.g. 2026-11-30.") from exc
    checkins.log_checkin(coach.db, actor, pair, on=day, note=note)
    status = checkins.cadence_status(coach.db, actor, pair)
    typer.echo(f"logged the check-in of {day.isoformat()} for pair {pair}; next due {status.next_due}")


@checkins_app.command("list")
@reports_errors
def list_checkins(ctx: typer.Context, pair: int = typer.Option(..., "--pair"),
                  as_: str = typer.Option(..., "--as"),
                  format: str = typer.Option("text", "--format", help=FORMAT_HELP,
                                             callback=check_format)) -> None:
    """The pair's logged check-ins, newest first, with their notes (the pair only)."""
    coach = context(ctx)
    rows = checkins.logged_checkins(coach.db, coach.people.actor(as_), pair, limit=50)
    if format == "json":
        emit_json([{"id": r.id, "date": r.at.date().isoformat(), "note": r.note} for r in rows])
        return
    if not rows:
        typer.echo("No check-ins logged yet.")
    for r in rows:
        typer.echo(f"{r.at:%Y-%m-%d}" + (f"  {r.note}" if r.note else ""))


@checkins_app.command("invite")
@reports_errors
def invite(ctx: typer.Context, pair: int = typer.Option(..., "--pair"),
           as_: str = typer.Option(..., "--as"),
           at: str = typer.Option(None, "--at",
                                  help="UTC time, YYYY-MM-DDTHH:MM (default: a suggested slot)."),
           out: Path = typer.Option(Path("checkin.ics"), "--out")) -> None:
    """Write the next check-in as a calendar invite (.ics)."""
    coach = context(ctx)
    actor = coach.people.actor(as_)
    if at:
        try:
            when = datetime.fromisoformat(at)
        except ValueError as exc:
            raise InputError(f"--at {at!r} is not a date and time; use YYYY-MM-DDTHH:MM (UTC).") from exc
    else:
        slot = checkins.suggest_slot(coach.db, actor, pair)
        if slot is None:
            raise InputError("No working-hours overlap in the next 14 days; pass --at explicitly.")
        when = slot
    out.write_text(checkins.checkin_ics(coach.db, actor, pair, at=when), encoding="utf-8")
    typer.echo(f"wrote {out} for {when:%Y-%m-%d %H:%M} UTC")


@reports_errors
def agenda(ctx: typer.Context, pair: int = typer.Option(..., "--pair"),
           as_: str = typer.Option(..., "--as"),
           out: Path = typer.Option(None, "--out", help="Write the Markdown here (default: print).")) -> None:
    """The agenda for the pair's next check-in, as Markdown."""
    coach = context(ctx)
    actor = coach.people.actor(as_)
    status = checkins.cadence_status(coach.db, actor, pair)
    text = agenda_mod.agenda_markdown(agenda_mod.build_agenda(coach.db, actor, pair),
                                      mentor_name=status.mentor_name, mentee_name=status.mentee_name)
    if out:
        out.write_text(text, encoding="utf-8")
        typer.echo(f"wrote {out}")
    else:
        typer.echo(text)


@reports_errors
def journal_cmd(ctx: typer.Context, as_: str = typer.Option(..., "--as"),
                format: str = typer.Option("md", "--format", help="md or html (printable)."),
                out: Path = typer.Option(None, "--out")) -> None:
    """Export your own journal: goals and reflections."""
    coach = context(ctx)
    actor = coach.people.actor(as_)
    if format not in ("md", "html"):
        raise InputError("--format must be md or html.")
    export = journal.export_markdown if format == "md" else journal.export_html
    text = export(coach.db, actor)
    if out:
        out.write_text(text, encoding="utf-8")
        typer.echo(f"wrote {out}")
    else:
        typer.echo(text)
