"""Numbered schema migrations, applied in order and recorded in ``schema_version``.

Each migration names the tables it creates (or the columns it adds), so a database created by an
older version is brought forward step by step. Add a new migration at the end; never edit an old one.
Migration 1 creates tables from the current models, so later migrations must be idempotent: ``_create``
skips tables that exist and ``_add_columns`` skips columns that exist. Every number not yet recorded in
``schema_version`` is applied, in list order (numbers added on parallel branches never get skipped).
"""

from __future__ import annotations

from collections.abc import Callable

from sqlalchemy import Column, Connection, Engine, Integer, MetaData, Table, insert, inspect, literal, select
from sqlalchemy.schema import CreateColumn

from coach.store.models import Base

_version_meta = MetaData()
schema_version = Table("schema_version", _version_meta, Column("version", Integer, primary_key=True))


def _create(*names: str) -> Callable[[Connection], None]:
    def run(conn: Connection) -> None:
        tables = [Base.metadata.tables[name] for name in names]
        Base.metadata.create_all(conn, tables=tables, checkfirst=True)

    run.__doc__ = "create " + ", ".join(names)
    return run


def _add_columns(table: str, *columns: str) -> Callable[[Connection], None]:
    """ALTER TABLE ... ADD COLUMN for each model column the table does not have yet."""

    def run(conn: Connection) -> None:
        have = {c["name"] for c in inspect(conn).get_columns(table)}
        model = Base.metadata.tables[table]
        for name in columns:
            if name in have:
                continue
            column = model.c[name]
            ddl = str(CreateColumn(column).compile(dialect=conn.dialect))
            default = getattr(column.default, "arg", None)
            needs_value = not column.nullable and column.server_default is None
            if needs_value and isinstance(default, str | int | float):
                # existing rows need a value: without one a NOT NULL column cannot be added to a filled table
                ddl += " DEFAULT " + str(literal(default).compile(dialect=conn.dialect,
                                                                   compile_kwargs={"literal_binds": True}))
            conn.exec_driver_sql(f"ALTER TABLE {table} ADD COLUMN {ddl}")

    run.__doc__ = f"add {table}." + ", ".join(columns)
    return run


def _steps(*steps: Callable[[Connection], None]) -> Callable[[Connection], None]:
    """Several idempotent steps as one migration."""

    def run(conn: Connection) -> None:
        for step in steps:
            step(conn)

    run.__doc__ = "; ".join(step.__doc__ or "" for step in steps)
    return run


MIGRATIONS: list[tuple[int, str, Callable[[Connection], None]]] = [
    (1, "people, pairs, goals, notes, feedback, guidance, embeddings", _create(
        "programs", "people", "pairs", "checkins", "goals", "milestones", "notes",
        "note_revisions", "note_goal_links", "feedback_drafts", "flag_dismissals",
        "guidance_documents", "guidance_passages", "embeddings", "index_state",
    )),
    (2, "people.cohort (program intake a person belongs to)", _add_columns("people", "cohort")),
    (3, "reflection comments; feedback_drafts.status/sent_at/updated_at; milestones.archived", _steps(
        _create("reflection_comments"),
        _add_columns("feedback_drafts", "status", "sent_at", "updated_at"),
        _add_columns("milestones", "archived"),
    )),
    (4, "match_runs (mentor matching drafts and published runs)", _create("match_runs")),
    (5, "theme_runs (cached, gated themes keyed by a hash of the notes)", _create("theme_runs")),
    (7, "accounts: person_roles, credentials, auth_sessions, signin_attempts, audit_log", _create(
        "person_roles", "credentials", "auth_sessions", "signin_attempts", "audit_log")),
    (8, "autosaves (unsaved drafts and reflections, private to their author)", _create("autosaves")),
]

LATEST = max(number for number, _title, _run in MIGRATIONS)


def current_version(engine: Engine) -> int:
    return max(applied_versions(engine), default=0)


def applied_versions(engine: Engine) -> set[int]:
    with engine.begin() as conn:
        _version_meta.create_all(conn, checkfirst=True)
        return set(conn.execute(select(schema_version.c.version)).scalars().all())


def migrate(engine: Engine) -> list[int]:
    """Apply every migration the database has not recorded; return the numbers applied."""
    applied: list[int] = []
    have = applied_versions(engine)
    for number, _title, run in MIGRATIONS:
        if number in have:
            continue
        with engine.begin() as conn:
            run(conn)
            conn.execute(insert(schema_version).values(version=number))
        applied.append(number)
    return applied
