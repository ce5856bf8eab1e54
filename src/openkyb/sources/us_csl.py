"""trade.gov's Consolidated Screening List CSV (``consolidated.csv``, gzipped or not).

One row per listing, from 13 US lists (Treasury's SDN and non-SDN lists, BIS's Entity List,
Denied Persons, Unverified and MEU lists, State's ITAR debarments and nonproliferation
sanctions). Multi-valued columns are separated by ``; ``. ``ids`` entries are the fields of
an id joined by ``, `` in key order: ``[country, ][expiration, ][issue date, ]number, type``.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from pathlib import Path

from openkyb.sources.list_helpers import (
    birth_dates,
    country,
    csv_rows,
    has_legal_form,
    invert_name,
    looks_like_company,
    place_country,
    repair_c1,
    unique,
)
from openkyb.sources.model import Address, Entity, Identifier, Name, NameType, ParseIssue, Schema
from openkyb.sources.ofac_labels import identifier_kind, imo_number
from openkyb.sources.registry import ParseItem, SourceFormat, register
from openkyb.sources.util import clean, parse_date

_SCHEMAS = {
    "individual": Schema.PERSON,
    "entity": Schema.ORGANIZATION,
    "vessel": Schema.VESSEL,
    "aircraft": Schema.AIRCRAFT,
}
EXPORT_CONTROL = {"EL", "UVL", "MEU", "DPL", "DTC"}
_PEOPLE_LISTS = {"DPL", "DTC"}  # rows without a type are mostly people on these lists
_COUNTRY_CODE = re.compile(r"^[A-Z]{2}$")
_REQUIRED = {"name", "source"}


def source_code(source: str) -> str:
    """The short code in a source's name: ``"Entity List (EL) - Bureau ..."`` -> ``"EL"``."""
    match = re.search(r"\(([^()]+)\)", source)
    code = match[1] if match else source.split(" - ")[0]
    return re.sub(r"\s+List$", "", code.strip()).upper()


def topics_for(code: str) -> list[str]:
    """``export_control`` for the BIS and ITAR lists (plus ``debarment`` for ITAR)."""
    if code == "DTC":
        return ["export_control", "debarment"]
    return ["export_control"] if code in EXPORT_CONTROL else ["sanction"]


def _split(value: str | None) -> list[str]:
    return [v for v in (clean(p) for p in (value or "").split(";")) if v]


def _schema(kind: str, code: str, name: str) -> Schema:
    schema = _SCHEMAS.get(kind.lower())
    if schema is Schema.ORGANIZATION:
        return Schema.COMPANY if has_legal_form(name) else schema
    if schema is not None:
        return schema
    if looks_like_company(name):
        return Schema.COMPANY
    return Schema.PERSON if code in _PEOPLE_LISTS else Schema.ORGANIZATION


def parse_ids(text: str | None) -> tuple[list[Identifier], str | None, list[str]]:
    """Identifiers, the gender and registry countries from the ``ids`` column."""
    identifiers: list[Identifier] = []
    gender: str | None = None
    countries: list[str] = []
    for entry in _split(text):
        bits = [b.strip() for b in entry.split(", ")]
        label = bits[-1]
        value = ", ".join(bits[:-1])
        if label == "Gender" and value.lower() in ("male", "female"):
            gender = value.lower()
        elif label in ("Nationality of Registration", "Vessel Flag"):
            countries.append(country(value) or "")
        elif len(bits) >= 2 and (kind := identifier_kind(label, bits[-2])):
            issuer = country(bits[0]) if len(bits) >= 3 and _COUNTRY_CODE.match(bits[0]) else None
            number = imo_number(bits[-2]) if kind == "imo" else bits[-2]
            identifiers.append(Identifier(kind, number, issuer, note=label))
    return identifiers, gender, unique(countries)


def parse_addresses(text: str | None) -> tuple[list[Address], list[str]]:
    """Addresses (``street, city, postcode, CC``) and their countries; a bare country
    code is a country, not an address."""
    addresses: list[Address] = []
    countries: list[str] = []
    for entry in _split(text):
        parts = [p.strip() for p in entry.split(",") if p.strip()]
        code = country(parts[-1]) if parts else None
        countries.append(code or "")
        if len(parts) > 1 or code is None:
            addresses.append(Address(full=entry, country=code))
    return list(dict.fromkeys(addresses)), unique(countries)


