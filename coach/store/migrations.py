"""Numbered schema migrations, applied in order and recorded in ``schema_version``.

Each migration names the tables it creates (or runs DDL), so a database created by an older
version is brought forward step by step. Add a new migration at the end; never edit an old one.
"""

from __future__ import annotations

from collections.abc import Callable

from sqlalchemy import Column, Connection, Engine, Integer, MetaData, Table, insert, select

from coach.store.models import Base

_version_meta = MetaData()
schema_version = Table("schema_version", _version_meta, Column("version", Integer, primary_key=True))


def _create(*names: str) -> Callable[[Connection], None]:
    def run(conn: Connection) -> None:
        tables = [Base.metadata.tables[name] for name in names]
        Base.metadata.create_all(conn, tables=tables, checkfirst=True)

    run.__doc__ = "create " + ", ".join(names)
    return run


MIGRATIONS: list[tuple[int, str, Callable[[Connection], None]]] = [
    (1, "people, pairs, goals, notes, feedback, guidance, embeddings", _create(
        "programs", "people", "pairs", "checkins", "goals", "milestones", "notes",
        "note_revisions", "note_goal_links", "feedback_drafts", "flag_dismissals",
        "guidance_documents", "guidance_passages", "embeddings", "index_state",
    )),
]

LATEST = MIGRATIONS[-1][0]


def current_version(engine: Engine) -> int:
    with engine.begin() as conn:
        _version_meta.create_all(conn, checkfirst=True)
        found = conn.execute(select(schema_version.c.version)).scalars().all()
    return max(found, default=0)


def migrate(engine: Engine) -> list[int]:
    """Apply every migration newer than the database; return the numbers applied."""
    applied: list[int] = []
    have = current_version(engine)
    for number, _title, run in MIGRATIONS:
        if number <= have:
            continue
        with engine.begin() as conn:
            run(conn)
            conn.execute(insert(schema_version).values(version=number))
        applied.append(number)
    return applied
