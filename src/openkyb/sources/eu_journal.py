"""EU sanctions designations transcribed from the Official Journal: one CSV per legal act.

The path is a folder of UTF-8 CSVs named by CELEX number (``32014R0833.csv``) or one such
CSV. Every column but ``name`` may hold several values separated by ``;``. A listing is
identified by act, annex and record number (``32014R0833-IV-1``): record numbers restart in
every annex, and the same person listed under several acts stays one entity per act.
``Asset`` rows (ports, airports, economic zones, crypto-assets) are not parties that a
screening can match, so each becomes a ParseIssue instead of an entity.
"""

from __future__ import annotations

import csv
import re
from collections.abc import Iterator
from pathlib import Path

from openkyb.sources.listparse import (
    STREAM_ERRORS,
    add_name,
    address_country,
    countries,
    country,
    dates,
    enumeration,
    slug,
    split_values,
    unique,
)
from openkyb.sources.model import Address, Entity, Identifier, Name, NameType, ParseIssue, Schema
from openkyb.sources.registry import ParseItem, SourceFormat, register
from openkyb.sources.util import clean, lines

LIST_NAME = "EU sanctions (Official Journal)"
DATASET = "eu_journal_sanctions"

Row = dict[str, str]

_REQUIRED = {"name", "schema"}
_SCHEMAS = {
    "Person": Schema.PERSON,
    "LegalEntity": Schema.ORGANIZATION,
    "Organization": Schema.ORGANIZATION,
    "Company": Schema.COMPANY,
    "Vessel": Schema.VESSEL,
}
_NAME_COLUMNS = (
    ("alias", NameType.ALIAS),
    ("weakAlias", NameType.WEAK_ALIAS),
    ("previousName", NameType.PREVIOUS),
)
# column -> (identifier type, note)
_IDENTIFIERS = {
    "passportNumber": ("passport", None),
    "registrationNumber": ("registration", None),
    "taxNumber": ("tax", None),
    "innCode": ("tax", "INN"),
    "ogrnCode": ("registration", "OGRN"),
    "okpoCode": ("registration", "OKPO"),
    "kppCode": ("other", "KPP"),
    "leiCode": ("lei", None),
    "swiftBic": ("swift", None),
    "imoNumber": ("imo", None),
    "mmsi": ("other", "MMSI"),
}
_ANNOTATION = re.compile(r"\s*\([^()]*:[^()]*\)")  # "(Date of birth: 1.1.1970)" in an alias
_LEADING_COUNTRY = re.compile(
    r"^(?P<country>[A-Z][A-Za-z]+(?: [A-Z][A-Za-z]+){0,2})\s+(?:(?:number|no\.?)\s+)?"
    r"(?P<value>[A-Z]{0,3}[\d][\w\-/ ]*)$"
)
_LABELLED = re.compile(r"^(?P<value>.*?)\s*\((?P<label>[^()]*)\)?\s*$")


def parse(path: Path) -> Iterator[ParseItem]:
    """Yield one entity per listing in the folder's CSVs (or the one CSV), or a ParseIssue."""
    files = sorted(p for p in path.iterdir() if _is_csv(p)) if path.is_dir() else [path]
    if not files:
        raise ValueError(f"{path}: no .csv files")
    seen: set[str] = set()
    valid = 0
    for file in files:
        try:
            header, rows = _read(file)
        except (UnicodeDecodeError, csv.Error, ValueError, *STREAM_ERRORS) as exc:
            header, rows = [], iter(())
            reason = f"unreadable: {type(exc).__name__}"
        else:
            reason = "not an EU journal CSV (no name/schema columns)"
        if not set(header) >= _REQUIRED:
            if len(files) == 1:
                raise ValueError(f"{file.name}: {reason}")
            yield ParseIssue(file.name, reason)
            continue
        valid += 1
        for number, row in rows:
            location = f"{file.name} row {number}"
            yield _row_item(row, file, location, seen) if isinstance(row, dict) else row
    if not valid:
        raise ValueError(f"{path}: no EU journal CSV among {len(files)} files")


def _is_csv(path: Path) -> bool:
    return path.is_file() and path.name.lower().endswith((".csv", ".csv.gz"))


def _read(file: Path) -> tuple[list[str], Iterator[tuple[int, Row | ParseIssue]]]:
    reader = csv.reader(lines(file))
    header = [column.strip() for column in next(reader, [])]

    def rows() -> Iterator[tuple[int, Row | ParseIssue]]:
        number = 1
        while True:
            number += 1
            try:
                values = next(reader)
            except StopIteration:
                return
            except csv.Error as exc:
                yield number, ParseIssue(f"{file.name} row {number}", f"malformed CSV: {exc}")
                continue
            if any(value.strip() for value in values):
                yield number, dict(zip(header, values, strict=False))

    return header, rows()


