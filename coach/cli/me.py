"""`coach me ...`: a person's own data: export it (JSON + Markdown) or delete the account."""

from __future__ import annotations

from pathlib import Path

import typer

from coach.cli.common import context, reports_errors
from coach.errors import InputError
from coach.people.data_rights import DataRightsService

app = typer.Typer(help="Your data: export it or delete your account.", no_args_is_help=True)
AS_HELP = "Your handle (whose data this is)."


@app.command("export")
@reports_errors
def export(ctx: typer.Context, as_: str = typer.Option(..., "--as", help=AS_HELP),
           out: Path = typer.Option(..., "--out", help="Folder for HANDLE-data.json and .md.")) -> None:
    """Export everything the coach holds about you: profile, goals, reflections, drafts, comments."""
    service = DataRightsService(context(ctx).db)
    paths = service.write_export(service.person_actor(as_), out)
    for path in paths:
        typer.echo(f"wrote {path}")


@app.command("delete")
@reports_errors
def delete(ctx: typer.Context, as_: str = typer.Option(..., "--as", help=AS_HELP),
           yes: bool = typer.Option(False, "--yes", help="Confirm: this cannot be undone.")) -> None:
    """Delete your account and all your text (reflections, drafts, comments, goals) for good."""
    if not yes:
        raise InputError("Deleting an account removes all its reflections, drafts, comments and goals "
                         "for good. Export them first (`coach me export`), then add --yes to confirm.")
    service = DataRightsService(context(ctx).db)
    report = service.delete_account(service.person_actor(as_), as_)
    typer.echo(f"deleted the account {report.handle}: {report.summary()}")
