"""Small helpers shared by the parsers: reading compressed files, dates, whitespace."""

from __future__ import annotations

import gzip
import io
import re
import zipfile
from collections.abc import Iterator
from datetime import date
from pathlib import Path

_SPACES = re.compile(r"\s+")
_MONTHS = {
    m: i
    for i, names in enumerate(
        [
            ("jan", "january"),
            ("feb", "february"),
            ("mar", "march"),
            ("apr", "april"),
            ("may",),
            ("jun", "june"),
            ("jul", "july"),
            ("aug", "august"),
            ("sep", "sept", "september"),
            ("oct", "october"),
            ("nov", "november"),
            ("dec", "december"),
        ],
        start=1,
    )
    for m in names
}
_ISO = re.compile(r"^(\d{4})(?:-(\d{1,2})(?:-(\d{1,2}))?)?$")
_DAY_MONTH_YEAR = re.compile(r"^(\d{1,2})[ \-/.]([A-Za-z]{3,9})[ \-/.,]*(\d{4})$")
_MONTH_YEAR = re.compile(r"^([A-Za-z]{3,9})[ \-/.,]*(\d{4})$")
_NUMERIC_DMY = re.compile(r"^(\d{1,2})[/.\-](\d{1,2})[/.\-](\d{4})$")
_YEAR = re.compile(r"^(?:circa|ca\.?|c\.|approximately|approx\.?|about)?\s*(\d{4})$", re.I)


def clean(text: str | None) -> str | None:
    """Collapse whitespace; None for empty text and for the null markers lists use."""
    if text is None:
        return None
    value = _SPACES.sub(" ", text).strip()
    if not value or value in ("-0-", "-", "N/A", "n/a", "NULL", "null", "None"):
        return None
    return value


def _checked(year: int, month: int | None = None, day: int | None = None) -> str | None:
    try:
        if day is not None and month is not None:
            return date(year, month, day).isoformat()
        if month is not None:
            date(year, month, 1)
            return f"{year:04d}-{month:02d}"
    except ValueError:
        return None
    return f"{year:04d}" if 1800 <= year <= 2100 else None


def parse_date(text: str | None) -> str | None:
    """A full or partial ISO date (YYYY, YYYY-MM, YYYY-MM-DD) from the ways lists write dates.

    Understands ``1970-01-12``, ``12 Jan 1970``, ``12-JAN-1970``, ``Jan 1970``,
    ``12/01/1970`` (day first, as the European and UN lists write it), ``1970`` and
    ``circa 1970``. Anything else gives None rather than a guess.
    """
    value = clean(text)
    if value is None:
        return None
    value = value.strip(" .;")
    if match := _ISO.match(value):
        # Zeros stand for unknown parts in several lists: 1965-00-00 is "sometime in 1965".
        year, month_number, day = (int(part) if part else 0 for part in match.groups())
        return _checked(year, month_number or None, (day or None) if month_number else None)
    if (match := _DAY_MONTH_YEAR.match(value)) and (named := _MONTHS.get(match[2].lower())):
        return _checked(int(match[3]), named, int(match[1]))
    if (match := _MONTH_YEAR.match(value)) and (named := _MONTHS.get(match[1].lower())):
        return _checked(int(match[2]), named)
    if match := _NUMERIC_DMY.match(value):
        return _checked(int(match[3]), int(match[2]), int(match[1]))
    if match := _YEAR.match(value):
        return _checked(int(match[1]))
    return None


def read_bytes(path: Path, member_suffix: str | None = None) -> bytes:
    """The file's bytes, transparently un-gzipped, or the (matching) member of a zip."""
    raw = path.read_bytes()
    if raw[:2] == b"\x1f\x8b":
        return gzip.decompress(raw)
    if raw[:4] == b"PK\x03\x04":
        with zipfile.ZipFile(io.BytesIO(raw)) as archive:
            names = [
                n
                for n in archive.namelist()
                if not n.endswith("/")
                and (member_suffix is None or n.lower().endswith(member_suffix))
            ]
            if not names:
                raise ValueError(f"{path.name}: no {member_suffix or ''} file inside the zip")
            return archive.read(names[0])
    return raw


def decode(raw: bytes, fallback: str = "cp1252") -> str:
    """UTF-8 (with or without BOM) when it is, else the publisher's legacy encoding."""
    try:
        return raw.decode("utf-8-sig")
    except UnicodeDecodeError:
        return raw.decode(fallback)


def lines(path: Path, fallback: str = "cp1252") -> Iterator[str]:
    """The decoded text of a (possibly compressed) file, line by line."""
    yield from io.StringIO(decode(read_bytes(path), fallback), newline="")
