"""FollowTheMoney entities, as OpenSanctions and yente export them.

The file is JSON lines (one ``{"id", "schema", "properties"}`` object a line; ``.json`` files
of that shape too) or a JSON array of such objects. Only parties are screened: persons,
organisations, companies, public bodies, vessels and aircraft. Other schemas (sanctions,
ownerships, addresses, payments...) yield nothing, but two of them enrich the parties: an
``Address`` entity fills the ``addressEntity`` it is referenced by, and a ``Sanction`` entity
adds its program and listing date to the entity it targets. So the file is read twice.
"""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path
from typing import Any

from openkyb.sources.jsonrecords import Props, Record, props, read_records
from openkyb.sources.listparse import add_name, countries, country, topic, unique
from openkyb.sources.model import Address, Entity, Identifier, Name, NameType, ParseIssue, Schema
from openkyb.sources.registry import ParseItem, SourceFormat, register
from openkyb.sources.util import clean, parse_date

_THINGS = {
    "Person": Schema.PERSON,
    "Company": Schema.COMPANY,
    "Organization": Schema.ORGANIZATION,
    "LegalEntity": Schema.ORGANIZATION,
    "PublicBody": Schema.ORGANIZATION,
    "Vessel": Schema.VESSEL,
    "Airplane": Schema.AIRCRAFT,
}
_NAME_PROPS = (
    ("name", NameType.ALIAS),
    ("alias", NameType.ALIAS),
    ("weakAlias", NameType.WEAK_ALIAS),
    ("abbreviation", NameType.WEAK_ALIAS),
    ("previousName", NameType.PREVIOUS),
)
# FtM property -> (identifier type, the label kept as note)
_IDENTIFIERS = {
    "passportNumber": ("passport", None),
    "registrationNumber": ("registration", None),
    "taxNumber": ("tax", None),
    "vatCode": ("tax", "VAT"),
    "innCode": ("tax", "INN"),
    "ogrnCode": ("registration", "OGRN"),
    "okpoCode": ("registration", "OKPO"),
    "kppCode": ("other", "KPP"),
    "leiCode": ("lei", None),
    "imoNumber": ("imo", None),
    "swiftBic": ("swift", None),
    "uniqueEntityId": ("other", "UEI"),
    "permId": ("other", "PermID"),
    "mmsi": ("other", "MMSI"),
    "serialNumber": ("other", "serial number"),
    "wikidataId": ("other", "Wikidata"),
}
_ADDRESS_PARTS = ("street", "postalCode", "city", "region", "country")


def parse(path: Path) -> Iterator[ParseItem]:
    """Yield each party in the file, or a ParseIssue for a malformed line or nameless party."""
    addresses, sanctions = _context(path)
    list_name = f"OpenSanctions: {path.resolve().parent.name}"
    for record in read_records(path):
        if isinstance(record, ParseIssue):
            yield record
            continue
        try:
            item = _entity(record, list_name, addresses, sanctions)
        except Exception as exc:  # one bad entity must not stop the file
            item = ParseIssue(record.location, f"{type(exc).__name__}: {exc}")
        if item is not None:
            yield item


def _context(path: Path) -> tuple[dict[str, Address], dict[str, list[Props]]]:
    """First pass: the Address and Sanction entities, by id and by sanctioned entity."""
    addresses: dict[str, Address] = {}
    sanctions: dict[str, list[Props]] = {}
    for record in read_records(path):
        if isinstance(record, ParseIssue):
            continue
        schema, values = record.data.get("schema"), props(record.data)
        if schema == "Address" and isinstance(record.data.get("id"), str):
            if address := _address(values):
                addresses[record.data["id"]] = address
        elif schema == "Sanction":
            for target in values.get("entity", []):
                sanctions.setdefault(target, []).append(values)
    return addresses, sanctions


