"""Registry evidence from the live Companies House API, for deployments without bulk data.

When no GB register is loaded but an API key is configured, the company is read from the API:
by number, or, without a number, through the register's own search when exactly one result
has the claimed name's core. Its PSCs come from the same API; the evidence cites the API as
the dataset, dated today. An API failure becomes an ``error``, never an exception.
"""

from __future__ import annotations

from openkyb.applications import Application
from openkyb.checks.evidence import DatasetRef, RegistryEvidence
from openkyb.clock import utc_now
from openkyb.registry.live import CompaniesHouseClient
from openkyb.registry.model import CompanyRecord
from openkyb.registry.names import name_key

CH_LIVE_DATASET = "companies-house-api"


def live_registry_evidence(
    client: CompaniesHouseClient, application: Application
) -> RegistryEvidence:
    """What the Companies House API says about the applicant (GB only)."""
    source = DatasetRef(CH_LIVE_DATASET, utc_now().date().isoformat())
    try:
        company, matched_by = _find(client, application)
        pscs = tuple(client.pscs(company.number)) if company else ()
        insolvency = tuple(client.insolvency(company.number)) if company else None
    except Exception as exc:  # an API outage must not fail the verification
        message = str(exc) or type(exc).__name__
        return RegistryEvidence(application.country, available=True, error=message)
    return RegistryEvidence(
        country=application.country,
        available=True,
        source=source,
        company=company,
        matched_by=matched_by,
        psc_available=company is not None,
        psc_source=source if company else None,
        pscs=pscs,
        insolvency=insolvency,
        live_source=source if company else None,
    )


def _find(
    client: CompaniesHouseClient, application: Application
) -> tuple[CompanyRecord | None, str | None]:
    if application.registration_number:
        company = client.company(application.registration_number)
        return company, "number" if company else None
    wanted = name_key(application.legal_name)
    numbers = {
        str(item.get("company_number"))
        for item in client.search(application.legal_name)
        if name_key(str(item.get("title") or "")) == wanted and item.get("company_number")
    }
    if len(numbers) != 1:  # none, or several companies with that name: ambiguous
        return None, None
    company = client.company(numbers.pop())
    return company, "name" if company else None
