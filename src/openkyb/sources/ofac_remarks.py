"""OFAC's Remarks field, as the legacy CSV (and the CSL) write it.

``DOB 10 Jul 1965; alt. DOB 1966; POB Baghdad, Iraq; nationality Iraq; Passport A1234567
(Iraq) expires 2010; Gender Male; a.k.a. 'ABU X'; Vessel Registration Identification IMO
9187629; Target Type Private Company.`` is split on ``;`` into clauses, each read on its own.
Clauses the parser does not understand (titles, ``Linked To:``, directives ...) stay only
in the remarks text.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from openkyb.sources.list_helpers import (
    birth_dates,
    country,
    invert_name,
    place_country,
    unique,
)
from openkyb.sources.model import Identifier, Name, NameType
from openkyb.sources.ofac_labels import LABEL_PATTERN, identifier_kind, imo_number
from openkyb.sources.util import clean

_ALT = re.compile(r"^alt\.\s*", re.I)
_DOB = re.compile(r"^DOB[:\s]+(.+)$", re.I)
_POB = re.compile(r"^POB[:\s]+(.+)$", re.I)
_NATIONALITY = re.compile(r"^(?:nationality|citizen)[:\s]+(?:possibly\s+)?(.+)$", re.I)
_GENDER = re.compile(r"^Gender[:\s]+(male|female)\b", re.I)
_AKA = re.compile(r"^([afn])\.k\.a\.?,?\s*(.+)$", re.I)
_REGISTRY_COUNTRY = re.compile(r"^(?:Nationality of Registration|Vessel Flag)[:\s]+(.+)$", re.I)
_TARGET_TYPE = re.compile(r"^Target Type[:\s]+(.+)$", re.I)
_TRAILER = re.compile(r"\s+(?:issued|expires|expiring|expired|valid|renewed)\b.*$", re.I)
_PAREN_TAIL = re.compile(r"^(?P<value>.*?)\s*\((?P<note>[^()]*)\)(?P<rest>.*)$")
COMPANY_TARGET_TYPES = frozenset(
    {"private company", "public company", "financial institution", "state-owned enterprise"}
)


@dataclass(slots=True)
class Remarks:
    """What the remarks say about a listed entity."""

    birth_dates: list[str] = field(default_factory=list)
    birth_places: list[str] = field(default_factory=list)
    nationalities: list[str] = field(default_factory=list)
    countries: list[str] = field(default_factory=list)
    identifiers: list[Identifier] = field(default_factory=list)
    names: list[Name] = field(default_factory=list)  # a.k.a. quoted in the remarks
    gender: str | None = None
    target_type: str | None = None

    @property
    def is_company(self) -> bool:
        """Whether OFAC's Target Type says the entity is a company."""
        return (self.target_type or "").lower() in COMPANY_TARGET_TYPES


def split_clauses(text: str | None) -> list[str]:
    """The ``;``-separated clauses of a remarks text, trimmed, without the final period."""
    value = clean(text)
    if value is None:
        return []
    clauses = [c.strip() for c in value.split(";")]
    return [c[:-1].strip() if c.endswith(".") else c for c in clauses if c.strip(" .")]


def parse_identifier(label: str, rest: str) -> Identifier | None:
    """An identifier from a label and the text after it: ``A123 (Iraq) expires 2010``."""
    value, issuer = rest.strip(), None
    if (match := _PAREN_TAIL.match(value)) and (code := country(match["note"])):
        value, issuer = match["value"], code
    value = _TRAILER.sub("", value).strip(" ,.;:")
    value = re.sub(r"^(?:No\.?|Number|#)\s+", "", value, flags=re.I)
    kind = identifier_kind(label, value)
    if kind is None or not value:
        return None
    if kind == "imo":
        value = imo_number(value)
    note = " ".join(label.split())
    return Identifier(type=kind, value=value, country=issuer, note=note)


def _unquote(text: str) -> str:
    text = text.strip()
    if text[:1] in "'\"":
        text = text[1:]
    if text[-1:] in "'\"":
        text = text[:-1]
    return text


def alias_name(kind: str, quoted: str, person: bool) -> Name | None:
    """A name from ``a.k.a. 'X'`` (OFAC's weak aliases), ``f.k.a.`` or ``n.k.a.``."""
    value = clean(_unquote(quoted))
    if value is None:
        return None
    if person:
        value = invert_name(value)
    name_type = {"a": NameType.WEAK_ALIAS, "f": NameType.PREVIOUS}.get(kind.lower(), NameType.ALIAS)
    return Name(value, name_type)


def _read_clause(clause: str, found: Remarks, person: bool) -> None:
    body = _ALT.sub("", clause)
    if match := _DOB.match(body):
        found.birth_dates.extend(birth_dates(match[1]))
    elif match := _POB.match(body):
        found.birth_places.append(match[1].strip())
        found.countries.append(place_country(match[1]) or "")
    elif match := _REGISTRY_COUNTRY.match(body):
        found.countries.append(country(match[1]) or "")
    elif match := _NATIONALITY.match(body):
        found.nationalities.append(country(match[1]) or "")
    elif match := _GENDER.match(body):
        found.gender = match[1].lower()
    elif match := _AKA.match(body):
        if name := alias_name(match[1], match[2], person):
            found.names.append(name)
    elif match := _TARGET_TYPE.match(body):
        found.target_type = match[1].strip()
    elif (match := LABEL_PATTERN.match(body)) and (
        identifier := parse_identifier(match["label"], body[match.end() :])
    ):
        found.identifiers.append(identifier)


def parse_remarks(text: str | None, person: bool = False) -> Remarks:
    """Read a remarks text; ``person`` inverts "LAST, First" in quoted aliases."""
    found = Remarks()
    for clause in split_clauses(text):
        _read_clause(clause, found, person)
    found.birth_dates = unique(found.birth_dates)
    found.birth_places = unique(found.birth_places)
    found.nationalities = unique(found.nationalities)
    found.countries = unique(found.countries)
    found.identifiers = list(dict.fromkeys(found.identifiers))
    found.names = list(dict.fromkeys(found.names))
    return found
