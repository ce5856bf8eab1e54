"""Table-driven tests of the identity checks: identifier formats and the VAT country."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import pytest

from openkyb.checks import CheckResult, Status, registered_checks
from openkyb.checks.identity import companies_house_number, parse_vat

FORMAT = "identity.identifier_format"
VAT = "identity.vat_country"

RunCheck = Callable[..., CheckResult]
P, W, F, NA = Status.PASS, Status.WARN, Status.FAIL, Status.NOT_APPLICABLE

CASES: list[Any] = [
    # identity.identifier_format
    pytest.param(FORMAT, {"registration_number": "01234567"}, P, {"IDENTIFIERS_VALID"}, id="gb"),
    pytest.param(FORMAT, {"registration_number": "SC123456"}, P, {"IDENTIFIERS_VALID"}, id="gb-sc"),
    pytest.param(FORMAT, {"registration_number": "R0000123"}, P, {"IDENTIFIERS_VALID"}, id="gb-r0"),
    pytest.param(
        FORMAT, {"registration_number": "XX123456"}, F, {"REGISTRATION_NUMBER_INVALID"}, id="gb-pfx"
    ),
    pytest.param(
        FORMAT, {"registration_number": "123456789"}, F, {"REGISTRATION_NUMBER_INVALID"}, id="gb-9"
    ),
    pytest.param(
        FORMAT,
        {"country": "FR", "registration_number": "732 829 320"},
        P,
        {"IDENTIFIERS_VALID"},
        id="fr-siren",
    ),
    pytest.param(
        FORMAT,
        {"country": "FR", "registration_number": "732829321"},
        F,
        {"REGISTRATION_NUMBER_INVALID"},
        id="fr-siren-bad",
    ),
    pytest.param(
        FORMAT,
        {"country": "DE", "registration_number": "Amtsgericht München HRB 123456"},
        P,
        {"IDENTIFIERS_VALID"},
        id="de-court",
    ),
    pytest.param(
        FORMAT,
        {"country": "DE", "registration_number": "HRB 12345"},
        NA,
        {"NO_VALIDATOR_FOR_COUNTRY"},
        id="de-no-court",
    ),
    pytest.param(
        FORMAT,
        {"country": "PL", "registration_number": "0000123456"},
        P,
        {"IDENTIFIERS_VALID"},
        id="pl-krs",
    ),
    pytest.param(
        FORMAT,
        {"country": "NL", "registration_number": "1234567"},
        F,
        {"REGISTRATION_NUMBER_INVALID"},
        id="nl-kvk-short",
    ),
    pytest.param(
        FORMAT,
        {"country": "US", "registration_number": "C1234567"},
        NA,
        {"NO_VALIDATOR_FOR_COUNTRY"},
        id="us-no-validator",
    ),
    pytest.param(
        FORMAT,
        {"country": "US", "registration_number": "C1234567", "lei": "5493001KJTIIGC8Y1R12"},
        P,
        {"IDENTIFIERS_VALID"},
        id="us-unvalidated-not-failed",
    ),
    pytest.param(FORMAT, {}, NA, {"NO_IDENTIFIERS"}, id="none"),
    pytest.param(FORMAT, {"vat_number": "GB980780684"}, P, {"IDENTIFIERS_VALID"}, id="vat"),
    pytest.param(FORMAT, {"vat_number": "GB980780685"}, F, {"VAT_NUMBER_INVALID"}, id="vat-bad"),
    pytest.param(
        FORMAT, {"vat_number": "DE 136,695 976"}, P, {"IDENTIFIERS_VALID"}, id="vat-eu-separators"
    ),
    pytest.param(FORMAT, {"lei": "5493001KJTIIGC8Y1R12"}, P, {"IDENTIFIERS_VALID"}, id="lei"),
    pytest.param(FORMAT, {"lei": "5493001KJTIIGC8Y1R13"}, F, {"LEI_INVALID"}, id="lei-bad"),
    pytest.param(
        FORMAT, {"iban": "GB82 WEST 1234 5698 7654 32"}, P, {"IDENTIFIERS_VALID"}, id="iban"
    ),
    pytest.param(
        FORMAT, {"iban": "GB82 WEST 1234 5698 7654 33"}, F, {"IBAN_INVALID"}, id="iban-bad"
    ),
    pytest.param(FORMAT, {"tax_id": "1955839661"}, P, {"IDENTIFIERS_VALID"}, id="gb-utr"),
    pytest.param(FORMAT, {"tax_id": "2955839661"}, F, {"TAX_ID_INVALID"}, id="gb-utr-bad"),
    pytest.param(
        FORMAT, {"country": "US", "tax_id": "04-2103594"}, P, {"IDENTIFIERS_VALID"}, id="us-ein"
    ),
    pytest.param(
        FORMAT, {"country": "US", "tax_id": "00-1234567"}, F, {"TAX_ID_INVALID"}, id="us-ein-bad"
    ),
    pytest.param(
        FORMAT, {"country": "IN", "tax_id": "ACUPA7085R"}, P, {"IDENTIFIERS_VALID"}, id="in-pan"
    ),
    pytest.param(
        FORMAT,
        {"registration_number": "XX1", "lei": "5493001KJTIIGC8Y1R13", "iban": "GB00"},
        F,
        {"REGISTRATION_NUMBER_INVALID", "LEI_INVALID", "IBAN_INVALID"},
        id="several-invalid",
    ),
    # identity.vat_country
    pytest.param(VAT, {"vat_number": "GB980780684"}, P, {"VAT_COUNTRY_MATCH"}, id="gb"),
    pytest.param(
        VAT, {"country": "IM", "vat_number": "GB980780684"}, P, {"VAT_COUNTRY_MATCH"}, id="im-gb"
    ),
    pytest.param(VAT, {"vat_number": "XI980780684"}, P, {"VAT_COUNTRY_MATCH"}, id="xi-gb"),
    pytest.param(
        VAT, {"country": "GR", "vat_number": "EL094259216"}, P, {"VAT_COUNTRY_MATCH"}, id="el-gr"
    ),
    pytest.param(
        VAT, {"country": "MC", "vat_number": "FR53000004605"}, P, {"VAT_COUNTRY_MATCH"}, id="mc-fr"
    ),
    pytest.param(
        VAT,
        {"country": "CH", "vat_number": "CHE-116.281.710 MWST"},
        P,
        {"VAT_COUNTRY_MATCH"},
        id="ch",
    ),
    pytest.param(
        VAT, {"country": "DE", "vat_number": "136695976"}, P, {"VAT_COUNTRY_MATCH"}, id="no-pfx-ok"
    ),
    pytest.param(
        VAT, {"country": "FR", "vat_number": "DE136695976"}, F, {"VAT_COUNTRY_MISMATCH"}, id="de-fr"
    ),
    pytest.param(VAT, {"vat_number": "IE6388047V"}, F, {"VAT_COUNTRY_MISMATCH"}, id="ie-gb"),
    pytest.param(
        VAT, {"country": "DE", "vat_number": "123"}, W, {"VAT_PREFIX_MISSING"}, id="no-pfx-bad"
    ),
    pytest.param(
        VAT, {"country": "US", "vat_number": "12345"}, W, {"VAT_PREFIX_MISSING"}, id="us-no-pfx"
    ),
    pytest.param(
        VAT,
        {"country": "US", "vat_number": "EU372022452"},
        NA,
        {"VAT_PREFIX_NOT_COUNTRY"},
        id="oss",
    ),
    pytest.param(VAT, {}, NA, {"NO_VAT_NUMBER"}, id="none"),
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
        if spec.key in (FORMAT, VAT):
            tested = {code for p in CASES if p.values[0] == spec.key for code in p.values[3]}
            assert tested == set(spec.reason_codes), spec.key


def test_identifier_facts_show_claimed_normalized_and_validator(run: RunCheck) -> None:
    result = run(FORMAT, registration_number="1234567", vat_number="GB 980 7806 84")
    assert result.facts["registration_number"] == {
        "claimed": "1234567",
        "normalized": "01234567",
        "valid": True,
        "validator": "companies-house-format",
        "note": "padded with leading zeros to 8 characters",
    }
    vat = result.facts["vat_number"]
    assert (vat["valid"], vat["validator"], vat["normalized"]) == (
        True,
        "stdnum.gb.vat",
        "GB980780684",
    )


def test_eu_vat_uses_the_eu_validator(run: RunCheck) -> None:
    result = run(FORMAT, country="DE", vat_number="DE136695976")
    assert result.facts["vat_number"]["validator"] == "stdnum.eu.vat"


def test_no_validator_message_names_the_country(run: RunCheck) -> None:
    result = run(FORMAT, country="US", registration_number="C1234567")
    assert "United States (US)" in result.message
    assert result.facts["registration_number"]["valid"] is None


def test_unvalidated_identifier_is_listed_on_pass(run: RunCheck) -> None:
    result = run(FORMAT, country="US", registration_number="C1", iban="GB82WEST12345698765432")
    assert result.status == Status.PASS
    assert "not validated" in result.message
    assert "registration number" in result.message


@pytest.mark.parametrize(
    ("raw", "normalized", "valid"),
    [
        ("01234567", "01234567", True),
        ("1234567", "01234567", True),
        ("sc 123456", "SC123456", True),
        ("SC12345", "SC012345", True),
        ("NI012345", "NI012345", True),
        ("OC300001", "OC300001", True),
        ("RS007815", "RS007815", True),
        ("00000000", "00000000", False),
        ("123456789", "123456789", False),
        ("ZZ123456", "ZZ123456", False),
        ("SC1234567", "SC1234567", False),
        ("١٢٣٤٥٦٧٨", "١٢٣٤٥٦٧٨", False),
    ],
)
def test_companies_house_format(raw: str, normalized: str, valid: bool) -> None:
    finding = companies_house_number(raw)
    assert (finding.normalized, finding.valid) == (normalized, valid)


@pytest.mark.parametrize(
    ("raw", "country", "prefix", "countries", "valid"),
    [
        ("GB980780684", "GB", "GB", ("GB", "IM"), True),
        ("XI 980 7806 84", "GB", "XI", ("GB",), True),
        ("EL094259216", "GR", "EL", ("GR",), True),
        ("094259216", "GR", None, (), True),
        ("DE136695976", "FR", "DE", ("DE",), True),
        ("EU372022452", "US", "EU", (), True),
        ("US12345", "US", None, (), None),
        ("", "GB", None, (), False),
    ],
)
def test_parse_vat(
    raw: str, country: str, prefix: str | None, countries: tuple[str, ...], valid: bool | None
) -> None:
    vat = parse_vat(raw, country)
    assert (vat.prefix, vat.countries, vat.finding.valid) == (prefix, countries, valid)
