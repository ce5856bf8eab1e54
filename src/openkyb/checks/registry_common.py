"""Shared helpers of the company-registry checks: availability, citations, thresholds, names.

Every registry check starts the same way: is there registry data for the application's
country, could it be read, was the company found? The answers are reason codes shared by
those checks, so an analyst reads one wording everywhere.
"""

from __future__ import annotations

from datetime import UTC, date, datetime
from decimal import Decimal

from rapidfuzz import fuzz

from openkyb.applications import Application
from openkyb.checks.base import Evidence, Outcome, Reason, Source, Status, not_applicable
from openkyb.checks.evidence import DatasetRef, RegistryEvidence
from openkyb.checks.reference import country_name
from openkyb.decision.policy import RegistryPolicy
from openkyb.registry.model import CompanyRecord, Psc
from openkyb.registry.names import normalise_name
from openkyb.screening.names import strip_honorifics, vocabulary
from openkyb.screening.normalize import tokenize

NO_REGISTRY_DATA = "NO_REGISTRY_DATA"
REGISTRY_UNAVAILABLE = "REGISTRY_UNAVAILABLE"
COMPANY_NOT_IN_REGISTRY = "COMPANY_NOT_IN_REGISTRY"

# The codes every registry check may emit before it looks at anything of its own.
AVAILABILITY_CODES = {
    NO_REGISTRY_DATA: "No company registry data is loaded for the company's country.",
    REGISTRY_UNAVAILABLE: "The company registry could not be read.",
}
REGISTRY_CODES = {
    **AVAILABILITY_CODES,
    COMPANY_NOT_IN_REGISTRY: "The company was not found in the registry (see registry_match).",
}

# Names at or above this rapidfuzz score are "similar": a near match worth a warning.
SIMILAR_NAME = 85.0
# Person names at or above this score are the same person (screening-grade, folded names).
SAME_PERSON = 88.0
UNKNOWN_VERSION = "unknown"


def policy_of(evidence: Evidence) -> RegistryPolicy:
    """The registry thresholds of the verification's policy (the defaults without one)."""
    return evidence.policy.registry if evidence.policy is not None else RegistryPolicy()


def as_of(evidence: Evidence) -> date:
    """The date due dates and ages are measured against: injected, or today (UTC)."""
    return evidence.as_of or datetime.now(UTC).date()


def registry_unavailable(evidence: Evidence) -> Outcome | None:
    """Why the registry cannot answer (not loaded, unreadable), or None when it can."""
    registry = evidence.registry
    country = evidence.application.country
    if registry is not None and registry.error is not None:
        message = f"The {country} company registry could not be read: {registry.error}"
        return Outcome([Reason(REGISTRY_UNAVAILABLE, Status.ERROR, message)])
    if registry is None or not registry.available:
        message = (
            f"No {country} company registry data is loaded for {country_name(country)} "
            "(openkyb registry load), so the registry was not consulted."
        )
        return not_applicable(NO_REGISTRY_DATA, message, country=country)
    return None


def found_company(evidence: Evidence) -> tuple[RegistryEvidence, CompanyRecord] | Outcome:
    """The registry evidence and the company found, or the outcome saying why there is none."""
    unavailable = registry_unavailable(evidence)
    if unavailable is not None:
        return unavailable
    registry = evidence.registry
    assert registry is not None  # registry_unavailable returned None
    if registry.company is None:
        message = (
            f"The company was not found in the {registry.country} registry, so this could not "
            "be checked (see identity.registry_match)."
        )
        return not_applicable(COMPANY_NOT_IN_REGISTRY, message)
    return registry, registry.company


def _source(ref: DatasetRef | None, fallback: str, record_id: str | None) -> Source:
    if ref is None:
        return Source(fallback, UNKNOWN_VERSION, record_id)
    return Source(ref.dataset, ref.version, record_id)


def company_source(registry: RegistryEvidence, company: CompanyRecord) -> Source:
    """The citation of a company record: dataset version and ``GB/01234567``."""
    return _source(registry.source, f"{company.country.lower()}-company-registry", company.key)


def psc_source(registry: RegistryEvidence, psc: Psc) -> Source:
    """The citation of a PSC record: the PSC dataset version and the PSC's id."""
    fallback = f"{psc.company_country.lower()}-psc-register"
    return _source(registry.psc_source or registry.source, fallback, psc.psc_id)


def name_score(claimed: str, registered: str) -> float:
    """How alike two company names are (0-100), legal forms set apart."""
    a, b = normalise_name(claimed), normalise_name(registered)
    if a.core == b.core:
        return 100.0
    return float(fuzz.token_sort_ratio(a.key, b.key))


def person_tokens(name: str) -> list[str]:
    """A person's name folded to ASCII tokens, titles ("Mr", "Dr") dropped."""
    return strip_honorifics(tokenize(name), vocabulary())


def person_score(claimed: str, registered: str) -> float:
    """How alike two person names are (0-100): word order and middle names tolerated.

    "Marc Feldman" meets "Mr Marc Anthony Feldman": a name of two or more words contained in
    the other scores as the token-set ratio; otherwise the token-sort ratio decides.
    """
    a, b = person_tokens(claimed), person_tokens(registered)
    if not a or not b:
        return 0.0
    joined_a, joined_b = " ".join(a), " ".join(b)
    score = float(fuzz.token_sort_ratio(joined_a, joined_b))
    if min(len(a), len(b)) >= 2 and a[-1] == b[-1]:  # same surname: middle names may differ
        score = max(score, float(fuzz.token_set_ratio(joined_a, joined_b)))
    return score


def birth_month(partial: str | None) -> tuple[int, int] | None:
    """(year, month) of a YYYY-MM or YYYY-MM-DD date, or None."""
    if not partial or len(partial) < 7:
        return None
    return int(partial[:4]), int(partial[5:7])


def months_between(start: date, end: date) -> int:
    """Whole months from ``start`` to ``end`` (negative if ``end`` is earlier)."""
    months = (end.year - start.year) * 12 + end.month - start.month
    return months - 1 if end.day < start.day else months


def claimed_volume(app: Application) -> tuple[Decimal, str] | None:
    """The expected monthly volume as (amount, currency), or None when not claimed."""
    volume = app.expected_monthly_volume
    return None if volume is None else (volume.amount, volume.currency)


def is_large_volume(app: Application, rules: RegistryPolicy) -> bool:
    """Whether the claimed monthly volume reaches the policy's "large" amount.

    The threshold is read in the claimed currency: ``large_monthly_volume_by_currency`` for
    the listed currencies, ``large_monthly_volume`` as is for any other (close enough for
    GBP, EUR, USD and CHF; conservative for weaker currencies, which then warn sooner).
    """
    volume = claimed_volume(app)
    return volume is not None and volume[0] >= rules.large_volume(volume[1])


def company_fact(company: CompanyRecord) -> dict[str, str | None]:
    """The found company in brief, for facts."""
    return {"number": company.number, "name": company.name, "status": company.status}
