"""`coach goals ...`: check a goal's quality; list and add goals."""

from __future__ import annotations

import typer

from coach.cli.common import FORMAT_HELP, check_format, context, emit_json, reports_errors
from coach.errors import InputError

app = typer.Typer(help="Goals: quality check, list, add.", no_args_is_help=True)


@app.command("check")
@reports_errors
def check(ctx: typer.Context, goal: str = typer.Argument(..., help="The goal, in your words."),
          format: str = typer.Option("text", "--format", help=FORMAT_HELP, callback=check_format)) -> None:
    """Is the goal specific, measurable and time-bound? What is missing, and a suggestion."""
    result = context(ctx).goal_checker.check(goal)
    if format == "json":
        emit_json({"specific": result.specific, "measurable": result.measurable,
                   "time_bound": result.time_bound, "missing": result.missing,
                   "suggestion": result.suggestion, "examples": result.examples, "scores": result.scores,
                   "reasons": result.reasons})
        return
    for label in ("specific", "measurable", "time_bound"):
        mark = "yes" if getattr(result, label) else "no "
        typer.echo(f"{label:11} {mark}  {result.reasons[label]}")
    if result.missing:
        typer.echo(f"suggestion: {result.suggestion}")
        for label, example in result.examples.items():
            typer.echo(f"  {label.replace('_', '-')}, for example: {example.removeprefix('e.g. ')}")


@app.command("list")
@reports_errors
def list_(ctx: typer.Context, as_: str = typer.Option(..., "--as", help="Person id or handle."),
          format: str = typer.Option("text", "--format", help=FORMAT_HELP, callback=check_format)) -> None:
    """A mentee's goals and milestones."""
    coach = context(ctx)
    goals = coach.reflections.goals.goals(coach.people.actor(as_))
    if format == "json":
        emit_json([{"id": g.id, "title": g.title, "status": g.status,
                    "target_date": g.target_date.isoformat() if g.target_date else None,
                    "milestones": [{"title": m.title, "due": m.due.isoformat() if m.due else None,
                                    "done": m.done} for m in g.milestones]} for g in goals])
        return
    if not goals:
        typer.echo("No goals yet. Add one with `coach goals add --as PERSON \"TITLE\"`.")
    for g in goals:
        typer.echo(f"{g.id:4d}  [{g.status}] {g.title}  (target {g.target_date or '—'})")
        for m in g.milestones:
            typer.echo(f"        {'[x]' if m.done else '[ ]'} {m.title} ({m.due or 'no date'})")


@app.command("add")
@reports_errors
def add(ctx: typer.Context, title: str = typer.Argument(...),
        as_: str = typer.Option(..., "--as", help="The mentee (id or handle)."),
        target: str = typer.Option(None, "--target", help="Target date, YYYY-MM-DD."),
        description: str = typer.Option("", "--description"),
        milestone: list[str] = typer.Option([], "--milestone",
                                            help="'TITLE@YYYY-MM-DD' (repeat for more)."),
        skill: list[str] = typer.Option([], "--skill", help="A skill the goal needs (repeatable).")) -> None:
    """Add a goal with milestones."""
    coach = context(ctx)
    parsed = []
    for item in milestone:
        title_part, _, due = item.rpartition("@") if "@" in item else (item, "", "")
        if not title_part:
            raise InputError(f"--milestone {item!r}: write it as 'TITLE@YYYY-MM-DD'.")
        parsed.append((title_part, due or None))
    goal = coach.reflections.goals.create(coach.people.actor(as_), title=title,
                                          description=description, target_date=target,
                                          milestones=parsed, skills_needed=skill)
    typer.echo(f"added goal {goal.id}: {goal.title} ({len(goal.milestones)} milestones)")
