"""Company registry records in one model, whatever registry or file they came from.

Parsers (Companies House bulk files, the PSC snapshot, GLEIF golden copy) turn publisher
records into these plain dataclasses; the store persists them, lookup returns them, and the
checks read them. Dates are ``datetime.date``; absent values are ``None`` or empty tuples,
never empty strings.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date
from typing import Any


@dataclass(frozen=True, slots=True)
class RegisteredAddress:
    """A registered office address as the registry holds it."""

    care_of: str | None = None
    po_box: str | None = None
    line1: str | None = None
    line2: str | None = None
    post_town: str | None = None
    county: str | None = None
    country: str | None = None  # as written by the registry ("ENGLAND", "UNITED KINGDOM")
    postcode: str | None = None

    def lines(self) -> list[str]:
        """The non-empty parts, in postal order."""
        parts = [self.care_of, self.po_box, self.line1, self.line2, self.post_town, self.county]
        return [p for p in [*parts, self.postcode, self.country] if p]


@dataclass(frozen=True, slots=True)
class PreviousName:
    """A name the company had until ``changed_on``."""

    name: str
    changed_on: date | None = None


@dataclass(frozen=True, slots=True)
class SicCode:
    """A UK SIC 2007 code with the registry's description ("62012 - Business and ...")."""

    code: str
    text: str | None = None


@dataclass(frozen=True, slots=True)
class CompanyRecord:
    """One company as a registry publishes it.

    ``status`` is the registry's wording ("Active", "Liquidation", "Active - Proposal to
    Strike off"); ``status_code`` is the normalised form the checks read: active, dissolved,
    liquidation, administration, receivership, voluntary_arrangement, proposal_to_strike_off,
    closed, converted, other.
    """

    country: str  # ISO 3166-1 alpha-2 of the registry ("GB")
    number: str  # the registry's company number, normalised ("04475590", "SC123456")
    name: str
    status: str | None = None
    status_code: str | None = None
    category: str | None = None  # "Private Limited Company"
    incorporation_date: date | None = None
    dissolution_date: date | None = None
    country_of_origin: str | None = None
    address: RegisteredAddress = field(default_factory=RegisteredAddress)
    accounts_ref_day: int | None = None
    accounts_ref_month: int | None = None
    accounts_next_due: date | None = None
    accounts_last_made_up: date | None = None
    accounts_category: str | None = None  # "DORMANT", "NO ACCOUNTS FILED", "FULL", ...
    returns_next_due: date | None = None
    returns_last_made_up: date | None = None
    confirmation_next_due: date | None = None
    confirmation_last_made_up: date | None = None
    charges_total: int | None = None
    charges_outstanding: int | None = None
    charges_part_satisfied: int | None = None
    charges_satisfied: int | None = None
    sic_codes: tuple[SicCode, ...] = ()
    previous_names: tuple[PreviousName, ...] = ()
    uri: str | None = None

    @property
    def key(self) -> str:
        """The record id cited by checks: ``GB/04475590``."""
        return f"{self.country}/{self.number}"


@dataclass(frozen=True, slots=True)
class CompanyChange:
    """A change to one company from a daily update file (Companies House Product 101).

    ``kind`` is "new", "amended" or "deleted"; ``record`` is the company as it stands after the
    change (None for a deletion); ``fields`` names what the file says changed when known.
    """

    country: str
    number: str
    kind: str
    record: CompanyRecord | None = None
    fields: tuple[str, ...] = ()
    effective: date | None = None


@dataclass(frozen=True, slots=True)
class Psc:
    """A person with significant control of a company, or a PSC statement / exemption.

    ``kind`` is the register's ("individual-person-with-significant-control",
    "corporate-entity-person-with-significant-control", "legal-person-...",
    "super-secure-person-...", "persons-with-significant-control-statement", ...).
    ``ownership_min`` / ``ownership_max`` is the band of shares held (25-50, 50-75, 75-100)
    read from ``natures_of_control``; ``registration_number`` / ``registration_country`` are the
    corporate PSC's identification, used to follow the chain up.
    """

    company_country: str
    company_number: str
    psc_id: str  # stable id from the register's self link
    kind: str
    name: str | None = None
    natures_of_control: tuple[str, ...] = ()
    ownership_min: int | None = None
    ownership_max: int | None = None
    voting_min: int | None = None
    voting_max: int | None = None
    birth_year: int | None = None
    birth_month: int | None = None
    nationality: str | None = None
    country_of_residence: str | None = None
    notified_on: date | None = None
    ceased_on: date | None = None
    registration_number: str | None = None
    registration_country: str | None = None
    legal_form: str | None = None
    statement: str | None = None
    address: dict[str, Any] = field(default_factory=dict)

    @property
    def active(self) -> bool:
        """Not ceased."""
        return self.ceased_on is None

    @property
    def is_statement(self) -> bool:
        """A statement or exemption rather than a person."""
        return self.name is None


@dataclass(frozen=True, slots=True)
class LeiRecord:
    """A Legal Entity Identifier record (GLEIF LEI-CDF 2.1/3.x)."""

    lei: str
    legal_name: str
    other_names: tuple[str, ...] = ()
    jurisdiction: str | None = None  # "GB", "US-DE"
    legal_form: str | None = None  # ELF code or text
    entity_status: str | None = None  # ACTIVE / INACTIVE
    registration_status: str | None = None  # ISSUED, LAPSED, RETIRED, ANNULLED, ...
    registration_authority: str | None = None  # RA000585
    registered_as: str | None = None  # the company number at that authority
    legal_address: dict[str, Any] = field(default_factory=dict)
    headquarters_address: dict[str, Any] = field(default_factory=dict)
    initial_registration: date | None = None
    last_update: date | None = None
    next_renewal: date | None = None
    managing_lou: str | None = None


@dataclass(frozen=True, slots=True)
class LeiRelationship:
    """A GLEIF relationship record: ``child`` is consolidated by ``parent``.

    ``kind`` is "direct" (IS_DIRECTLY_CONSOLIDATED_BY) or "ultimate"
    (IS_ULTIMATELY_CONSOLIDATED_BY); ``status`` the relationship status (ACTIVE/INACTIVE).
    """

    child: str
    parent: str
    kind: str
    status: str | None = None
    registration_status: str | None = None
    start: date | None = None
    end: date | None = None
