"""`coach reflect`: cues, linked goals and fitting guidance for a reflection."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import typer

from coach.cli.common import FORMAT_HELP, check_format, context, emit_json, reports_errors
from coach.errors import InputError
from coach.guidance.parsers.base import decode_text
from coach.reflection.reflections import parse_parts


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
    """Reflection-quality cues, the goals it relates to (best first, each with the sentence that
    matched) and 3 guidance passages, each with the sentence it answers. The file may use "What:",
    "So what:" and "Now what:" headings (each at the start of a line); guidance then answers the
    so-what / now-what parts."""
    coach = context(ctx)
    text = _read(file, "reflection")
    if goals is not None and as_ is not None:
        raise InputError("Use --goals or --as, not both.")
    if save and as_ is None:
        raise InputError("--save needs --as PERSON (whose reflection it is).")
    service = coach.reflections
    parts = parse_parts(text)
    saved = None
    if as_ is not None:
        actor = coach.people.actor(as_)
        if save:
            saved = service.save(actor, what=parts.what, so_what=parts.so_what,
                                 now_what=parts.now_what, shared=shared)
            analysis = saved.analysis
        else:
            analysis = service.analyze(actor, parts.text, parts=parts)
    else:
        goal_texts = [g.strip() for g in _read(goals, "goals").splitlines() if g.strip()] if goals else []
        from coach.access import OPERATOR

        analysis = service.analyze(OPERATOR, parts.text, goal_texts=goal_texts, parts=parts)
    data = analysis.to_dict()
    out: dict[str, Any] = {
        "cues": [{"kind": c["kind"], "message": c["message"], "ok": c["ok"]} for c in data["cues"]],
        "goals": [{"goal": g["goal"], "confidence": g["confidence"], "evidence": g["evidence"]}
                  for g in data["goals"]],
        "question": data["question"],
        "guidance": [{k: g[k] for k in ("passage_id", "title", "text", "answers")}
                     for g in data["guidance"]],
        "prompts": [p["text"] for p in data["prompts"]]}
    if saved is not None:
        out["saved"] = {"id": saved.note.id,
                        "links": [{"goal_id": v.goal_id, "goal": v.title, "source": v.source}
                                  for v in saved.note.links],
                        "asked": [{"goal_id": v.goal_id, "goal": v.title} for v in saved.note.suggestions]}
    if format == "json":
        emit_json(out)
        return
    typer.echo("Cues:")
    for c in out["cues"]:
        typer.echo(f"  {'+' if c['ok'] else '?'} {c['message']}")
    typer.echo("Goals (best first):" if out["goals"] else "Goals: none given (use --goals or --as).")
    for g in out["goals"]:
        typer.echo(f"  {g['confidence']:.2f}  {g['goal']}")
        if g["evidence"]:
            typer.echo(f"        because you wrote: \"{g['evidence']}\"")
    if out["question"]:
        typer.echo(out["question"] + " (too close to call, so neither is linked yet)")
    if saved is not None:
        typer.echo(f"Saved as reflection {saved.note.id}; linked to: "
                   + (", ".join(f"{v.title} ({v.source})" for v in saved.note.links) or "no goal yet"))
        for v in saved.note.suggestions:
            typer.echo(f"  to link it to '{v.title}': coach link-goal {saved.note.id} --as {as_} "
                       f"--goal {v.goal_id}")
        if len(saved.note.suggestions) > 1:
            typer.echo(f"  neither: coach link-goal {saved.note.id} --as {as_} --neither")
    typer.echo("Guidance:")
    for g in out["guidance"]:
        typer.echo(f"  {g['title']} [{g['passage_id']}]\n    for: \"{g['answers']}\"")
    typer.echo("Questions to reflect on:")
    for p in out["prompts"]:
        typer.echo(f"  - {p}")


@reports_errors
def link_goal(ctx: typer.Context, note: int = typer.Argument(..., help="The reflection's id."),
              as_: str = typer.Option(..., "--as", help="Whose reflection it is (person id or handle)."),
              goal: int = typer.Option(None, "--goal", help="The goal it is about (id)."),
              neither: bool = typer.Option(False, "--neither", help="It is about none of the asked goals."),
              format: str = typer.Option("text", "--format", help=FORMAT_HELP,
                                         callback=check_format)) -> None:
    """Answer "which goal is this reflection about?" (or confirm a suggested goal). The answer is
    your own link, and your next reflections are linked with it in mind."""
    if (goal is None) == (not neither):
        raise InputError("Give either --goal ID (from `coach reflect --save` or `coach goals list`) "
                         "or --neither.")
    coach = context(ctx)
    view = coach.reflections.choose_goal(coach.people.actor(as_), note, None if neither else goal)
    if format == "json":
        emit_json({"id": view.id, "links": [{"goal_id": v.goal_id, "goal": v.title, "source": v.source}
                                            for v in view.links]})
        return
    typer.echo(f"reflection {view.id} linked to: "
               + (", ".join(v.title for v in view.links) or "no goal"))