def _entity(
    record: Record,
    list_name: str,
    addresses: dict[str, Address],
    sanctions: dict[str, list[Props]],
) -> Entity | ParseIssue | None:
    data = record.data
    schema_name, entity_id = data.get("schema"), data.get("id")
    if not isinstance(schema_name, str) or not isinstance(entity_id, str) or not entity_id:
        return ParseIssue(record.location, "no id or schema")
    schema = _THINGS.get(schema_name)
    if schema is None:
        return None  # not a party: sanctions, relations, addresses, payments...
    values = props(data)
    names = _names(values, data.get("caption"))
    if not names:
        return ParseIssue(f"{record.location} ({entity_id})", "no name")
    listed = sanctions.get(entity_id, [])
    return Entity(
        id=entity_id,
        schema=schema,
        names=names,
        list_name=list_name,
        birth_dates=unique(parse_date(v) for v in values.get("birthDate", [])),
        birth_places=unique(values.get("birthPlace", [])),
        nationalities=countries(values.get("nationality", []) + values.get("citizenship", [])),
        countries=countries(_all(values, "country", "jurisdiction", "mainCountry")),
        addresses=_addresses(values, addresses),
        identifiers=_identifiers(values, schema),
        programs=_programs([values, *listed]),
        topics=unique(topic(t) for t in values.get("topics", [])),
        listed_on=min(_dates(_from(listed, "listingDate", "startDate")), default=None),
        remarks="\n".join(unique(_all(values, "notes", "summary", "description"))) or None,
        gender=next((g for g in values.get("gender", []) if g in ("male", "female")), None),
        positions=unique(values.get("position", [])),
    )


def _names(values: Props, caption: Any) -> list[Name]:
    names: list[Name] = []
    if isinstance(caption, str) and caption in values.get("name", []):
        add_name(names, caption, NameType.PRIMARY)
    for prop, kind in _NAME_PROPS:
        for value in values.get(prop, []):
            add_name(names, value, NameType.PRIMARY if not names else kind)
    if not names:  # a person listed by name parts only
        parts = values.get("firstName", [])[:1] + values.get("lastName", [])[:1]
        add_name(names, " ".join(parts), NameType.PRIMARY)
    return names


def _addresses(values: Props, known: dict[str, Address]) -> list[Address]:
    found = [Address(full=text) for text in unique(values.get("address", []))]
    linked = [known[ref] for ref in values.get("addressEntity", []) if ref in known]
    texts = {a.full for a in found}
    return found + [a for a in dict.fromkeys(linked) if a.full not in texts]


def _address(values: Props) -> Address | None:
    parts = [v for prop in _ADDRESS_PARTS for v in values.get(prop, [])[:1]]
    full = clean(next(iter(values.get("full", [])), None) or ", ".join(parts))
    if full is None:
        return None
    city = next(iter(values.get("city", [])), None)
    return Address(
        full=full, city=city, country=country(next(iter(values.get("country", [])), None))
    )


def _identifiers(values: Props, schema: Schema) -> list[Identifier]:
    found: dict[tuple[str, str], Identifier] = {}
    id_kind = "national_id" if schema is Schema.PERSON else "registration"
    for prop, (kind, note) in [*_IDENTIFIERS.items(), ("idNumber", (id_kind, None))]:
        for value in unique(values.get(prop, [])):
            found.setdefault((kind, value), Identifier(type=kind, value=value, note=note))
    return list(found.values())


def _programs(sources: list[Props]) -> list[str]:
    """Program codes (``programId``); a source without one gives its program's name."""
    return unique(v for src in sources for v in (src.get("programId") or src.get("program", [])))


def _all(values: Props, *keys: str) -> list[str]:
    return [value for key in keys for value in values.get(key, [])]


def _from(sanctions: list[Props], *keys: str) -> list[str]:
    return [value for values in sanctions for value in _all(values, *keys)]


def _dates(values: list[str]) -> list[str]:
    return [parsed for value in values if (parsed := parse_date(value))]


def dataset_for(path: Path) -> str:
    """``os_`` + the folder the file sits in: ``yente_t1/entities.ftm.json`` -> ``os_yente_t1``."""
    return f"os_{path.resolve().parent.name}"


FORMAT = register(
    SourceFormat(
        name="ftm",
        description="FollowTheMoney entities, JSON lines or a JSON array (OpenSanctions, yente)",
        parse=parse,
        dataset_for=dataset_for,
    )
)
