"""Shared CLI plumbing: the context object, error reporting, output formats."""

from __future__ import annotations

import functools
import sys
from collections.abc import Callable
from typing import Any, TypeVar

import typer

from coach.context import Context
from coach.errors import CoachError
from coach.exports import to_json

F = TypeVar("F", bound=Callable[..., Any])


def context(ctx: typer.Context) -> Context:
    root = ctx.find_root()
    if not isinstance(root.obj, Context):
        root.obj = Context()
    return root.obj


def reports_errors(func: F) -> F:
    """Turn a CoachError into a one-line message on stderr and its exit code."""

    @functools.wraps(func)
    def wrapper(*args: Any, **kwargs: Any) -> Any:
        try:
            return func(*args, **kwargs)
        except CoachError as error:
            typer.echo(f"Error: {error}", err=True)
            raise typer.Exit(error.exit_code) from None

    return wrapper  # type: ignore[return-value]


def emit_json(value: Any) -> None:
    """Strict JSON (no NaN: they become null) on stdout."""
    typer.echo(to_json(value, indent=2))


def emit_jsonl(value: Any) -> None:
    sys.stdout.write(to_json(value) + "\n")
    sys.stdout.flush()


FORMAT_HELP = "Output format: text (for people) or json (for programs)."


def check_format(value: str) -> str:
    if value not in ("text", "json"):
        raise typer.BadParameter("use text or json")
    return value
