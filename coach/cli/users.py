"""`coach users ...`: accounts for the built-in sign-in (COACH_AUTH=password), run by the operator
at the server. Passwords are read from standard input only (never from the command line)."""

from __future__ import annotations

import sys
from datetime import date

import typer

from coach.access import OPERATOR
from coach.cli.common import FORMAT_HELP, check_format, context, emit_json, reports_errors
from coach.errors import InputError
from coach.people import AccountService, UserInfo, read_log

app = typer.Typer(help="Accounts and roles for the built-in sign-in.", no_args_is_help=True)
ROLE_HELP = "A role: mentee, mentor, facilitator or admin (repeat for several)."


def _password_from_stdin() -> str:
    data = sys.stdin.readline()
    password = data.rstrip("\r\n")
    if not password:
        raise InputError("No password on standard input: pipe it in, e.g. "
                         "`printf '%s\\n' \"$PASSWORD\" | coach users add ... --password-stdin`.")
    return password


def _day(value: str | None, option: str) -> date | None:
    if not value:
        return None
    try:
        return date.fromisoformat(value)
    except ValueError:
        raise InputError(f"{option} {value!r} is not a date: use YYYY-MM-DD, e.g. 2026-12-01.") from None


def _service(ctx: typer.Context) -> AccountService:
    return AccountService(context(ctx).db)


def _line(user: UserInfo) -> str:
    state = "" if user.active else "  (removed)"
    password = "password" if user.has_password else "no password"
    return f"{user.handle:16} {','.join(user.roles):24} {password:12} {user.name}{state}"


@app.command("add")
@reports_errors
def add(ctx: typer.Context, handle: str = typer.Argument(..., help="Username, e.g. amara.o"),
        name: str = typer.Option(..., "--name", help="The name others see."),
        role: list[str] = typer.Option(..., "--role", help=ROLE_HELP),
        email: str = typer.Option("", "--email", help="E-mail (also used to match OIDC sign-ins)."),
        password_stdin: bool = typer.Option(False, "--password-stdin",
                                            help="Read the password from standard input.")) -> None:
    """Add an account."""
    password = _password_from_stdin() if password_stdin else None
    user = _service(ctx).add(OPERATOR, handle, name=name, roles=role, email=email, password=password)
    typer.echo(f"added {_line(user)}")


@app.command("list")
@reports_errors
def list_(ctx: typer.Context, format: str = typer.Option("text", "--format", help=FORMAT_HELP,
                                                         callback=check_format)) -> None:
    """List accounts with their roles."""
    users = _service(ctx).list_users(OPERATOR)
    if format == "json":
        emit_json([{"handle": u.handle, "name": u.name, "roles": list(u.roles), "email": u.email,
                    "has_password": u.has_password, "active": u.active} for u in users])
        return
    if not users:
        typer.echo("No accounts yet. Add one with `coach users add HANDLE --name NAME --role ROLE`.")
    for user in users:
        typer.echo(_line(user))


@app.command("set-password")
@reports_errors
def set_password(ctx: typer.Context, handle: str = typer.Argument(...),
                 password_stdin: bool = typer.Option(False, "--password-stdin",
                                                     help="Read the password from standard input.")) -> None:
    """Set (or reset) an account's password; its sessions end."""
    if not password_stdin:
        raise InputError("Give the new password on standard input with --password-stdin.")
    _service(ctx).set_password(OPERATOR, handle, _password_from_stdin())
    typer.echo(f"password set for {handle}")


@app.command("roles")
@reports_errors
def roles(ctx: typer.Context, handle: str = typer.Argument(...),
          role: list[str] = typer.Option(..., "--role", help=ROLE_HELP)) -> None:
    """Replace an account's roles (the first is the one they start in)."""
    typer.echo(f"roles of {_line(_service(ctx).set_roles(OPERATOR, handle, role))}")


@app.command("remove")
@reports_errors
def remove(ctx: typer.Context, handle: str = typer.Argument(...)) -> None:
    """Remove an account: it can no longer sign in (its data stays until the person deletes it)."""
    user = _service(ctx).remove(OPERATOR, handle)
    typer.echo(f"removed {user.handle} ({user.name})")


@app.command("audit")
@reports_errors
def audit(ctx: typer.Context, limit: int = typer.Option(50, "--limit"),
          action: str = typer.Option(None, "--action", help="Only this action, e.g. 'sign-in failed'."),
          who: str = typer.Option(None, "--who", help="Part of the acting or target handle."),
          since: str = typer.Option(None, "--since", help="From this day (YYYY-MM-DD, UTC)."),
          until: str = typer.Option(None, "--until", help="Up to this day (YYYY-MM-DD, UTC)."),
          format: str = typer.Option("text", "--format", help=FORMAT_HELP, callback=check_format)) -> None:
    """The latest sensitive actions (sign-ins, exports, theme views, role changes, deletions)."""
    entries = read_log(context(ctx).db, OPERATOR, limit=limit, action=action, who=who,
                       since=_day(since, "--since"), until=_day(until, "--until"))
    if format == "json":
        emit_json([{"at": e.at.isoformat(), "actor": e.actor, "action": e.action, "target": e.target,
                    "detail": e.detail} for e in entries])
        return
    if not entries:
        filtered = bool(action or who or since or until)
        typer.echo("No audit entries match." if filtered else "The audit log is empty.")
    for e in entries:
        typer.echo(f"{e.at:%Y-%m-%d %H:%M}  {e.actor:16} {e.action:34} {e.target}")
