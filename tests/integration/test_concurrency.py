"""Concurrent writers: 20 threads save reflections, feedback drafts and comments at once through the
services; afterwards every row is there, exactly once. On SQLite (WAL) and on PostgreSQL.

Also: SQLite runs in WAL mode, and a multi-row change that fails half-way leaves nothing behind."""

from __future__ import annotations

import os
import threading
import uuid
from collections.abc import Iterator
from pathlib import Path

import pytest
from sqlalchemy import create_engine, func, select, text
from sqlalchemy.engine import make_url

from coach.access import OPERATOR
from coach.config import Settings
from coach.context import Context
from coach.feedback.report import FeedbackReport, SbiParts
from coach.people import AccountService
from coach.people.data_rights import DataRightsService
from coach.reflection.comments import add_comment
from coach.store.models import FeedbackDraft, Note, ReflectionComment
from tests.fakes import FakeEmbedder

THREADS = 20
PER_THREAD = 3
PG_URL = os.environ.get("COACH_TEST_POSTGRES_URL")


def _report(body: str) -> FeedbackReport:
    """A checked-draft result; the checker itself is tested elsewhere, here only the writes count."""
    return FeedbackReport(id="t", text=body, vague=False, judgmental=False, scores={}, sbi=SbiParts(),
                          flags=[], rewrite=body)


def _hammer(ctx: Context) -> None:
    accounts = AccountService(ctx.db)
    actors = []
    for i in range(THREADS):
        accounts.add(OPERATOR, f"writer{i:02d}", name=f"Writer {i}", roles=["mentee"])
        actors.append(DataRightsService(ctx.db).person_actor(f"writer{i:02d}"))
    start = threading.Barrier(THREADS)
    errors: list[BaseException] = []

    def work(i: int) -> None:
        actor = actors[i]
        try:
            start.wait(timeout=60)
            for j in range(PER_THREAD):
                saved = ctx.reflections.save(actor, what=f"Reflection {j} by writer {i}: I asked for help.")
                body = f"Draft {j} by writer {i}: in the demo you paused for questions."
                ctx.feedback.save_draft(actor, body, report=_report(body))
                add_comment(ctx.db, actor, saved.note.id, f"Comment {j} by writer {i}")
        except BaseException as exc:
            errors.append(exc)

    threads = [threading.Thread(target=work, args=(i,)) for i in range(THREADS)]
    for t in threads:
        t.start()
    for t in threads:
        t.join(timeout=300)
    assert not errors, [repr(e) for e in errors[:3]]
    with ctx.db.session() as session:
        notes = session.scalars(select(Note.what).where(Note.what.like("Reflection % by writer %"))).all()
        drafts = session.scalars(select(FeedbackDraft.text).where(
            FeedbackDraft.text.like("Draft % by writer %"))).all()
        comments = session.scalars(select(ReflectionComment.text).where(
            ReflectionComment.text.like("Comment % by writer %"))).all()
    expected = THREADS * PER_THREAD
    assert len(notes) == len(set(notes)) == expected
    assert len(drafts) == len(set(drafts)) == expected
    assert len(comments) == len(set(comments)) == expected
    for i in range(THREADS):
        assert sum(f"by writer {i}:" in n for n in notes) == PER_THREAD


def test_twenty_threads_on_sqlite(coach_home: Path, fake_embedder: FakeEmbedder) -> None:
    ctx = Context(Settings(home=coach_home), embedder_factory=lambda: fake_embedder)
    _hammer(ctx)


@pytest.fixture
def pg_url() -> Iterator[str]:
    """A database of its own on the test server (others may use coach_test at the same time)."""
    if not PG_URL:
        pytest.skip("no PostgreSQL server (COACH_TEST_POSTGRES_URL): make test-postgres starts one")
    name = f"coach_conc_{uuid.uuid4().hex[:10]}"
    admin = create_engine(make_url(PG_URL).set(database="postgres"), isolation_level="AUTOCOMMIT")
    with admin.connect() as conn:
        conn.execute(text(f'CREATE DATABASE "{name}"'))
    try:
        yield make_url(PG_URL).set(database=name).render_as_string(hide_password=False)
    finally:
        from coach.store.db import _engine

        _engine.cache_clear()
        with admin.connect() as conn:
            conn.execute(text(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)'))
        admin.dispose()


@pytest.mark.postgres
def test_twenty_threads_on_postgres(coach_home: Path, fake_embedder: FakeEmbedder, pg_url: str) -> None:
    ctx = Context(Settings(home=coach_home, database_url=pg_url), embedder_factory=lambda: fake_embedder)
    _hammer(ctx)


def test_sqlite_runs_in_wal_mode(coach_home: Path) -> None:
    ctx = Context(Settings(home=coach_home), embedder_factory=FakeEmbedder)
    with ctx.db.engine.connect() as conn:
        assert conn.execute(text("PRAGMA journal_mode")).scalar() == "wal"
        assert conn.execute(text("PRAGMA foreign_keys")).scalar() == 1


def test_a_multi_row_change_that_fails_leaves_nothing(ctx: Context) -> None:
    """Account deletion touches a dozen tables; a failure half-way rolls every one of them back."""
    AccountService(ctx.db).add(OPERATOR, "solo", name="Solo", roles=["mentee"])
    actor = DataRightsService(ctx.db).person_actor("solo")
    ctx.reflections.save(actor, what="Kept safe: a failure later must not lose this.")
    service = DataRightsService(ctx.db)
    original = service._delete

    def failing(session, person):  # type: ignore[no-untyped-def]
        original(session, person)
        raise RuntimeError("disk full")

    service._delete = failing  # type: ignore[method-assign]
    with pytest.raises(RuntimeError):
        service.delete_account(actor, "solo")
    with ctx.db.session() as session:
        assert session.scalar(select(func.count()).select_from(Note).where(Note.author_id == actor.id)) == 1
    assert DataRightsService(ctx.db).person_actor("solo").name == "Solo"


def _upgrade_a_filled_database(url: str) -> None:
    """A database at migration 1 with people in it upgrades to the latest schema, keeping its rows."""
    from coach.store import migrations
    from coach.store.db import Database

    engine = create_engine(url)
    with engine.begin() as conn:
        migrations._version_meta.create_all(conn)
        for number, _title, run in [m for m in migrations.MIGRATIONS if m[0] == 1]:
            run(conn)
            conn.execute(migrations.insert(migrations.schema_version).values(version=number))
        conn.execute(text("ALTER TABLE people DROP COLUMN cohort"))  # as the table was before migration 2
        conn.execute(text("INSERT INTO people (handle, name, email, role, languages, timezone, work_start, "
                          "work_end, bio, skills, interests, capacity, active, created_at) VALUES ('old', "
                          "'Old Timer', '', 'mentee', '[]', 'UTC', 9, 17, '', '[]', '[]', 0, true, "
                          "'2026-01-01')"))
    engine.dispose()
    db = Database(Settings(home=Path("/nonexistent-home-not-used"), database_url=url))
    assert migrations.current_version(db.engine) == migrations.LATEST
    with db.session() as session:
        assert tuple(session.execute(text("SELECT name, cohort FROM people")).one()) == ("Old Timer", "")


def test_upgrading_a_filled_sqlite_database(coach_home: Path) -> None:
    coach_home.mkdir(parents=True, exist_ok=True)
    _upgrade_a_filled_database(f"sqlite:///{coach_home / 'old.db'}")


@pytest.mark.postgres
def test_upgrading_a_filled_postgres_database(pg_url: str) -> None:
    _upgrade_a_filled_database(pg_url)
