"""Migrations and the database, on SQLite here and on PostgreSQL when one is available."""

from __future__ import annotations

import os

import pytest
from sqlalchemy import inspect, select

from coach.config import Settings
from coach.store import LATEST, Database
from coach.store.migrations import current_version, migrate
from coach.store.models import Base, Person


def test_migrations_create_every_table_and_are_idempotent(coach_home):
    db = Database(Settings(home=coach_home))
    assert current_version(db.engine) == LATEST
    assert set(Base.metadata.tables) <= set(inspect(db.engine).get_table_names())
    assert migrate(db.engine) == []


def test_session_rolls_back_on_error(coach_home):
    db = Database(Settings(home=coach_home))
    with pytest.raises(RuntimeError):
        with db.session() as session:
            session.add(Person(handle="x", name="X", role="mentee"))
            session.flush()
            raise RuntimeError("boom")
    with db.session() as session:
        assert session.scalars(select(Person)).all() == []


def test_bad_database_url_is_explained(coach_home):
    from coach.errors import StoreError

    with pytest.raises(StoreError, match="COACH_DATABASE_URL"):
        Database(Settings(home=coach_home, database_url="postgresql+psycopg://u:secret@127.0.0.1:1/x"))


@pytest.mark.postgres
@pytest.mark.skipif(not os.environ.get("COACH_TEST_POSTGRES_URL"), reason="no PostgreSQL server")
def test_postgres_end_to_end(coach_home, fake_embedder, tmp_path):
    from sqlalchemy import text

    from coach.context import Context

    url = os.environ["COACH_TEST_POSTGRES_URL"]
    db = Database(Settings(home=coach_home, database_url=url))
    with db.engine.begin() as conn:  # start from an empty schema
        conn.execute(text("DROP SCHEMA public CASCADE; CREATE SCHEMA public"))
    ctx = Context(Settings(home=coach_home, database_url=url), embedder_factory=lambda: fake_embedder)
    from coach.demo import load_demo

    assert load_demo(ctx.db).created
    assert ctx.guidance.search("time zones", k=3)


def test_make_test_postgres_really_uses_postgres(ctx):
    """Under COACH_TEST_DB=postgres the ``ctx`` fixture must not fall back to SQLite silently."""
    if os.environ.get("COACH_TEST_DB") != "postgres":
        assert ctx.settings.db_url.startswith("sqlite")
        return
    assert os.environ.get("COACH_TEST_POSTGRES_URL"), "COACH_TEST_DB=postgres without a server URL"
    assert ctx.settings.db_url.startswith("postgresql")
    assert ctx.db.engine.dialect.name == "postgresql"


def test_nul_in_text_is_a_clear_error_on_postgres_and_nothing_is_saved(ctx):
    from coach.errors import InputError, NotFoundError
    from coach.store.people import get_actor

    with pytest.raises(NotFoundError, match="No person"):  # a lookup never reaches the database
        get_actor(ctx.db, "bad\x00name")
    if ctx.db.engine.dialect.name == "postgresql":
        with pytest.raises(InputError, match="NUL character"):
            with ctx.db.session() as session:
                session.add(Person(handle="ok", name="fine", role="mentee"))
                session.add(Person(handle="nul", name="bad\x00name", role="mentee"))
        with ctx.db.session() as session:
            assert session.scalars(select(Person)).all() == []
    else:  # SQLite stores it as typed
        with ctx.db.session() as session:
            session.add(Person(handle="nul", name="bad\x00name", role="mentee"))
        with ctx.db.session() as session:
            assert session.scalar(select(Person.name)) == "bad\x00name"
