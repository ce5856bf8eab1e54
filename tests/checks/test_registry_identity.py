"""identity.registry_match, identity.registry_status and identity.incorporation_date."""

from __future__ import annotations

from datetime import date

import pytest
from tests.checks.registry_helpers import COMPANY, SOURCE, codes, company, policy, registry, run

from openkyb.checks import Source, Status, registered_checks
from openkyb.checks.registry_identity import company_kind

CITED = Source(SOURCE.dataset, SOURCE.version, "GB/01234567")
REGISTRY_CHECKS = [
    "identity.registry_match",
    "identity.registry_status",
    "identity.incorporation_date",
    "location.registered_address",
    "location.mass_registration_address",
    "solvency.accounts_overdue",
    "solvency.confirmation_overdue",
    "solvency.charges_outstanding",
    "solvency.insolvency_history",
    "solvency.company_age",
    "capability.industry_match",
    "capability.dormant",
    "ownership.psc_match",
]


@pytest.mark.parametrize("key", REGISTRY_CHECKS)
@pytest.mark.parametrize(
    "found", [None, registry(available=False, company=None)], ids=["none", "absent"]
)
def test_without_registry_data_every_check_says_so(key, found):
    result = run(key, found, registration_number="01234567")
    assert result.status is Status.NOT_APPLICABLE
    assert result.reason_code == "NO_REGISTRY_DATA"
    assert "No GB company registry data is loaded" in result.message


@pytest.mark.parametrize("key", REGISTRY_CHECKS)
def test_an_unreadable_registry_is_an_error(key):
    result = run(key, registry(error="OperationalError: gone"), registration_number="01234567")
    assert (result.status, result.reason_code) == (Status.ERROR, "REGISTRY_UNAVAILABLE")


@pytest.mark.parametrize("key", REGISTRY_CHECKS[1:4] + REGISTRY_CHECKS[5:8] + REGISTRY_CHECKS[9:])
def test_company_not_found_leaves_the_other_checks_not_applicable(key):
    result = run(key, registry(company=None, matched_by=None), registration_number="01234567")
    assert (result.status, result.reason_code) == (Status.NOT_APPLICABLE, "COMPANY_NOT_IN_REGISTRY")


def test_every_registry_check_is_registered():
    keys = {s.key for s in registered_checks()}
    assert set(REGISTRY_CHECKS) | {"identity.lei", "capability.high_risk_industry"} <= keys


@pytest.mark.parametrize(
    ("fields", "found", "expected", "status"),
    [
        ({"legal_name": "Acme Widgets Ltd"}, registry(), ["REGISTRY_NAME_MATCH"], Status.PASS),
        ({"legal_name": "ACME WIDGETS LIMITED"}, registry(), ["REGISTRY_NAME_MATCH"], Status.PASS),
        ({"legal_name": "Acme Widgets"}, registry(), ["REGISTRY_NAME_MATCH"], Status.PASS),
        ({"legal_name": "Acme Gadgets Ltd"}, registry(), ["REGISTRY_PREVIOUS_NAME"], Status.WARN),
        ({"legal_name": "Acme Widget Ltd"}, registry(), ["REGISTRY_NAME_SIMILAR"], Status.WARN),
        ({"legal_name": "Zebra Holdings Ltd"}, registry(), ["REGISTRY_NAME_MISMATCH"], Status.FAIL),
        (
            {"legal_name": "Zebra Holdings Ltd"},
            registry(matched_by="name"),
            ["REGISTRY_NAME_MISMATCH"],
            Status.WARN,
        ),
        (
            {"company_type": "plc"},
            registry(),
            ["REGISTRY_COMPANY_TYPE_MISMATCH", "REGISTRY_NAME_MATCH"],
            Status.WARN,
        ),
        ({"company_type": "ltd"}, registry(), ["REGISTRY_NAME_MATCH"], Status.PASS),
        (
            {"company_type": "Private limited company"},
            registry(company=company(category="PRI/LBG/NSC (Private, Limited by guarantee)")),
            ["REGISTRY_NAME_MATCH"],
            Status.PASS,
        ),
    ],
)
def test_registry_match(fields, found, expected, status):
    result = run("identity.registry_match", found, **{"registration_number": "1234567", **fields})
    assert (codes(result), result.status) == (expected, status)
    assert result.sources == [CITED]
    assert result.facts["found"]["name"] == COMPANY.name


def test_previous_name_says_when_it_changed():
    result = run("identity.registry_match", registry(), legal_name="Acme Gadgets Limited")
    assert "2019-05-01" in result.message


