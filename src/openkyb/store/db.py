"""Engines and sessions for the embedded default (SQLite) and production (PostgreSQL)."""

from __future__ import annotations

import threading
from collections.abc import Iterator
from contextlib import AbstractContextManager, contextmanager, nullcontext
from pathlib import Path
from typing import Any

import orjson
from sqlalchemy import Connection, Engine, create_engine, event, make_url
from sqlalchemy.orm import Session, sessionmaker

from openkyb.settings import Settings


def normalize_url(url: str) -> str:
    """Pick the psycopg 3 driver for plain ``postgresql://`` URLs (the common spelling)."""
    parsed = make_url(url)
    if parsed.drivername in ("postgresql", "postgres"):
        parsed = parsed.set(drivername="postgresql+psycopg")
    return parsed.render_as_string(hide_password=False)


def _json_dumps(value: Any) -> str:
    return orjson.dumps(value).decode()


def _tune_sqlite(dbapi_connection: Any, _record: Any) -> None:
    # WAL lets readers run beside the writer; NORMAL sync is durable across app crashes
    # and fast; busy_timeout queues writers instead of failing with "database is locked".
    cursor = dbapi_connection.cursor()
    cursor.execute("PRAGMA journal_mode=WAL")
    cursor.execute("PRAGMA synchronous=NORMAL")
    cursor.execute("PRAGMA busy_timeout=10000")
    cursor.execute("PRAGMA foreign_keys=ON")
    cursor.close()


def create_db_engine(url: str, pool_size: int = 20, pre_ping: bool = False) -> Engine:
    """An engine configured for the backend the URL names.

    The PostgreSQL pool has no overflow: connections opened and closed per burst cost more
    than a short wait for a pooled one. ``pre_ping`` adds a round trip to every checkout; it
    is off by default because a dropped connection already invalidates the pool on first use.
    """
    url = normalize_url(url)
    parsed = make_url(url)
    if parsed.get_backend_name() == "sqlite":
        in_memory = parsed.database in (None, "", ":memory:")
        if not in_memory:
            Path(parsed.database or "").expanduser().parent.mkdir(parents=True, exist_ok=True)
        # A file database keeps a fixed pool: opening a connection (and its PRAGMAs) is not
        # free. An in-memory one lives in a single connection that SQLAlchemy manages.
        pool_options: dict[str, Any] = (
            {} if in_memory else {"pool_size": pool_size, "max_overflow": 0}
        )
        engine = create_engine(
            url,
            json_serializer=_json_dumps,
            json_deserializer=orjson.loads,
            connect_args={"check_same_thread": False},
            **pool_options,
        )
        event.listen(engine, "connect", _tune_sqlite)
        return engine
    return create_engine(
        url,
        json_serializer=_json_dumps,
        json_deserializer=orjson.loads,
        pool_size=pool_size,
        max_overflow=0,
        pool_timeout=30,
        pool_recycle=1800,
        pool_pre_ping=pre_ping,
    )


class Database:
    """An engine plus a session factory; one per process, shared by the API and the CLI."""

    def __init__(self, url: str, pool_size: int = 20, pre_ping: bool = False) -> None:
        self.url = normalize_url(url)
        self.engine = create_db_engine(self.url, pool_size, pre_ping)
        # Hot paths run single statements, each atomic on its own: autocommit saves the
        # BEGIN and COMMIT round trips a transaction would add to every request.
        self._autocommit = self.engine.execution_options(isolation_level="AUTOCOMMIT")
        self._sessions = sessionmaker(self.engine, expire_on_commit=False)
        self._write_lock: AbstractContextManager[Any] = (
            threading.Lock() if self.backend == "sqlite" else nullcontext()
        )

    @classmethod
    def from_settings(cls, settings: Settings) -> Database:
        """The database the settings name, with their pool options."""
        return cls(settings.database_url, settings.db_pool_size, settings.db_pool_pre_ping)

    @property
    def backend(self) -> str:
        """``sqlite`` or ``postgresql``."""
        return self.engine.dialect.name

    @contextmanager
    def session(self) -> Iterator[Session]:
        """A session that commits on success and rolls back on error."""
        with self._sessions() as session, session.begin():
            yield session

    @contextmanager
    def connection(self, write: bool = False) -> Iterator[Connection]:
        """An autocommit connection for single-statement reads and writes on hot paths.

        On SQLite, writers take a process-wide lock first: SQLite admits one writer at a
        time, and a writer that finds the database busy sleeps in growing steps (up to
        100 ms) before retrying, so queueing in-process is much faster under load.
        """
        with self._write_lock if write else nullcontext(), self._autocommit.connect() as conn:
            yield conn

    def dispose(self) -> None:
        """Close every pooled connection."""
        self.engine.dispose()
