"""Row values as SQLite stores them through SQLAlchemy: dates as ISO text, JSON as text.

The SQLite bulk path inserts with the driver's ``executemany`` (no per-row type processing),
so it converts values the way SQLAlchemy's ``Date`` and ``JSON`` types would.
"""

from __future__ import annotations

from datetime import date
from typing import Any

import orjson


def sqlite_value(value: Any) -> Any:
    """One value in the form SQLAlchemy would store it on SQLite."""
    if isinstance(value, date):
        return value.isoformat()
    if isinstance(value, list | dict):
        return orjson.dumps(value).decode()
    return value


def sqlite_row(values: tuple[Any, ...]) -> tuple[Any, ...]:
    """A row tuple converted by :func:`sqlite_value`."""
    return tuple(sqlite_value(v) for v in values)
