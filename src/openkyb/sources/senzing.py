"""Senzing entity-resolution JSON lines, as OpenSanctions exports its datasets.

One record a line: ``RECORD_ID``, ``RECORD_TYPE`` (``PERSON``/``ORGANIZATION``) and feature
lists (``NAMES``, ``DATES``, ``COUNTRIES``, ``ADDRESSES``, ``IDENTIFIERS``, ``RISKS``,
``RELATIONSHIPS``). Flat Senzing records (``NAME_FULL``, ``DATE_OF_BIRTH``... at the top
level) are read too. Records without a type that other records point to through
``REL_POINTER_KEY`` are positions ("United States senator"): they become the ``positions``
of the people who hold them and are not parties themselves.
"""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path
from typing import Any

from openkyb.sources.jsonrecords import Record, read_records
from openkyb.sources.listparse import add_name, countries, dates, topic, unique
from openkyb.sources.model import Address, Entity, Identifier, Name, NameType, ParseIssue, Schema
from openkyb.sources.registry import ParseItem, SourceFormat, register
from openkyb.sources.util import clean

Feature = dict[str, Any]

_TYPES = {"PERSON": Schema.PERSON, "ORGANIZATION": Schema.ORGANIZATION}
_NAME_TYPES = {
    "PRIMARY": NameType.PRIMARY,
    "FORMER": NameType.PREVIOUS,
    "PREVIOUS": NameType.PREVIOUS,
    "NICKNAME": NameType.WEAK_ALIAS,
}
# Senzing identifier feature -> (identifier type, the key holding its country)
_ID_FEATURES = {
    "PASSPORT_NUMBER": ("passport", "PASSPORT_COUNTRY"),
    "NATIONAL_ID_NUMBER": ("national_id", "NATIONAL_ID_COUNTRY"),
    "SSN_NUMBER": ("national_id", None),
    "TAX_ID_NUMBER": ("tax", "TAX_ID_COUNTRY"),
    "LEI_NUMBER": ("lei", None),
    "DUNS_NUMBER": ("registration", None),
}
_ADDRESS_PARTS = ("ADDR_LINE1", "ADDR_LINE2", "ADDR_CITY", "ADDR_STATE", "ADDR_POSTAL_CODE")
_NATIONALITY_KEYS = ("NATIONALITY", "CITIZENSHIP")
_COUNTRY_KEYS = ("REGISTRATION_COUNTRY", "COUNTRY_OF_ASSOCIATION", "ADDR_COUNTRY")


def parse(path: Path) -> Iterator[ParseItem]:
    """Yield each person and organisation, or a ParseIssue for a malformed or nameless line."""
    positions = _positions(path)
    list_name = f"Senzing export: {path.stem}"
    for record in read_records(path):
        if isinstance(record, ParseIssue):
            yield record
            continue
        try:
            item = _entity(record, list_name, positions)
        except Exception as exc:  # one bad record must not stop the file
            item = ParseIssue(record.location, f"{type(exc).__name__}: {exc}")
        if item is not None:
            yield item


def _positions(path: Path) -> dict[str, str]:
    """First pass: the name of every record other records point to (a position)."""
    found: dict[str, str] = {}
    for record in read_records(path):
        if isinstance(record, Record) and _is_anchor(record.data):
            name = next((n.value for n in _names(_features(record.data))), None)
            for feature in _features(record.data):
                if name and isinstance(key := feature.get("REL_ANCHOR_KEY"), str):
                    found[key] = name
    return found


def _is_anchor(data: dict[str, Any]) -> bool:
    return not data.get("RECORD_TYPE") and any("REL_ANCHOR_KEY" in f for f in _features(data))


def _entity(
    record: Record, list_name: str, positions: dict[str, str]
) -> Entity | ParseIssue | None:
    data = record.data
    record_id = data.get("RECORD_ID")
    if not isinstance(record_id, str | int) or not str(record_id).strip():
        return ParseIssue(record.location, "no RECORD_ID")
    location = f"{record.location} ({record_id})"
    if _is_anchor(data):
        return None  # a position, attached to its holders
    features = _features(data)
    names = _names(features)
    schema = _schema(data.get("RECORD_TYPE"), features)
    if schema is None:
        return ParseIssue(location, f"unknown RECORD_TYPE {data.get('RECORD_TYPE')!r}")
    if not names:
        return ParseIssue(location, "no name")
    risks = unique(topic(v) for v in _values(features, "TOPIC") if v)
    died = _values(features, "DATE_OF_DEATH")
    return Entity(
        id=str(record_id).strip(),
        schema=schema,
        names=names,
        list_name=list_name,
        birth_dates=dates(_values(features, "DATE_OF_BIRTH")),
        nationalities=countries(_values(features, *_NATIONALITY_KEYS)),
        countries=countries(_values(features, *_COUNTRY_KEYS)),
        addresses=_addresses(features),
        identifiers=_identifiers(features),
        topics=risks or ["pep"],
        remarks="\n".join([*(f"Died: {d}" for d in died), *_values(features, "URL")]) or None,
        gender=_gender(_values(features, "GENDER")),
        positions=unique(positions.get(key) for key in _values(features, "REL_POINTER_KEY")),
    )


