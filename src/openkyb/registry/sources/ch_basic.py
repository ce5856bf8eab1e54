"""Companies House BasicCompanyData (the free monthly bulk product, "Product 217").

One CSV of 55 columns (``CompanyName, CompanyNumber, RegAddress.*, ...``; some header names
carry a stray leading space), ~5.5 million rows, shipped as ``BasicCompanyDataAsOneFile-
YYYY-MM-01.zip`` or in parts. This parser accepts a .csv, a .zip of CSVs, a folder of them, or
the same records as JSON objects keyed by the column names, streams it, and yields a
:class:`CompanyRecord` per row. Bad rows become a :class:`ParseIssue`: wrong column count
(hard-wrapped or truncated lines), missing number or name. A bad date or count is reported too,
and the row still loads without that value.

Two levels are public: :func:`parse_basic` (records), and :func:`iter_basic_rows`, the raw
55 field lists in the standard column order with their location, for a loader that writes
columns straight to the database; :func:`record_from_fields` turns one into a record.
"""

from __future__ import annotations

import dataclasses
from collections.abc import Callable, Iterator, Sequence
from operator import itemgetter
from pathlib import Path
from typing import Any

from openkyb.registry.formats import RegistryFormat, RegistryItem, register_registry_format
from openkyb.registry.model import CompanyRecord, PreviousName, RegisteredAddress, SicCode
from openkyb.registry.sources import ch_basic_io, ch_common
from openkyb.registry.sources.ch_basic_io import BASIC_HEADER, COLUMNS, SKIPPED, WIDTH
from openkyb.registry.sources.ch_common import (
    COUNTRY,
    DATASET,
    normalise_company_number,
    parse_dmy,
    parse_int,
    parse_sic,
    published_from_name,
    status_code,
)
from openkyb.sources.model import ParseIssue
from openkyb.sources.registry import Published

__all__ = [
    "BASIC_HEADER",
    "COLUMNS",
    "SKIPPED_ROW",
    "BasicRow",
    "iter_basic_rows",
    "parse_basic",
    "record_from_fields",
]

# The raw rows: (location, the 55 fields in COLUMNS order).
BasicRow = tuple[str, list[str]]
# What iter_basic_rows yields for a row its consumer said it does not want (by identity).
SKIPPED_ROW: BasicRow = ("", SKIPPED)

_FIELD_NAMES = (
    "country number name status status_code category incorporation_date dissolution_date "
    "country_of_origin address accounts_ref_day accounts_ref_month accounts_next_due "
    "accounts_last_made_up accounts_category returns_next_due returns_last_made_up "
    "confirmation_next_due confirmation_last_made_up charges_total charges_outstanding "
    "charges_part_satisfied charges_satisfied sic_codes previous_names uri"
)
# Building the frozen dataclasses through __init__ costs more than reading the row.
_record = ch_common.fast_constructor(CompanyRecord)
_address = ch_common.fast_constructor(RegisteredAddress)
# record_from_fields builds its values in this order; if the model ever differs, it falls
# back to keywords (slower, still right).
_ORDER = _FIELD_NAMES.split()
_FIELDS = [f.name for f in dataclasses.fields(CompanyRecord)]
_POSITIONAL = _record is not CompanyRecord and _FIELDS == _ORDER


_DATE_CELLS = (13, 14, 17, 18, 20, 21, 53, 54)
_COUNT_CELLS = (15, 16, 22, 23, 24, 25)
_date_cells = itemgetter(*_DATE_CELLS)
_count_cells = itemgetter(*_COUNT_CELLS)
# Lookups that raise KeyError on a cache miss ("" is cached as None), so the common row costs
# one C-level map per kind and only a miss goes through the checking parser.
_cached_date = ch_common.cached_dmy().__getitem__
_cached_int = ch_common.cached_ints().__getitem__


