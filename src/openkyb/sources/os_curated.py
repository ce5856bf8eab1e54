"""OpenSanctions' smaller curated lists: a folder holding one CSV with the list's own columns.

Columns are mapped by header text (see :mod:`os_curated_columns`), so the seven layouts
(and similar new ones) load with one parser. Rows that name the same target (the same id
column, else the same name) are one entity: the US DoD list, for one, repeats a company for
every year it was designated. A target whose latest listing row carries a delisting or end
date is no longer listed and becomes a ParseIssue, as does a FinCEN measure against a whole
jurisdiction ("Burma"), which is not a party.
"""

from __future__ import annotations

import csv
import re
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path

from openkyb.sources.countries import country_code
from openkyb.sources.listparse import (
    STREAM_ERRORS,
    add_name,
    address_country,
    countries,
    dates,
    listing_date,
    slug,
    split_values,
    topic,
    unique,
)
from openkyb.sources.model import Address, Entity, Identifier, Name, NameType, ParseIssue, Schema
from openkyb.sources.os_curated_columns import (
    MULTI_VALUED,
    NAME_PRIORITY,
    PERSON_ROLES,
    ROLES,
)
from openkyb.sources.registry import ParseItem, SourceFormat, register
from openkyb.sources.util import clean, lines

_TYPES = {
    "person": Schema.PERSON,
    "company": Schema.COMPANY,
    "organization": Schema.ORGANIZATION,
    "legalentity": Schema.ORGANIZATION,
    "publicbody": Schema.ORGANIZATION,
    "vessel": Schema.VESSEL,
    "airplane": Schema.AIRCRAFT,
}
_NAMES = (("alias", NameType.ALIAS), ("weak_alias", NameType.WEAK_ALIAS))
_IDENTIFIERS = (
    ("passport", "passport", None),
    ("national_id", "national_id", None),
    ("registration", "registration", None),
    ("wikidata", "other", "Wikidata"),
)
_MARKERS = re.compile(r"\s*\*+\s*$")  # "Burma****", "Qihoo 360)*": footnote markers

Row = dict[str, str]


@dataclass
class _Listing:
    """One target, merged over the rows that list it."""

    entity: Entity
    rows: list[tuple[str, str | None]] = field(default_factory=list)  # (listed, delisted)

    def delisted(self) -> str | None:
        """The delisting date of the latest row, if it has one."""
        latest = max(enumerate(self.rows), key=lambda item: (item[1][0], item[0]))
        return latest[1][1]


def parse(path: Path) -> Iterator[ParseItem]:
    """Yield each listed target of the folder's CSV (or of one CSV), or a ParseIssue."""
    files = [path] if path.is_file() else sorted(p for p in path.glob("*.csv") if p.is_file())
    if not files:
        raise ValueError(f"{path}: no .csv file")
    list_name = f"OpenSanctions: {_folder(path)}"
    for file in files:
        yield from _parse_file(file, list_name)


def _parse_file(file: Path, list_name: str) -> Iterator[ParseItem]:
    try:
        reader = csv.reader(lines(file))
        header = [(clean(h) or "").lower() for h in next(reader, [])]
    except (UnicodeDecodeError, csv.Error, *STREAM_ERRORS) as exc:
        raise ValueError(f"{file.name}: not a readable CSV ({exc})") from None
    layout = {h: ROLES[h] for h in header if h in ROLES}
    named = any(role in ("name", "local_name") for role in layout.values())
    listings: dict[str, _Listing] = {}
    for number, cells in _rows(reader):
        location = f"{file.name} row {number}"
        if isinstance(cells, ParseIssue):
            yield cells
        elif not named:
            yield ParseIssue(location, f"no name column in this layout: {', '.join(header)}")
        else:
            yield from _add_row(
                dict(zip(header, cells, strict=False)), layout, list_name, listings, location
            )
    for listing_id, listing in listings.items():
        if date := listing.delisted():
            yield ParseIssue(f"record {listing_id}", f"delisted on {date}: no longer listed")
        else:
            yield listing.entity


def _rows(reader: Iterator[list[str]]) -> Iterator[tuple[int, list[str] | ParseIssue]]:
    number = 1
    while True:
        number += 1
        try:
            cells = next(reader)
        except StopIteration:
            return
        except csv.Error as exc:
            yield number, ParseIssue(f"row {number}", f"malformed CSV: {exc}")
            continue
        if any(cell.strip() for cell in cells):
            yield number, cells


def _add_row(
    row: Row, layout: dict[str, str], list_name: str, listings: dict[str, _Listing], location: str
) -> Iterator[ParseIssue]:
    try:
        entity = _entity(row, layout, list_name)
    except Exception as exc:  # one bad row must not stop the list
        yield ParseIssue(location, f"{type(exc).__name__}: {exc}")
        return
    if isinstance(entity, str):
        yield ParseIssue(location, entity)
        return
    status = (listing_date(_first(row, layout, "listed")) or "", _delisted(row, layout))
    if entity.id in listings:
        _merge(listings[entity.id].entity, entity)
    else:
        listings[entity.id] = _Listing(entity)
    listings[entity.id].rows.append(status)


