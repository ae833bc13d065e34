"""The `coach` command line: thin commands over the services in `coach/`."""

from __future__ import annotations

import logging
from pathlib import Path

import typer

from coach.cli import check as check_cmd
from coach.cli import demo as demo_cmd
from coach.cli import goals, guidance, journey, me, people, reflect, users
from coach.cli import insights as insights_cmd
from coach.cli import match as match_cmd
from coach.cli import themes as themes_cmd
from coach.config import Settings
from coach.context import Context

app = typer.Typer(help="coach: reflection and feedback coach for mentoring programs.",
                  no_args_is_help=True, pretty_exceptions_enable=False)
app.add_typer(guidance.app, name="guidance")
app.add_typer(people.app, name="people")
app.add_typer(users.app, name="users")
app.add_typer(me.app, name="me")
app.command("demo")(demo_cmd.demo)
app.command("check")(check_cmd.check)
app.add_typer(goals.app, name="goals")
app.command("reflect")(reflect.reflect)
app.command("link-goal")(reflect.link_goal)
app.add_typer(journey.checkins_app, name="checkins")
app.command("agenda")(journey.agenda)
app.command("journal")(journey.journal_cmd)
app.command("match")(match_cmd.match)
app.command("insights")(insights_cmd.insights)
app.command("themes")(themes_cmd.themes)


@app.callback()
def main(ctx: typer.Context,
         home: Path = typer.Option(None, "--home", envvar="COACH_HOME",
                                   help="Data folder (database and indexes). Default ./.coach"),
         verbose: bool = typer.Option(False, "--verbose", "-v", help="Log what happens.")) -> None:
    logging.basicConfig(level=logging.INFO if verbose else logging.WARNING,
                        format="%(levelname)s %(name)s: %(message)s")
    if not isinstance(ctx.obj, Context):
        ctx.obj = Context(Settings.from_env(home=home))


def run() -> None:
    app()
