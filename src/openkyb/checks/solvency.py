"""Solvency from the company registry: filings on time, charges, insolvency, age vs volume.

Due dates are measured against the verification date (``Evidence.as_of``, today UTC by
default). A bulk snapshot only knows what was filed when it was taken: an old snapshot makes
filings look overdue that have since been made, so load registry data regularly.
"""

from __future__ import annotations

from datetime import date
from typing import Any

from openkyb.checks.base import (
    Evidence,
    Outcome,
    Pillar,
    Reason,
    Source,
    Status,
    check,
    not_applicable,
)
from openkyb.checks.registry_common import (
    AVAILABILITY_CODES,
    REGISTRY_CODES,
    UNKNOWN_VERSION,
    as_of,
    claimed_volume,
    company_source,
    found_company,
    is_large_volume,
    months_between,
    policy_of,
    registry_unavailable,
)
from openkyb.decision.policy import OverdueRule


def _overdue(evidence: Evidence, field: str, what: str, prefix: str, rule: OverdueRule) -> Outcome:
    found = found_company(evidence)
    if isinstance(found, Outcome):
        return found
    registry, company = found
    due: date | None = getattr(company, field)
    today = as_of(evidence)
    sources = [company_source(registry, company)]
    facts: dict[str, Any] = {"next_due": due.isoformat() if due else None, "as_of": str(today)}
    if due is None:
        outcome = not_applicable(
            f"{prefix}_DUE_DATE_UNKNOWN", f"The register holds no {what} due date.", **facts
        )
        outcome.sources = sources
        return outcome
    late = (today - due).days
    facts["days_overdue"] = max(late, 0)
    if late > rule.fail_after_days:
        message = f"{what.capitalize()}: due on {due}, {late} days overdue."
        reason = Reason(f"{prefix}_SERIOUSLY_OVERDUE", Status.FAIL, message)
    elif late > rule.warn_after_days:
        message = f"{what.capitalize()}: due on {due}, {late} days overdue."
        reason = Reason(f"{prefix}_OVERDUE", Status.WARN, message)
    else:
        message = f"{what.capitalize()}: next due on {due}."
        reason = Reason(f"{prefix}_UP_TO_DATE", Status.PASS, message)
    return Outcome([reason], facts, sources)


@check(
    key="solvency.accounts_overdue",
    pillar=Pillar.SOLVENCY,
    needs=("registry", "policy"),
    reason_codes={
        **REGISTRY_CODES,
        "ACCOUNTS_UP_TO_DATE": "The annual accounts are not overdue.",
        "ACCOUNTS_OVERDUE": "The annual accounts are overdue.",
        "ACCOUNTS_SERIOUSLY_OVERDUE": "The annual accounts are overdue beyond the policy's limit.",
        "ACCOUNTS_DUE_DATE_UNKNOWN": "The register holds no accounts due date.",
    },
)
def accounts_overdue(evidence: Evidence) -> Outcome:
    """The annual accounts are filed on time (policy ``registry.accounts_overdue`` days)."""
    rule = policy_of(evidence).accounts_overdue
    return _overdue(evidence, "accounts_next_due", "accounts", "ACCOUNTS", rule)


@check(
    key="solvency.confirmation_overdue",
    pillar=Pillar.SOLVENCY,
    needs=("registry", "policy"),
    reason_codes={
        **REGISTRY_CODES,
        "CONFIRMATION_UP_TO_DATE": "The confirmation statement is not overdue.",
        "CONFIRMATION_OVERDUE": "The confirmation statement is overdue.",
        "CONFIRMATION_SERIOUSLY_OVERDUE": "The confirmation statement is overdue beyond the limit.",
        "CONFIRMATION_DUE_DATE_UNKNOWN": "The register holds no confirmation statement due date.",
    },
)
def confirmation_overdue(evidence: Evidence) -> Outcome:
    """The confirmation statement is filed on time (policy ``registry.confirmation_overdue``)."""
    rule = policy_of(evidence).confirmation_overdue
    return _overdue(
        evidence, "confirmation_next_due", "confirmation statement", "CONFIRMATION", rule
    )


@check(
    key="solvency.charges_outstanding",
    pillar=Pillar.SOLVENCY,
    needs=("registry",),
    reason_codes={
        **REGISTRY_CODES,
        "NO_CHARGES_OUTSTANDING": "No charge (mortgage, debenture) is outstanding.",
        "CHARGES_OUTSTANDING": "Charges over the company's assets are outstanding.",
        "CHARGES_UNKNOWN": "The register holds no charge counts.",
    },
)
def charges_outstanding(evidence: Evidence) -> Outcome:
    """No charge is outstanding over the company's assets (secured lending is common: warn)."""
    found = found_company(evidence)
    if isinstance(found, Outcome):
        return found
    registry, company = found
    facts = {
        "outstanding": company.charges_outstanding,
        "total": company.charges_total,
        "satisfied": company.charges_satisfied,
    }
    sources = [company_source(registry, company)]
    count = company.charges_outstanding
    if count is None:
        outcome = not_applicable("CHARGES_UNKNOWN", "The register holds no charge counts.", **facts)
    elif count == 0:
        outcome = Outcome(
            [Reason("NO_CHARGES_OUTSTANDING", Status.PASS, "No charge is outstanding.")], facts
        )
    else:
        message = f"{count} charge(s) outstanding over the company's assets."
        outcome = Outcome([Reason("CHARGES_OUTSTANDING", Status.WARN, message)], facts)
    outcome.sources = sources
    return outcome


