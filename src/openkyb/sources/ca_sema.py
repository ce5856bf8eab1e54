"""Canada's consolidated autonomous sanctions list (SEMA and JVCFOR), the official XML.

Each ``<record>`` is a person (``LastName``/``GivenName``), an entity (``Entity`` or, in newer
files, ``EntityOrShip``) or a ship (``ShipIMONumber``). Person aliases are often partial
(a given-name spelling "Andrei", a surname spelling "PASHENKO"); they are completed with the
rest of the listed name so that each alias is a full name a screening can match.
"""

from __future__ import annotations

import re
import xml.etree.ElementTree as ET
from collections.abc import Iterator
from difflib import SequenceMatcher
from pathlib import Path
from typing import IO

from openkyb.sources.listparse import (
    STREAM_ERRORS,
    add_name,
    dates,
    open_binary,
    slug,
    unique,
    xml_failure,
)
from openkyb.sources.model import Entity, Identifier, Name, NameType, ParseIssue, Schema
from openkyb.sources.registry import ParseItem, SourceFormat, register
from openkyb.sources.util import clean, parse_date

LIST_NAME = "Canada Consolidated Autonomous Sanctions List"
DATASET = "ca_dfatd_sema"
URL = "https://www.international.gc.ca/world-monde/assets/office_docs/international_relations-relations_internationales/sanctions/sema-lmes.xml"

_ROOT = "data-set"
_LEGAL_SUFFIXES = {"ltd", "limited", "inc", "llc", "co", "corp", "sa", "s.a", "jsc", "pjsc", "plc"}
_SIMILAR = 0.6  # difflib ratio above which two name words are spellings of one another
_ACRONYM = re.compile(r"\(([A-Z]{3,})\)")


def parse(path: Path) -> Iterator[ParseItem]:
    """Yield each listed person, entity and ship, or a ParseIssue for a record it skipped."""
    with open_binary(path, ".xml") as stream:
        yield from _parse_stream(stream)


def _parse_stream(stream: IO[bytes]) -> Iterator[ParseItem]:
    root_seen = False
    count = 0
    try:
        for event, elem in ET.iterparse(stream, events=("start", "end")):
            if not root_seen:
                root_seen = True
                if elem.tag != _ROOT:
                    raise ValueError(f"not the Canadian sanctions list: root <{elem.tag}>")
            elif event == "end" and elem.tag == "record":
                count += 1
                yield _record(elem, count)
                elem.clear()
    except (ET.ParseError, *STREAM_ERRORS) as exc:
        yield xml_failure(exc, root_seen)


def _record(elem: ET.Element, count: int) -> Entity | ParseIssue:
    fields = {child.tag: value for child in elem if (value := clean(child.text))}
    location = f"record {count}"
    try:
        record_id = _record_id(fields)
        if record_id is None:
            return ParseIssue(location, "no Country and Item")
        entity = _entity(fields, record_id)
        return entity or ParseIssue(f"{location} ({record_id})", "no name")
    except Exception as exc:  # one bad record must not stop the list
        return ParseIssue(location, f"{type(exc).__name__}: {exc}")


def _record_id(fields: dict[str, str]) -> str | None:
    regime, item = _regime(fields), fields.get("Item")
    if not regime or not item:
        return None
    match = _ACRONYM.search(regime)
    parts = [slug(match[1] if match else regime, 40), slug(fields.get("Schedule", "")), slug(item)]
    return "-".join(part for part in parts if part)


def _regime(fields: dict[str, str]) -> str | None:
    """The English half of ``Burma / Birmanie``."""
    country = fields.get("Country")
    return clean(country.split(" / ")[0]) if country else None


def _entity(fields: dict[str, str], record_id: str) -> Entity | None:
    last, given = fields.get("LastName"), fields.get("GivenName")
    imo = fields.get("ShipIMONumber")
    born = fields.get("DateOfBirthOrShipBuildDate") or fields.get("DateOfBirth")
    title = fields.get("TitleOrShip") or fields.get("Title")
    remarks: list[str | None] = []
    if imo:
        schema = Schema.VESSEL
        name = fields.get("EntityOrShip") or fields.get("Entity") or title
        remarks.append(f"Built: {born}" if born else None)
    elif last or given:
        schema, name = Schema.PERSON, " ".join(p for p in (given, last) if p)
        remarks.append(f"Title: {title}" if title else None)
    else:
        schema, name = Schema.ORGANIZATION, fields.get("EntityOrShip") or fields.get("Entity")
    names: list[Name] = []
    add_name(names, name, NameType.PRIMARY)
    if not names:
        return None
    for alias, kind in _aliases(fields.get("Aliases"), schema, given, last):
        add_name(names, alias, kind)
    return Entity(
        id=record_id,
        schema=schema,
        names=names,
        list_name=LIST_NAME,
        birth_dates=dates([born]) if schema is Schema.PERSON else [],
        identifiers=[Identifier("imo", imo)] if imo else [],
        programs=unique([_regime(fields)]),
        topics=["sanction"],
        listed_on=parse_date(fields.get("DateOfListing")),
        remarks="\n".join(r for r in remarks if r) or None,
    )


def _aliases(
    text: str | None, schema: Schema, given: str | None, last: str | None
) -> Iterator[tuple[str, NameType]]:
    for alias in _split_aliases(text):
        if schema is Schema.PERSON:
            yield _person_alias(alias, given or "", last or "")
        else:
            yield alias, NameType.ALIAS


def _split_aliases(text: str | None) -> list[str]:
    """Aliases are comma-separated; ``Foo Co., Ltd.`` keeps its legal-form suffix."""
    parts: list[str] = []
    for piece in re.split(r"[,;]", text or ""):
        value = clean(piece)
        if value is None:
            continue
        if parts and value.lower().rstrip(".") in _LEGAL_SUFFIXES:
            parts[-1] = f"{parts[-1]}, {value}"
        else:
            parts.append(value)
    return parts


def _person_alias(alias: str, given: str, last: str) -> tuple[str, NameType]:
    """Complete a partial person alias with the listed name parts it does not replace."""
    words, given_words = alias.split(), given.split()
    if len(words) == 1 and alias.isupper() and given:  # a surname spelling: "PASHENKO"
        return f"{given} {alias}", NameType.ALIAS
    if (
        len(words) <= len(given_words)
        and all(_similar(w, g) for w, g in zip(words, given_words, strict=False))
        and not any(_similar(w, last) for w in words if last)
    ):  # given-name spellings: "Andrei" for "Andrey Igorevich"
        return " ".join([*words, *given_words[len(words) :], last]).strip(), NameType.ALIAS
    if len(words) == 1:  # a nickname: "Motorola", "Givi"
        return alias, NameType.WEAK_ALIAS
    return alias, NameType.ALIAS


def _similar(left: str, right: str) -> bool:
    return SequenceMatcher(None, left.lower(), right.lower()).ratio() >= _SIMILAR


def dataset_for(path: Path) -> str:
    """The Canadian list is one dataset whatever the file is called."""
    del path
    return DATASET


FORMAT = register(
    SourceFormat(
        name="ca-sema",
        description="Canada Consolidated Autonomous Sanctions List (SEMA/JVCFOR, official XML)",
        parse=parse,
        dataset_for=dataset_for,
        url=URL,
    )
)
