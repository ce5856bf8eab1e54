"""PostgreSQL COPY for bulk registry loads.

``COPY ... FROM STDIN`` is the fastest way into PostgreSQL: one statement, no per-row round trip
or plan. Rows are tuples in the table's column order; JSON columns are sent as JSON text and the
server parses them into ``jsonb``. psycopg's ``write_row`` adapts values in C; the measured
alternative (formatting tab-separated text in Python) was slower, see docs/registries.md.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from typing import Any

import orjson
from psycopg import sql
from sqlalchemy import Connection


def driver_connection(connection: Connection) -> Any:
    """The psycopg connection under a SQLAlchemy one (same transaction)."""
    return connection.connection.driver_connection


def json_positions(columns: Sequence[str], json_columns: Iterable[str]) -> list[int]:
    """Indexes of the JSON columns in ``columns``."""
    wanted = set(json_columns)
    return [i for i, column in enumerate(columns) if column in wanted]


def as_copy_row(values: tuple[Any, ...], positions: Sequence[int]) -> tuple[Any, ...]:
    """``values`` with the JSON columns serialised (COPY would send a list as an array)."""
    if not positions:
        return values
    row = list(values)
    for index in positions:
        row[index] = orjson.dumps(row[index]).decode()
    return tuple(row)


class CopyWriter:
    """An open ``COPY table (columns) FROM STDIN`` on a psycopg cursor.

    Use as a context manager; :meth:`write` takes row tuples in ``columns`` order. ``freeze``
    needs ``table`` to have been created (or truncated) in the current transaction.
    """

    def __init__(
        self,
        connection: Connection,
        table: str,
        columns: Sequence[str],
        json_columns: Iterable[str] = (),
        *,
        freeze: bool = False,
    ) -> None:
        self._cursor = driver_connection(connection).cursor()
        # FREEZE (only for a table created in this transaction) writes the rows frozen and
        # all-visible: no VACUUM needed before index-only scans, no later freezing rewrite.
        options = sql.SQL(" (FREEZE)" if freeze else "")
        self._statement = sql.SQL("COPY {} ({}) FROM STDIN{}").format(
            sql.Identifier(table), sql.SQL(", ").join(map(sql.Identifier, columns)), options
        )
        self._positions = json_positions(columns, json_columns)
        self._manager: Any = None
        self._copy: Any = None
        self.rows = 0

    def __enter__(self) -> CopyWriter:
        self._manager = self._cursor.copy(self._statement)  # keep it: it owns the COPY
        self._copy = self._manager.__enter__()
        return self

    def write(self, values: tuple[Any, ...]) -> None:
        """Send one row."""
        self._copy.write_row(as_copy_row(values, self._positions))
        self.rows += 1

    def write_text(self, data: bytes, rows: int) -> None:
        """Send ``rows`` rows already in COPY text format (see ``load_parallel.copy_line``)."""
        self._copy.write(data)
        self.rows += rows

    def write_many(self, rows: Iterable[tuple[Any, ...]]) -> None:
        """Send many rows."""
        for values in rows:
            self.write(values)

    def __exit__(self, *exc: object) -> None:
        try:
            self._manager.__exit__(*exc)
        finally:
            self._cursor.close()


def copy_rows(
    connection: Connection,
    table: str,
    columns: Sequence[str],
    rows: Iterable[tuple[Any, ...]],
    json_columns: Iterable[str] = (),
) -> int:
    """COPY ``rows`` into ``table``; returns how many were sent."""
    with CopyWriter(connection, table, columns, json_columns) as writer:
        writer.write_many(rows)
        return writer.rows
