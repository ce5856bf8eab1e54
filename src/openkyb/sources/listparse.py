"""Text helpers shared by the watchlist parsers: multi-value cells, countries, dates, topics.

Lists pack several values into one cell in their own ways (``a) X b) Y``, ``X; Y``,
``X or Y``), write nationalities as demonyms ("Russian") and dates as ranges ("Between 1963
and 1968"). These helpers turn such cells into the model's plain lists.
"""

from __future__ import annotations

import gzip
import re
import xml.etree.ElementTree as ET
import zipfile
import zlib
from collections.abc import Iterable, Iterator
from contextlib import contextmanager
from datetime import date, datetime
from pathlib import Path
from typing import IO, cast

from anyascii import anyascii

from openkyb.sources.countries import country_code
from openkyb.sources.model import Name, NameType, ParseIssue
from openkyb.sources.util import clean, parse_date

# "a) X b) Y", "(a) X, (b) Y": a one-letter marker at the start or after a separator.
_ENUMERATION = re.compile(r"(?:^|(?<=[\s,;]))\(?[a-z]\)\s*")
_DATE_SEPARATORS = re.compile(r";|>>|\s+or\s+|\n|,\s+(?=\(?\d)")
_DATE_PREFIX = re.compile(
    r"^(?:approximately|approx\.?|circa|ca\.|about|around|born|in|on|dob:?)\s+", re.I
)
_YEAR_RANGE = re.compile(r"^(?:between\s+)?(\d{4})\s*(?:-|–|to|and)\s*(\d{4})$", re.I)
_DATE_IN_TEXT = re.compile(
    r"\b(?P<d1>\d{1,2})[/.\-](?P<m1>\d{1,2})[/.\-](?P<y1>\d{4})\b"
    r"|\b(?P<m2>\d{1,2})/(?P<y2>\d{4})\b"
    r"|(?:\b(?P<d3>\d{1,2})[\s.\-]+)?\b(?P<m3>[A-Za-z]{3,9})\.?[\s\-,]+(?P<y3>\d{4})\b"
    r"|\b(?P<y4>1[89]\d\d|20\d\d)\b"
)
_SHORT_YEAR = re.compile(r"^(\d{1,2})\.(\d{1,2})\.(\d{2})$")
_PARENTHESES = re.compile(r"\(.*?(?:\)|$)")
# What reading a truncated or corrupt gzip/zip raises, besides ValueError.
STREAM_ERRORS = (OSError, EOFError, zlib.error, zipfile.BadZipFile)
_SLUG = re.compile(r"[^a-z0-9]+")
_MAX_RANGE = 10  # a range of birth years up to this long is listed year by year

_COUNTRY_LIST = re.compile(r"[;,/]|\.\s|\band(?:/or)?\b|\bor\b")

_TOPICS = {
    "sanction": "sanction",
    "sanction.counter": "sanction_counter",
    "sanction.linked": "sanction_linked",
    "role.pep": "pep",
    "role.rca": "pep_rca",
    "export.control": "export_control",
    "debarment": "debarment",
    "corp.disqual": "debarment",
}


def split_values(text: str | None, separators: str = ";", parentheses: bool = True) -> list[str]:
    """The cleaned, non-empty parts of a cell holding several values.

    Each character of ``separators`` splits, except inside double quotes and (when
    ``parentheses``, and they balance) inside parentheses: ``123 (issued in X; expired)``
    stays one value.
    """
    if not text:
        return []
    parts = _split(text, separators, parentheses)
    if parts is None:  # unbalanced parentheses: split on quotes only
        parts = _split(text, separators, False) or []
    return [value for part in parts if (value := clean(part.strip().strip('"')))]


def _split(text: str, separators: str, parentheses: bool) -> list[str] | None:
    parts: list[str] = []
    current: list[str] = []
    depth, quoted = 0, False
    for char in text:
        if char == '"':
            quoted = not quoted
        elif parentheses and char in "()":
            depth += 1 if char == "(" else -1
        if char in separators and depth == 0 and not quoted:
            parts.append("".join(current))
            current = []
        else:
            current.append(char)
    parts.append("".join(current))
    return parts if depth == 0 else None


def enumeration(text: str | None) -> list[str]:
    """The items of ``a) X b) Y`` / ``(a) X, (b) Y`` lists; the text itself when unmarked."""
    if not text:
        return []
    parts = _ENUMERATION.split(text)
    return [value for part in parts if (value := clean(part.strip(" ,;")))]


def country(text: str | None) -> str | None:
    """ISO alpha-2 for a country name, code or nationality adjective as lists write them."""
    return country_code(clean(text))


def countries(values: Iterable[str | None]) -> list[str]:
    """Each mappable country once, in order; cells may hold enumerations and ';' lists."""
    found: dict[str, None] = {}
    for value in values:
        for item in enumeration(value):
            code = country(item)
            parts = [code] if code else [country(p) for p in _COUNTRY_LIST.split(item)]
            for part in parts:
                if part:
                    found.setdefault(part, None)
    return list(found)


