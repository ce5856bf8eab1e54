"""The policy's registry section, the weights of the registry codes, and the demo's verdict."""

from __future__ import annotations

from dataclasses import replace
from datetime import date
from typing import Any

import pytest
from tests.checks.registry_helpers import COMPANY, psc, registry

from openkyb.applications import Application
from openkyb.checks import registered_checks
from openkyb.checks.evidence import LeiEvidence, RegistryEvidence
from openkyb.decision import PolicyError, default_policy, parse_policy
from openkyb.decision.policy import RegistryPolicy
from openkyb.examples import load_example
from openkyb.registry.model import RegisteredAddress, SicCode
from openkyb.verifications.orchestrator import evaluate

REGISTRY_MODULES = {
    "openkyb.checks.registry_identity",
    "openkyb.checks.registry_lei",
    "openkyb.checks.registry_location",
    "openkyb.checks.registry_capability",
    "openkyb.checks.registry_ownership",
    "openkyb.checks.solvency",
}
# Codes that only ever pass, are not applicable or report an error: they carry no points.
NO_POINTS = {
    "NO_REGISTRY_DATA", "REGISTRY_UNAVAILABLE", "COMPANY_NOT_IN_REGISTRY", "REGISTRY_NAME_MATCH",
    "REGISTRY_STATUS_ACTIVE", "INCORPORATION_DATE_MATCH", "INCORPORATION_DATE_NOT_CLAIMED",
    "REGISTRY_INCORPORATION_DATE_UNKNOWN", "LEI_CONSISTENT", "LEI_LOOKUP_UNAVAILABLE", "NO_LEI",
    "LEI_NOT_VALID", "NO_LEI_DATA", "REGISTERED_ADDRESS_MATCH", "NO_REGISTERED_ADDRESS_CLAIMED",
    "ADDRESS_NOT_MASS_REGISTRATION", "ADDRESS_COUNT_UNKNOWN", "ACCOUNTS_UP_TO_DATE",
    "ACCOUNTS_DUE_DATE_UNKNOWN", "CONFIRMATION_UP_TO_DATE", "CONFIRMATION_DUE_DATE_UNKNOWN",
    "NO_CHARGES_OUTSTANDING", "CHARGES_UNKNOWN", "NO_INSOLVENCY_HISTORY", "NO_LIVE_REGISTRY",
    "LIVE_REGISTRY_UNAVAILABLE", "COMPANY_AGE_OK", "COMPANY_AGE_UNKNOWN", "INDUSTRY_SIC_MATCH",
    "INDUSTRY_SAME_DIVISION", "INDUSTRY_NAICS_SECTION_MATCH", "INDUSTRY_DESCRIPTION_MATCH",
    "NO_INDUSTRY_CLAIMED", "NO_REGISTRY_SIC_CODES", "INDUSTRY_NOT_COMPARABLE", "COMPANY_TRADING",
    "INDUSTRY_NOT_HIGH_RISK", "NO_INDUSTRY_CODES", "PSC_MATCH", "NO_PSC_DATA",
}  # fmt: skip


def test_every_warning_or_failure_code_has_a_weight():
    specs = [s for s in registered_checks() if s.func.__module__ in REGISTRY_MODULES]
    codes = {code for spec in specs for code in spec.reason_codes}
    assert codes >= NO_POINTS
    weights = default_policy().weights
    assert sorted(codes - NO_POINTS - set(weights)) == []
    assert not NO_POINTS & set(weights)


def test_default_registry_section_is_the_model_default():
    assert default_policy().registry == RegistryPolicy()


def _with_registry(section: dict[str, Any]) -> dict[str, Any]:
    document = default_policy().model_dump(mode="json")
    document["registry"] = section
    return document


def test_a_policy_without_registry_section_takes_the_defaults():
    document = default_policy().model_dump(mode="json")
    del document["registry"]
    assert parse_policy(document).registry == RegistryPolicy()


@pytest.mark.parametrize(
    ("section", "problem"),
    [
        ({"status": {"zombie": "fail"}}, "unknown registry status zombie"),
        ({"status": {"dissolved": "decline"}}, "registry.status.dissolved"),
        ({"high_risk_sic": {"9A": "letters"}}, "SIC prefixes must be 1 to 5 digits"),
        ({"high_risk_sic": {"123456": "too long"}}, "SIC prefixes must be 1 to 5 digits"),
        ({"accounts_overdue": {"warn_after_days": 30, "fail_after_days": 10}},
         "warn_after_days must not exceed fail_after_days"),
        ({"undeclared_psc": "decline"}, "registry.undeclared_psc"),
        ({"mass_registration_threshold": 0}, "registry.mass_registration_threshold"),
        ({"surprise": 1}, "registry.surprise"),
    ],
)  # fmt: skip
def test_bad_registry_sections_are_refused(section, problem):
    with pytest.raises(PolicyError, match=problem):
        parse_policy(_with_registry(section))


class FixedRegistry:
    """A registry source that always answers with the same evidence."""

    def __init__(self, found: RegistryEvidence) -> None:
        self.found = found

    def gather(self, application: Application) -> tuple[RegistryEvidence, LeiEvidence]:
        return self.found, LeiEvidence(available=False)


HARBOUR = replace(
    COMPANY,
    number="09876543",
    name="HARBOUR LANE TEXTILES LIMITED",
    incorporation_date=date(2016, 3, 14),
    address=RegisteredAddress(
        line1="UNIT 4, RIVERSIDE WORKS", line2="MILL LANE", post_town="LEEDS", postcode="LS10 1HQ"
    ),
    sic_codes=(SicCode("13921"),),
    previous_names=(),
    accounts_next_due=None,
    confirmation_next_due=None,
)
HARBOUR_PSCS = (
    psc("Ms Priya Raman", "p1", ownership_min=50, ownership_max=75, birth_year=1981,
        birth_month=6),
    psc("Mr Thomas Hale", "p2"),
)  # fmt: skip


@pytest.mark.parametrize(
    ("changes", "decision"),
    [
        ({}, "approve"),
        ({"company": replace(HARBOUR, status_code="dissolved")}, "decline"),
        ({"company": replace(HARBOUR, status_code="liquidation")}, "decline"),
        ({"company": replace(HARBOUR, status_code="administration")}, "review"),
        ({"company": None}, "review"),  # the claimed number is not on the register
        ({"pscs": (*HARBOUR_PSCS[:1], psc("Mr Stranger Danger", "p9"))}, "review"),
    ],
)
def test_demo_application_verdicts_with_registry(changes, decision):
    found = registry(**{"company": HARBOUR, "pscs": HARBOUR_PSCS, **changes})
    demo = Application.model_validate(load_example("demo"))
    evaluation = evaluate(demo, default_policy(), registry=FixedRegistry(found))
    assert evaluation.decision.decision == decision, evaluation.decision.breakdown
