"""Identity against the company registry: is the company on the register, under this name,
of this type, alive, and incorporated when it says?"""

from __future__ import annotations

import re
from typing import Any

from openkyb.applications import Application
from openkyb.checks.base import Evidence, Outcome, Pillar, Reason, Status, check, not_applicable
from openkyb.checks.evidence import RegistryEvidence
from openkyb.checks.registry_common import (
    AVAILABILITY_CODES,
    REGISTRY_CODES,
    SIMILAR_NAME,
    company_fact,
    company_source,
    found_company,
    name_score,
    policy_of,
    registry_unavailable,
)
from openkyb.registry.model import CompanyRecord
from openkyb.registry.names import normalise_name
from openkyb.screening.normalize import fold

# Company types as applications and registries write them -> one comparable kind. Checked
# in order: the first pattern found in the folded text wins ("limited liability partnership"
# before "limited", "guarantee" before "private limited company").
_TYPE_PATTERNS: tuple[tuple[str, str], ...] = (
    (r"\bllp\b|limited liability partnership", "llp"),
    (r"\blp\b|limited partnership", "lp"),
    (r"\bplc\b|public limited|old public company", "plc"),
    (r"guarantee|\blbg\b", "guarantee"),
    (r"unlimited", "unlimited"),
    (r"\bcic\b|community interest", "cic"),
    (r"\bcio\b|charitable incorporated", "cio"),
    (r"scottish partnership", "scottish-partnership"),
    (r"overseas|oversea company|uk establishment", "overseas"),
    (r"registered society|industrial and provident", "society"),
    (r"royal charter", "royal-charter"),
    (r"variable capital|\bicvc\b", "icvc"),
    (r"\bltd\b|\blimited\b|private company|limited by shares", "ltd"),
)
_TYPE_RES = tuple((re.compile(pattern), kind) for pattern, kind in _TYPE_PATTERNS)
# Kinds that may honestly describe the same company: a guarantee company is "a Ltd" too.
_COMPATIBLE = frozenset({("ltd", "guarantee"), ("guarantee", "ltd")})


def company_kind(text: str | None) -> str | None:
    """The comparable kind of a company type ("Private Limited Company" -> "ltd"), or None."""
    if not text:
        return None
    folded = fold(text)
    return next((kind for pattern, kind in _TYPE_RES if pattern.search(folded)), None)


def _name_reasons(app: Application, company: CompanyRecord, matched_by: str | None) -> Reason:
    claimed, registered = app.legal_name, company.name
    if normalise_name(claimed).core == normalise_name(registered).core:
        return Reason("REGISTRY_NAME_MATCH", Status.PASS, f"Registered as {registered!r}.")
    for previous in company.previous_names:
        if normalise_name(claimed).core == normalise_name(previous.name).core:
            when = previous.changed_on.isoformat() if previous.changed_on else "an unknown date"
            message = f"{claimed!r} is a previous name of {registered!r}; it changed on {when}."
            return Reason("REGISTRY_PREVIOUS_NAME", Status.WARN, message)
    score = name_score(claimed, registered)
    if score >= SIMILAR_NAME:
        message = f"Registered as {registered!r}, close to but not {claimed!r} ({score:.0f})."
        return Reason("REGISTRY_NAME_SIMILAR", Status.WARN, message)
    message = f"Company {company.number} is registered as {registered!r}, not {claimed!r}."
    status = Status.FAIL if matched_by == "number" else Status.WARN
    return Reason("REGISTRY_NAME_MISMATCH", status, message)


def _type_reason(app: Application, company: CompanyRecord) -> Reason | None:
    claimed, found = company_kind(app.company_type), company_kind(company.category)
    if claimed is None or found is None or claimed == found or (claimed, found) in _COMPATIBLE:
        return None
    message = f"Claimed company type {app.company_type!r}; registered as {company.category!r}."
    return Reason("REGISTRY_COMPANY_TYPE_MISMATCH", Status.WARN, message)


def _not_found(app: Application, registry: RegistryEvidence) -> Outcome:
    where = f"the {registry.country} registry"
    if app.registration_number:
        message = f"No company numbered {app.registration_number!r} is in {where}."
        return Outcome([Reason("REGISTRY_NUMBER_NOT_FOUND", Status.FAIL, message)])
    candidates = [
        {"number": c.number, "name": c.name, "score": round(score, 3)}
        for c, score in registry.candidates
    ]
    if candidates:
        message = f"{len(candidates)} companies in {where} match {app.legal_name!r}; none clearly."
        reason = Reason("REGISTRY_NAME_AMBIGUOUS", Status.WARN, message)
    else:
        message = f"No company named like {app.legal_name!r} is in {where}."
        reason = Reason("REGISTRY_NAME_NOT_FOUND", Status.WARN, message)
    return Outcome([reason], {"claimed_name": app.legal_name, "candidates": candidates})


