"""`coach demo`: create the demo program in an empty database."""

from __future__ import annotations

import typer

from coach.cli.common import context, reports_errors
from coach.demo import load_demo
from coach.demo.drafts import check_unchecked_drafts
from coach.errors import ModelMismatchError


@reports_errors
def demo(ctx: typer.Context) -> None:
    """Create a small demo program (people, pairs, goals, notes, drafts) if the database is empty."""
    coach = context(ctx)
    summary = load_demo(coach.db)
    coach.guidance.ensure_index()
    coach.reflections.link_unlinked()
    try:
        checked = check_unchecked_drafts(coach.db, coach.feedback)  # the dashboard's feedback figures
    except ModelMismatchError as error:  # e.g. another embedding model configured: drafts stay unchecked
        checked = 0
        typer.echo(f"note: the demo's feedback drafts were not checked: {error}", err=True)
    verb = "created" if summary.created else "already there:"
    typer.echo(f"demo program {verb} {summary.people} people, {summary.pairs} pairs, "
               f"{summary.goals} goals, {summary.notes} notes, {summary.drafts} feedback drafts"
               + (f" ({checked} checked now)" if checked else ""))
