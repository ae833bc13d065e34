"""`coach people ...`: who is in the program."""

from __future__ import annotations

import typer

from coach.access import OPERATOR
from coach.cli.common import FORMAT_HELP, check_format, context, emit_json, reports_errors

app = typer.Typer(help="People in the program.", no_args_is_help=True)


@app.command("list")
@reports_errors
def list_(ctx: typer.Context, role: str = typer.Option(None, "--role"),
          format: str = typer.Option("text", "--format", help=FORMAT_HELP,
                                     callback=check_format)) -> None:
    """List people (id, handle, role, name)."""
    people = context(ctx).people.listing(OPERATOR, role=role)
    if format == "json":
        emit_json([{"id": p.id, "handle": p.handle, "role": p.role, "name": p.name,
                    "timezone": p.timezone} for p in people])
        return
    if not people:
        typer.echo("Nobody yet. Run `coach demo` to create a demo program.")
    for p in people:
        typer.echo(f"{p.id:4d}  {p.handle:12}  {p.role:11}  {p.name}")
