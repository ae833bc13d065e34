"""Engine and sessions. SQLite by default (in ``COACH_HOME``), PostgreSQL by URL."""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from functools import lru_cache

from sqlalchemy import Engine, create_engine, event, select
from sqlalchemy.exc import DBAPIError
from sqlalchemy.orm import Session, sessionmaker

from coach.config import Settings
from coach.errors import InputError, StoreError
from coach.store.migrations import migrate
from coach.store.models import IndexState


class Database:
    """One engine and a session factory; migrations run on open."""

    def __init__(self, settings: Settings) -> None:
        self.settings = settings
        if settings.is_sqlite:
            settings.home.mkdir(parents=True, exist_ok=True)
        try:
            self.engine: Engine = _engine(settings.db_url)
            migrate(self.engine)
        except Exception as exc:
            raise StoreError(
                f"Could not open the database at {_redact(settings.db_url)}: {exc}. Check "
                "COACH_DATABASE_URL (or COACH_HOME) and that the database server is running."
            ) from exc
        self._sessions = sessionmaker(self.engine, expire_on_commit=False)

    @contextmanager
    def session(self) -> Iterator[Session]:
        """A transaction: committed on success, rolled back on any error."""
        with self._sessions() as session:
            try:
                yield session
                session.commit()
            except DBAPIError as exc:
                session.rollback()
                if "NUL (0x00)" in str(exc.orig):  # PostgreSQL refuses NUL in text; SQLite stores it
                    raise InputError("The text contains a NUL character (\\x00), which cannot be stored. "
                                     "Remove control characters and try again; nothing was saved.") from exc
                raise
            except BaseException:
                session.rollback()
                raise

    def bump_revision(self, session: Session, name: str) -> int:
        state = session.get(IndexState, name)
        if state is None:
            state = IndexState(name=name, revision=0)
            session.add(state)
        state.revision += 1
        session.flush()
        return state.revision

    def revision(self, name: str) -> int:
        with self.session() as session:
            found = session.scalar(select(IndexState.revision).where(IndexState.name == name))
        return int(found or 0)


def _redact(url: str) -> str:
    if "@" in url and "://" in url:
        scheme, rest = url.split("://", 1)
        return f"{scheme}://***@{rest.split('@', 1)[1]}"
    return url


@lru_cache(maxsize=8)
def _engine(url: str) -> Engine:
    if url.startswith("sqlite"):
        engine = create_engine(url, connect_args={"check_same_thread": False, "timeout": 30})

        @event.listens_for(engine, "connect")
        def _pragmas(dbapi_conn, _record):  # type: ignore[no-untyped-def]
            cursor = dbapi_conn.cursor()
            cursor.execute("PRAGMA journal_mode=WAL")
            cursor.execute("PRAGMA foreign_keys=ON")
            cursor.close()

        return engine
    return create_engine(url, pool_pre_ping=True)


def open_database(settings: Settings | None = None) -> Database:
    return Database(settings or Settings.from_env())