def _row_item(row: Row, file: Path, location: str, seen: set[str]) -> Entity | ParseIssue:
    try:
        kind = clean(row.get("schema")) or ""
        if kind == "Asset":
            return ParseIssue(location, f"asset record, not a party: {clean(row.get('name'))}")
        schema = _SCHEMAS.get(kind)
        if schema is None:
            return ParseIssue(location, f"unknown schema {kind!r}")
        names: list[Name] = []
        add_name(names, row.get("name"), NameType.PRIMARY)
        if not names:
            return ParseIssue(location, "no name")
        for column, name_type in _NAME_COLUMNS:
            for value in split_values(row.get(column), parentheses=False):
                add_name(names, _ANNOTATION.sub("", value), name_type)
        return _entity(row, schema, names, _unique_id(row, file, names[0].value, seen))
    except Exception as exc:  # one bad row must not stop the file
        return ParseIssue(location, f"{type(exc).__name__}: {exc}")


def _unique_id(row: Row, file: Path, name: str, seen: set[str]) -> str:
    celex = clean(row.get("celex")) or file.name.split(".")[0]
    annex = (clean(row.get("annex")) or "").replace(" ", "_")
    record = clean(row.get("recordId")) or slug(name, 60)
    base = "-".join(part for part in (celex, annex, record) if part)
    record_id, count = base, 1
    while record_id in seen:  # the act lists the same unnumbered name twice
        count += 1
        record_id = f"{base}-{count}"
    seen.add(record_id)
    return record_id


def _entity(row: Row, schema: Schema, names: list[Name], record_id: str) -> Entity:
    texts = unique(part for cell in _values(row, "address") for part in enumeration(cell))
    addresses = [Address(full=text, country=address_country(text)) for text in texts]
    measure = clean(row.get("measure")) or ""
    gender = (clean(row.get("gender")) or "").lower().strip(" .")
    is_person = schema is Schema.PERSON
    listed = dates([row.get("startDate")])
    return Entity(
        id=record_id,
        schema=schema,
        names=names,
        list_name=LIST_NAME,
        birth_dates=dates(_values(row, "birthDate")) if is_person else [],
        birth_places=_values(row, "birthPlace") if is_person else [],
        nationalities=countries(_values(row, "nationality")),
        countries=unique(
            countries(_values(row, "country") + _values(row, "jurisdiction") + _values(row, "flag"))
            + [a.country for a in addresses if a.country]
        ),
        addresses=addresses,
        identifiers=_identifiers(row, schema),
        programs=_values(row, "programKey"),
        topics=["export_control" if measure.lower() == "export control" else "sanction"],
        listed_on=listed[0] if listed else None,
        remarks=_remarks(row),
        gender=gender if gender in ("male", "female") else None,
        positions=_values(row, "position"),
    )


def _identifiers(row: Row, schema: Schema) -> list[Identifier]:
    columns = [*_IDENTIFIERS.items()]
    columns.append(
        ("idNumber", ("national_id" if schema is Schema.PERSON else "registration", None))
    )
    found: dict[tuple[str, str], Identifier] = {}
    for column, (kind, note) in columns:
        for cell in _values(row, column):
            for text in enumeration(cell.strip('"')):
                value, label = _labelled(text)
                issuer = country(label) if label else None
                noted = "; ".join(p for p in (note, None if issuer else label) if p) or None
                if value:
                    found.setdefault((kind, value), Identifier(kind, value, issuer, noted))
    return list(found.values())


def _labelled(text: str) -> tuple[str | None, str | None]:
    """``C2002515 (Iran)`` -> (``C2002515``, ``Iran``); ``Iran number C2002515`` too."""
    match = _LABELLED.match(text)
    if match and match["value"]:
        value, label = match["value"].strip(" ,"), clean(match["label"])
    else:
        value, label = text.strip(" ,"), None
    if (lead := _LEADING_COUNTRY.match(value)) and country(lead["country"]):
        return clean(lead["value"]), label if label and not country(label) else lead["country"]
    return clean(value), label


def _remarks(row: Row) -> str | None:
    parts = [clean(row.get("reason")), clean(row.get("notes"))]
    for column, label in (("fatherName", "Father"), ("motherName", "Mother")):
        if value := clean(row.get(column)):
            parts.append(f"{label}: {value}")
    annex, measure = clean(row.get("annex")), clean(row.get("measure"))
    if measure:
        parts.append(f"{measure} (Annex {annex})" if annex else measure)
    return "\n".join(p for p in parts if p) or None


def _values(row: Row, column: str) -> list[str]:
    return unique(split_values(row.get(column)))


def dataset_for(path: Path) -> str:
    """The EU journal designations are one dataset whatever the folder is called."""
    del path
    return DATASET


FORMAT = register(
    SourceFormat(
        name="eu-journal",
        description="EU sanctions designations from the Official Journal (a folder of CSVs)",
        parse=parse,
        dataset_for=dataset_for,
    )
)
