"""`coach match`: match mentees with mentors, from CSV files or the program database."""

from __future__ import annotations

from pathlib import Path

import typer

from coach.access import OPERATOR
from coach.cli.common import FORMAT_HELP, check_format, context, reports_errors
from coach.errors import InputError
from coach.exports import to_json, write_csv
from coach.matching import (
    CSV_FIELDS,
    AttributeRule,
    MatchingService,
    MatchOptions,
    MatchResult,
    Weights,
    load_problem,
)


def _read(path: Path | None, what: str) -> bytes | None:
    if path is None:
        return None
    if not path.is_file():
        raise InputError(f"--{what} {path}: no such file. Give the path of a CSV file.")
    return path.read_bytes()


def _rule(text: str) -> AttributeRule:
    parts = text.split(":")
    if len(parts) not in (2, 3) or parts[1] not in ("same", "different"):
        raise InputError(f"--rule {text!r}: write COLUMN:same or COLUMN:different, optionally with a "
                         "weight, e.g. department:different:0.2.")
    try:
        weight = float(parts[2]) if len(parts) == 3 else 0.1
    except ValueError as exc:
        raise InputError(f"--rule {text!r}: the weight {parts[2]!r} is not a number.") from exc
    return AttributeRule(column=parts[0].strip().lower(), mode=parts[1], weight=weight)


def _text(result: MatchResult) -> None:
    s = result.stats
    typer.echo(f"{'mentee':24} {'mentor':24} {'score':>5}  reasons")
    for m in result.matches:
        typer.echo(f"{m.mentee_name[:24]:24} {m.mentor_name[:24]:24} {m.score:5.2f}  {m.reasons[0]}")
        for reason in m.reasons[1:]:
            typer.echo(f"{'':56}{reason}")
    if result.unmatched:
        typer.echo("\nUnmatched:")
        for u in result.unmatched:
            typer.echo(f"  {u.mentee_name or u.mentee_id}: {u.reason}")
    typer.echo(f"\n{s['mentees_matched']}/{s['mentees']} mentees matched ({s['pct_mentees_matched']:.1f}%), "
               f"{s['mentors_used']}/{s['mentors']} mentors used ({s['pct_mentors_used']:.1f}%); "
               f"score mean {s['score_mean'] or 0:.3f}, min {s['score_min'] or 0:.3f}, "
               f"p10 {s['score_p10'] or 0:.3f}; load spread {s['load_spread']}; "
               f"constraint violations {s['violations']}; solver {s['solver']}.")
    for note in s.get("notes", []):
        typer.echo(note)


@reports_errors
def match(ctx: typer.Context,
          mentors: Path = typer.Option(None, "--mentors", help="CSV: id,name,expertise,bio,languages,"
                                       "timezone,capacity (+ extra columns)."),
          mentees: Path = typer.Option(None, "--mentees", help="CSV: id,name,goals,background,languages,"
                                       "timezone (+ extra columns)."),
          exclusions: Path = typer.Option(None, "--exclusions", help="CSV: mentee_id,mentor_id,reason."),
          pins: Path = typer.Option(None, "--pins", help="CSV: mentee_id,mentor_id (pairs that must stay)."),
          k: int = typer.Option(1, "--k", help="Mentors per mentee (k > 1: advisory board)."),
          objective: str = typer.Option("fit", "--objective",
                                        help="fit (best total fit) or coverage (match as many as possible)."),
          format: str = typer.Option("text", "--format", help=FORMAT_HELP, callback=check_format),
          out: Path = typer.Option(None, "--out", help="Also write the matches to this CSV file."),
          solver: str = typer.Option("auto", "--solver", help="auto, scipy or mincostflow."),
          top_n: int = typer.Option(40, "--top-n", help="Candidates per mentee (min-cost flow)."),
          min_score: float = typer.Option(0.0, "--min-score", help="Never propose pairs scoring below this."),
          w_fit: float = typer.Option(Weights.fit, "--w-fit", help="Weight of the semantic fit."),
          w_hours: float = typer.Option(Weights.hours, "--w-hours", help="Weight of working-hours overlap."),
          w_cross: float = typer.Option(0.0, "--w-cross-cultural",
                                        help="Weight of a different 'country' (or 'culture') column."),
          w_seniority: float = typer.Option(0.0, "--w-seniority", help="Weight of a 'seniority' gap."),
          w_load: float = typer.Option(Weights.load_balance, "--w-load", help="Mentor load-balance penalty."),
          w_complement: float = typer.Option(Weights.complement, "--w-complement",
                                             help="Advisory board: penalty for similar expertise."),
          rule: list[str] = typer.Option([], "--rule", help="COLUMN:same|different[:weight], repeatable."),
          cohort: str = typer.Option(None, "--cohort", help="Program data: only this cohort."),
          rematch: bool = typer.Option(False, "--rematch",
                                       help="Program data: also re-match mentees who have a mentor."),
          save: bool = typer.Option(False, "--save", help="Store the result as a draft run (publish it "
                                    "on the Matching page)."),
          as_: str = typer.Option(None, "--as", help="Act as this facilitator (default: local operator)."),
          ) -> None:
    """Match mentees with mentors: semantic fit plus hard constraints, optimal for the whole cohort."""
    coach = context(ctx)
    actor = coach.people.actor(as_) if as_ else OPERATOR
    options = MatchOptions(objective=objective, k=k, solver=solver, top_n=top_n, min_score=min_score,
                           weights=Weights(fit=w_fit, hours=w_hours, cross_cultural=w_cross,
                                           seniority=w_seniority, load_balance=w_load,
                                           complement=w_complement,
                                           rules=tuple(_rule(r) for r in rule))).checked()
    service = MatchingService(coach.db, lambda: coach.embedder)
    if (mentors is None) != (mentees is None):
        raise InputError("Give both --mentors and --mentees (CSV files), or neither to use the program.")
    if mentors is not None and mentees is not None:
        names = {"mentors": mentors.name, "mentees": mentees.name,
                 "exclusions": exclusions.name if exclusions else "exclusions.csv",
                 "pins": pins.name if pins else "pins.csv"}
        problem = load_problem(mentors=_read(mentors, "mentors") or b"",
                               mentees=_read(mentees, "mentees") or b"",
                               exclusions=_read(exclusions, "exclusions"), pins=_read(pins, "pins"),
                               names=names, k=k)
    else:
        problem = service.program_problem(actor, cohort=cohort, rematch=rematch)
        if not problem.mentees:
            raise InputError("No mentee in the program is waiting for a mentor (use --rematch to re-match "
                             "everyone, or give --mentors and --mentees CSV files).")
    run_id, result = service.run(actor, problem, options, save=save)
    if out:
        out.write_text(write_csv(result.rows(), CSV_FIELDS), encoding="utf-8")
    if format == "json":
        typer.echo(to_json(result.to_dict() | ({"run_id": run_id} if run_id else {}), indent=2))
        return
    _text(result)
    if run_id:
        typer.echo(f"Saved as draft run {run_id}: review and publish it on the Matching page.")
    if out:
        typer.echo(f"wrote {out}")
