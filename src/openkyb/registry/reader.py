"""Single-row reads on the DBAPI cursor of one pooled connection.

Lookups by key return one wide row: SQLAlchemy's result machinery would cost more than the
query itself (several hundred microseconds a row), so the hot paths use the driver's cursor.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from contextlib import contextmanager
from typing import Any

from sqlalchemy import Connection

from openkyb.store.db import Database

_NAMED = re.compile(r":(\w+)")


class DbReader:
    """Plain statements on the DBAPI cursor of one pooled connection.

    The evidence is a few single-row lookups per verification: SQLAlchemy's result machinery
    would cost more than the queries themselves (several hundred microseconds for wide rows).
    """

    def __init__(self, conn: Connection, backend: str) -> None:
        self._cursor = conn.connection.cursor()
        self._postgres = backend == "postgresql"

    def rows(self, sql: str, params: dict[str, Any]) -> list[dict[str, Any]]:
        """Every row as a column dict."""
        if self._postgres:  # psycopg's named style is %(name)s; sqlite3 takes :name
            sql = _NAMED.sub(r"%(\1)s", sql)
        self._cursor.execute(sql, params)
        names = [d[0] for d in self._cursor.description or ()]
        return [dict(zip(names, row, strict=True)) for row in self._cursor.fetchall()]

    def scalar(self, sql: str, params: dict[str, Any]) -> Any:
        """The first column of the first row, or None."""
        found = self.rows(sql, params)
        return next(iter(found[0].values())) if found else None


@contextmanager
def db_reader(db: Database) -> Iterator[DbReader]:
    """A reader on one pooled connection, returned to the pool on exit."""
    with db.connection() as conn:
        yield DbReader(conn, db.backend)
