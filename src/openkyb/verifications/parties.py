"""Who in an application gets screened, and how: the company, its names, officers, owners."""

from __future__ import annotations

from openkyb.applications import Application
from openkyb.checks.evidence import PartyScreening, ScreeningEvidence
from openkyb.decision import Policy
from openkyb.screening import DEFAULT_THRESHOLD
from openkyb.watchlists.screener import Screener, ScreenQuery

HITS_PER_PARTY = 5


def _unique(values: list[str | None]) -> tuple[str, ...]:
    return tuple(dict.fromkeys(v for v in values if v))


def party_queries(application: Application) -> list[tuple[str, str, ScreenQuery]]:
    """(party, role, query) for every name in the application worth screening."""
    company_ids = _unique([application.registration_number, application.lei])
    country = (application.country,)
    parties = [
        (
            "company",
            "company",
            ScreenQuery(application.legal_name, "company", None, country, company_ids),
        )
    ]
    if application.trading_name and application.trading_name != application.legal_name:
        query = ScreenQuery(application.trading_name, "company", None, country)
        parties.append(("trading_name", "trading_name", query))
    for i, officer in enumerate(application.officers):
        countries = _unique([officer.nationality, officer.country_of_residence])
        query = ScreenQuery(officer.name, "person", officer.date_of_birth, countries)
        parties.append((f"officers[{i}]", "officer", query))
    for i, owner in enumerate(application.owners):
        if owner.kind == "person":
            countries = _unique([owner.nationality, owner.country])
            query = ScreenQuery(owner.name, "person", owner.date_of_birth, countries)
        else:
            ids = _unique([owner.registration_number])
            query = ScreenQuery(owner.name, "company", None, _unique([owner.country]), ids)
        parties.append((f"owners[{i}]", "owner", query))
    return parties


def screen_parties(
    application: Application, screener: Screener, policy: Policy
) -> ScreeningEvidence:
    """Screen every party in one batch; a failing screener becomes evidence, not an exception."""
    threshold = policy.screening_threshold or DEFAULT_THRESHOLD
    parties = party_queries(application)
    try:
        result = screener.screen([q for _, _, q in parties], threshold, HITS_PER_PARTY)
    except Exception as exc:  # remote engine down, timeout: the check reports it
        return ScreeningEvidence(threshold=threshold, error=f"{type(exc).__name__}: {exc}")
    screened = [
        PartyScreening(party, role, query.name, hits)
        for (party, role, query), hits in zip(parties, result.hits, strict=True)
    ]
    return ScreeningEvidence(screened, result.datasets, result.entities, result.topics, threshold)
