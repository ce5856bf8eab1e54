"""The plain load a team would write first, measured beside openkyb's on the same file.

``csv.reader`` over the BasicCompanyData file; per row, the company number, the name with a
plain normalisation (lower case, punctuation to spaces, the common UK legal forms dropped),
the postcode without spaces, the eight dates parsed with ``strptime`` and the six counts with
``int`` (a register must compare dates to say "accounts overdue"); sent with psycopg's
``write_row`` into an unindexed table of the same types. It is what ANCHORS.md calls "COPY
load with Python parsing and normalisation" (48.7k rows/s there): no address key, no
fingerprint, no SIC or previous-name documents, no issue reporting, so a floor for what a
real loader costs rather than a rival in features.
"""

from __future__ import annotations

import csv
import itertools
import re
import time
from datetime import date, datetime
from pathlib import Path

import psycopg

_PUNCTUATION = re.compile(r"[^a-z0-9]+")
_FORMS = frozenset({"limited", "ltd", "plc", "llp", "lp", "cic", "the", "company", "co"})
_TABLE = "peer_plain_companies"


_DATES = (13, 14, 17, 18, 20, 21, 53, 54)  # BasicCompanyData columns holding DD/MM/YYYY
_COUNTS = (15, 16, 22, 23, 24, 25)


def _name_key(name: str) -> str:
    words = _PUNCTUATION.sub(" ", name.lower()).split()
    return " ".join(word for word in words if word not in _FORMS)


def _date(cell: str) -> date | None:
    return datetime.strptime(cell, "%d/%m/%Y").date() if cell else None


def _row(cells: list[str]) -> tuple[object, ...]:
    dates = [_date(cells[i]) for i in _DATES]
    counts = [int(cells[i]) if cells[i] else None for i in _COUNTS]
    text = [cell for i, cell in enumerate(cells) if i not in _TYPED]
    key = _name_key(cells[0])
    return (cells[1].strip(), key, cells[9].replace(" ", "").upper(), *dates, *counts, *text)


_TYPED = frozenset(_DATES + _COUNTS)


def measure_plain_load(url: str, path: Path, rows: int) -> dict[str, float]:
    """Load the first ``rows`` companies of ``path`` the plain way; seconds and rows/s."""
    typed = [f"d{i} date" for i in _DATES] + [f"n{i} integer" for i in _COUNTS]
    texts = [f"c{i} text" for i in range(55) if i not in _TYPED]
    columns = ", ".join(["number text", "name_key text", "postcode text", *typed, *texts])
    with psycopg.connect(url) as connection:
        connection.execute(f"DROP TABLE IF EXISTS {_TABLE}")
        connection.execute(f"CREATE TABLE {_TABLE} ({columns})")
        start = time.perf_counter()
        loaded = 0
        with path.open(encoding="utf-8", newline="") as handle, connection.cursor() as cursor:
            reader = csv.reader(handle)
            next(reader)  # the header
            with cursor.copy(f"COPY {_TABLE} FROM STDIN") as copy:
                for cells in itertools.islice(reader, rows):
                    copy.write_row(_row(cells))
                    loaded += 1
        connection.commit()
        seconds = time.perf_counter() - start
        connection.execute(f"DROP TABLE {_TABLE}")
        connection.commit()
    return {"rows": loaded, "seconds": round(seconds, 1), "rows_per_s": round(loaded / seconds)}
