"""The fast path of a BasicCompanyData bulk load: raw CSV cells straight to COPY text lines.

The general loader builds a :class:`CompanyRecord` per row, then a row tuple, then lets psycopg
adapt it: three passes over 38 values, ~60 µs a company. Here one function reads the 55 raw
cells (:func:`ch_basic.iter_basic_rows`) and writes the ``registry_companies`` COPY line
directly, with per-value caches for what repeats (dates, counts, SIC texts, statuses,
addresses). The stored row is the one the general path stores, fingerprint included (the same
content tuple is hashed, with dates as the ISO text ``orjson`` would write for a ``date``), so
a load by either path diffs cleanly against the other.

Anything unusual sends the row through the general path (:func:`record_from_fields` and
:func:`company_values`): a date or count that is not in the caches and does not parse (it is
reported as a ParseIssue with its row, and the row loads without it, as before), a missing
number or name, a cell holding a backslash, tab or line break (COPY escaping).
"""

from __future__ import annotations

import hashlib
from collections.abc import Callable, Iterable, Iterator
from pathlib import Path
from typing import Any

import orjson

from openkyb.registry.addresses import address_key_from_parts, postcode_key
from openkyb.registry.load_common import Progress, RegistryLoadReport
from openkyb.registry.load_parallel import copy_line
from openkyb.registry.names import name_key
from openkyb.registry.rows import company_values
from openkyb.registry.sources.ch_basic import iter_basic_rows, record_from_fields
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
_NULL = "\\N"
_CACHE_LIMIT = 200_000  # per cache: real files hold ~60k distinct dates; this stops abuse

# cell -> the value the content tuple holds (ISO text / int / None), and its COPY text.
_dates: dict[str, str | None] = {"": None}
_date_texts: dict[str, str] = {"": _NULL}
_ints: dict[str, int | None] = {"": None}
_int_texts: dict[str, str] = {"": _NULL}
# the SIC cell of a one-code company -> (content list, COPY text)
_sics: dict[str, tuple[list[list[str | None]], str]] = {}
# (line1, line2, postcode) -> (postcode key COPY text, address key COPY text)
_addresses: dict[tuple[str, str, str], tuple[str, str]] = {}
_EMPTY: list[Any] = []


class _Unusual(Exception):
    """The row needs the general path."""


def _date(cell: str) -> str | None:
    """A cache miss: parse, remember, or raise _Unusual for the general path to report."""
    try:
        value = parse_dmy(cell)
    except ValueError:
        raise _Unusual from None
    iso = value.isoformat() if value is not None else None
    if len(_dates) >= _CACHE_LIMIT:  # basic_line reads the texts back: never skip a cell
        _dates.clear()
        _date_texts.clear()
    _dates[cell] = iso
    _date_texts[cell] = iso or _NULL
    return iso


def _int(cell: str) -> int | None:
    try:
        value = parse_int(cell)
    except ValueError:
        raise _Unusual from None
    if len(_ints) >= _CACHE_LIMIT:
        _ints.clear()
        _int_texts.clear()
    _ints[cell] = value
    _int_texts[cell] = _NULL if value is None else str(value)
    return value


def _json_text(value: list[Any]) -> str:
    text = orjson.dumps(value).decode()
    if "\\" in text:  # an escaped quote or control character: COPY would need escaping too
        raise _Unusual
    return text


def _sic(f: list[str]) -> tuple[list[Any], str]:
    """SIC codes as the general path stores them (one code: only the first cell is read)."""
    if not f[27]:
        known = _sics.get(f[26])
        if known is None:
            sic = parse_sic(f[26])
            codes = [[sic.code, sic.text]] if sic is not None else []
            known = (codes, _json_text(codes))
            if len(_sics) < _CACHE_LIMIT:
                _sics[f[26]] = known
        return known
    codes = [[s.code, s.text] for s in map(parse_sic, f[26:30]) if s is not None]
    return codes, _json_text(codes)


def _previous(f: list[str]) -> tuple[list[Any], str]:
    names: list[Any] = []
    for i in range(33, 53, 2):
        name = f[i + 1].strip()
        if name:
            try:
                changed = _dates[f[i]]
            except KeyError:
                changed = _date(f[i])
            names.append([name, changed])
    return names, _json_text(names)


def _address(line1: str, line2: str, postcode: str) -> tuple[str, str]:
    key = (line1, line2, postcode)
    known = _addresses.get(key)
    if known is None:
        code = postcode_key(postcode)
        address = address_key_from_parts([line for line in (line1, line2) if line], postcode)
        known = (code[:20] if code else _NULL, address or _NULL)
        if len(_addresses) < _CACHE_LIMIT:
            _addresses[key] = known
    return known


