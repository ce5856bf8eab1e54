"""The fast path of a BasicCompanyData bulk load: raw CSV cells straight to COPY text lines.

The general loader builds a :class:`CompanyRecord` per row, then a row tuple, then lets psycopg
adapt it: three passes over 38 values, ~60 µs a company. Here one function reads the 55 raw
cells (:func:`ch_basic.iter_basic_rows`) and writes the ``registry_companies`` COPY line
directly, with per-value caches for what repeats (dates, counts, SIC texts, statuses): about
14 µs a company. The stored row is the one the general path stores, fingerprint included
(both digest the same COPY text of the content columns, which lead the line), so a load by
either path diffs cleanly against the other.

Anything unusual sends the row through the general path (:func:`record_from_fields` and
:func:`company_values`): a date or count that is not in the caches and does not parse (it is
reported as a ParseIssue with its row, and the row loads without it, as before), a missing
number or name, a cell holding a backslash, tab or line break (COPY escaping).
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Callable, Iterable, Iterator
from hashlib import blake2b
from pathlib import Path
from typing import Any

import orjson

from openkyb.registry.addresses import address_key_with_code, postcode_key
from openkyb.registry.copy_text import NULL, copy_line
from openkyb.registry.load_common import Progress, RegistryLoadReport
from openkyb.registry.names import name_key
from openkyb.registry.rows import COMPANY_COLUMNS, company_values
from openkyb.registry.sources.ch_basic import SKIPPED_ROW, iter_basic_rows, record_from_fields
from openkyb.registry.sources.ch_common import (
    COUNTRY,
    normalise_company_number,
    parse_dmy,
    parse_int,
    parse_sic,
    status_code,
)
from openkyb.sources.model import ParseIssue
from openkyb.sources.registry import Published

__all__ = ["COUNTRY", "FORMAT", "Chunk", "basic_copy_chunks", "basic_line", "own_chunks"]

FORMAT = "uk-ch-basic"  # the registry format this path reads
CHUNK_ROWS = 5000  # lines per bytes chunk handed to COPY
_CACHE_LIMIT = 200_000  # per cache: real files hold ~60k distinct dates; this stops abuse


class _Unusual(Exception):
    """The row needs the general path."""


class _TextCache(dict[str, str]):
    """Cell -> its COPY text, parsed on a miss by ``parse`` (a ValueError makes the row
    ``_Unusual``, for the general path to report). Dates, counts and statuses repeat across a
    register, so nearly every cell is a hit: one dict lookup."""

    def __init__(self, parse: Callable[[str], Any]) -> None:
        super().__init__({"": NULL})
        self._parse = parse

    def __missing__(self, cell: str) -> str:
        try:
            value = self._parse(cell)
        except ValueError:
            raise _Unusual from None
        text = NULL if value is None else value if type(value) is str else str(value)
        if len(self) < _CACHE_LIMIT:
            self[cell] = text
        return text


def _iso_date(cell: str) -> str | None:
    value = parse_dmy(cell)
    return None if value is None else value.isoformat()


def _status_code(cell: str) -> str | None:
    code = status_code(cell or None)
    return code and code[:40]


def _one_sic(cell: str) -> str:
    sic = parse_sic(cell)
    return _json_text([[sic.code, sic.text]] if sic is not None else [])


_dates = _TextCache(_iso_date)
_ints = _TextCache(parse_int)
_statuses = _TextCache(_status_code)
_sics = _TextCache(_one_sic)  # the SIC cell of a one-code company -> its JSON text


def _json_text(value: list[Any]) -> str:
    text = orjson.dumps(value).decode()
    if "\\" in text:  # an escaped quote or control character: COPY would need escaping too
        raise _Unusual
    return text


def _sic(f: list[str]) -> str:
    """SIC codes as the general path stores them (one code: only the first cell is read)."""
    if not f[27]:
        return _sics[f[26]]
    return _json_text([[s.code, s.text] for s in map(parse_sic, f[26:30]) if s is not None])


def _previous(f: list[str]) -> str:
    names: list[Any] = []
    for i in range(33, 53, 2):
        name = f[i + 1].strip()
        if name:
            changed = _dates[f[i]]
            names.append([name, None if changed == NULL else changed])
    return _json_text(names)


def _address(line1: str, line2: str, postcode: str) -> tuple[str, str]:
    """(postcode key, address key) as COPY texts. Not cached: nearly every registered office
    is unique, and the busiest (formation agents) are plain numbered streets, the quick case
    of the address key."""
    code = postcode_key(postcode)
    if code is None:
        return (NULL, NULL)
    lines = [line1, line2] if line2 else [line1] if line1 else []
    return (code[:20], address_key_with_code(lines, code))


def basic_line(f: list[str], version_id: str) -> str:
    """The COPY text line (newline included) of one row's 55 cells, as the general path
    would store it. Raises ``_Unusual`` when the row must take the general path."""
    return _line(f, version_id, [])


def _line(f: list[str], version_id: str, keys: list[str]) -> str:
    """:func:`basic_line`, the name key also appended to ``keys``."""
    name = f[0].strip()[:500]
    number = normalise_company_number(f[1].strip())
    cells = "".join(f)
    if not name or not number or "\\" in cells or "\t" in cells or "\n" in cells or "\r" in cells:
        raise _Unusual
    d, n, status = _dates, _ints, f[11][:100]
    # In COMPANY_CONTENT_COLUMNS order: the text the fingerprint digests.
    content = "\t".join(
        (
            COUNTRY, number, name, status or NULL, _statuses[f[11]], f[10][:200] or NULL,
            d[f[14]], d[f[13]], f[12][:100] or NULL, f[2][:200] or NULL, f[3][:50] or NULL,
            f[4][:300] or NULL, f[5][:300] or NULL, f[6][:100] or NULL, f[7][:100] or NULL,
            f[8][:100] or NULL, f[9][:20] or NULL, n[f[15]], n[f[16]], d[f[17]], d[f[18]],
            f[19][:100] or NULL, d[f[20]], d[f[21]], d[f[53]], d[f[54]], n[f[22]], n[f[23]],
            n[f[24]], n[f[25]], _sic(f) if f[26] else "[]", _previous(f) if f[34] else "[]",
            f[32][:300] or NULL,
        )
    )  # fmt: skip
    postcode_text, address_text = _address(f[4][:300], f[5][:300], f[9][:20])
    digest = blake2b(content.encode(), digest_size=16).hexdigest()
    key = name_key(name)[:500]
    keys.append(key)
    return f"{content}\t{key}\t{postcode_text}\t{address_text}\t{digest}\t{version_id}\n"


_KEY = COMPANY_COLUMNS.index("name_key")


def _general_line(
    location: str, f: list[str], version_id: str, issues: list[ParseIssue], keys: list[str]
) -> str | None:
    """The row through the record model, its problems reported (None: no usable record)."""
    problems: list[str] = []
    record = record_from_fields(f, problems)
    issues.extend(ParseIssue(location, problem) for problem in problems)
    if record is None:
        return None
    values = company_values(record, version_id)
    keys.append(values[_KEY])
    return copy_line(values)


# One chunk of COPY text: (data, rows in it, the issues of its rows in file order).
Chunk = tuple[bytes, int, list[ParseIssue]]


def own_chunks(
    path: Path,
    version_id: str,
    part: int = 0,
    parts: int = 1,
    published: Callable[[str], None] | None = None,
    words: Counter[str] | None = None,
) -> Iterator[Chunk]:
    """Chunk ``part`` of every ``parts`` of a BasicCompanyData source, in file order.

    The parsed items (rows and the parser's issues) are cut into chunks of CHUNK_ROWS; this
    process converts chunks ``part``, ``part + parts``, ... and only reads past the others, so
    ``parts`` processes can share a file and their chunks interleave back into file order
    (the reader does not even split the rows of the others' chunks).
    Every owned chunk is yielded, even an empty one, so the interleaving never drifts.
    ``words`` counts the words of the name keys written (the search vocabulary's counts).
    """
    lines: list[str] = []
    issues: list[ParseIssue] = []
    keys: list[str] = []
    counts: Counter[str] = Counter() if words is None else words
    items = 0

    def wanted() -> bool:  # is the next item in one of this process's chunks?
        return items // CHUNK_ROWS % parts == part

    for item in iter_basic_rows(path, wanted if parts > 1 else None):
        if type(item) is Published:
            if published is not None:
                published(item.date)
            continue
        chunk, offset = divmod(items, CHUNK_ROWS)
        items += 1
        if chunk % parts == part:
            if item is SKIPPED_ROW:  # the reader skips only rows this process said it skips
                raise RuntimeError(f"item {items - 1} was skipped by its own process")
            if type(item) is tuple:
                location, f = item
                try:
                    lines.append(_line(f, version_id, keys))
                except _Unusual:
                    line = _general_line(location, f, version_id, issues, keys)
                    if line is not None:
                        lines.append(line)
            elif isinstance(item, ParseIssue):
                issues.append(item)
            if offset == CHUNK_ROWS - 1:
                counts.update(" ".join(keys).split())  # one C-level pass per chunk
                yield "".join(lines).encode(), len(lines), issues
                lines, issues, keys = [], [], []
    counts.update(" ".join(keys).split())
    if items and (items - 1) // CHUNK_ROWS % parts == part and items % CHUNK_ROWS:
        yield "".join(lines).encode(), len(lines), issues


def basic_copy_chunks(
    path: Path,
    version_id: str,
    report: RegistryLoadReport,
    progress: Progress | None,
    words: Counter[str] | None = None,
) -> Iterator[tuple[bytes, int]]:
    """COPY text for every company of a BasicCompanyData source, as (bytes, line count), in
    this process. Issues and the publication date go to ``report``, as the general loader
    records them; ``words`` counts the name-key words."""
    chunks = own_chunks(path, version_id, published=published_setter(report), words=words)
    return report_chunks(chunks, report, progress)


def published_setter(report: RegistryLoadReport) -> Callable[[str], None]:
    def published(value: str) -> None:
        report.published = value

    return published


def report_chunks(
    chunks: Iterable[Chunk], report: RegistryLoadReport, progress: Progress | None
) -> Iterator[tuple[bytes, int]]:
    """(bytes, rows) of ``chunks``, their issues added to ``report``, progress reported."""
    seen = 0
    for data, rows, issues in chunks:
        for issue in issues:
            report.add_issue(issue)
        seen += rows
        if progress is not None:
            progress(seen)
        if rows:
            yield data, rows
