from __future__ import annotations

import os
from pathlib import Path

import pytest
from typer.testing import CliRunner

from coach.cli import app

SNAPSHOTS = Path(__file__).parent / "snapshots"


class Cli:
    def __init__(self, ctx) -> None:  # type: ignore[no-untyped-def]
        self.ctx = ctx
        self.runner = CliRunner()

    def __call__(self, *args: str, code: int = 0, input: str | None = None):  # type: ignore[no-untyped-def]
        result = self.runner.invoke(app, list(args), obj=self.ctx, input=input)
        assert result.exit_code == code, (result.output, result.exception)
        return result


@pytest.fixture
def cli(ctx) -> Cli:  # type: ignore[no-untyped-def]
    return Cli(ctx)


@pytest.fixture
def snapshot():  # type: ignore[no-untyped-def]
    def check(name: str, text: str) -> None:
        path = SNAPSHOTS / name
        if os.environ.get("UPDATE_SNAPSHOTS") or not path.exists():
            path.write_text(text)
        assert text == path.read_text(), f"output differs from {path}; UPDATE_SNAPSHOTS=1 to accept"

    return check
