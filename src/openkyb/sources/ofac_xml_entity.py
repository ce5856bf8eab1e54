"""One ``entity`` element of OFAC's enhanced XML, mapped to the common model."""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from xml.etree import ElementTree as ET

from openkyb.sources.list_helpers import (
    birth_dates,
    country,
    has_legal_form,
    invert_name,
    place_country,
    unique,
)
from openkyb.sources.model import Address, Entity, Identifier, Name, NameType, ParseIssue, Schema
from openkyb.sources.ofac_labels import identifier_kind, imo_number
from openkyb.sources.ofac_remarks import COMPANY_TARGET_TYPES
from openkyb.sources.util import clean

_SCHEMAS = {"individual": Schema.PERSON, "vessel": Schema.VESSEL, "aircraft": Schema.AIRCRAFT}
_ALIAS_TYPES = {"f.k.a.": NameType.PREVIOUS, "a.k.a.": NameType.ALIAS, "n.k.a.": NameType.ALIAS}
_ADDRESS_PARTS = ("ADDRESS1", "ADDRESS2", "ADDRESS3", "CITY", "STATE/PROVINCE", "POSTAL CODE")
_NATIONALITY = {"nationality country", "citizenship country"}
_REGISTRY_COUNTRY = {"nationality of registration", "vessel flag"}


@dataclass(slots=True)
class _Facts:
    """What an entity's features say."""

    birth_dates: list[str] = field(default_factory=list)
    birth_places: list[str] = field(default_factory=list)
    nationalities: list[str] = field(default_factory=list)
    countries: list[str] = field(default_factory=list)
    identifiers: list[Identifier] = field(default_factory=list)
    gender: str | None = None
    company: bool = False


