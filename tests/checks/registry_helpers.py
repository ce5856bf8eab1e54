"""Hand-built registry evidence for the registry check tests: one healthy UK company."""

from __future__ import annotations

from dataclasses import replace
from datetime import date
from typing import Any

from openkyb.applications import Application
from openkyb.checks import CheckResult, Evidence, load_reference, registered_checks, run_check
from openkyb.checks.evidence import DatasetRef, LeiEvidence, RegistryEvidence
from openkyb.decision import Policy, default_policy, parse_policy
from openkyb.registry.model import (
    CompanyRecord,
    PreviousName,
    Psc,
    RegisteredAddress,
    SicCode,
)

AS_OF = date(2026, 12, 1)
SOURCE = DatasetRef("gb-companies-house", "dsv_companies")
PSC_SOURCE = DatasetRef("gb-companies-house-psc", "dsv_psc")

COMPANY = CompanyRecord(
    country="GB",
    number="01234567",
    name="ACME WIDGETS LIMITED",
    status="Active",
    status_code="active",
    category="Private Limited Company",
    incorporation_date=date(2015, 3, 14),
    address=RegisteredAddress(
        line1="UNIT 4, RIVERSIDE WORKS", line2="MILL LANE", post_town="LEEDS", postcode="LS10 1HQ"
    ),
    accounts_next_due=date(2027, 6, 30),
    accounts_category="FULL",
    confirmation_next_due=date(2027, 3, 20),
    charges_outstanding=0,
    charges_total=1,
    sic_codes=(SicCode("13921", "13921 - Manufacture of soft furnishings"),),
    previous_names=(PreviousName("ACME GADGETS LIMITED", date(2019, 5, 1)),),
)


def company(**changes: Any) -> CompanyRecord:
    """The healthy company with some fields changed."""
    return replace(COMPANY, **changes)


def psc(name: str | None, psc_id: str, **fields: Any) -> Psc:
    """A PSC of the healthy company (an individual owning 25-50% unless told otherwise)."""
    values: dict[str, Any] = {
        "kind": "individual-person-with-significant-control",
        "ownership_min": 25,
        "ownership_max": 50,
    }
    values.update(fields)
    return Psc(company_country="GB", company_number=COMPANY.number, psc_id=psc_id, name=name,
               **values)  # fmt: skip


def registry(**changes: Any) -> RegistryEvidence:
    """Evidence of the healthy company found by number, with some fields changed."""
    found = RegistryEvidence(
        country="GB",
        available=True,
        source=SOURCE,
        company=COMPANY,
        matched_by="number",
        address_companies=3,
        claimed_address_companies=3,
        psc_available=True,
        psc_source=PSC_SOURCE,
    )
    return replace(found, **changes)


def policy(**registry_section: Any) -> Policy:
    """The default policy with its ``registry`` section changed."""
    document = default_policy().model_dump(mode="json")
    document["registry"] = {**document["registry"], **registry_section}
    return parse_policy(document)


def run(
    key: str,
    found: RegistryEvidence | None = None,
    gleif: LeiEvidence | None = None,
    chosen: Policy | None = None,
    as_of: date = AS_OF,
    **fields: Any,
) -> CheckResult:
    """Run check ``key`` on Acme Widgets Ltd (GB) plus ``fields`` with the given evidence."""
    app = Application.model_validate({"legal_name": "Acme Widgets Ltd", "country": "GB", **fields})
    spec = next(s for s in registered_checks() if s.key == key)
    evidence = Evidence(
        application=app,
        reference=load_reference(),
        registry=found,
        lei=gleif,
        policy=chosen or default_policy(),
        as_of=as_of,
    )
    return run_check(spec, evidence)


def codes(result: CheckResult) -> list[str]:
    """The reason codes of a result, most severe first."""
    return [r.code for r in result.reasons]