def basic_line(f: list[str], version_id: str) -> str:
    """The COPY text line (newline included) of one row's 55 cells, as the general path
    would store it. Raises ``_Unusual`` when the row must take the general path."""
    name = f[0].strip()[:500]
    number = normalise_company_number(f[1].strip())
    cells = "".join(f)
    if not name or not number or "\\" in cells or "\t" in cells or "\n" in cells or "\r" in cells:
        raise _Unusual
    try:
        inc, diss = _dates[f[14]], _dates[f[13]]
    except KeyError:
        inc, diss = _date(f[14]), _date(f[13])
    try:
        acc_next, acc_last, ret_next, ret_last, conf_next, conf_last = (
            _dates[f[17]], _dates[f[18]], _dates[f[20]], _dates[f[21]], _dates[f[53]],
            _dates[f[54]],
        )  # fmt: skip
    except KeyError:
        acc_next, acc_last, ret_next, ret_last, conf_next, conf_last = map(
            _date, (f[17], f[18], f[20], f[21], f[53], f[54])
        )
    try:
        counts = [_ints[f[i]] for i in (15, 16, 22, 23, 24, 25)]
    except KeyError:
        counts = [_int(f[i]) for i in (15, 16, 22, 23, 24, 25)]
    status = f[11][:100]
    code = status_code(f[11] or None)
    code = code and code[:40]
    sic, sic_text = _sic(f) if f[26] else (_EMPTY, "[]")
    previous, previous_text = _previous(f) if f[34] else (_EMPTY, "[]")
    category, origin, care_of, po_box = f[10][:200], f[12][:100], f[2][:200], f[3][:50]
    line1, line2, town, county = f[4][:300], f[5][:300], f[6][:100], f[7][:100]
    country, postcode, accounts, uri = f[8][:100], f[9][:20], f[19][:100], f[32][:300]
    content = (
        COUNTRY, number, name, status or None, code, category or None, inc, diss,
        origin or None, care_of or None, po_box or None, line1 or None, line2 or None,
        town or None, county or None, country or None, postcode or None, *counts[:2],
        acc_next, acc_last, accounts or None, ret_next, ret_last, conf_next, conf_last,
        *counts[2:], sic, previous, uri or None,
    )  # fmt: skip
    fingerprint = hashlib.blake2b(orjson.dumps(content), digest_size=16).hexdigest()
    postcode_text, address_text = _address(line1, line2, postcode)
    texts = _date_texts
    ints = _int_texts
    return "\t".join(
        (
            COUNTRY, number, name, name_key(name)[:500], status or _NULL, code or _NULL,
            category or _NULL, texts[f[14]], texts[f[13]], origin or _NULL, care_of or _NULL,
            po_box or _NULL, line1 or _NULL, line2 or _NULL, town or _NULL, county or _NULL,
            country or _NULL, postcode or _NULL, postcode_text, address_text, ints[f[15]],
            ints[f[16]], texts[f[17]], texts[f[18]], accounts or _NULL, texts[f[20]],
            texts[f[21]], texts[f[53]], texts[f[54]], ints[f[22]], ints[f[23]], ints[f[24]],
            ints[f[25]], sic_text, previous_text, uri or _NULL, fingerprint, version_id,
        )
    ) + "\n"  # fmt: skip


def _general_line(
    location: str, f: list[str], version_id: str, issues: list[ParseIssue]
) -> str | None:
    """The row through the record model, its problems reported (None: no usable record)."""
    problems: list[str] = []
    record = record_from_fields(f, problems)
    issues.extend(ParseIssue(location, problem) for problem in problems)
    return None if record is None else copy_line(company_values(record, version_id))


# One chunk of COPY text: (data, rows in it, the issues of its rows in file order).
Chunk = tuple[bytes, int, list[ParseIssue]]


def own_chunks(
    path: Path,
    version_id: str,
    part: int = 0,
    parts: int = 1,
    published: Callable[[str], None] | None = None,
) -> Iterator[Chunk]:
    """Chunk ``part`` of every ``parts`` of a BasicCompanyData source, in file order.

    The parsed items (rows and the parser's issues) are cut into chunks of CHUNK_ROWS; this
    process converts chunks ``part``, ``part + parts``, ... and only reads past the others, so
    ``parts`` processes can share a file and their chunks interleave back into file order.
    Every owned chunk is yielded, even an empty one, so the interleaving never drifts.
    """
    lines: list[str] = []
    issues: list[ParseIssue] = []
    items = 0
    for item in iter_basic_rows(path):
        if type(item) is Published:
            if published is not None:
                published(item.date)
            continue
        chunk, offset = divmod(items, CHUNK_ROWS)
        items += 1
        if chunk % parts == part:
            if type(item) is tuple:
                location, f = item
                try:
                    lines.append(basic_line(f, version_id))
                except _Unusual:
                    line = _general_line(location, f, version_id, issues)
                    if line is not None:
                        lines.append(line)
            elif isinstance(item, ParseIssue):
                issues.append(item)
            if offset == CHUNK_ROWS - 1:
                yield "".join(lines).encode(), len(lines), issues
                lines, issues = [], []
    if items and (items - 1) // CHUNK_ROWS % parts == part and items % CHUNK_ROWS:
        yield "".join(lines).encode(), len(lines), issues


def basic_copy_chunks(
    path: Path, version_id: str, report: RegistryLoadReport, progress: Progress | None
) -> Iterator[tuple[bytes, int]]:
    """COPY text for every company of a BasicCompanyData source, as (bytes, line count), in
    this process. Issues and the publication date go to ``report``, as the general loader
    records them."""
    return report_chunks(
        own_chunks(path, version_id, published=published_setter(report)), report, progress
    )


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