@dataclass(slots=True)
class Reader:
    """The namespace and reference values of one file, and the entity mapping."""

    ns: str
    list_name: str
    countries: dict[str, str] = field(default_factory=dict)  # reference id -> alpha-2
    feature_types: dict[str, str] = field(default_factory=dict)  # feature type id -> name

    def q(self, path: str) -> str:
        """An ElementTree path with this file's namespace on every step."""
        if not self.ns:
            return path
        return "/".join(f"{{{self.ns}}}{step}" for step in path.split("/"))

    def text(self, elem: ET.Element, path: str) -> str | None:
        """The cleaned text at a path below the element, or None."""
        found = elem.find(self.q(path))
        return self.clean_text(found) if found is not None else None

    @staticmethod
    def clean_text(elem: ET.Element) -> str | None:
        """The element's cleaned text."""
        return clean(elem.text)

    def all(self, elem: ET.Element, path: str) -> list[ET.Element]:
        """Every element at a path below the element."""
        return elem.findall(self.q(path))

    def country_of(self, elem: ET.Element | None) -> str | None:
        """The country an element names, by reference id or by its text."""
        if elem is None:
            return None
        ref = elem.get("refId") or ""
        return self.countries.get(ref) or country(self.clean_text(elem))

    def entity_or_issue(self, elem: ET.Element) -> Entity | ParseIssue:
        """The entity, or a ParseIssue saying why it could not be read."""
        location = f"entity {elem.get('id') or '?'}"
        try:
            return self.entity(elem)
        except Exception as exc:  # one bad record never stops the load
            return ParseIssue(location, f"{type(exc).__name__}: {exc}")

    def entity(self, elem: ET.Element) -> Entity:
        """Map one ``entity`` element."""
        ent_id = clean(elem.get("id"))
        if not ent_id:
            raise ValueError("entity without an id")
        kind = (self.text(elem, "generalInfo/entityType") or "").lower()
        schema = _SCHEMAS.get(kind, Schema.ORGANIZATION)
        names = self.names(elem, schema is Schema.PERSON)
        if not names:
            raise ValueError("entity without a name")
        facts = self.features(elem)
        addresses, address_countries = self.addresses(elem)
        if schema is Schema.ORGANIZATION and (facts.company or has_legal_form(names[0].value)):
            schema = Schema.COMPANY
        published = [e.get("datePublished") or "" for e in self.all(elem, "sanctionsLists/*")]
        return Entity(
            id=ent_id,
            schema=schema,
            names=names,
            list_name=self.list_name,
            birth_dates=unique(facts.birth_dates),
            birth_places=unique(facts.birth_places),
            nationalities=unique(facts.nationalities),
            countries=unique(facts.countries + address_countries),
            addresses=addresses,
            identifiers=list(dict.fromkeys(facts.identifiers + self.documents(elem))),
            programs=unique(self.clean_text(e) for e in self.all(elem, "sanctionsPrograms/*")),
            topics=["sanction"],
            listed_on=min((d for d in published if d), default=None),
            remarks=self.text(elem, "generalInfo/remarks"),
            gender=facts.gender,
        )

    def names(self, elem: ET.Element, person: bool) -> list[Name]:
        """Every translation of every name; the primary name's Latin form comes first."""
        names: list[Name] = []
        for name in self.all(elem, "names/name"):
            primary = self.text(name, "isPrimary") == "true"
            name_type = NameType.PRIMARY
            if not primary:
                alias = (self.text(name, "aliasType") or "").lower()
                name_type = _ALIAS_TYPES.get(alias, NameType.ALIAS)
            if self.text(name, "isLowQuality") == "true":
                name_type = NameType.WEAK_ALIAS
            for translation in self.all(name, "translations/translation"):
                value = self.text(translation, "formattedFullName")
                if not value:
                    continue
                latin = self.text(translation, "isPrimary") == "true"
                this_type = name_type if latin or not primary else NameType.ALIAS
                names.append(Name(invert_name(value) if person else value, this_type))
        names.sort(key=lambda n: n.type is not NameType.PRIMARY)
        return list(dict.fromkeys(names))

    def features(self, elem: ET.Element) -> _Facts:
        """Birth dates and places, nationalities, gender and ID-like features."""
        facts = _Facts()
        for feature in self.all(elem, "features/feature"):
            type_elem = feature.find(self.q("type"))
            label = self.clean_text(type_elem) if type_elem is not None else None
            if type_elem is not None and not label:
                label = self.feature_types.get(type_elem.get("featureTypeId") or "")
            self._feature(feature, (label or "").strip(), facts)
        return facts

    def _feature(self, feature: ET.Element, label: str, facts: _Facts) -> None:
        key, value = label.lower().rstrip(":"), self.text(feature, "value")
        ref = self.text(feature, "valueRefId") or ""
        if key == "birthdate":
            facts.birth_dates.extend(birth_dates(value) or self._period(feature))
        elif key == "place of birth" and value:
            facts.birth_places.append(value)
            facts.countries.append(place_country(value) or "")
        elif key in _NATIONALITY:
            facts.nationalities.append(self.countries.get(ref) or country(value) or "")
        elif key in _REGISTRY_COUNTRY:
            facts.countries.append(self.countries.get(ref) or country(value) or "")
        elif key == "gender" and value and value.lower() in ("male", "female"):
            facts.gender = value.lower()
        elif key == "target type":
            facts.company = facts.company or (value or "").lower() in COMPANY_TARGET_TYPES
        elif value and (kind := identifier_kind(label, value)):
            number = imo_number(value) if kind == "imo" else value
            facts.identifiers.append(Identifier(kind, number, note=label))

    def _period(self, feature: ET.Element) -> list[str]:
        """A birth date from the feature's date period when its text did not parse."""
        begin = self.text(feature, "valueDate/fromDateBegin") or ""
        end = self.text(feature, "valueDate/toDateEnd") or begin
        if not re.fullmatch(r"\d{4}-\d{2}-\d{2}", begin):
            return []
        if begin == end:
            return [begin]
        if begin[:4] == end[:4] and begin[5:] == "01-01" and end[5:] == "12-31":
            return [begin[:4]]
        if begin[:7] == end[:7]:
            return [begin[:7]]
        return [begin]

    def documents(self, elem: ET.Element) -> list[Identifier]:
        """Passports, national ids, registrations ... from ``identityDocuments``."""
        found: list[Identifier] = []
        for doc in self.all(elem, "identityDocuments/identityDocument"):
            label = self.text(doc, "type") or "Identity document"
            number = self.text(doc, "documentNumber")
            if not number:
                continue
            kind = identifier_kind(label, number) or "other"
            number = imo_number(number) if kind == "imo" else number
            issuer = self.country_of(doc.find(self.q("issuingCountry")))
            found.append(Identifier(kind, number, issuer, note=label))
        return found

    def addresses(self, elem: ET.Element) -> tuple[list[Address], list[str]]:
        """Addresses with text, and the country of every address."""
        addresses: list[Address] = []
        countries: list[str] = []
        for address in self.all(elem, "addresses/address"):
            country_elem = address.find(self.q("country"))
            code = self.country_of(country_elem)
            countries.append(code or "")
            parts = self._address_parts(address)
            if not parts:
                continue
            land = self.clean_text(country_elem) if country_elem is not None else None
            values = [parts[p] for p in _ADDRESS_PARTS if p in parts]
            values += [v for p, v in parts.items() if p not in _ADDRESS_PARTS]
            full = ", ".join([*values, land] if land else values)
            addresses.append(Address(full=full, city=parts.get("CITY"), country=code))
        return list(dict.fromkeys(addresses)), countries

    def _address_parts(self, address: ET.Element) -> dict[str, str]:
        for translation in self.all(address, "translations/translation"):
            if self.text(translation, "isPrimary") != "true":
                continue
            parts: dict[str, str] = {}
            for part in self.all(translation, "addressParts/addressPart"):
                kind, value = self.text(part, "type"), self.text(part, "value")
                if kind and value:
                    parts.setdefault(kind.upper(), value)
            return parts
        return {}