def _names(row: dict[str, str], person: bool) -> list[Name]:
    def fix(value: str) -> str:
        value = repair_c1(value)
        return invert_name(value) if person else value

    name = clean(row.get("name"))
    if not name:
        raise ValueError("no name")
    names = [Name(fix(name), NameType.PRIMARY)]
    for alias in _split(row.get("alt_names")):
        alias = re.sub(r"^and\s+", "", alias)  # "X; and Y" on the Entity List
        names.append(Name(fix(alias), NameType.ALIAS))
    return list(dict.fromkeys(names))


def entity_id(row: dict[str, str], code: str) -> str:
    """The row's ``_id``; Treasury's non-SDN lists reuse SDN entry numbers, so theirs get
    the list code: ``"34616-CAP"``."""
    raw = clean(row.get("_id")) or clean(row.get("id")) or clean(row.get("entity_number"))
    if not raw:
        raise ValueError("no _id")
    return f"{raw}-{code}" if raw.isdigit() and code != "SDN" else raw


def build_entity(row: dict[str, str]) -> Entity:
    """One entity from a CSV row (a dict keyed by the header)."""
    source = clean(row.get("source")) or "Consolidated Screening List"
    code = source_code(source)
    kind = clean(row.get("type")) or ""
    name = clean(row.get("name")) or ""
    schema = _schema(kind, code, name)
    identifiers, gender, registry = parse_ids(row.get("ids"))
    addresses, address_countries = parse_addresses(row.get("addresses"))
    places = _split(row.get("places_of_birth"))
    if call_sign := clean(row.get("call_sign")):
        identifiers.insert(0, Identifier("other", call_sign, note="Call Sign"))
    dates = [d for text in _split(row.get("dates_of_birth")) for d in birth_dates(text)]
    nationalities = _split(row.get("nationalities")) + _split(row.get("citizenships"))
    countries = [*address_countries, *registry, country(row.get("vessel_flag")) or ""]
    return Entity(
        id=entity_id(row, code),
        schema=schema,
        names=_names(row, schema is Schema.PERSON and kind.lower() == "individual"),
        list_name=source,
        birth_dates=unique(dates),
        birth_places=places,
        nationalities=unique(country(n) for n in nationalities),
        countries=unique(countries + [place_country(p) for p in places]),
        addresses=addresses,
        identifiers=list(dict.fromkeys(identifiers)),
        programs=unique([code, *_split(row.get("programs"))]),
        topics=topics_for(code),
        listed_on=parse_date(row.get("start_date")),
        remarks=clean(row.get("remarks")),
        gender=gender,
        positions=_split(row.get("title")),
    )


def parse(path: Path) -> Iterator[ParseItem]:
    """Entities from the CSL CSV; row numbers count the header as row 1."""
    reader = csv_rows(path, ".csv")
    header = [h.strip().lower() for h in next(reader, [])]
    if not set(header) >= _REQUIRED:
        raise ValueError(f"{path.name}: no 'source' and 'name' columns; not the CSL CSV")
    seen: set[str] = set()
    for number, cells in enumerate(reader, start=2):
        if not any(c.strip() for c in cells):
            continue
        if len(cells) != len(header):
            yield ParseIssue(f"row {number}", f"expected {len(header)} cells, got {len(cells)}")
            continue
        try:
            entity = build_entity(dict(zip(header, cells, strict=True)))
        except Exception as exc:  # one bad record never stops the load
            yield ParseIssue(f"row {number}", f"{type(exc).__name__}: {exc}")
            continue
        if entity.id in seen:
            yield ParseIssue(f"row {number}", f"duplicate of entity {entity.id}; skipped")
            continue
        seen.add(entity.id)
        yield entity


def dataset_for(path: Path) -> str:  # noqa: ARG001 - one dataset whatever the file
    """Always ``us_trade_csl``."""
    return "us_trade_csl"


FORMAT = register(
    SourceFormat(
        name="us-csl",
        description="trade.gov Consolidated Screening List CSV (consolidated.csv[.gz])",
        parse=parse,
        dataset_for=dataset_for,
        url="https://data.trade.gov/downloadable_consolidated_screening_list/v1/consolidated.csv",
    )
)
