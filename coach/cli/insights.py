"""`coach insights`: the program dashboard's gated aggregates as text, JSON or CSV."""

from __future__ import annotations

from datetime import date
from pathlib import Path

import typer

from coach.access import OPERATOR
from coach.cli.common import context, reports_errors
from coach.errors import InputError
from coach.exports import to_json, write_csv
from coach.insights import CSV_FIELDS, InsightsQuery, InsightsService
from coach.insights.text import dashboard_text


def _day(value: str | None, option: str) -> date | None:
    """YYYY-MM-DD, or YYYY-MM for a whole month."""
    if not value:
        return None
    try:
        if len(value) == 7:
            return date.fromisoformat(value + "-01")
        return date.fromisoformat(value)
    except ValueError as exc:
        raise InputError(f"{option} {value!r} is not a date; use YYYY-MM-DD or YYYY-MM (periods are "
                         "whole months).") from exc


@reports_errors
def insights(ctx: typer.Context,
             cohort: str = typer.Option(None, "--cohort", help="Only this cohort (default: all)."),
             start: str = typer.Option(None, "--from", help="First month: YYYY-MM or a date in it."),
             end: str = typer.Option(None, "--to", help="Last month: YYYY-MM or a date in it."),
             min_participants: int = typer.Option(5, "--min-participants",
                                                  help="Smallest group shown (distinct people)."),
             format: str = typer.Option("text", "--format", help="text, json or csv."),
             out: Path = typer.Option(None, "--out", help="Write to this file instead of printing."),
             as_: str = typer.Option(None, "--as", help="Act as this facilitator or admin "
                                     "(default: the local operator, whole database)."),
             ) -> None:
    """Program dashboard: engagement, goals and feedback quality, only for groups of at least
    --min-participants people (smaller groups are reported as hidden, with the reason)."""
    if format not in ("text", "json", "csv"):
        raise InputError(f"--format {format!r}: use text, json or csv.")
    coach = context(ctx)
    actor = coach.people.actor(as_) if as_ else OPERATOR
    query = InsightsQuery(cohort=cohort, start=_day(start, "--from"),
                          end=_day(end, "--to"), min_participants=min_participants)
    service = InsightsService(coach.db)
    dash = service.dashboard(actor, query)
    if format == "json":
        text = to_json(dash.to_dict(), indent=2) + "\n"
    elif format == "csv":
        text = write_csv(dash.rows(), CSV_FIELDS)
    else:
        text = dashboard_text(dash) + "\n"
    if format != "text" or out:
        service.record_export(actor, dash, fmt=format)
    if out:
        out.write_text(text, encoding="utf-8")
        typer.echo(f"wrote {out}")
    else:
        typer.echo(text, nl=False)