def _case_fact(case: dict[str, Any]) -> dict[str, Any]:
    dates = [d for d in case.get("dates") or [] if isinstance(d, dict)]
    return {
        "type": case.get("type"),
        "number": case.get("number"),
        "dates": {str(d.get("type")): d.get("date") for d in dates},
    }


def _latest(case: dict[str, Any]) -> date | None:
    found = []
    for value in _case_fact(case)["dates"].values():
        try:
            found.append(date.fromisoformat(str(value)[:10]))
        except ValueError:
            continue
    return max(found, default=None)


@check(
    key="solvency.insolvency_history",
    pillar=Pillar.SOLVENCY,
    needs=("registry", "policy"),
    reason_codes={
        **AVAILABILITY_CODES,
        "NO_INSOLVENCY_HISTORY": "The registry's live API lists no insolvency case.",
        "INSOLVENCY_CASE_RECENT": "An insolvency case is recent or undated.",
        "INSOLVENCY_CASE_HISTORIC": "Insolvency cases exist, all older than the policy's years.",
        "NO_LIVE_REGISTRY": "No live registry API is configured, so insolvency was not checked.",
        "LIVE_REGISTRY_UNAVAILABLE": "The live registry API failed, so insolvency is unknown.",
    },
)
def insolvency_history(evidence: Evidence) -> Outcome:
    """The company has no insolvency case (Companies House API, when configured).

    A case with a date within the policy's ``registry.insolvency_recent_years`` (or no date)
    fails; older cases warn.
    """
    unavailable = registry_unavailable(evidence)
    if unavailable is not None:
        return unavailable
    registry = evidence.registry
    assert registry is not None
    if registry.insolvency is None:
        if registry.live_error is not None:
            message = f"The live registry API failed: {registry.live_error}"
            return Outcome([Reason("LIVE_REGISTRY_UNAVAILABLE", Status.ERROR, message)])
        message = "No live Companies House adapter is configured, so insolvency was not checked."
        return not_applicable("NO_LIVE_REGISTRY", message)
    live = registry.live_source
    number = (
        registry.company.number if registry.company else evidence.application.registration_number
    )
    source = Source(
        live.dataset if live else "companies-house-api",
        live.version if live else UNKNOWN_VERSION,
        number,
    )
    cases = [_case_fact(c) for c in registry.insolvency]
    facts: dict[str, Any] = {"cases": cases}
    if not cases:
        return Outcome(
            [Reason("NO_INSOLVENCY_HISTORY", Status.PASS, "No insolvency case.")], facts, [source]
        )
    years = policy_of(evidence).insolvency_recent_years
    today = as_of(evidence)
    latest = [_latest(c) for c in registry.insolvency]
    recent = [d for d in latest if d is None or (today - d).days <= years * 365.25]
    kinds = ", ".join(f"{c['type']} ({d or 'undated'})" for c, d in zip(cases, latest, strict=True))
    if recent:
        reason = Reason("INSOLVENCY_CASE_RECENT", Status.FAIL, f"Insolvency case(s): {kinds}.")
    else:
        message = f"Insolvency case(s) older than {years} years: {kinds}."
        reason = Reason("INSOLVENCY_CASE_HISTORIC", Status.WARN, message)
    return Outcome([reason], facts, [source])


@check(
    key="solvency.company_age",
    pillar=Pillar.SOLVENCY,
    needs=("application", "registry", "policy"),
    reason_codes={
        **REGISTRY_CODES,
        "COMPANY_AGE_OK": "The company is established, or young without a large volume claim.",
        "YOUNG_COMPANY_HIGH_VOLUME": "A recently incorporated company claims a large volume.",
        "COMPANY_AGE_UNKNOWN": "The register holds no incorporation date, so no age.",
    },
)
def company_age(evidence: Evidence) -> Outcome:
    """A young company does not claim a large monthly volume.

    Young is incorporated less than ``registry.young_company_months`` ago; large is at least
    ``registry.large_monthly_volume`` in the claimed currency (per-currency amounts in
    ``large_monthly_volume_by_currency``).
    """
    found = found_company(evidence)
    if isinstance(found, Outcome):
        return found
    registry, company = found
    rules = policy_of(evidence)
    sources = [company_source(registry, company)]
    born = company.incorporation_date
    if born is None:
        message = "The register holds no incorporation date for the company."
        outcome = not_applicable("COMPANY_AGE_UNKNOWN", message)
        outcome.sources = sources
        return outcome
    months = months_between(born, as_of(evidence))
    volume = claimed_volume(evidence.application)
    facts: dict[str, Any] = {
        "incorporated": born.isoformat(),
        "age_months": months,
        "young_company_months": rules.young_company_months,
        "claimed_volume": None
        if volume is None
        else {"amount": str(volume[0]), "currency": volume[1]},
        "large_volume": None if volume is None else str(rules.large_volume(volume[1])),
    }
    app = evidence.application
    if months < rules.young_company_months and is_large_volume(app, rules) and volume:
        message = f"Incorporated {months} month(s) ago, yet claims {volume[0]} {volume[1]} a month."
        return Outcome([Reason("YOUNG_COMPANY_HIGH_VOLUME", Status.WARN, message)], facts, sources)
    message = f"Incorporated {months} month(s) ago ({born})."
    return Outcome([Reason("COMPANY_AGE_OK", Status.PASS, message)], facts, sources)
