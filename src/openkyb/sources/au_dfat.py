"""Australia DFAT Consolidated List, the official ``.xlsx`` workbook.

The workbook has one row per name variant: references ``12``, ``12a``, ``12b`` are the
primary name, aliases and original-script names of listing 12. Columns are found by their
header text, so added, dropped or reordered columns do not break the parser.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from datetime import date
from pathlib import Path
from typing import Any

import openpyxl  # type: ignore[import-untyped]

from openkyb.sources.listparse import (
    add_name,
    address_country,
    cell_date,
    countries,
    dates,
    enumeration,
    unique,
)
from openkyb.sources.model import Address, Entity, Identifier, Name, NameType, ParseIssue, Schema
from openkyb.sources.registry import ParseItem, SourceFormat, register
from openkyb.sources.util import clean, parse_date

LIST_NAME = "Australia DFAT Consolidated List"
DATASET = "au_dfat_sanctions"
URL = "https://www.dfat.gov.au/sites/default/files/regulation8_consolidated.xlsx"

Row = dict[str, Any]

# Column role -> the header texts it may have (lower case, single spaces).
_HEADERS = {
    "reference": ("reference", "reference number"),
    "name": ("name of individual or entity", "name"),
    "type": ("type", "individual or entity"),
    "name_type": ("name type", "alias type"),
    "birth_date": ("date of birth", "dob"),
    "birth_place": ("place of birth", "pob"),
    "citizenship": ("citizenship", "nationality"),
    "address": ("address",),
    "info": ("additional information",),
    "listing": ("listing information",),
    "committees": ("committees", "committee"),
}
_HEADER_SCAN = 10  # rows searched for the header row
_REFERENCE = re.compile(r"^\s*(\d+)")
_DAY_MONTH_YEAR = re.compile(r"\b(\d{1,2})(?:st|nd|rd|th)?\s+([A-Za-z]{3,9})\.?,?\s+(\d{4})\b")
_IMO = re.compile(r"\bIMO(?:\s+(?:number|no\.?))?\s*:?\s*(\d{7})\b", re.I)
_NO_ADDRESS = {"na", "n/a", "unknown", "none"}


def parse(path: Path) -> Iterator[ParseItem]:
    """Yield one entity per listing (rows grouped by reference number), or a ParseIssue."""
    try:
        workbook = openpyxl.load_workbook(path, read_only=True, data_only=True)
    except Exception as exc:  # openpyxl raises many types for a file that is not xlsx
        raise ValueError(f"{path.name}: not an .xlsx workbook ({type(exc).__name__})") from None
    try:
        yield from _parse_workbook(workbook, path.name)
    finally:
        workbook.close()


def _parse_workbook(workbook: Any, name: str) -> Iterator[ParseItem]:
    for sheet in workbook.worksheets:
        rows = enumerate(sheet.iter_rows(values_only=True), start=1)
        columns = _find_header(rows)
        if columns is not None:
            yield from _parse_rows(rows, columns)
            return
    raise ValueError(f"{name}: no sheet with 'Reference' and 'Name of Individual or Entity'")


def _find_header(rows: Iterator[tuple[int, tuple[Any, ...]]]) -> dict[str, int] | None:
    for number, row in rows:
        labels = [(clean(str(cell)) or "").lower() if cell is not None else "" for cell in row]
        columns = {
            role: labels.index(text)
            for role, texts in _HEADERS.items()
            for text in reversed(texts)
            if text in labels
        }
        if "reference" in columns and "name" in columns:
            return columns
        if number >= _HEADER_SCAN:
            return None
    return None


def _parse_rows(
    rows: Iterator[tuple[int, tuple[Any, ...]]], columns: dict[str, int]
) -> Iterator[ParseItem]:
    groups: dict[str, list[Row]] = {}
    for number, cells in rows:
        row = {role: cells[i] if i < len(cells) else None for role, i in columns.items()}
        if all(value is None or clean(str(value)) is None for value in row.values()):
            continue
        reference = _REFERENCE.match(str(row["reference"] or ""))
        if reference is None:
            yield ParseIssue(f"row {number}", f"no numeric Reference: {row['reference']!r}")
        elif _text(row, "name") is None:
            yield ParseIssue(f"row {number}", "no name")
        else:
            groups.setdefault(reference[1], []).append(row)
    for base, group in groups.items():
        try:
            yield _entity(base, group)
        except Exception as exc:  # one bad listing must not stop the list
            yield ParseIssue(f"reference {base}", f"{type(exc).__name__}: {exc}")


def _entity(reference: str, group: list[Row]) -> Entity:
    primary = next((r for r in group if "primary" in _lower(r, "name_type")), group[0])
    schema = _schema(_lower(primary, "type"))
    addresses = [a for row in group for a in _addresses(_text(row, "address"))]
    info = unique(_text(row, "info") for row in group)
    entity = Entity(
        id=reference,
        schema=schema,
        names=_names(primary, group),
        list_name=LIST_NAME,
        addresses=list(dict.fromkeys(addresses)),
        countries=unique(a.country for a in addresses),
        identifiers=[Identifier("imo", n) for n in unique(_IMO.findall(" ".join(info)))],
        programs=unique(_text(row, "committees") for row in group),
        topics=["sanction"],
        listed_on=_listed_on(primary.get("listing")),
        remarks="\n".join(info + unique(_text(row, "listing") for row in group)) or None,
    )
    citizenship = countries(_text(row, "citizenship") for row in group)
    if schema is Schema.PERSON:
        entity.birth_dates = dates(row.get("birth_date") for row in group)
        entity.birth_places = unique(p for r in group for p in enumeration(_text(r, "birth_place")))
        entity.nationalities = citizenship
    else:
        entity.countries = unique(entity.countries + citizenship)
    return entity


def _names(primary: Row, group: list[Row]) -> list[Name]:
    names: list[Name] = []
    add_name(names, _text(primary, "name"), NameType.PRIMARY)
    for row in group:
        kind = _lower(row, "name_type")
        if "formerly" in kind or "previous" in kind:
            add_name(names, _text(row, "name"), NameType.PREVIOUS)
        else:  # aka, original script, a second "primary" row
            add_name(names, _text(row, "name"), NameType.ALIAS)
    return names


def _schema(kind: str) -> Schema:
    if "individual" in kind:
        return Schema.PERSON
    if "vessel" in kind or "ship" in kind:
        return Schema.VESSEL
    return Schema.ORGANIZATION


def _addresses(text: str | None) -> list[Address]:
    found = []
    for item in enumeration(text):
        if item.lower().strip(" .") not in _NO_ADDRESS:
            found.append(Address(full=item, country=address_country(item)))
    return found


def _listed_on(value: Any) -> str | None:
    if not isinstance(value, str):
        return cell_date(value)
    match = _DAY_MONTH_YEAR.search(value)
    return parse_date(f"{match[1]} {match[2]} {match[3]}") if match else None


def _text(row: Row, role: str) -> str | None:
    value = row.get(role)
    if value is None or isinstance(value, str):
        return clean(value)
    return cell_date(value) if isinstance(value, date) else clean(str(value))


def _lower(row: Row, role: str) -> str:
    return (_text(row, role) or "").lower()


def dataset_for(path: Path) -> str:
    """The DFAT list is one dataset whatever the file is called."""
    del path
    return DATASET


FORMAT = register(
    SourceFormat(
        name="au-dfat",
        description="Australia DFAT Consolidated List (official .xlsx)",
        parse=parse,
        dataset_for=dataset_for,
        url=URL,
    )
)
