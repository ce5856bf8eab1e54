"""UN Security Council Consolidated List, the official XML (``CONSOLIDATED_LIST``).

Individuals and entities are streamed with ``iterparse`` and cleared once mapped, so the
file is never held as a whole tree. A record the parser cannot map becomes a
:class:`ParseIssue`; a file that is not the UN list raises ``ValueError``.
"""

from __future__ import annotations

import xml.etree.ElementTree as ET
from collections.abc import Iterator
from pathlib import Path
from typing import IO

from openkyb.sources.listparse import (
    STREAM_ERRORS,
    add_name,
    countries,
    country,
    dates,
    enumeration,
    open_binary,
    unique,
    xml_failure,
)
from openkyb.sources.model import (
    Address,
    Entity,
    Identifier,
    Name,
    NameType,
    ParseIssue,
    Schema,
)
from openkyb.sources.registry import ParseItem, Published, SourceFormat, register
from openkyb.sources.util import clean, parse_date

LIST_NAME = "UN Security Council Consolidated List"
DATASET = "un_sc_sanctions"
URL = "https://scsanctions.un.org/resources/xml/en/consolidated.xml"

_ROOT = "CONSOLIDATED_LIST"
_RECORDS = {"INDIVIDUAL": Schema.PERSON, "ENTITY": Schema.ORGANIZATION}
_NAME_PARTS = ("FIRST_NAME", "SECOND_NAME", "THIRD_NAME", "FOURTH_NAME")
_ALIAS_QUALITY = {
    "good": NameType.ALIAS,
    "a.k.a.": NameType.ALIAS,
    "low": NameType.WEAK_ALIAS,
    "f.k.a.": NameType.PREVIOUS,
}
_PLACE_PARTS = ("STREET", "CITY", "STATE_PROVINCE", "ZIP_CODE", "COUNTRY")
_ID_WORDS = ("national identi", "identity", "identification card", "id card", "tazkira")


def parse(path: Path) -> Iterator[ParseItem]:
    """Yield the list's publication date, then each individual and entity (or a ParseIssue)."""
    with open_binary(path, ".xml") as stream:
        yield from _parse_stream(stream)


def _parse_stream(stream: IO[bytes]) -> Iterator[ParseItem]:
    root_seen = False
    try:
        for event, elem in ET.iterparse(stream, events=("start", "end")):
            if not root_seen:
                root_seen = True
                if elem.tag != _ROOT:
                    raise ValueError(f"not the UN consolidated list: root <{elem.tag}>")
                if published := _published(elem):
                    yield published
            elif event == "end" and elem.tag in _RECORDS:
                yield _record(elem)
                elem.clear()
    except (ET.ParseError, *STREAM_ERRORS) as exc:
        yield xml_failure(exc, root_seen)


def _published(root: ET.Element) -> Published | None:
    generated = parse_date((root.get("dateGenerated") or "")[:10])
    return Published(generated) if generated and len(generated) == 10 else None


def _record(elem: ET.Element) -> Entity | ParseIssue:
    record_id = _text(elem, "REFERENCE_NUMBER") or _text(elem, "DATAID")
    location = f"{elem.tag} {record_id or '(no reference)'}"
    try:
        if record_id is None:
            return ParseIssue(location, "no REFERENCE_NUMBER or DATAID")
        return _entity(elem, record_id) or ParseIssue(location, "no name")
    except Exception as exc:  # one bad record must not stop the list
        return ParseIssue(location, f"{type(exc).__name__}: {exc}")