@pytest.mark.parametrize(
    ("fields", "found", "code", "status"),
    [
        ({"registration_number": "7654321"}, registry(company=None), "REGISTRY_NUMBER_NOT_FOUND",
         Status.FAIL),
        ({}, registry(company=None), "REGISTRY_NAME_NOT_FOUND", Status.WARN),
        ({}, registry(company=None, candidates=((COMPANY, 0.8), (company(number="2"), 0.78))),
         "REGISTRY_NAME_AMBIGUOUS", Status.WARN),
    ],
)  # fmt: skip
def test_registry_match_without_a_company(fields, found, code, status):
    result = run("identity.registry_match", found, **fields)
    assert (result.reason_code, result.status) == (code, status)


@pytest.mark.parametrize(
    ("text", "kind"),
    [
        ("Private Limited Company", "ltd"),
        ("ltd", "ltd"),
        ("Public Limited Company", "plc"),
        ("PLC", "plc"),
        ("Limited Liability Partnership", "llp"),
        ("Limited Partnership", "lp"),
        ("PRI/LTD BY GUAR/NSC (Private, limited by guarantee, no share capital)", "guarantee"),
        ("Private Unlimited Company", "unlimited"),
        ("Community Interest Company", "cic"),
        ("Charitable Incorporated Organisation", "cio"),
        ("sole trader", None),
        (None, None),
    ],
)
def test_company_kind(text, kind):
    assert company_kind(text) == kind


@pytest.mark.parametrize(
    ("status_code", "code", "status"),
    [
        ("active", "REGISTRY_STATUS_ACTIVE", Status.PASS),
        ("dissolved", "REGISTRY_STATUS_DISSOLVED", Status.FAIL),
        ("liquidation", "REGISTRY_STATUS_LIQUIDATION", Status.FAIL),
        ("administration", "REGISTRY_STATUS_ADMINISTRATION", Status.FAIL),
        ("receivership", "REGISTRY_STATUS_RECEIVERSHIP", Status.FAIL),
        ("voluntary_arrangement", "REGISTRY_STATUS_VOLUNTARY_ARRANGEMENT", Status.WARN),
        ("proposal_to_strike_off", "REGISTRY_STATUS_PROPOSAL_TO_STRIKE_OFF", Status.WARN),
        ("closed", "REGISTRY_STATUS_CLOSED", Status.FAIL),
        ("converted", "REGISTRY_STATUS_CONVERTED", Status.WARN),
        (None, "REGISTRY_STATUS_OTHER", Status.WARN),
        ("something-new", "REGISTRY_STATUS_OTHER", Status.WARN),
    ],
)
def test_registry_status_by_default_policy(status_code, code, status):
    found = registry(company=company(status_code=status_code, status="X"))
    result = run("identity.registry_status", found)
    assert (result.reason_code, result.status) == (code, status)
    assert result.sources == [CITED]


def test_registry_status_follows_the_policy():
    found = registry(company=company(status_code="proposal_to_strike_off"))
    strict = policy(status={"proposal_to_strike_off": "fail"})
    assert run("identity.registry_status", found, chosen=strict).status is Status.FAIL
    lenient = policy(status={"dissolved": "warn"})
    dead = registry(company=company(status_code="dissolved"))
    assert run("identity.registry_status", dead, chosen=lenient).status is Status.WARN
    assert lenient.registry.status["liquidation"] == "fail"  # a partial map keeps the defaults


@pytest.mark.parametrize(
    ("claimed", "registered", "code", "status"),
    [
        ("2015-03-14", date(2015, 3, 14), "INCORPORATION_DATE_MATCH", Status.PASS),
        ("2015-03-01", date(2015, 3, 14), "INCORPORATION_DATE_CLOSE", Status.WARN),
        ("2016-03-14", date(2015, 3, 14), "INCORPORATION_DATE_MISMATCH", Status.FAIL),
        (None, date(2015, 3, 14), "INCORPORATION_DATE_NOT_CLAIMED", Status.NOT_APPLICABLE),
        ("2015-03-14", None, "REGISTRY_INCORPORATION_DATE_UNKNOWN", Status.NOT_APPLICABLE),
    ],
)
def test_incorporation_date(claimed, registered, code, status):
    fields = {"incorporation_date": claimed} if claimed else {}
    found = registry(company=company(incorporation_date=registered))
    result = run("identity.incorporation_date", found, **fields)
    assert (result.reason_code, result.status) == (code, status)
    assert result.facts["registered"] == (registered.isoformat() if registered else None)
    assert result.sources == [CITED]