def _features(data: dict[str, Any]) -> list[Feature]:
    """The record itself (flat attributes) and every object in its feature lists."""
    found: list[Feature] = [data]
    for value in data.values():
        if isinstance(value, list):
            found.extend(item for item in value if isinstance(item, dict))
    return found


def _values(features: list[Feature], *keys: str) -> list[str]:
    return unique(
        str(value)
        for feature in features
        for key in keys
        if isinstance(value := feature.get(key), str | int)
    )


def _schema(kind: Any, features: list[Feature]) -> Schema | None:
    if isinstance(kind, str) and kind.upper() in _TYPES:
        return _TYPES[kind.upper()]
    if kind is None and _values(features, "NAME_ORG"):
        return Schema.ORGANIZATION
    if kind is None and _values(features, "NAME_LAST", "NAME_FIRST"):
        return Schema.PERSON
    return None


def _names(features: list[Feature]) -> list[Name]:
    candidates: list[tuple[str, NameType]] = []
    for feature in features:
        parts = [feature.get(k) for k in ("NAME_FIRST", "NAME_MIDDLE", "NAME_LAST")]
        full = feature.get("NAME_FULL") or feature.get("NAME_ORG")
        value = full or " ".join(p for p in parts if isinstance(p, str))
        if isinstance(value, str) and clean(value):
            kind = _NAME_TYPES.get(str(feature.get("NAME_TYPE", "")).upper(), NameType.ALIAS)
            candidates.append((value, kind))
    candidates.sort(key=lambda candidate: candidate[1] is not NameType.PRIMARY)
    names: list[Name] = []
    for value, kind in candidates:
        if kind is NameType.PRIMARY and names:
            kind = NameType.ALIAS  # a second primary name
        add_name(names, value, kind if names else NameType.PRIMARY)
    return names


def _addresses(features: list[Feature]) -> list[Address]:
    found = []
    for feature in features:
        full = feature.get("ADDR_FULL") or ", ".join(
            str(feature[k]) for k in (*_ADDRESS_PARTS, "ADDR_COUNTRY") if feature.get(k)
        )
        if isinstance(full, str) and (text := clean(full)):
            codes = countries([feature.get("ADDR_COUNTRY")])
            city = feature.get("ADDR_CITY")
            found.append(
                Address(text, city if isinstance(city, str) else None, next(iter(codes), None))
            )
    return list(dict.fromkeys(found))


def _identifiers(features: list[Feature]) -> list[Identifier]:
    found: dict[tuple[str, str], Identifier] = {}
    for feature in features:
        for key, (kind, country_key) in _ID_FEATURES.items():
            if value := clean(str(feature.get(key) or "")):
                issuer = next(iter(countries([feature.get(country_key or "")])), None)
                found.setdefault((kind, value), Identifier(kind, value, issuer))
        for prefix in ("TRUSTED_ID", "OTHER_ID"):
            if value := clean(str(feature.get(f"{prefix}_NUMBER") or "")):
                note = clean(str(feature.get(f"{prefix}_TYPE") or "")) or None
                found.setdefault(("other", value), Identifier("other", value, note=note))
    return list(found.values())


def _gender(values: list[str]) -> str | None:
    for value in values:
        gender = {"m": "male", "f": "female"}.get(value.strip().lower()[:1])
        if gender:
            return gender
    return None


def dataset_for(path: Path) -> str:
    """``pep_`` + the file's stem: ``us_congress_senzing.json`` -> ``pep_us_congress_senzing``."""
    return f"pep_{path.name.split('.')[0]}"


FORMAT = register(
    SourceFormat(
        name="senzing",
        description="Senzing JSON lines (OpenSanctions' senzing.json export, e.g. PEP lists)",
        parse=parse,
        dataset_for=dataset_for,
    )
)
