"""Reading BasicCompanyData files fast: sources (csv, zip, folder, json) and CSV records.

The real file has ~5.5 million rows, every field double-quoted. ``csv.reader`` is correct but
slow for that; nearly every line is a complete record with no embedded quote, which splits
exactly on ``","``. Lines that are not that simple (escaped quotes, unquoted cells, a record
spread over several lines) go through :mod:`csv`, joined with the following lines until the
quotes balance, so a hard-wrapped or truncated file is reported record by record.
"""

from __future__ import annotations

import csv
import io
import json
import zipfile
from collections import deque
from collections.abc import Callable, Iterator
from contextlib import AbstractContextManager, contextmanager
from pathlib import Path
from typing import Any, TextIO

# The header exactly as Companies House writes it (unquoted, stray spaces included).
_HEADER_LINE = (
    "CompanyName, CompanyNumber,RegAddress.CareOf,RegAddress.POBox,RegAddress.AddressLine1,"
    " RegAddress.AddressLine2,RegAddress.PostTown,RegAddress.County,RegAddress.Country,"
    "RegAddress.PostCode,CompanyCategory,CompanyStatus,CountryOfOrigin,DissolutionDate,"
    "IncorporationDate,Accounts.AccountRefDay,Accounts.AccountRefMonth,Accounts.NextDueDate,"
    "Accounts.LastMadeUpDate,Accounts.AccountCategory,Returns.NextDueDate,"
    "Returns.LastMadeUpDate,Mortgages.NumMortCharges,Mortgages.NumMortOutstanding,"
    "Mortgages.NumMortPartSatisfied,Mortgages.NumMortSatisfied,SICCode.SicText_1,"
    "SICCode.SicText_2,SICCode.SicText_3,SICCode.SicText_4,LimitedPartnerships.NumGenPartners,"
    "LimitedPartnerships.NumLimPartners,URI,PreviousName_1.CONDATE, PreviousName_1.CompanyName,"
    " PreviousName_2.CONDATE, PreviousName_2.CompanyName,PreviousName_3.CONDATE,"
    " PreviousName_3.CompanyName,PreviousName_4.CONDATE, PreviousName_4.CompanyName,"
    "PreviousName_5.CONDATE, PreviousName_5.CompanyName,PreviousName_6.CONDATE,"
    " PreviousName_6.CompanyName,PreviousName_7.CONDATE, PreviousName_7.CompanyName,"
    "PreviousName_8.CONDATE, PreviousName_8.CompanyName,PreviousName_9.CONDATE,"
    " PreviousName_9.CompanyName,PreviousName_10.CONDATE, PreviousName_10.CompanyName,"
    "ConfStmtNextDueDate, ConfStmtLastMadeUpDate"
)
BASIC_HEADER: list[str] = _HEADER_LINE.split(",")
COLUMNS: tuple[str, ...] = tuple(name.strip() for name in BASIC_HEADER)
WIDTH = len(COLUMNS)  # 55
_INDEX = {name: i for i, name in enumerate(COLUMNS)}

# (first line, last line, fields) of one CSV record; fields is an error text when unreadable.
CsvRecord = tuple[int, int, list[str] | str]
Opener = Callable[[], AbstractContextManager[TextIO]]
_SUFFIXES = (".csv", ".zip", ".json", ".jsonl")


MAX_RECORD_LINES = 20  # a quoted newline is rare; a stray quote must not swallow the file
SKIPPED: list[str] = []  # the fields of a record the consumer asked not to split (by identity)


def csv_records(lines: Iterator[str], skip: list[bool] | None = None) -> Iterator[CsvRecord]:
    """Every CSV record of ``lines`` with the physical line numbers it spans.

    A record whose quotes do not balance within MAX_RECORD_LINES lines is reported on its first
    line alone, and the lines read ahead are parsed again as records of their own.
    ``skip``: while ``skip[0]`` is true (the consumer sets it before asking for a record), a
    one-line record is not split but yielded with ``SKIPPED`` as its fields: a line with
    balanced quotes is exactly one record either way, so record boundaries never change.
    """
    pending: deque[tuple[int, str]] = deque()
    source = _replay(enumerate(lines, start=1), pending)
    skipping = skip if skip is not None else [False]
    while True:
        for first, line in source:
            if skipping[0] and not line.count('"') % 2:
                yield first, first, SKIPPED
                continue
            core = line.rstrip("\r\n")
            # fast path: a fully quoted one-line record with no escaped quote inside
            if len(core) > 1 and core[0] == '"' and core[-1] == '"':
                parts = core[1:-1].split('","')
                if core.count('"') == 2 * len(parts):
                    yield first, first, parts
                    continue
            yield _joined(first, line, source, pending)
        if not pending:  # lines given back after the input ran out are read again
            return
        source = _replay(iter(()), pending)


def _joined(
    first: int, line: str, source: Iterator[tuple[int, str]], pending: deque[tuple[int, str]]
) -> CsvRecord:
    """The record starting at ``line``, taking following lines while a quoted value is open."""
    text, last = line, first
    taken: list[tuple[int, str]] = []
    while text.count('"') % 2 and len(taken) < MAX_RECORD_LINES:
        following = next(source, None)
        if following is None:
            break
        taken.append(following)
        last, text = following[0], text + following[1]
    if text.count('"') % 2 and taken:
        pending.extend(taken)  # give the lines back: they may be good rows
        return first, first, "a quoted value is never closed (a stray quote)"
    return first, last, _slow_record(text)