def _entity(row: Row, layout: dict[str, str], list_name: str) -> Entity | str:
    """The row as an entity, or the reason it is not one."""
    names: list[Name] = []
    name = next(
        (row[h] for h in NAME_PRIORITY if layout.get(h) == "name" and clean(row.get(h))), None
    )
    local = _first(row, layout, "local_name")
    add_name(names, _MARKERS.sub("", name or local or ""), NameType.PRIMARY)
    if not names:
        return "no name"
    add_name(names, local, NameType.ALIAS)
    for role, kind in _NAMES:
        for value in _values(row, layout, role):
            add_name(names, _MARKERS.sub("", value), kind)
    for value in _values(row, layout, "previous"):
        add_name(names, value, NameType.PREVIOUS)
    schema = _schema(_first(row, layout, "type"), layout)
    if schema is not Schema.PERSON and len(names[0].value) > 3 and country_code(names[0].value):
        return f"measure against a jurisdiction, not a party: {names[0].value}"
    is_person = schema is Schema.PERSON
    addresses = [Address(a, country=address_country(a)) for a in _values(row, layout, "address")]
    ids = [v for h, role in layout.items() if role == "id" and (v := clean(row.get(h)))]
    return Entity(
        id="-".join(ids) or slug(names[0].value),
        schema=schema,
        names=names,
        list_name=list_name,
        birth_dates=dates(_values(row, layout, "birth_date")) if is_person else [],
        birth_places=_values(row, layout, "birth_place") if is_person else [],
        nationalities=countries(_values(row, layout, "nationality")),
        countries=unique(
            countries(_values(row, layout, "country")) + [a.country for a in addresses]
        ),
        addresses=addresses,
        identifiers=_identifiers(row, layout),
        programs=_values(row, layout, "program"),
        topics=unique(topic(t) for t in _values(row, layout, "topics"))
        or [_default_topic(row, layout)],
        listed_on=listing_date(_first(row, layout, "listed")),
        remarks=_remarks(row, layout),
    )


def _schema(kind: str | None, layout: dict[str, str]) -> Schema:
    if kind and (schema := _TYPES.get(kind.lower().replace(" ", ""))):
        return schema
    if "type" not in layout.values() and PERSON_ROLES & set(layout.values()):
        return Schema.PERSON  # a list of people only (the Swiss freezes)
    return Schema.ORGANIZATION


def _default_topic(row: Row, layout: dict[str, str]) -> str:
    """A list without topics targets its rows; FinCEN's owners and affiliates are only linked."""
    relation = (_first(row, layout, "relationship") or "").lower()
    return "sanction" if relation in ("", "self", "target") else "sanction_linked"


def _identifiers(row: Row, layout: dict[str, str]) -> list[Identifier]:
    return [
        Identifier(kind, value, note=note)
        for role, kind, note in _IDENTIFIERS
        for value in _values(row, layout, role)
    ]


def _remarks(row: Row, layout: dict[str, str]) -> str | None:
    parts = _values(row, layout, "remarks")
    parts += [f"Parent: {v}" for v in _values(row, layout, "parent")]
    relations = _values(row, layout, "relationship")
    parts += [f"Relationship: {v}" for v in relations if v.lower() not in ("self", "target")]
    return "\n".join(parts) or None


def _delisted(row: Row, layout: dict[str, str]) -> str | None:
    text = _first(row, layout, "delisted")
    return (listing_date(text) or text) if text else None


def _merge(into: Entity, other: Entity) -> None:
    for name in other.names:
        add_name(
            into.names, name.value, NameType.ALIAS if name.type is NameType.PRIMARY else name.type
        )
    for attr in ("birth_dates", "birth_places", "nationalities", "countries", "programs", "topics"):
        setattr(into, attr, unique(getattr(into, attr) + getattr(other, attr)))
    into.addresses = list(dict.fromkeys(into.addresses + other.addresses))
    into.identifiers = list(dict.fromkeys(into.identifiers + other.identifiers))
    into.listed_on = min(filter(None, (into.listed_on, other.listed_on)), default=None)
    remarks = unique((into.remarks or "").split("\n") + (other.remarks or "").split("\n"))
    into.remarks = "\n".join(remarks) or None


def _values(row: Row, layout: dict[str, str], role: str) -> list[str]:
    cells = [row.get(h) for h, r in layout.items() if r == role]
    if role in MULTI_VALUED:
        return unique(v for cell in cells for v in split_values(cell))
    return unique(cells)


def _first(row: Row, layout: dict[str, str], role: str) -> str | None:
    return next(iter(_values(row, layout, role)), None)


def _folder(path: Path) -> str:
    return path.resolve().name if path.is_dir() else path.resolve().parent.name


def dataset_for(path: Path) -> str:
    """``os_`` + the list's folder: ``.../cn_sanctions/sanctions.csv`` -> ``os_cn_sanctions``."""
    return f"os_{_folder(path)}"


FORMAT = register(
    SourceFormat(
        name="os-curated",
        description="OpenSanctions curated lists (one CSV per folder, columns by header)",
        parse=parse,
        dataset_for=dataset_for,
    )
)
