"""Evidence gathered outside the checks, in plain data: the checks stay pure."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from openkyb.registry.model import CompanyRecord, LeiRecord, LeiRelationship, Psc


@dataclass(frozen=True, slots=True)
class PartyScreening:
    """The screening of one party of the application: the company, a name, an officer..."""

    party: str  # "company", "trading_name", "officers[0]", "owners[1]"
    role: str  # company | trading_name | officer | owner | psc (a registry person)
    name: str
    hits: list[dict[str, Any]]  # openkyb.screening.Hit.as_dict() items, best first


@dataclass(frozen=True, slots=True)
class ScreeningEvidence:
    """Every party's screening against the loaded watchlists, and which versions were used."""

    parties: list[PartyScreening] = field(default_factory=list)
    datasets: list[dict[str, str]] = field(default_factory=list)  # [{dataset, version}]
    entities: int = 0
    topics: frozenset[str] = frozenset()  # topics present in the loaded lists (sanction, pep...)
    threshold: float = 0.0
    error: str | None = None  # the screening engine could not be reached


@dataclass(frozen=True, slots=True)
class DatasetRef:
    """A dataset version a piece of evidence came from."""

    dataset: str
    version: str


@dataclass(frozen=True, slots=True)
class CorporateOwner:
    """A corporate PSC followed up the chain: its own registry record and PSCs, when known."""

    psc: Psc
    company: CompanyRecord | None = None
    pscs: tuple[Psc, ...] = ()
    depth: int = 1  # 1 = owns the applicant directly


@dataclass(frozen=True, slots=True)
class RegistryEvidence:
    """What the company registry of the application's country says about the applicant.

    ``available`` is False when no registry data is loaded for the country: registry checks
    are then not_applicable and say so. ``company`` is the record found (by number, or by an
    unambiguous name match when no number was given: ``matched_by`` says which);
    ``candidates`` the ranked name-search candidates when the name lookup was ambiguous.
    ``address_companies`` counts the companies registered at the found company's normalised
    address, ``claimed_address_companies`` at the claimed registered address.
    ``insolvency`` holds the live API's insolvency cases (None when no live adapter is set up).
    """

    country: str
    available: bool
    source: DatasetRef | None = None
    company: CompanyRecord | None = None
    matched_by: str | None = None  # "number" | "name"
    candidates: tuple[tuple[CompanyRecord, float], ...] = ()
    address_companies: int | None = None
    claimed_address_companies: int | None = None
    psc_available: bool = False
    psc_source: DatasetRef | None = None
    pscs: tuple[Psc, ...] = ()
    corporate_owners: tuple[CorporateOwner, ...] = ()
    insolvency: tuple[dict[str, Any], ...] | None = None
    live_source: DatasetRef | None = None
    error: str | None = None  # the registry could not be read
    live_error: str | None = None  # the live API failed (insolvency is then None)


@dataclass(frozen=True, slots=True)
class LeiEvidence:
    """The GLEIF record of the application's LEI and its parents.

    ``available`` is False when no LEI data is loaded and no GLEIF adapter is configured.
    """

    available: bool
    source: DatasetRef | None = None
    record: LeiRecord | None = None
    relationships: tuple[LeiRelationship, ...] = ()  # the record's direct/ultimate parents
    parents: tuple[LeiRecord, ...] = ()  # the parents' own records when loaded
    error: str | None = None