def address_country(text: str | None) -> str | None:
    """The country an address names: the whole text, else its last comma-separated part."""
    if not text:
        return None
    stripped = _PARENTHESES.sub(" ", text)
    if code := country(stripped):
        return code
    parts = [part for part in re.split(r"[,;\n]", stripped) if part.strip()]
    return country(parts[-1]) if parts else None


def cell_date(value: object) -> str | None:
    """An ISO date from a spreadsheet cell: a datetime, a year number or text."""
    if isinstance(value, datetime):
        return value.date().isoformat()
    if isinstance(value, date):
        return value.isoformat()
    if isinstance(value, int) and 1800 <= value <= 2100:
        return str(value)
    return parse_date(str(value)) if isinstance(value, str) else None


def _one_date(text: str) -> list[str]:
    value = _DATE_PREFIX.sub("", text.strip(" .;,")).strip()
    if match := _YEAR_RANGE.match(value):
        start, end = int(match[1]), int(match[2])
        if start <= end <= start + _MAX_RANGE:
            return [str(year) for year in range(start, end + 1)]
        return [match[1], match[2]]
    parsed = parse_date(value)
    return [parsed] if parsed else _scan_dates(value)


def _scan_dates(text: str) -> list[str]:
    """Dates inside free text: ``15 May 1968 (as X) 1970 (as Y)``, ``March 1955 to March 1956``."""
    found = []
    for m in _DATE_IN_TEXT.finditer(text):
        if m["y1"]:
            found.append(parse_date(f"{m['d1']}/{m['m1']}/{m['y1']}"))
        elif m["y2"]:
            found.append(parse_date(f"{m['y2']}-{m['m2']}"))
        elif m["y3"]:
            words = " ".join(p for p in (m["d3"], m["m3"], m["y3"]) if p)
            found.append(parse_date(words) or parse_date(m["y3"]))
        else:
            found.append(parse_date(m["y4"]))
    return [value for value in found if value]


def dates(values: Iterable[object]) -> list[str]:
    """Every date the cells mention (enumerations, ``or``, ``;``, year ranges), each once."""
    found: dict[str, None] = {}
    for value in values:
        if not isinstance(value, str):
            parsed = cell_date(value)
            found.update({parsed: None} if parsed else {})
            continue
        for item in enumeration(value):
            for part in _DATE_SEPARATORS.split(item):
                found.update(dict.fromkeys(_one_date(part)))
    return list(found)


def listing_date(text: str | None) -> str | None:
    """A listing date, also in the ``DD.MM.YY`` form some lists use (20YY assumed)."""
    value = clean(text)
    if value and (match := _SHORT_YEAR.match(value)):
        value = f"{match[1]}.{match[2]}.20{match[3]}"
    return parse_date(value)


def topic(value: str) -> str:
    """The model's topic for a FollowTheMoney topic (``role.pep`` -> ``pep``)."""
    key = value.strip().lower()
    return _TOPICS.get(key, key.replace(".", "_"))


def slug(text: str, limit: int = 80) -> str:
    """A stable ASCII id part: ``Burma / Birmanie`` -> ``burma-birmanie``."""
    return _SLUG.sub("-", anyascii(text).lower()).strip("-")[:limit].strip("-")


def add_name(names: list[Name], value: str | None, kind: NameType) -> None:
    """Append a cleaned name unless empty or already present."""
    text = clean(value)
    if text and all(name.value != text for name in names):
        names.append(Name(text, kind))


def unique(values: Iterable[str | None]) -> list[str]:
    """Each cleaned, non-empty value once, in order."""
    return list(dict.fromkeys(v for value in values if (v := clean(value))))


@contextmanager
def open_binary(path: Path, member_suffix: str | None = None) -> Iterator[IO[bytes]]:
    """The file as a binary stream, gunzipped or unzipped on the fly (no full read)."""
    with path.open("rb") as probe:
        magic = probe.read(4)
    if magic[:2] == b"\x1f\x8b":
        with gzip.open(path, "rb") as unzipped:
            yield cast(IO[bytes], unzipped)
    elif magic == b"PK\x03\x04":
        try:
            archive = zipfile.ZipFile(path)
        except zipfile.BadZipFile as exc:
            raise ValueError(f"{path.name}: broken zip file ({exc})") from None
        with archive:
            members = [
                n
                for n in archive.namelist()
                if not n.endswith("/") and (not member_suffix or n.lower().endswith(member_suffix))
            ]
            if not members:
                raise ValueError(f"{path.name}: no {member_suffix or ''} file inside the zip")
            with archive.open(members[0]) as stream:
                yield stream
    else:
        with path.open("rb") as stream:
            yield stream


def xml_failure(exc: Exception, started: bool) -> ParseIssue:
    """The issue for an XML file that broke mid-way (what was read is kept).

    Raises ValueError instead when the file never started as XML: that is the wrong format,
    not a bad record.
    """
    if isinstance(exc, ET.ParseError):
        if not started:
            raise ValueError(f"not an XML file: {exc}") from None
        return ParseIssue(f"line {exc.position[0]}", f"XML error, rest of file not read: {exc}")
    if not started:  # a truncated or corrupt gzip/zip
        raise ValueError(f"unreadable file: {exc}") from None
    return ParseIssue("file", f"unreadable, rest of file not read: {exc}")
