"""Shared fixtures. User data always goes to a temporary COACH_HOME."""

from __future__ import annotations

import os
import uuid
from collections.abc import Iterator
from contextlib import contextmanager
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
    monkeypatch.setenv("COACH_WARM_UP", "0")  # no background analysis racing a test's own steps
    return home


@pytest.fixture
def fake_embedder() -> FakeEmbedder:
    return FakeEmbedder()


@pytest.fixture
def ctx(coach_home: Path, fake_embedder: FakeEmbedder) -> Iterator[Context]:
    """A context over a fresh SQLite home with the fake embedder (fast unit tests). Under
    ``make test-postgres`` (COACH_TEST_DB=postgres) the database is a fresh PostgreSQL one instead."""
    if os.environ.get("COACH_TEST_DB") == "postgres" and os.environ.get("COACH_TEST_POSTGRES_URL"):
        with fresh_postgres(os.environ["COACH_TEST_POSTGRES_URL"]) as url:
            yield Context(Settings(home=coach_home, database_url=url), embedder_factory=lambda: fake_embedder)
        return
    yield Context(Settings(home=coach_home), embedder_factory=lambda: fake_embedder)


@contextmanager
def fresh_postgres(server_url: str) -> Iterator[str]:
    """A new, empty database on the test server, dropped afterwards (tests never share one)."""
    from sqlalchemy import create_engine, text
    from sqlalchemy.engine import make_url

    from coach.store.db import _engine

    name = f"coach_t_{uuid.uuid4().hex[:12]}"
    admin = create_engine(make_url(server_url).set(database="postgres"), isolation_level="AUTOCOMMIT")
    with admin.connect() as conn:
        conn.execute(text(f'CREATE DATABASE "{name}"'))
    try:
        yield make_url(server_url).set(database=name).render_as_string(hide_password=False)
    finally:
        _engine.cache_clear()  # DROP ... WITH (FORCE) ends the pooled connections
        with admin.connect() as conn:
            conn.execute(text(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)'))
        admin.dispose()


@pytest.fixture(scope="session")
def real_embedder():  # type: ignore[no-untyped-def]
    from coach.nlp import get_embedder

    return get_embedder(Settings())
