"""Table-driven tests of the location checks: country consistency and jurisdiction risk."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import pytest

from openkyb.checks import CheckResult, Source, Status, registered_checks

RunCheck = Callable[..., CheckResult]
CONSISTENCY = "location.country_consistency"
RISK = "location.jurisdiction_risk"

P, W, F, NA = Status.PASS, Status.WARN, Status.FAIL, Status.NOT_APPLICABLE


def address(country: str | None, **fields: Any) -> dict[str, Any]:
    """An address dict with a country and optional city/region/lines."""
    return {"country": country, "lines": ["1 Main Street"], **fields}


GB_FULL = {
    "registered_address": address("GB", city="London"),
    "trading_address": address("GB", city="Leeds"),
    "phone": "+44 20 7946 0018",
    "website": "https://www.acme.co.uk",
    "email": "hello@acme.co.uk",
    "vat_number": "GB980780684",
}

CASES: list[Any] = [
    # location.country_consistency
    pytest.param(CONSISTENCY, GB_FULL, P, {"COUNTRY_CONSISTENT"}, id="gb-full"),
    pytest.param(
        CONSISTENCY,
        {"registered_address": address("DE")},
        F,
        {"ADDRESS_COUNTRY_MISMATCH"},
        id="registered-elsewhere",
    ),
    pytest.param(
        CONSISTENCY,
        {"registered_address": address("GB"), "trading_address": address("IE")},
        W,
        {"ADDRESS_COUNTRY_MISMATCH"},
        id="trading-elsewhere",
    ),
    pytest.param(
        CONSISTENCY, {"phone": "+33 1 42 68 53 00"}, W, {"PHONE_COUNTRY_MISMATCH"}, id="phone-fr"
    ),
    pytest.param(CONSISTENCY, {"phone": "020 7946 0018"}, P, {"COUNTRY_CONSISTENT"}, id="national"),
    pytest.param(
        CONSISTENCY, {"phone": "+44 1534 123456"}, P, {"COUNTRY_CONSISTENT"}, id="jersey-for-gb"
    ),
    pytest.param(
        CONSISTENCY,
        {"country": "US", "phone": "+1 416 555 0199"},
        P,
        {"COUNTRY_CONSISTENT"},
        id="nanp-ca-for-us",
    ),
    pytest.param(CONSISTENCY, {"phone": "12"}, W, {"PHONE_INVALID"}, id="phone-invalid"),
    pytest.param(CONSISTENCY, {"phone": "call us"}, W, {"PHONE_INVALID"}, id="phone-garbage"),
    pytest.param(
        CONSISTENCY, {"website": "acme.de"}, W, {"DOMAIN_COUNTRY_MISMATCH"}, id="website-de"
    ),
    pytest.param(
        CONSISTENCY, {"email": "a@acme.fr"}, W, {"DOMAIN_COUNTRY_MISMATCH"}, id="email-fr"
    ),
    pytest.param(CONSISTENCY, {"email": "a@acme.co.uk"}, P, {"COUNTRY_CONSISTENT"}, id="email-uk"),
    pytest.param(
        CONSISTENCY,
        {"website": "acme.io", "email": "a@acme.com"},
        NA,
        {"NO_LOCATION_SIGNALS"},
        id="generic-tlds",
    ),
    pytest.param(CONSISTENCY, {"phone": "+800 1234 5678"}, NA, {"NO_LOCATION_SIGNALS"}, id="+800"),
    pytest.param(
        CONSISTENCY, {"vat_number": "DE136695976"}, NA, {"NO_LOCATION_SIGNALS"}, id="vat-only"
    ),
    pytest.param(CONSISTENCY, {}, NA, {"NO_LOCATION_SIGNALS"}, id="nothing"),
    pytest.param(
        CONSISTENCY,
        {"registered_address": address("FR"), "phone": "+49 30 901820", "website": "acme.de"},
        F,
        {
            "ADDRESS_COUNTRY_MISMATCH",
            "PHONE_COUNTRY_MISMATCH",
            "DOMAIN_COUNTRY_MISMATCH",
        },
        id="everything-elsewhere",
    ),
    # location.jurisdiction_risk
    pytest.param(RISK, GB_FULL, P, {"JURISDICTION_LOW_RISK"}, id="gb"),
    pytest.param(
        RISK,
        {"country": "IR"},
        F,
        {"JURISDICTION_SANCTIONED", "JURISDICTION_FATF_CALL_FOR_ACTION"},
        id="iran",
    ),
    pytest.param(RISK, {"country": "CU"}, F, {"JURISDICTION_SANCTIONED"}, id="cuba"),
    pytest.param(RISK, {"country": "MM"}, F, {"JURISDICTION_FATF_CALL_FOR_ACTION"}, id="myanmar"),
    pytest.param(
        RISK, {"country": "BG"}, W, {"JURISDICTION_FATF_INCREASED_MONITORING"}, id="bulgaria"
    ),
    pytest.param(RISK, {"country": "HR"}, P, {"JURISDICTION_LOW_RISK"}, id="croatia-delisted"),
    pytest.param(RISK, {"country": "BY"}, W, {"JURISDICTION_SECTORAL_SANCTIONS"}, id="belarus"),
    pytest.param(
        RISK,
        {"officers": [{"name": "Kim", "nationality": "KP"}]},
        F,
        {"JURISDICTION_SANCTIONED", "JURISDICTION_FATF_CALL_FOR_ACTION"},
        id="officer-nationality",
    ),
    pytest.param(
        RISK,
        {"officers": [{"name": "Ana", "country_of_residence": "VE"}]},
        W,
        {"JURISDICTION_FATF_INCREASED_MONITORING"},
        id="officer-residence",
    ),
    pytest.param(
        RISK,
        {"owners": [{"kind": "company", "name": "Holdco", "country": "RU"}]},
        W,
        {"JURISDICTION_SECTORAL_SANCTIONS"},
        id="owner-country",
    ),
    pytest.param(
        RISK,
        {"trading_address": address("UA", region="Autonomous Republic of Crimea")},
        F,
        {"JURISDICTION_SANCTIONED"},
        id="crimea",
    ),
    pytest.param(
        RISK,
        {"country": "UA", "registered_address": address(None, city="Luhansk")},
        F,
        {"JURISDICTION_SANCTIONED"},
        id="luhansk-no-country",
    ),
    pytest.param(
        RISK,
        {"country": "UA", "registered_address": address("UA", city="Kyiv")},
        P,
        {"JURISDICTION_LOW_RISK"},
        id="kyiv",
    ),
    pytest.param(
        RISK,
        {"country": "US", "registered_address": address("US", city="Sebastopol", region="CA")},
        P,
        {"JURISDICTION_LOW_RISK"},
        id="sebastopol-california",
    ),
    pytest.param(
        RISK,
        {"country": "RU", "registered_address": address("RU", city="Donetsk", region="Rostov")},
        W,
        {"JURISDICTION_SECTORAL_SANCTIONS"},
        id="donetsk-rostov-namesake",
    ),
]


@pytest.mark.parametrize(("key", "fields", "status", "expected"), CASES)
def test_reason_codes(
    run: RunCheck, key: str, fields: dict[str, Any], status: Status, expected: set[str]
) -> None:
    result = run(key, **fields)
    assert {r.code for r in result.reasons} == expected, result.reasons
    assert result.status == status


def test_every_reason_code_is_tested() -> None:
    for spec in registered_checks():
        if spec.key in (CONSISTENCY, RISK):
            tested = {code for p in CASES if p.values[0] == spec.key for code in p.values[3]}
            assert tested == set(spec.reason_codes), spec.key


def test_signals_show_each_country_and_agreement(run: RunCheck) -> None:
    result = run(CONSISTENCY, **GB_FULL, country="IM")
    by_signal = {s["signal"]: s for s in result.facts["signals"]}
    assert by_signal["phone"]["country"] == "GB"
    assert by_signal["phone"]["agrees"] is True
    assert by_signal["phone"]["matched_by"] == "calling_code_group"
    assert by_signal["website"] == {
        "signal": "website",
        "claimed": "https://www.acme.co.uk",
        "country": "GB",
        "agrees": False,
        "tld": "uk",
    }
    # The VAT prefix is recorded (GB numbers serve the Isle of Man) but not judged here.
    assert by_signal["vat_number"]["agrees"] is True
    assert "VAT_COUNTRY_MISMATCH" not in {r.code for r in result.reasons}


@pytest.mark.parametrize(
    "spelling", ["Krym", "CRIMEA", "Республика Крым", "Sevastopol", "Donezk", "Lugansk", "ДНР"]
)
def test_sanctioned_region_spellings(run: RunCheck, spelling: str) -> None:
    result = run(RISK, country="UA", registered_address=address("UA", region=spelling))
    assert result.status == Status.FAIL


def test_region_words_match_whole_words_only(run: RunCheck) -> None:
    result = run(RISK, country="RU", registered_address=address("RU", city="Krymsk"))
    assert "JURISDICTION_SANCTIONED" not in {r.code for r in result.reasons}


def test_hits_name_party_field_country_and_list(run: RunCheck) -> None:
    result = run(
        RISK,
        officers=[{"name": "A", "nationality": "GB"}, {"name": "B", "nationality": "IR"}],
        trading_address=address("UA", city="Simferopol", region="Crimea"),
    )
    hits = result.facts["hits"]
    assert {
        "party": "officers[1]",
        "name": "B",
        "field": "nationality",
        "country": "IR",
        "list": "comprehensive_sanctions",
        "record_id": "IR",
    } in hits
    crimea = next(h for h in hits if h.get("region"))
    assert (crimea["party"], crimea["record_id"], crimea["matched"]) == (
        "trading_address",
        "UA-43",
        "Crimea",
    )
    assert Source("comprehensive-sanctions", "2025-10-24", "UA-43") in result.sources
    assert Source("fatf-high-risk-call-for-action", "2025-10-24", "IR") in result.sources


def test_low_risk_cites_every_list_consulted(run: RunCheck) -> None:
    result = run(RISK)
    assert {s.dataset for s in result.sources} == {
        "comprehensive-sanctions",
        "fatf-high-risk-call-for-action",
        "fatf-increased-monitoring",
        "sectoral-sanctions",
    }
    assert all(s.record_id is None and s.version for s in result.sources)
