"""`coach themes`: anonymized themes across notes, from a CSV or the program database."""

from __future__ import annotations

import csv
from pathlib import Path
from typing import Any

import typer

from coach.access import OPERATOR
from coach.cli.common import FORMAT_HELP, check_format, context, emit_json, reports_errors
from coach.errors import InputError
from coach.privacy import GateConfig
from coach.themes import RosterEntry, ThemeReport, ThemeService, read_notes_csv
from coach.themes.notes import decode


def service(ctx: typer.Context) -> ThemeService:
    coach = context(ctx)
    return ThemeService(coach.db, embedder_factory=lambda: coach.embedder, nlp_factory=lambda: coach.nlp)


def read_roster(path: Path) -> list[RosterEntry]:
    if not path.is_file():
        raise InputError(f"No roster file at {path}. Give a CSV with any of the columns name, handle, email.")
    rows = list(csv.DictReader(decode(path.read_bytes(), source=str(path)).splitlines()))
    header = {k.strip().lower() for k in (rows[0].keys() if rows else [])}
    if not header & {"name", "handle", "email"}:
        raise InputError(f"{path} needs at least one of the columns name, handle, email "
                         f"(found: {', '.join(sorted(header)) or 'no header'}).")
    out = []
    for row in rows:
        clean = {k.strip().lower(): (v or "").strip() for k, v in row.items() if k}
        out.append(RosterEntry(clean.get("name", ""), clean.get("handle", ""), clean.get("email", "")))
    return out


def _print_text(report: ThemeReport, *, with_ids: bool) -> None:
    if report.status != "ok":
        typer.echo(f"Not enough participants to show themes yet: {report.participants} people wrote "
                   f"notes; a theme needs at least {report.min_participants}.")
        return
    typer.echo(f"{len(report.themes)} themes from {report.total_notes:,} notes by "
               f"{report.participants} participants; {report.outliers} outliers; suppressed "
               f"{report.suppressed_themes} themes ({report.suppressed_notes} notes) below the gate.")
    for i, theme in enumerate(report.themes, start=1):
        typer.echo(f"\n{i}. {theme.label}  ({theme.participants} participants, {theme.notes} notes)")
        typer.echo(f"   keywords: {', '.join(theme.keywords)}")
        for example in theme.examples:
            typer.echo(f"   “{example}”")
        if with_ids:
            typer.echo(f"   notes: {', '.join(theme.note_ids)}")
    aside = {k: v for k, v in report.set_aside.items() if v}
    if aside:
        typer.echo("\nSet aside: " + ", ".join(f"{v} {k.replace('_', ' ')}" for k, v in aside.items()))


def cli_json(report: ThemeReport, *, with_ids: bool) -> dict[str, Any]:
    data = report.to_dict(include_note_ids=with_ids)
    if not with_ids:
        for theme in data["themes"]:
            theme["note_ids"] = []
    return data


@reports_errors
def themes(ctx: typer.Context,
           notes: Path = typer.Option(None, "--notes", help="CSV with note_id,participant,date,text "
                                      "(optional cohort). Default: the program database."),
           roster: Path = typer.Option(None, "--roster", help="CSV of people (name, handle, email) whose "
                                       "names must never appear (the database's people are always used)."),
           min_participants: int = typer.Option(5, "--min-participants",
                                                help="Show a theme only with this many distinct people."),
           min_quote_participants: int = typer.Option(10, "--min-quote-participants",
                                                      help="Show excerpts only with this many people."),
           format: str = typer.Option("text", "--format", help=FORMAT_HELP, callback=check_format),
           out: Path = typer.Option(None, "--out", help="Also write the JSON result to this file.")) -> None:
    """Anonymized themes across notes: labels, keywords, participant counts, gated excerpts."""
    try:
        gates = GateConfig(min_participants=min_participants, min_quote_participants=min_quote_participants)
    except ValueError as exc:
        raise InputError(f"--min-participants / --min-quote-participants: {exc}") from exc
    themes_service = service(ctx)
    with_ids = notes is not None
    if notes is not None:
        read = read_notes_csv(notes)
        if read.empty_rows:
            shown = ", ".join(map(str, read.empty_rows[:10])) + ("…" if len(read.empty_rows) > 10 else "")
            typer.echo(f"Note: {len(read.empty_rows)} empty note(s) set aside (rows {shown}).", err=True)
        entries = read_roster(roster) if roster else []
        report = themes_service.file_themes(OPERATOR, read, gates=gates, roster=entries)
    else:
        report = themes_service.program_themes(OPERATOR, gates=gates)
    data = cli_json(report, with_ids=with_ids)
    if out:
        from coach.exports import to_json

        out.write_text(to_json(data, indent=2), encoding="utf-8")
    if format == "json":
        emit_json(data)
    else:
        _print_text(report, with_ids=with_ids)
