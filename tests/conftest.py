"""Shared fixtures. User data always goes to a temporary COACH_HOME."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest

from coach.config import Settings
from coach.context import Context
from tests.fakes import FakeEmbedder


@pytest.fixture(autouse=True)
def coach_home(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    home = tmp_path / "coach-home"
    monkeypatch.setenv("COACH_HOME", str(home))
    monkeypatch.delenv("COACH_DATABASE_URL", raising=False)
    monkeypatch.setenv("HF_HUB_OFFLINE", "1")
    return home


@pytest.fixture
def fake_embedder() -> FakeEmbedder:
    return FakeEmbedder()


@pytest.fixture
def ctx(coach_home: Path, fake_embedder: FakeEmbedder) -> Iterator[Context]:
    """A context over a fresh SQLite home with the fake embedder (fast unit tests)."""
    yield Context(Settings(home=coach_home), embedder_factory=lambda: fake_embedder)


@pytest.fixture(scope="session")
def real_embedder():  # type: ignore[no-untyped-def]
    from coach.nlp import get_embedder

    return get_embedder(Settings())
