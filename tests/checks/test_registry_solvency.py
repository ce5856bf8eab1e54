"""The solvency checks: filings overdue, charges, insolvency cases, age against volume."""

from __future__ import annotations

from datetime import date

import pytest
from tests.checks.registry_helpers import AS_OF, company, policy, registry, run

from openkyb.checks import Status
from openkyb.checks.evidence import DatasetRef

LIVE = DatasetRef("companies-house-api", "2026-12-01")


@pytest.mark.parametrize(
    ("due", "code", "status"),
    [
        (date(2027, 1, 1), "ACCOUNTS_UP_TO_DATE", Status.PASS),
        (AS_OF, "ACCOUNTS_UP_TO_DATE", Status.PASS),
        (date(2026, 11, 30), "ACCOUNTS_OVERDUE", Status.WARN),
        (date(2026, 9, 2), "ACCOUNTS_OVERDUE", Status.WARN),  # 90 days: not beyond the limit
        (date(2026, 9, 1), "ACCOUNTS_SERIOUSLY_OVERDUE", Status.FAIL),
        (None, "ACCOUNTS_DUE_DATE_UNKNOWN", Status.NOT_APPLICABLE),
    ],
)
def test_accounts_overdue(due, code, status):
    result = run("solvency.accounts_overdue", registry(company=company(accounts_next_due=due)))
    assert (result.reason_code, result.status) == (code, status)
    assert result.sources[0].record_id == "GB/01234567"


@pytest.mark.parametrize(
    ("due", "code", "status"),
    [
        (date(2027, 3, 20), "CONFIRMATION_UP_TO_DATE", Status.PASS),
        (date(2026, 11, 1), "CONFIRMATION_OVERDUE", Status.WARN),
        (date(2025, 9, 25), "CONFIRMATION_SERIOUSLY_OVERDUE", Status.FAIL),
        (None, "CONFIRMATION_DUE_DATE_UNKNOWN", Status.NOT_APPLICABLE),
    ],
)
def test_confirmation_overdue(due, code, status):
    found = registry(company=company(confirmation_next_due=due))
    result = run("solvency.confirmation_overdue", found)
    assert (result.reason_code, result.status) == (code, status)


def test_overdue_days_follow_the_policy_and_as_of():
    found = registry(company=company(accounts_next_due=date(2026, 11, 1)))
    lenient = policy(accounts_overdue={"warn_after_days": 60, "fail_after_days": 120})
    assert run("solvency.accounts_overdue", found, chosen=lenient).status is Status.PASS
    strict = policy(accounts_overdue={"warn_after_days": 0, "fail_after_days": 10})
    assert run("solvency.accounts_overdue", found, chosen=strict).status is Status.FAIL
    earlier = run("solvency.accounts_overdue", found, as_of=date(2026, 10, 1))
    assert earlier.status is Status.PASS
    assert earlier.facts["as_of"] == "2026-10-01"


@pytest.mark.parametrize(
    ("outstanding", "code", "status"),
    [
        (0, "NO_CHARGES_OUTSTANDING", Status.PASS),
        (2, "CHARGES_OUTSTANDING", Status.WARN),
        (None, "CHARGES_UNKNOWN", Status.NOT_APPLICABLE),
    ],
)
def test_charges_outstanding(outstanding, code, status):
    found = registry(company=company(charges_outstanding=outstanding))
    result = run("solvency.charges_outstanding", found)
    assert (result.reason_code, result.status) == (code, status)
    if outstanding:
        assert "2 charge(s)" in result.message


WOUND_UP = {
    "type": "compulsory-liquidation",
    "number": "1",
    "dates": [{"type": "wound-up-on", "date": "1995-01-18"}],
}
RECENT = {
    "type": "administration",
    "number": "2",
    "dates": {"administration-started-on": "2025-04-01"},
}


@pytest.mark.parametrize(
    ("cases", "live_error", "code", "status"),
    [
        (None, None, "NO_LIVE_REGISTRY", Status.NOT_APPLICABLE),
        (None, "RegistryUnavailable: 503", "LIVE_REGISTRY_UNAVAILABLE", Status.ERROR),
        ((), None, "NO_INSOLVENCY_HISTORY", Status.PASS),
        ((WOUND_UP,), None, "INSOLVENCY_CASE_HISTORIC", Status.WARN),
        ((WOUND_UP, RECENT), None, "INSOLVENCY_CASE_RECENT", Status.FAIL),
        (({"type": "in-administration"},), None, "INSOLVENCY_CASE_RECENT", Status.FAIL),
    ],
)
def test_insolvency_history(cases, live_error, code, status):
    found = registry(insolvency=cases, live_error=live_error, live_source=LIVE if cases else None)
    result = run("solvency.insolvency_history", found)
    assert (result.reason_code, result.status) == (code, status)
    if cases:
        assert result.sources[0].dataset == "companies-house-api"
        assert result.sources[0].record_id == "01234567"
        assert "compulsory-liquidation (1995-01-18)" in result.message or "1995" not in str(cases)


def test_no_live_adapter_says_so():
    result = run("solvency.insolvency_history", registry())
    assert "no live companies house adapter" in result.message.lower()


@pytest.mark.parametrize(
    ("incorporated", "volume", "code", "status"),
    [
        (date(2015, 3, 14), {"amount": "5000000", "currency": "GBP"}, "COMPANY_AGE_OK",
         Status.PASS),
        (date(2026, 6, 1), {"amount": "45000", "currency": "GBP"}, "COMPANY_AGE_OK", Status.PASS),
        (date(2026, 6, 1), None, "COMPANY_AGE_OK", Status.PASS),
        (date(2026, 6, 1), {"amount": "100000", "currency": "GBP"}, "YOUNG_COMPANY_HIGH_VOLUME",
         Status.WARN),
        (date(2026, 6, 1), {"amount": "250000", "currency": "EUR"}, "YOUNG_COMPANY_HIGH_VOLUME",
         Status.WARN),
        (date(2026, 6, 1), {"amount": "200000", "currency": "JPY"}, "COMPANY_AGE_OK", Status.PASS),
        (date(2026, 6, 1), {"amount": "20000000", "currency": "JPY"}, "YOUNG_COMPANY_HIGH_VOLUME",
         Status.WARN),
        (date(2025, 12, 1), {"amount": "900000", "currency": "GBP"}, "COMPANY_AGE_OK", Status.PASS),
        (None, None, "COMPANY_AGE_UNKNOWN", Status.NOT_APPLICABLE),
    ],
)  # fmt: skip
def test_company_age(incorporated, volume, code, status):
    found = registry(company=company(incorporation_date=incorporated))
    fields = {"expected_monthly_volume": volume} if volume else {}
    result = run("solvency.company_age", found, **fields)
    assert (result.reason_code, result.status) == (code, status)


def test_company_age_threshold_comes_from_the_policy():
    found = registry(company=company(incorporation_date=date(2025, 6, 1)))
    volume = {"amount": "60000", "currency": "GBP"}
    chosen = policy(young_company_months=24, large_monthly_volume="50000")
    result = run("solvency.company_age", found, chosen=chosen, expected_monthly_volume=volume)
    assert result.reason_code == "YOUNG_COMPANY_HIGH_VOLUME"
    assert result.facts["age_months"] == 18
