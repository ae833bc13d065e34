"""`coach check`: check feedback wording, one text or a whole file."""

from __future__ import annotations

import sys
from pathlib import Path

import typer

from coach.cli.common import FORMAT_HELP, check_format, context, emit_jsonl, reports_errors
from coach.errors import CoachError, InputError
from coach.feedback.inputs import read_items
from coach.feedback.report import FeedbackReport
from coach.feedback.rewrite import prompt_examples
from coach.feedback.settings import FeedbackSettings


def _print_text(report: FeedbackReport) -> None:
    typer.echo(f"[{report.id}] {report.text}")
    verdict = []
    verdict.append(f"vague {'YES' if report.vague else 'no'} ({report.scores['vague']:.2f})")
    verdict.append(f"judgmental {'YES' if report.judgmental else 'no'} "
                   f"({report.scores['judgmental']:.2f})")
    typer.echo("  " + ", ".join(verdict))
    for part, value in report.sbi.texts().items():
        typer.echo(f"  {part:9}: {value if value else '—'}")
    for flag in report.flags:
        where = f"{flag.start}-{flag.end} '{flag.text}'" if flag.end > flag.start else "(missing)"
        also = f" (also: {', '.join(a['category'] for a in flag.also)})" if flag.also else ""
        typer.echo(f"  ! {flag.category}{also} [{flag.severity}] {where}: {flag.message} "
                   f"{flag.suggestion}")
    typer.echo(f"  rewrite: {report.rewrite}")
    for prompt, example in prompt_examples(report.sbi):
        typer.echo(f"    for {prompt}: e.g. {example}")


@reports_errors
def check(ctx: typer.Context,
          text: str = typer.Argument(None, help="The feedback to check (or use --file)."),
          file: Path = typer.Option(None, "--file", "-f",
                                    help=".txt (one per line), .jsonl {id, text} or .csv (text column)."),
          format: str = typer.Option("text", "--format", help=FORMAT_HELP, callback=check_format),
          disable: list[str] = typer.Option([], "--disable", help="A flag category to hide."),
          allow: list[str] = typer.Option([], "--allow", help="A word or phrase never to flag."),
          sensitivity: float = typer.Option(0.5, "--sensitivity", help="0 (fewer flags) to 1 (more)."),
          examples: int = typer.Option(1, "--examples", help="Good SBI examples per result (0-3)."),
          llm: bool = typer.Option(False, "--llm", help="Also ask the LLM at COACH_LLM_URL for a "
                                   "rewrite (re-checked; refused if it judges or invents)."),
          ) -> None:
    """Check feedback for vague and judgmental wording, SBI parts, and suggest an SBI rewrite."""
    if (text is None) == (file is None):
        raise InputError("Give the feedback as an argument or with --file, not both.")
    if not 0 <= examples <= 3:
        raise InputError(f"--examples must be between 0 and 3 (got {examples}).")
    settings = FeedbackSettings(disabled=frozenset(disable), allow=tuple(allow),
                                sensitivity=sensitivity)
    coach = context(ctx)
    checker = coach.checker
    if llm and not coach.feedback.llm_enabled:
        raise InputError("--llm needs COACH_LLM_URL set to an OpenAI-compatible endpoint.")
    if text is not None:
        outcomes: list[FeedbackReport | CoachError] = [
            checker.check(text, id="1", settings=settings, examples=examples)]
        items = [("1", text)]
    else:
        if not file.is_file():
            raise InputError(f"{file}: no such file.")
        items = read_items(file.read_bytes(), name=file.name)
        if not items:
            raise InputError(f"{file} has no feedback in it.")
        with typer.progressbar(length=len(items), label=f"Checking {len(items)} items",
                               file=sys.stderr) as bar:
            def progress(done: int, _total: int, _stage: str) -> None:
                bar.update(done - bar.pos)

            outcomes = checker.check_rows(items, settings=settings, examples=examples,
                                          progress=progress)
    failed = 0
    for (id_, body), outcome in zip(items, outcomes, strict=True):
        if isinstance(outcome, CoachError):
            failed += 1
            if format == "json":
                emit_jsonl({"id": id_, "text": body, "error": str(outcome)})
            typer.echo(f"Error: item {id_}: {outcome}", err=True)
            continue
        report = outcome
        data = report.to_dict()
        if llm:
            try:
                data["llm_rewrite"] = coach.feedback.llm_rewrite(body)
            except CoachError as error:
                data["llm_rewrite"], data["llm_error"] = None, str(error)
        if format == "json":
            emit_jsonl(data)
        else:
            _print_text(report)
            if llm:
                typer.echo(f"  llm rewrite: {data['llm_rewrite'] or data.get('llm_error')}")
    if failed:
        typer.echo(f"{failed} of {len(items)} items could not be checked (see the errors above).",
                   err=True)
        sys.stdout.flush()
        raise typer.Exit(2)