@check(
    key="identity.registry_match",
    pillar=Pillar.IDENTITY,
    needs=("application", "registry"),
    reason_codes={
        **AVAILABILITY_CODES,
        "REGISTRY_NAME_MATCH": "The company is on the register under the claimed legal name.",
        "REGISTRY_PREVIOUS_NAME": "The claimed name is one the company had before.",
        "REGISTRY_NAME_SIMILAR": "The registered name is close to, but not, the claimed name.",
        "REGISTRY_NAME_MISMATCH": "The registration number belongs to a differently named company.",
        "REGISTRY_COMPANY_TYPE_MISMATCH": "The claimed company type differs from the register's.",
        "REGISTRY_NUMBER_NOT_FOUND": "No company with the claimed number is on the register.",
        "REGISTRY_NAME_AMBIGUOUS": "Without a number, several registered companies fit the name.",
        "REGISTRY_NAME_NOT_FOUND": "Without a number, no registered company fits the name.",
    },
)
def registry_match(evidence: Evidence) -> Outcome:
    """The company is on its country's register under the claimed name and company type.

    Found by registration number, or without one by an unambiguous name match. Names are
    compared legal-form aware ("Acme Ltd" is "ACME LIMITED"): equal cores pass, a previous
    name or a near match (rapidfuzz) warns, a number held by another name fails.
    """
    unavailable = registry_unavailable(evidence)
    if unavailable is not None:
        return unavailable
    registry, app = evidence.registry, evidence.application
    assert registry is not None
    company = registry.company
    if company is None:
        return _not_found(app, registry)
    reasons = [_name_reasons(app, company, registry.matched_by)]
    type_reason = _type_reason(app, company)
    if type_reason is not None:
        reasons.append(type_reason)
    facts: dict[str, Any] = {
        "matched_by": registry.matched_by,
        "claimed": {
            "legal_name": app.legal_name,
            "registration_number": app.registration_number,
            "company_type": app.company_type,
        },
        "found": {
            **company_fact(company),
            "category": company.category,
            "previous_names": [
                {"name": p.name, "changed_on": p.changed_on.isoformat() if p.changed_on else None}
                for p in company.previous_names
            ],
        },
        "name_score": round(name_score(app.legal_name, company.name), 1),
    }
    return Outcome(reasons, facts, [company_source(registry, company)])


_STATUS_WORDS = {
    "dissolved": "dissolved",
    "liquidation": "in liquidation",
    "administration": "in administration",
    "receivership": "in receivership",
    "voluntary_arrangement": "under a voluntary arrangement",
    "proposal_to_strike_off": "proposed to be struck off",
    "closed": "closed",
    "converted": "converted to another form",
    "other": "in a status other than active",
}


@check(
    key="identity.registry_status",
    pillar=Pillar.IDENTITY,
    needs=("registry", "policy"),
    reason_codes={
        **REGISTRY_CODES,
        "REGISTRY_STATUS_ACTIVE": "The register shows the company as active.",
        **{
            f"REGISTRY_STATUS_{code.upper()}": f"The register shows the company {words}."
            for code, words in _STATUS_WORDS.items()
        },
    },
)
def registry_status(evidence: Evidence) -> Outcome:
    """The register shows the company as active; any other status warns or fails per policy.

    The policy's ``registry.status`` map decides what dissolved, liquidation, administration,
    receivership, voluntary_arrangement, proposal_to_strike_off, closed and converted are worth.
    """
    found = found_company(evidence)
    if isinstance(found, Outcome):
        return found
    registry, company = found
    code = company.status_code or "other"
    facts = {
        "status": company.status,
        "status_code": code,
        "dissolution_date": company.dissolution_date.isoformat()
        if company.dissolution_date
        else None,
    }
    sources = [company_source(registry, company)]
    if code == "active":
        message = f"Active on the register ({company.status})."
        return Outcome([Reason("REGISTRY_STATUS_ACTIVE", Status.PASS, message)], facts, sources)
    code = code if code in _STATUS_WORDS else "other"
    verdict = Status(policy_of(evidence).status.get(code, "warn"))
    message = f"The register shows the company {_STATUS_WORDS[code]} ({company.status})."
    return Outcome([Reason(f"REGISTRY_STATUS_{code.upper()}", verdict, message)], facts, sources)


@check(
    key="identity.incorporation_date",
    pillar=Pillar.IDENTITY,
    needs=("application", "registry"),
    reason_codes={
        **REGISTRY_CODES,
        "INCORPORATION_DATE_MATCH": "The claimed incorporation date is the registered one.",
        "INCORPORATION_DATE_CLOSE": "The claimed date is in the registered month, another day.",
        "INCORPORATION_DATE_MISMATCH": "The claimed incorporation date is not the registered one.",
        "INCORPORATION_DATE_NOT_CLAIMED": "No incorporation date was claimed.",
        "REGISTRY_INCORPORATION_DATE_UNKNOWN": "The register holds no incorporation date.",
    },
)
def incorporation_date(evidence: Evidence) -> Outcome:
    """The claimed incorporation date is the registered one (same month warns)."""
    found = found_company(evidence)
    if isinstance(found, Outcome):
        return found
    registry, company = found
    claimed, registered = evidence.application.incorporation_date, company.incorporation_date
    facts = {
        "claimed": claimed.isoformat() if claimed else None,
        "registered": registered.isoformat() if registered else None,
    }
    sources = [company_source(registry, company)]
    if registered is None:
        message = "The register holds no incorporation date for the company."
        outcome = not_applicable("REGISTRY_INCORPORATION_DATE_UNKNOWN", message, **facts)
    elif claimed is None:
        message = f"No incorporation date was claimed; the register says {registered}."
        outcome = not_applicable("INCORPORATION_DATE_NOT_CLAIMED", message, **facts)
    elif claimed == registered:
        reason = Reason("INCORPORATION_DATE_MATCH", Status.PASS, f"Incorporated on {registered}.")
        outcome = Outcome([reason], facts)
    elif (claimed.year, claimed.month) == (registered.year, registered.month):
        message = f"Claimed {claimed}; the register says {registered} (same month)."
        outcome = Outcome([Reason("INCORPORATION_DATE_CLOSE", Status.WARN, message)], facts)
    else:
        message = f"Claimed {claimed}; the register says {registered}."
        outcome = Outcome([Reason("INCORPORATION_DATE_MISMATCH", Status.FAIL, message)], facts)
    outcome.sources = sources
    return outcome
