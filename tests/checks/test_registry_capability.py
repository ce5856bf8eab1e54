"""capability.industry_match, capability.dormant and capability.high_risk_industry."""

from __future__ import annotations

import pytest
from tests.checks.registry_helpers import company, policy, registry, run

from openkyb.checks import Status
from openkyb.checks.registry_capability import sic_reference
from openkyb.decision import default_policy
from openkyb.decision.policy import default_high_risk_sic
from openkyb.registry.model import SicCode

SOFT_FURNISHINGS = registry()  # 13921 - Manufacture of soft furnishings


@pytest.mark.parametrize(
    ("industry", "code", "status"),
    [
        ({"code_system": "SIC2007", "code": "13921"}, "INDUSTRY_SIC_MATCH", Status.PASS),
        ({"code_system": "SIC2007", "code": "13.92/1"}, "INDUSTRY_SIC_MATCH", Status.PASS),
        ({"code_system": "NACE2", "code": "13.92"}, "INDUSTRY_SIC_MATCH", Status.PASS),
        ({"code_system": "SIC2007", "code": "13100"}, "INDUSTRY_SAME_DIVISION", Status.PASS),
        ({"code_system": "NACE2", "code": "1310"}, "INDUSTRY_SAME_DIVISION", Status.PASS),
        ({"code_system": "SIC2007", "code": "25110"}, "INDUSTRY_SAME_SECTION", Status.WARN),
        ({"code_system": "SIC2007", "code": "62012"}, "INDUSTRY_MISMATCH", Status.WARN),
        ({"code_system": "NACE2", "code": "62.01"}, "INDUSTRY_MISMATCH", Status.WARN),
        ({"code_system": "NAICS", "code": "314120"}, "INDUSTRY_NAICS_SECTION_MATCH", Status.PASS),
        ({"code_system": "NAICS", "code": "541511"}, "INDUSTRY_MISMATCH", Status.WARN),
        ({"code_system": "NAICS", "code": "999999"}, "INDUSTRY_NOT_COMPARABLE",
         Status.NOT_APPLICABLE),
        ("Manufacture of soft furnishings", "INDUSTRY_DESCRIPTION_MATCH", Status.PASS),
        ("We make curtains and cushions in our textile factory", "INDUSTRY_DESCRIPTION_MATCH",
         Status.PASS),
        ("Online gambling and casino games", "INDUSTRY_MISMATCH", Status.WARN),
        ("Zorblatt quuxing", "INDUSTRY_NOT_COMPARABLE", Status.NOT_APPLICABLE),
        ({"code_system": "NAICS", "code": "999999", "description": "Textile manufacturing"},
         "INDUSTRY_DESCRIPTION_MATCH", Status.PASS),
    ],
)  # fmt: skip
def test_industry_match(industry, code, status):
    result = run("capability.industry_match", SOFT_FURNISHINGS, industry=industry)
    assert (result.reason_code, result.status) == (code, status)
    assert [s.dataset for s in result.sources] == ["gb-companies-house", "uk-sic-2007"]


def test_industry_match_without_claim_or_codes():
    result = run("capability.industry_match", SOFT_FURNISHINGS)
    assert result.reason_code == "NO_INDUSTRY_CLAIMED"
    bare = registry(company=company(sic_codes=()))
    result = run("capability.industry_match", bare, industry="textiles")
    assert result.reason_code == "NO_REGISTRY_SIC_CODES"


def test_sic_reference_covers_every_division():
    ref = sic_reference()
    assert set(ref.division_names) == set(ref.section_of_division)
    assert ref.section("13921") == "C" and ref.section("92000") == "R"
    assert ref.section_of_division["99"] == "U"


DORMANT = SicCode("99999", "99999 - Dormant Company")
LARGE = {"amount": "150000", "currency": "GBP"}
SMALL = {"amount": "1000", "currency": "GBP"}


@pytest.mark.parametrize(
    ("changes", "volume", "code", "status"),
    [
        ({}, LARGE, "COMPANY_TRADING", Status.PASS),
        ({"accounts_category": "DORMANT"}, None, "DORMANT_COMPANY", Status.WARN),
        ({"accounts_category": "DORMANT"}, SMALL, "DORMANT_COMPANY", Status.WARN),
        ({"accounts_category": "DORMANT"}, LARGE, "DORMANT_HIGH_VOLUME", Status.FAIL),
        ({"sic_codes": (DORMANT,)}, LARGE, "DORMANT_HIGH_VOLUME", Status.FAIL),
        ({"accounts_category": "NO ACCOUNTS FILED"}, LARGE, "NO_ACCOUNTS_HIGH_VOLUME", Status.WARN),
        ({"accounts_category": "NO ACCOUNTS FILED"}, None, "COMPANY_TRADING", Status.PASS),
    ],
)
def test_dormant(changes, volume, code, status):
    fields = {"expected_monthly_volume": volume} if volume else {}
    result = run("capability.dormant", registry(company=company(**changes)), **fields)
    assert (result.reason_code, result.status) == (code, status)


@pytest.mark.parametrize(
    ("sic", "claimed", "code", "status"),
    [
        (["13921"], None, "INDUSTRY_NOT_HIGH_RISK", Status.PASS),
        (["92000"], None, "HIGH_RISK_INDUSTRY", Status.WARN),
        (["64999"], None, "HIGH_RISK_INDUSTRY", Status.WARN),
        (["64209"], None, "INDUSTRY_NOT_HIGH_RISK", Status.PASS),  # holding companies
        (["25400"], None, "HIGH_RISK_INDUSTRY", Status.WARN),
        (["13921"], {"code_system": "SIC2007", "code": "47770"}, "HIGH_RISK_INDUSTRY",
         Status.WARN),
        (["13921"], {"code_system": "NACE2", "code": "92.00"}, "HIGH_RISK_INDUSTRY", Status.WARN),
        (["13921"], {"code_system": "NACE2", "code": "4778"}, "HIGH_RISK_INDUSTRY", Status.WARN),
        ([], None, "NO_INDUSTRY_CODES", Status.NOT_APPLICABLE),
    ],
)  # fmt: skip
def test_high_risk_industry(sic, claimed, code, status):
    found = registry(company=company(sic_codes=tuple(SicCode(c) for c in sic)))
    fields = {"industry": claimed} if claimed else {}
    result = run("capability.high_risk_industry", found, **fields)
    assert (result.reason_code, result.status) == (code, status)


def test_high_risk_industry_reads_claimed_codes_without_registry():
    result = run(
        "capability.high_risk_industry", None, industry={"code_system": "SIC2007", "code": "92000"}
    )
    assert result.reason_code == "HIGH_RISK_INDUSTRY"
    assert result.sources == []


def test_high_risk_list_comes_from_the_policy():
    found = registry(company=company(sic_codes=(SicCode("13921"),)))
    chosen = policy(high_risk_sic={"139": "textiles, for this test"})
    result = run("capability.high_risk_industry", found, chosen=chosen)
    assert result.reason_code == "HIGH_RISK_INDUSTRY"
    assert "textiles, for this test" in result.message


def test_default_policy_repeats_the_shipped_high_risk_list():
    assert default_policy().registry.high_risk_sic == default_high_risk_sic()
