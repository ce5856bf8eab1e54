"""The project's own reference data: jurisdiction, e-mail domain, TLD and identifier lists.

The data lives in dated YAML files under ``openkyb/checks/data`` (see docs/reference-data.md
for their sources and how to update them). :func:`load_reference` parses them once per
process into frozen, hashable structures that the checks read through
``Evidence.reference``. Every list carries its dataset name, version and source, so a check
can cite exactly what it relied on.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass, field
from functools import cache
from importlib.resources import files
from typing import Any, Protocol

import pycountry
import yaml

from openkyb.checks.base import Source

_COUNTRY = re.compile(r"^[A-Z]{2}$")
_GTLDS = frozenset({"com", "net", "org"})


class Dataset(Protocol):
    """What every reference list carries: its name, version (as-of date) and source."""

    @property
    def dataset(self) -> str: ...
    @property
    def version(self) -> str: ...
    @property
    def source_url(self) -> str: ...


@dataclass(frozen=True, slots=True)
class SanctionedRegion:
    """A region under comprehensive sanctions, found by words in an address."""

    record_id: str
    name: str
    address_countries: frozenset[str]
    pattern: re.Pattern[str]
    unless: re.Pattern[str] | None = None

    def found_in(self, text: str) -> str | None:
        """The spelling of this region found in ``text`` (unless a namesake is), or None."""
        text = unicodedata.normalize("NFC", text)
        match = self.pattern.search(text)
        if match is None or (self.unless is not None and self.unless.search(text)):
            return None
        return match.group(0)


@dataclass(frozen=True, slots=True)
class JurisdictionList:
    """A dated list of countries (and, for sanctions, regions) from one publication."""

    key: str
    dataset: str
    name: str
    version: str
    source_url: str
    countries: frozenset[str]
    regions: tuple[SanctionedRegion, ...] = ()

    def source(self, record_id: str | None = None) -> Source:
        """A citation of this list, optionally of one record (a country or region code)."""
        return Source(dataset=self.dataset, version=self.version, record_id=record_id)


@dataclass(frozen=True, slots=True)
class DomainList:
    """A dated list of e-mail domains; ``names`` match under any suffix (``yahoo.*``)."""

    dataset: str
    version: str
    source_url: str
    domains: frozenset[str]
    names: frozenset[str]

    def match(self, domain: str, registrable: str) -> str | None:
        """The list entry that ``domain`` (or its registrable domain) matches, or None.

        A ``name.*`` entry matches under a country code, a multi-part suffix (co.uk) or
        .com/.net/.org, not under any new gTLD (``outlook.consulting`` is not Outlook).
        """
        for candidate in (domain, registrable):
            if candidate in self.domains:
                return candidate
        name, _, suffix = registrable.partition(".")
        if name in self.names and (len(suffix) == 2 or "." in suffix or suffix in _GTLDS):
            return f"{name}.*"
        return None

    def source(self, record_id: str | None = None) -> Source:
        """A citation of this list, optionally of one entry."""
        return Source(dataset=self.dataset, version=self.version, record_id=record_id)


@dataclass(frozen=True, slots=True)
class DomainRules:
    """Which TLDs are country signals, and which public suffixes have several labels."""

    dataset: str
    version: str
    source_url: str
    cctld_countries: dict[str, str] = field(hash=False)
    generic_use_cctlds: frozenset[str]
    multi_part_suffixes: frozenset[str]
    iso_countries: frozenset[str]

    def country_of_tld(self, tld: str) -> str | None:
        """The country a TLD signals: None for generic TLDs and generic-use ccTLDs."""
        tld = tld.lower()
        if len(tld) != 2 or tld in self.generic_use_cctlds:
            return None
        country = self.cctld_countries.get(tld, tld.upper())
        return country if country in self.iso_countries else None

    def registrable_domain(self, host: str) -> str:
        """The registrable part of a host name: ``mail.acme.co.uk`` -> ``acme.co.uk``."""
        labels = host.lower().rstrip(".").split(".")
        size = 3 if ".".join(labels[-2:]) in self.multi_part_suffixes else 2
        return ".".join(labels[-size:])


@dataclass(frozen=True, slots=True)
class IdentifierSchemes:
    """Which python-stdnum modules (and format rules) validate each country's identifiers."""

    dataset: str
    version: str
    source_url: str
    registration: dict[str, tuple[str, ...]] = field(hash=False)
    registration_formats: dict[str, tuple[str, re.Pattern[str]]] = field(hash=False)
    tax: dict[str, tuple[str, ...]] = field(hash=False)


@dataclass(frozen=True, slots=True)
class ReferenceData:
    """All reference data the checks read, as loaded by :func:`load_reference`."""

    fatf_call_for_action: JurisdictionList
    fatf_increased_monitoring: JurisdictionList
    comprehensive_sanctions: JurisdictionList
    sectoral_sanctions: JurisdictionList
    free_mail: DomainList
    disposable_email: DomainList
    domains: DomainRules
    identifiers: IdentifierSchemes

    def datasets(self) -> tuple[Dataset, ...]:
        """Every dataset loaded, with its name, version and source (for readiness and audit)."""
        return (
            *self.jurisdiction_lists,
            self.free_mail,
            self.disposable_email,
            self.domains,
            self.identifiers,
        )

    @property
    def jurisdiction_lists(self) -> tuple[JurisdictionList, ...]:
        """The jurisdiction lists, most severe first."""
        return (
            self.comprehensive_sanctions,
            self.fatf_call_for_action,
            self.fatf_increased_monitoring,
            self.sectoral_sanctions,
        )


