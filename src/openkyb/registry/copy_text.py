"""PostgreSQL COPY text format: one value, one line.

Shared by the bulk loaders (which stream these lines) and :mod:`rows` (whose fingerprint is a
digest of a record's content in this format, so that the fast BasicCompanyData path, which
writes the text directly, computes the very same fingerprint).
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from datetime import date
from typing import Any

import orjson

NULL = "\\N"
_SPECIAL = re.compile(r"[\\\t\n\r]")
_ESCAPES = str.maketrans({"\\": "\\\\", "\t": "\\t", "\n": "\\n", "\r": "\\r"})


def copy_field(value: Any) -> str:
    """One value in PostgreSQL's COPY text format (``\\N`` for NULL, escapes for tab etc.)."""
    if value is None:
        return NULL
    if isinstance(value, str):
        return value.translate(_ESCAPES) if _SPECIAL.search(value) else value
    if isinstance(value, list | dict):
        return copy_field(orjson.dumps(value).decode())
    if isinstance(value, date):
        return value.isoformat()
    return str(value)


def copy_line(values: Iterable[Any]) -> str:
    """A row as one COPY text line."""
    return "\t".join(map(copy_field, values)) + "\n"
