"""`coach reflect`: cues, linked goals and fitting guidance for a reflection."""

from __future__ import annotations

from pathlib import Path

import typer

from coach.cli.common import FORMAT_HELP, check_format, context, emit_json, reports_errors
from coach.errors import InputError
from coach.guidance.parsers.base import decode_text


def _read(path: Path, what: str) -> str:
    if not path.is_file():
        raise InputError(f"{path}: no such {what} file.")
    return decode_text(path.read_bytes(), name=path.name)


@reports_errors
def reflect(ctx: typer.Context,
            file: Path = typer.Option(..., "--file", "-f", help="The reflection, as a text file."),
            goals: Path = typer.Option(None, "--goals", help="A text file with one goal per line."),
            as_: str = typer.Option(None, "--as", help="Use this person's goals from the database."),
            save: bool = typer.Option(False, "--save", help="Save it as the person's reflection (--as)."),
            shared: bool = typer.Option(False, "--shared", help="With --save: share with the mentor."),
            format: str = typer.Option("text", "--format", help=FORMAT_HELP, callback=check_format)) -> None:
    """Reflection-quality cues, the goals it relates to (best first) and 3 guidance passages."""
    coach = context(ctx)
    text = _read(file, "reflection")
    if goals is not None and as_ is not None:
        raise InputError("Use --goals or --as, not both.")
    if save and as_ is None:
        raise InputError("--save needs --as PERSON (whose reflection it is).")
    service = coach.reflections
    if as_ is not None:
        actor = coach.people.actor(as_)
        if save:
            analysis = service.save(actor, what=text, shared=shared).analysis
        else:
            analysis = service.analyze(actor, text)
    else:
        goal_texts = [g.strip() for g in _read(goals, "goals").splitlines() if g.strip()] if goals else []
        from coach.access import OPERATOR

        analysis = service.analyze(OPERATOR, text, goal_texts=goal_texts)
    data = analysis.to_dict()
    out = {"cues": [{"kind": c["kind"], "message": c["message"], "ok": c["ok"]} for c in data["cues"]],
           "goals": [{"goal": g["goal"], "confidence": g["confidence"]} for g in data["goals"]],
           "guidance": [{k: g[k] for k in ("passage_id", "title", "text", "answers")}
                        for g in data["guidance"]],
           "prompts": [p["text"] for p in data["prompts"]]}
    if format == "json":
        emit_json(out)
        return
    typer.echo("Cues:")
    for c in out["cues"]:
        typer.echo(f"  {'+' if c['ok'] else '?'} {c['message']}")
    typer.echo("Goals (best first):" if out["goals"] else "Goals: none given (use --goals or --as).")
    for g in out["goals"]:
        typer.echo(f"  {g['confidence']:.2f}  {g['goal']}")
    typer.echo("Guidance:")
    for g in out["guidance"]:
        typer.echo(f"  {g['title']} [{g['passage_id']}]\n    for: \"{g['answers']}\"")
    typer.echo("Questions to reflect on:")
    for p in out["prompts"]:
        typer.echo(f"  - {p}")