def _read_yaml(name: str) -> dict[str, Any]:
    text = files("openkyb.checks").joinpath("data").joinpath(name).read_text(encoding="utf-8")
    data = yaml.safe_load(text)
    if not isinstance(data, dict):
        raise ValueError(f"{name}: expected a mapping at the top level")
    return data


def _countries(values: list[Any], where: str) -> frozenset[str]:
    # YAML 1.1 reads a bare NO as False: insist on two-letter strings.
    for value in values:
        if not isinstance(value, str) or not _COUNTRY.match(value):
            raise ValueError(f"{where}: {value!r} is not an ISO 3166-1 alpha-2 code")
    return frozenset(values)


def _words(spellings: list[Any]) -> re.Pattern[str]:
    """A case-insensitive pattern matching any of the spellings as a whole word."""
    unique = sorted({unicodedata.normalize("NFC", str(s)) for s in spellings}, key=len)
    words = "|".join(re.escape(s) for s in reversed(unique))
    return re.compile(rf"(?<!\w)(?:{words})(?!\w)", re.IGNORECASE)


def _region(entry: dict[str, Any]) -> SanctionedRegion:
    unless = entry.get("unless")
    return SanctionedRegion(
        record_id=str(entry["record_id"]),
        name=str(entry["name"]),
        address_countries=_countries(entry["address_countries"], str(entry["record_id"])),
        pattern=_words(entry["spellings"]),
        unless=_words(unless) if unless else None,
    )


def _jurisdiction_list(key: str, entry: dict[str, Any]) -> JurisdictionList:
    return JurisdictionList(
        key=key,
        dataset=str(entry["dataset"]),
        name=str(entry["name"]),
        version=str(entry["as_of"]),
        source_url=str(entry["source"]),
        countries=_countries(entry["countries"], key),
        regions=tuple(_region(r) for r in entry.get("regions", ())),
    )


def _domain_list(entry: dict[str, Any]) -> DomainList:
    entries = [str(d).strip().lower() for d in entry["domains"]]
    return DomainList(
        dataset=str(entry["dataset"]),
        version=str(entry["as_of"]),
        source_url=str(entry["source"]),
        domains=frozenset(d for d in entries if not d.endswith(".*")),
        names=frozenset(d[:-2] for d in entries if d.endswith(".*")),
    )


def _domain_rules(data: dict[str, Any]) -> DomainRules:
    return DomainRules(
        dataset=str(data["dataset"]),
        version=str(data["as_of"]),
        source_url=str(data["source"]),
        cctld_countries={str(k).lower(): str(v) for k, v in data["cctld_countries"].items()},
        generic_use_cctlds=frozenset(str(t).lower() for t in data["generic_use_cctlds"]),
        multi_part_suffixes=frozenset(str(s).lower() for s in data["multi_part_suffixes"]),
        # Kosovo's XK is user-assigned but accepted by the application model.
        iso_countries=frozenset(c.alpha_2 for c in pycountry.countries) | {"XK"},
    )


def _schemes(data: dict[str, Any], key: str) -> dict[str, tuple[str, ...]]:
    table: dict[str, list[Any]] = data[key]
    _countries(list(table), key)
    return {country: tuple(str(m) for m in modules) for country, modules in table.items()}


def _identifier_schemes(data: dict[str, Any]) -> IdentifierSchemes:
    formats: dict[str, dict[str, str]] = data["registration_formats"]
    _countries(list(formats), "registration_formats")
    return IdentifierSchemes(
        dataset=str(data["dataset"]),
        version=str(data["as_of"]),
        source_url=str(data["source"]),
        registration=_schemes(data, "registration"),
        registration_formats={
            country: (str(rule["validator"]), re.compile(str(rule["pattern"])))
            for country, rule in formats.items()
        },
        tax=_schemes(data, "tax"),
    )


@cache
def country_name(code: str) -> str:
    """The English short name of a country code, falling back to the code itself."""
    country = pycountry.countries.get(alpha_2=code)
    if country is None:
        return "Kosovo" if code == "XK" else code
    return str(country.name)


@cache
def load_reference() -> ReferenceData:
    """Load and parse the reference data files once per process."""
    lists = _read_yaml("jurisdictions.yaml")["lists"]
    emails = _read_yaml("email_domains.yaml")
    return ReferenceData(
        fatf_call_for_action=_jurisdiction_list(
            "fatf_call_for_action", lists["fatf_call_for_action"]
        ),
        fatf_increased_monitoring=_jurisdiction_list(
            "fatf_increased_monitoring", lists["fatf_increased_monitoring"]
        ),
        comprehensive_sanctions=_jurisdiction_list(
            "comprehensive_sanctions", lists["comprehensive_sanctions"]
        ),
        sectoral_sanctions=_jurisdiction_list("sectoral_sanctions", lists["sectoral_sanctions"]),
        free_mail=_domain_list(emails["free_mail"]),
        disposable_email=_domain_list(emails["disposable"]),
        domains=_domain_rules(_read_yaml("tlds.yaml")),
        identifiers=_identifier_schemes(_read_yaml("identifier_schemes.yaml")),
    )
