"""UK OFSI Consolidated List CSV (``ConList.csv``), pre- and post-2022 column sets.

cp1252; usually a ``Last Updated,dd/mm/yyyy`` line, then the header row. One row per
name variant of a designated person, entity or ship; rows sharing a ``Group ID`` are one
entity, and they are not adjacent (the file is sorted by name), so the file is read whole
before entities are yielded. Columns are mapped by header name, so extra or missing columns
are tolerated.
"""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

from openkyb.sources.list_helpers import csv_rows, has_legal_form, unique
from openkyb.sources.model import Entity, Name, NameType, ParseIssue, Schema
from openkyb.sources.registry import ParseItem, Published, SourceFormat, register
from openkyb.sources.uk_ofsi_fields import (
    Row,
    addresses,
    birth_places,
    enumerated,
    identifiers,
    listed_on,
    nationalities,
    ofsi_date,
)
from openkyb.sources.util import clean, parse_date

LIST_NAME = "UK OFSI Consolidated List"
_SCHEMAS = {"individual": Schema.PERSON, "ship": Schema.VESSEL, "entity": Schema.ORGANIZATION}
_HEADER_KEYS = {"name 6", "group id"}
_PRIMARY = {"prime alias", "primary name", "primary"}


def name_of(row: Row) -> str | None:
    """Given names (Name 1-5) then the surname (Name 6), as one string."""
    parts = [row.get(f"name {i}") for i in (1, 2, 3, 4, 5, 6)]
    return clean(" ".join(p for p in parts if p))


def name_type(row: Row) -> NameType:
    """Primary for the prime alias, weak for low-quality aliases, else alias."""
    alias_type = (row.get("alias type") or "").lower()
    if alias_type in _PRIMARY:
        return NameType.PRIMARY
    if "low" in (row.get("alias quality") or "").lower():
        return NameType.WEAK_ALIAS
    return NameType.ALIAS


def _names(rows: list[Row]) -> list[Name]:
    names: list[Name] = []
    for row in rows:
        if value := name_of(row):
            names.append(Name(value, name_type(row)))
        if script := clean(row.get("name non-latin script")):
            names.append(Name(script, NameType.ALIAS))
    names.sort(key=lambda n: n.type is not NameType.PRIMARY)
    return list(dict.fromkeys(names))


def build_entity(group_id: str, rows: list[Row]) -> Entity:
    """One entity from all the rows of a group."""
    names = _names(rows)
    if not names:
        raise ValueError("no name in any row")
    kind = next((r["group type"].lower() for r in rows if r.get("group type")), "")
    schema = _SCHEMAS.get(kind, Schema.ORGANIZATION)
    found_identifiers = identifiers(rows)
    if schema is Schema.ORGANIZATION and any(i.type == "imo" for i in found_identifiers):
        schema = Schema.VESSEL  # ships were "Entity" rows before the 2022 format
    elif schema is Schema.ORGANIZATION and has_legal_form(names[0].value):
        schema = Schema.COMPANY
    places, birth_countries = birth_places(rows)
    found_addresses, address_countries = addresses(rows)
    remarks = unique(clean(r.get("other information")) for r in rows)
    return Entity(
        id=group_id,
        schema=schema,
        names=names,
        list_name=LIST_NAME,
        birth_dates=unique(ofsi_date(r.get("dob")) for r in rows),
        birth_places=places,
        nationalities=nationalities(rows),
        countries=unique(birth_countries + address_countries),
        addresses=found_addresses,
        identifiers=found_identifiers,
        programs=unique(clean(r.get("regime")) for r in rows),
        topics=["sanction"],
        listed_on=listed_on(rows),
        remarks=" | ".join(remarks) or None,
        positions=unique(p for r in rows for p in enumerated(r.get("position"))),
    )


def _is_header(cells: list[str]) -> bool:
    return {c.strip().lower() for c in cells} >= _HEADER_KEYS


def _published(cells: list[str]) -> Published | None:
    if not cells or not cells[0].strip().lower().startswith("last updated"):
        return None
    day = next((d for d in (parse_date(c) for c in cells[1:]) if d), None)
    return Published(day) if day else None


def _rows(path: Path) -> Iterator[Published | ParseIssue | tuple[str, Row]]:
    reader = csv_rows(path, ".csv")
    header: list[str] | None = None
    for number, cells in enumerate(reader, start=1):
        if header is None:
            if _is_header(cells):
                header = [c.strip().lower() for c in cells]
            elif number > 5:
                raise ValueError(f"{path.name}: no 'Name 6 ... Group ID' header; not a ConList")
            elif published := _published(cells):
                yield published
            continue
        if not any(c.strip() for c in cells):
            continue
        keys = _aligned(header, len(cells))
        if keys is None:
            yield ParseIssue(f"row {number}", f"{len(cells)} cells for {len(header)} columns")
            continue
        row = {k: v for k, v in zip(keys, cells, strict=True) if k}
        group_id = clean(row.get("group id"))
        if not group_id:
            yield ParseIssue(f"row {number}", "no Group ID")
            continue
        yield group_id, row
    if header is None:
        raise ValueError(f"{path.name}: no 'Name 6 ... Group ID' header; not a ConList")


def _aligned(header: list[str], width: int) -> list[str] | None:
    """The header for a row of this width: rows may lack a leading unnamed column, and
    a short last row keeps the columns it has."""
    if width == len(header):
        return header
    leading = 0
    while leading < len(header) and not header[leading]:
        leading += 1
    if width == len(header) - leading:
        return header[leading:]
    if width < len(header):
        return header[:width]
    return None


def parse(path: Path) -> Iterator[ParseItem]:
    """The publication date if stated, then one entity per Group ID."""
    groups: dict[str, list[Row]] = {}
    for item in _rows(path):
        if isinstance(item, tuple):
            groups.setdefault(item[0], []).append(item[1])
        else:
            yield item
    for group_id, rows in groups.items():
        try:
            yield build_entity(group_id, rows)
        except Exception as exc:  # one bad record never stops the load
            yield ParseIssue(f"group {group_id}", f"{type(exc).__name__}: {exc}")


def dataset_for(path: Path) -> str:  # noqa: ARG001 - one dataset whatever the file
    """Always ``gb_hmt_ofsi``."""
    return "gb_hmt_ofsi"


FORMAT = register(
    SourceFormat(
        name="uk-ofsi",
        description="UK OFSI Consolidated List CSV (ConList.csv)",
        parse=parse,
        dataset_for=dataset_for,
        url="https://ofsistorage.blob.core.windows.net/publishlive/2022format/ConList.csv",
    )
)