def _replay(
    lines: Iterator[tuple[int, str]], pending: deque[tuple[int, str]]
) -> Iterator[tuple[int, str]]:
    """``lines``, with any lines given back to ``pending`` served first."""
    for line in lines:
        while pending:
            yield pending.popleft()
        yield line
    while pending:
        yield pending.popleft()


def _slow_record(text: str) -> list[str] | str:
    try:
        rows = list(csv.reader(io.StringIO(text, newline="")))
    except csv.Error as error:
        return f"unreadable CSV ({error})"
    if not rows:
        return []
    if len(rows) > 1:  # only happens when quotes never balanced (truncated file)
        return [cell for row in rows for cell in row]
    return rows[0]


def sources(path: Path) -> Iterator[tuple[str, str, Opener]]:
    """(name, kind, opener) for each BasicCompanyData part under ``path``: csv, json or zip."""
    if path.is_dir():
        files = sorted(p for p in path.rglob("*") if p.is_file() and p.suffix.lower() in _SUFFIXES)
        for file in files:
            yield from sources(file)
        return
    suffix = path.suffix.lower()
    if suffix == ".zip":
        yield from _zip_sources(path)
    elif suffix in (".json", ".jsonl"):
        yield path.name, "json", lambda: _open_text(path)
    else:
        yield path.name, "csv", lambda: _open_text(path)


def _open_text(path: Path) -> AbstractContextManager[TextIO]:
    # utf-8-sig drops a BOM; "replace" means a stray byte never stops a 2.5 GB load
    return open(path, encoding="utf-8-sig", errors="replace", buffering=1 << 20)


def _zip_sources(path: Path) -> Iterator[tuple[str, str, Opener]]:
    try:
        archive = zipfile.ZipFile(path)
    except zipfile.BadZipFile as error:
        raise ValueError(f"{path.name} is not a readable zip file: {error}") from None
    with archive:
        names = sorted(
            n for n in archive.namelist() if n.lower().endswith((".csv", ".json", ".jsonl"))
        )
    for name in names:
        kind = "csv" if name.lower().endswith(".csv") else "json"
        yield name, kind, _member_opener(path, name)


def _member_opener(path: Path, name: str) -> Opener:
    @contextmanager
    def opener() -> Iterator[TextIO]:
        with zipfile.ZipFile(path) as archive, archive.open(name) as raw:
            text = io.TextIOWrapper(raw, encoding="utf-8-sig", errors="replace")
            yield text

    return opener


def json_objects(handle: TextIO) -> Iterator[Any]:
    """The items of a JSON array file, or the objects of a JSON-lines file.

    A JSON array is read whole (the JSON form only comes in small fixtures); JSON lines are
    streamed. An unreadable line is yielded as a ``ValueError`` for the caller to report.
    """
    head = handle.read(1)
    while head and head.isspace():
        head = handle.read(1)
    if head == "[":
        try:
            items = json.loads(head + handle.read())
        except ValueError as error:
            yield ValueError(f"invalid JSON: {error}")
            return
        yield from items if isinstance(items, list) else [items]
        return
    first = head + handle.readline()
    for line in _chain(first, handle):
        if not line.strip():
            continue
        try:
            yield json.loads(line)
        except ValueError as error:
            yield ValueError(f"invalid JSON line: {error}")


def _chain(first: str, rest: TextIO) -> Iterator[str]:
    yield first
    yield from rest


class Order:
    """Where each standard column sits in a file's header."""

    __slots__ = ("identity", "positions", "width")

    def __init__(self, header: list[str]) -> None:
        names = [h.strip() for h in header]
        index = {n: i for i, n in enumerate(names)}
        self.positions = [index.get(column, -1) for column in COLUMNS]
        self.identity = names == list(COLUMNS)
        self.width = len(names)

    def __len__(self) -> int:
        return self.width

    def pick(self, fields: list[str]) -> list[str]:
        return [fields[i] if i >= 0 else "" for i in self.positions]


def header_order(cells: list[str] | str, name: str) -> tuple[Order | None, str | None]:
    """The column order a header row gives, and an issue when the header itself is broken.

    A header of known column names may be in any order or a subset; one with unknown names
    (a hard-wrapped header ends in a fragment such as "RegAddr") is reported and the rows are
    read in the standard order. No header at all is accepted when the row has 55 cells.
    """
    names = [] if isinstance(cells, str) else [c.strip().lstrip("\ufeff") for c in cells]
    if COLUMNS[0] not in names:
        if len(names) == WIDTH:
            return None, "no header row; reading the columns in the standard order"
        raise ValueError(f"{name} is not a BasicCompanyData file (no CompanyName header)")
    unknown = [n for n in names if n not in _INDEX]
    if not unknown and COLUMNS[1] in names:
        return Order(names), None
    note = (
        f"the header has {len(names)} columns, {len(unknown)} of them unknown "
        f"({', '.join(map(repr, unknown[:3]))}); it looks broken, so rows are read in the "
        f"standard order of the {WIDTH} BasicCompanyData columns"
    )
    return Order(BASIC_HEADER), note


def broken(fields: list[str] | str, start: int, end: int, width: int) -> str:
    lines = f"line {start}" if start == end else f"lines {start}-{end}"
    if isinstance(fields, str):
        return f"{fields} ({lines})"
    shown = ",".join(fields)[:60]
    return (
        f"{len(fields)} fields instead of {width} ({lines}): the row is broken "
        f"(hard-wrapped, truncated or badly quoted); it starts with {shown!r}"
    )


def prepend(first: Any, rest: Iterator[Any]) -> Iterator[Any]:
    yield first
    yield from rest