def _checked(
    cells: tuple[str, ...], indexes: tuple[int, ...], parse: Any, problems: list[str]
) -> list[Any]:
    """Parse cells one by one (a cache miss); a bad value is reported and left out."""
    values: list[Any] = []
    for position, cell in enumerate(cells):
        try:
            values.append(parse(cell))
        except ValueError as error:
            problems.append(f"{COLUMNS[indexes[position]]} {error}; loaded without it")
            values.append(None)
    return values


def _previous_names(f: Sequence[str], problems: list[str]) -> tuple[PreviousName, ...]:
    names = []
    for i in range(33, 53, 2):
        name = f[i + 1].strip()
        if name:
            try:
                changed = parse_dmy(f[i])
            except ValueError as error:
                problems.append(f"{COLUMNS[i]} {error}; loaded without it")
                changed = None
            names.append(PreviousName(name, changed))
    return tuple(names)


_single_sic: dict[str, tuple[SicCode, ...]] = {}  # a few thousand SIC texts exist


def _sic_codes(f: Sequence[str]) -> tuple[SicCode, ...]:
    if not f[27]:  # one code: the common case, answered from a cache of whole tuples
        try:
            return _single_sic[f[26]]
        except KeyError:
            sic = parse_sic(f[26])
            codes = (sic,) if sic is not None else ()
            if len(_single_sic) < 50_000:
                _single_sic[f[26]] = codes
            return codes
    return tuple(s for s in map(parse_sic, f[26:30]) if s is not None)


def record_from_fields(f: Sequence[str], problems: list[str]) -> CompanyRecord | None:
    """The company of one row (55 fields in :data:`COLUMNS` order).

    Returns None when the row has no company number or name; every problem found is appended
    to ``problems`` as text. Empty cells become None (cells are not stripped, except the name
    and number: the register does not pad them, and this runs 5 million times).
    """
    number = normalise_company_number(f[1].strip())
    name = f[0].strip()
    if not number or not name:
        problems.append("no company number" if not number else "no company name")
        return None
    date_cells = _date_cells(f)
    try:
        dates = list(map(_cached_date, date_cells))
    except KeyError:
        dates = _checked(date_cells, _DATE_CELLS, parse_dmy, problems)
    count_cells = _count_cells(f)
    try:
        counts = list(map(_cached_int, count_cells))
    except KeyError:
        counts = _checked(count_cells, _COUNT_CELLS, parse_int, problems)
    address = _address(
        f[2] or None, f[3] or None, f[4] or None, f[5] or None,
        f[6] or None, f[7] or None, f[8] or None, f[9] or None,
    )  # fmt: skip
    status = f[11] or None
    values = (
        COUNTRY, number, name, status, status_code(status), f[10] or None, dates[1], dates[0],
        f[12] or None, address, counts[0], counts[1], dates[2], dates[3], f[19] or None,
        dates[4], dates[5], dates[6], dates[7], counts[2], counts[3], counts[4], counts[5],
        _sic_codes(f) if f[26] else (), _previous_names(f, problems) if f[34] else (),
        f[32] or None,
    )  # fmt: skip
    if _POSITIONAL:
        return _record(*values)
    keywords: dict[str, Any] = dict(zip(_ORDER, values, strict=True))
    return CompanyRecord(**keywords)


def parse_basic(path: Path) -> Iterator[RegistryItem]:
    """Yield every company of a BasicCompanyData csv/zip/folder/json, issues, and Published."""
    yield from _items(Path(path), convert=True)


def iter_basic_rows(
    path: Path, wanted: Callable[[], bool] | None = None
) -> Iterator[BasicRow | ParseIssue | Published]:
    """The raw rows of a BasicCompanyData source: (location, 55 fields in COLUMNS order).

    Rows of the wrong width come out as ParseIssue, the file's date (from its name) as one
    Published before the rows. Locations are "row N" (the header is row 1) or, when the path
    holds several files, "<file> row N". ``wanted``, asked before each CSV row is read, says
    whether the consumer needs that row: when it does not, a one-line row comes out as
    ``SKIPPED_ROW``, neither split nor checked (another process reads it), still one item.
    """
    yield from _items(Path(path), convert=False, wanted=wanted)


