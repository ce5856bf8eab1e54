"""Who in an application gets screened, and how: the company, its names, officers, owners,
and the persons with significant control the registry holds behind it."""

from __future__ import annotations

from openkyb.applications import Application
from openkyb.checks.evidence import PartyScreening, RegistryEvidence, ScreeningEvidence
from openkyb.checks.registry_common import person_tokens
from openkyb.decision import Policy
from openkyb.registry.model import Psc
from openkyb.screening import DEFAULT_THRESHOLD
from openkyb.sources.countries import country_code
from openkyb.watchlists.screener import Screener, ScreenQuery

HITS_PER_PARTY = 5
MAX_PSC_PARTIES = 25  # registry people screened per application, whatever the chain's size


def _unique(values: list[str | None]) -> tuple[str, ...]:
    return tuple(dict.fromkeys(v for v in values if v))


def _name_key(name: str) -> str:
    """Folded name words without titles, in order of sort: "Mr Marc Feldman" = "FELDMAN MARC"."""
    return " ".join(sorted(person_tokens(name)))


def _psc_query(psc: Psc) -> ScreenQuery:
    countries = _unique([country_code(psc.nationality), country_code(psc.country_of_residence)])
    if "corporate" in psc.kind or "legal-person" in psc.kind:
        where = _unique([country_code(psc.registration_country)])
        return ScreenQuery(
            psc.name or "", "company", None, where, _unique([psc.registration_number])
        )
    born = (
        f"{psc.birth_year:04d}-{psc.birth_month:02d}"
        if psc.birth_year and psc.birth_month
        else None
    )
    return ScreenQuery(psc.name or "", "person", born, countries)


def registry_people(registry: RegistryEvidence | None) -> list[Psc]:
    """Every active named PSC behind the company: its own, then up the corporate chain."""
    if registry is None or registry.company is None:
        return []
    found = [p for p in registry.pscs if p.active and p.name]
    for owner in registry.corporate_owners:
        found += [p for p in owner.pscs if p.active and p.name]
    return found


def psc_queries(
    registry: RegistryEvidence | None, screened: list[str]
) -> list[tuple[str, str, ScreenQuery]]:
    """(party, "psc", query) for each registry person not already screened by name."""
    seen = {_name_key(name) for name in screened}
    parties: list[tuple[str, str, ScreenQuery]] = []
    for psc in registry_people(registry):
        key = _name_key(psc.name or "")
        if not key or key in seen or len(parties) >= MAX_PSC_PARTIES:
            continue
        seen.add(key)
        parties.append((f"pscs[{len(parties)}]", "psc", _psc_query(psc)))
    return parties


def party_queries(
    application: Application, registry: RegistryEvidence | None = None
) -> list[tuple[str, str, ScreenQuery]]:
    """(party, role, query) for every name worth screening: the application's, then the
    registry's PSCs (role "psc") that the application did not name."""
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
    return parties + psc_queries(registry, [q.name for _, _, q in parties])


def screen_parties(
    application: Application,
    screener: Screener,
    policy: Policy,
    registry: RegistryEvidence | None = None,
) -> ScreeningEvidence:
    """Screen every party in one batch; a failing screener becomes evidence, not an exception."""
    threshold = policy.screening_threshold or DEFAULT_THRESHOLD
    parties = party_queries(application, registry)
    try:
        result = screener.screen([q for _, _, q in parties], threshold, HITS_PER_PARTY)
    except Exception as exc:  # remote engine down, timeout: the check reports it
        return ScreeningEvidence(threshold=threshold, error=f"{type(exc).__name__}: {exc}")
    screened = [
        PartyScreening(party, role, query.name, hits)
        for (party, role, query), hits in zip(parties, result.hits, strict=True)
    ]
    return ScreeningEvidence(screened, result.datasets, result.entities, result.topics, threshold)