def _entity(elem: ET.Element, record_id: str) -> Entity | None:
    names: list[Name] = []
    add_name(names, " ".join(filter(None, (_text(elem, t) for t in _NAME_PARTS))), NameType.PRIMARY)
    if not names:
        return None
    add_name(names, _text(elem, "NAME_ORIGINAL_SCRIPT"), NameType.ALIAS)
    for alias in elem.findall(f"{elem.tag}_ALIAS"):
        quality = (_text(alias, "QUALITY") or "").lower()
        add_name(names, _text(alias, "ALIAS_NAME"), _ALIAS_QUALITY.get(quality, NameType.ALIAS))
    addresses = [a for e in elem.findall(f"{elem.tag}_ADDRESS") if (a := _address(e))]
    entity = Entity(
        id=record_id,
        schema=_RECORDS[elem.tag],
        names=names,
        list_name=LIST_NAME,
        addresses=addresses,
        countries=unique(a.country for a in addresses),
        programs=unique([_text(elem, "UN_LIST_TYPE")]),
        topics=["sanction"],
        listed_on=parse_date(_text(elem, "LISTED_ON")),
        remarks=_remarks(elem),
        positions=unique(p for v in _values(elem, "DESIGNATION") for p in enumeration(v)),
    )
    if entity.schema is Schema.PERSON:
        _add_person_details(elem, entity)
    return entity


def _add_person_details(elem: ET.Element, entity: Entity) -> None:
    aliases = elem.findall("INDIVIDUAL_ALIAS")
    entity.birth_dates = _birth_dates(elem) + dates(_text(a, "DATE_OF_BIRTH") for a in aliases)
    entity.birth_dates = unique(entity.birth_dates)
    places = [_place(e) for e in elem.findall("INDIVIDUAL_PLACE_OF_BIRTH")]
    places += [_place(a, ("CITY_OF_BIRTH", "COUNTRY_OF_BIRTH")) for a in aliases]
    entity.birth_places = unique(places)
    entity.nationalities = countries(_values(elem, "NATIONALITY"))
    entity.identifiers = [i for d in elem.findall("INDIVIDUAL_DOCUMENT") if (i := _document(d))]
    gender = (_text(elem, "GENDER") or "").lower()
    entity.gender = gender if gender in ("male", "female") else None


def _birth_dates(elem: ET.Element) -> list[str]:
    found: list[str] = []
    for dob in elem.findall("INDIVIDUAL_DATE_OF_BIRTH"):
        start, end = _text(dob, "FROM_YEAR"), _text(dob, "TO_YEAR")
        if start and end:
            found += dates([f"{start}-{end}"])
        else:
            found += dates([start, end])
        found += dates([_text(dob, "DATE"), _text(dob, "YEAR")])
    return found


def _place(elem: ET.Element, parts: tuple[str, ...] = _PLACE_PARTS) -> str | None:
    return clean(", ".join(filter(None, (_text(elem, tag) for tag in parts))))


def _address(elem: ET.Element) -> Address | None:
    full = _place(elem)
    if full is None:
        return None
    return Address(full=full, city=_text(elem, "CITY"), country=country(_text(elem, "COUNTRY")))


def _document(elem: ET.Element) -> Identifier | None:
    number = _text(elem, "NUMBER")
    if number is None:
        return None
    label = _text(elem, "TYPE_OF_DOCUMENT") or _text(elem, "TYPE_OF_DOCUMENT2") or ""
    lowered = label.lower()
    if any(word in lowered for word in ("passport", "pasaporte", "passeport")):
        kind = "passport"
    elif any(word in lowered for word in _ID_WORDS):
        kind = "national_id"
    else:
        kind = "other"
    issuer = _text(elem, "ISSUING_COUNTRY") or _text(elem, "COUNTRY_OF_ISSUE")
    note = "; ".join(unique([_text(elem, "TYPE_OF_DOCUMENT2") or label, _text(elem, "NOTE")]))
    return Identifier(type=kind, value=number, country=country(issuer), note=note or None)


def _remarks(elem: ET.Element) -> str | None:
    titles = _values(elem, "TITLE")
    parts = [_text(elem, "COMMENTS1"), f"Title: {', '.join(titles)}" if titles else None]
    return "\n".join(p for p in parts if p) or None


def _text(elem: ET.Element, tag: str) -> str | None:
    return clean(elem.findtext(tag))


def _values(elem: ET.Element, tag: str) -> list[str]:
    return unique(value.text for value in elem.findall(f"{tag}/VALUE"))


def dataset_for(path: Path) -> str:
    """The UN list is one dataset whatever the file is called."""
    del path
    return DATASET


FORMAT = register(
    SourceFormat(
        name="un-xml",
        description="UN Security Council Consolidated List (official XML)",
        parse=parse,
        dataset_for=dataset_for,
        url=URL,
    )
)
