"""The common entity model every watchlist source is parsed into.

Sources describe the same things very differently (OFAC's remarks, UN's nested XML, the
trade.gov CSV, FollowTheMoney properties). Each parser maps its records into one
:class:`Entity`, so the screening engine, storage and dataset diffs see one shape.
"""

from __future__ import annotations

import hashlib
from dataclasses import asdict, dataclass, field
from enum import StrEnum
from typing import Any

import orjson


class Schema(StrEnum):
    """What a listed entity is."""

    PERSON = "Person"
    ORGANIZATION = "Organization"  # any non-person legal or informal body
    COMPANY = "Company"  # a commercial legal entity
    VESSEL = "Vessel"
    AIRCRAFT = "Aircraft"


class NameType(StrEnum):
    """How a name belongs to an entity; weak aliases are screened with more caution."""

    PRIMARY = "primary"
    ALIAS = "alias"  # a.k.a.: strong aliases, spelling variants, transliterations
    WEAK_ALIAS = "weak_alias"  # OFAC/UN "low quality" aliases, nicknames
    PREVIOUS = "previous"  # f.k.a.: former names


@dataclass(frozen=True, slots=True)
class Name:
    """One name of an entity, as the source writes it."""

    value: str
    type: NameType = NameType.PRIMARY


@dataclass(frozen=True, slots=True)
class Address:
    """A postal address; ``full`` keeps the source's text when it has no structure."""

    full: str
    city: str | None = None
    country: str | None = None  # ISO 3166-1 alpha-2 when it could be mapped


@dataclass(frozen=True, slots=True)
class Identifier:
    """A document or registration number: passport, national id, registration, tax, IMO, LEI..."""

    type: str  # passport | national_id | registration | tax | imo | lei | swift | other
    value: str
    country: str | None = None
    note: str | None = None  # the source's own label, e.g. "Cedula No."


@dataclass(slots=True)
class Entity:
    """A listed person, organisation, company, vessel or aircraft."""

    id: str  # the source's own id, stable across versions of the dataset
    schema: Schema
    names: list[Name]
    list_name: str  # e.g. "OFAC SDN", "UN Security Council Consolidated List"
    birth_dates: list[str] = field(default_factory=list)  # YYYY, YYYY-MM or YYYY-MM-DD
    birth_places: list[str] = field(default_factory=list)
    nationalities: list[str] = field(default_factory=list)  # alpha-2
    countries: list[str] = field(default_factory=list)  # alpha-2: residence, jurisdiction...
    addresses: list[Address] = field(default_factory=list)
    identifiers: list[Identifier] = field(default_factory=list)
    programs: list[str] = field(default_factory=list)
    topics: list[str] = field(default_factory=list)  # sanction | pep | export_control | debarment
    listed_on: str | None = None  # ISO date
    remarks: str | None = None
    gender: str | None = None  # male | female
    positions: list[str] = field(default_factory=list)  # PEP roles

    @property
    def primary_name(self) -> str:
        """The first primary name, else the first name."""
        for name in self.names:
            if name.type is NameType.PRIMARY:
                return name.value
        return self.names[0].value if self.names else ""

    def to_dict(self) -> dict[str, Any]:
        """JSON form, for storage and the API."""
        return asdict(self)

    @classmethod
    def from_dict(cls, data: dict[str, Any]) -> Entity:
        """Rebuild an entity from :meth:`to_dict` output."""
        values = dict(data)
        values["schema"] = Schema(values["schema"])
        values["names"] = [Name(n["value"], NameType(n["type"])) for n in values["names"]]
        values["addresses"] = [Address(**a) for a in values.get("addresses", [])]
        values["identifiers"] = [Identifier(**i) for i in values.get("identifiers", [])]
        return cls(**values)

    def fingerprint(self) -> str:
        """A digest of the whole record: two versions differ exactly when this differs."""
        return hashlib.sha256(orjson.dumps(self.to_dict(), option=orjson.OPT_SORT_KEYS)).hexdigest()


@dataclass(frozen=True, slots=True)
class ParseIssue:
    """A record a parser skipped, with where it was and why. Parsers never crash on one."""

    location: str  # "row 17", "line 3", "record 6908", "INDIVIDUAL QDi.001"
    reason: str