def _items(path: Path, convert: bool, wanted: Callable[[], bool] | None = None) -> Iterator[Any]:
    """Raw rows, or (``convert``) records: one loop for both, so that the 5-million-row path
    has no extra generator layer and formats a row's location only when it has an issue."""
    if not path.exists():
        raise ValueError(f"{path} does not exist")
    parts = list(ch_basic_io.sources(path))
    if not parts:
        raise ValueError(f"{path} holds no BasicCompanyData .csv, .zip or .json file")
    published = published_from_name(path)
    if published is None:
        published = next((p for n, _, _ in parts if (p := published_from_name(n))), None)
    if published is not None:
        yield published
    several = len(parts) > 1
    for name, kind, opener in parts:
        prefix = f"{name} " if several else ""
        with opener() as handle:
            rows = _json_rows(handle) if kind == "json" else _csv_rows(handle, name, wanted)
            yield from _finish(rows, prefix, "record" if kind == "json" else "row", convert)


def _finish(rows: Iterator[Any], prefix: str, unit: str, convert: bool) -> Iterator[Any]:
    """(number, fields | issue text) -> located raw rows, or records, and issues."""
    problems: list[str] = []
    for number, fields in rows:
        if fields is SKIPPED:
            yield SKIPPED_ROW
        elif type(fields) is str:
            yield ParseIssue(f"{prefix}{unit} {number}", fields)
        elif not convert:
            yield f"{prefix}{unit} {number}", fields
        else:
            record = record_from_fields(fields, problems)
            if problems:
                location = f"{prefix}{unit} {number}"
                yield from (ParseIssue(location, problem) for problem in problems)
                problems.clear()
            if record is not None:
                yield record


def _csv_rows(
    handle: Any, name: str, wanted: Callable[[], bool] | None = None
) -> Iterator[tuple[int, list[str] | str]]:
    skip = [False]  # read by csv_records as it reads each record; never set for the header
    records = ch_basic_io.csv_records(iter(handle), skip)
    first = next(records, None)
    if first is None:
        return
    order, issue = ch_basic_io.header_order(first[2], name)
    if issue is not None:
        yield 1, issue
    if order is None:  # no header: the first row is data in the standard order
        records = ch_basic_io.prepend(first, records)
    width = WIDTH if order is None else len(order)
    reorder = order is not None and not order.identity
    row = 1
    if wanted is not None:
        skip[0] = not wanted()
    for start, end, fields in records:
        row += 1
        if fields is SKIPPED:
            yield row, fields
        elif isinstance(fields, str) or len(fields) != width:
            yield row, ch_basic_io.broken(fields, start, end, width)
        elif reorder and order is not None:
            yield row, order.pick(fields)
        else:
            yield row, fields
        if wanted is not None:  # the consumer has taken that item: will it want the next?
            skip[0] = not wanted()


def _json_rows(handle: Any) -> Iterator[tuple[int, list[str] | str]]:
    for number, item in enumerate(ch_basic_io.json_objects(handle), start=1):
        if isinstance(item, ValueError):
            yield number, str(item)
        elif not isinstance(item, dict):
            yield number, f"not a JSON object but {type(item).__name__}"
        else:
            cells = {str(k).strip(): v for k, v in item.items()}
            yield number, ["" if cells.get(c) is None else str(cells[c]) for c in COLUMNS]


register_registry_format(
    RegistryFormat(
        name="uk-ch-basic",
        description="Companies House BasicCompanyData (free monthly bulk CSV, zip or folder)",
        kind="companies",
        parse=parse_basic,
        dataset_for=lambda _path: DATASET,
        url="https://download.companieshouse.gov.uk/en_output.html",
    )
)
