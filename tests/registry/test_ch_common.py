"""Companies House helpers: status mapping, numbers, dates, SIC codes, file-name dates."""

from __future__ import annotations

from dataclasses import FrozenInstanceError
from datetime import date

import pytest

from openkyb.registry.model import CompanyRecord, RegisteredAddress, SicCode
from openkyb.registry.sources.ch_common import (
    fast_constructor,
    normalise_company_number,
    parse_dmy,
    parse_int,
    parse_sic,
    parse_ymd,
    published_from_name,
    status_code,
)
from openkyb.sources.registry import Published


@pytest.mark.parametrize(
    ("status", "code"),
    [
        ("Active", "active"),
        ("Active - Proposal to Strike off", "proposal_to_strike_off"),
        ("ACTIVE - PROPOSAL TO STRIKE OFF", "proposal_to_strike_off"),
        ("Dissolved", "dissolved"),
        ("Liquidation", "liquidation"),
        ("In Administration", "administration"),
        ("ADMINISTRATION ORDER", "administration"),
        ("Administration Order", "administration"),
        ("In Administration/Administrative Receiver", "administration"),
        ("In Administration/Receiver Manager", "administration"),
        ("ADMINISTRATIVE RECEIVER", "receivership"),
        ("Administrative Receiver", "receivership"),
        ("Receivership", "receivership"),
        ("RECEIVERSHIP", "receivership"),
        ("Receiver Action", "receivership"),
        ("RECEIVER MANAGER / ADMINISTRATIVE RECEIVER", "receivership"),
        ("Live but Receiver Manager on at least one charge", "receivership"),
        ("Voluntary Arrangement", "voluntary_arrangement"),
        ("VOLUNTARY ARRANGEMENT / RECEIVER MANAGER", "voluntary_arrangement"),
        ("VOLUNTARY ARRANGEMENT / ADMINISTRATIVE RECEIVER", "voluntary_arrangement"),
        ("Converted/Closed", "converted"),
        ("Closed", "closed"),
        ("  active  ", "active"),
        ("Something new", "other"),
    ],
)
def test_status_code_maps_every_companies_house_status(status: str, code: str) -> None:
    assert status_code(status) == code


@pytest.mark.parametrize("status", [None, ""])
def test_status_code_of_nothing_is_none(status: str | None) -> None:
    assert status_code(status) is None


@pytest.mark.parametrize(
    ("raw", "number"),
    [
        ("04475590", "04475590"),
        ("4475590", "04475590"),
        ("123", "00000123"),
        ("sc123456", "SC123456"),
        ("SC1234", "SC001234"),
        (" OC 301234 ", "OC301234"),
        ("SP29395R", "SP29395R"),
        ("RS2699RS", "RS2699RS"),
        ("", ""),
    ],
)
def test_company_numbers_are_normalised(raw: str, number: str) -> None:
    assert normalise_company_number(raw) == number


@pytest.mark.parametrize(
    ("text", "value"),
    [("11/09/2012", date(2012, 9, 11)), ("01/01/1856", date(1856, 1, 1)), ("", None)],
)
def test_dd_mm_yyyy_dates(text: str, value: date | None) -> None:
    assert parse_dmy(text) == value
    assert parse_dmy(text) == value  # the cached path gives the same


@pytest.mark.parametrize(
    "text", ["31/02/2020", "2020-01-01", "1/1/2020", "aa/bb/cccc", "00/00/0000"]
)
def test_bad_dd_mm_yyyy_dates_raise_value_error(text: str) -> None:
    with pytest.raises(ValueError, match="date"):
        parse_dmy(text)


@pytest.mark.parametrize(
    ("text", "value"),
    [("20220302", date(2022, 3, 2)), ("00000000", None), ("        ", None)],
)
def test_yyyymmdd_dates(text: str, value: date | None) -> None:
    assert parse_ymd(text) == value


@pytest.mark.parametrize("text", ["20221301", "2022031", "2022-3-2"])
def test_bad_yyyymmdd_dates_raise_value_error(text: str) -> None:
    with pytest.raises(ValueError, match="date"):
        parse_ymd(text)


@pytest.mark.parametrize(
    ("text", "sic"),
    [
        (
            "62012 - Business and domestic software development",
            SicCode("62012", "Business and domestic software development"),
        ),
        ("99999 - Dormant Company", SicCode("99999", "Dormant Company")),
        ("74990", SicCode("74990", None)),
        ("None Supplied", None),
        ("", None),
    ],
)
def test_sic_codes(text: str, sic: SicCode | None) -> None:
    assert parse_sic(text) == sic


def test_counts() -> None:
    assert parse_int("0") == 0
    assert parse_int("1234") == 1234
    assert parse_int("") is None
    with pytest.raises(ValueError, match="number"):
        parse_int("x")


@pytest.mark.parametrize(
    ("name", "published"),
    [
        ("BasicCompanyData-2024-12-01-part1_7.csv", Published("2024-12-01")),
        ("BasicCompanyDataAsOneFile-2024-12-01.zip", Published("2024-12-01")),
        ("sample.csv", None),
        ("BasicCompanyData-2024-13-01.csv", None),
    ],
)
def test_published_from_file_name(name: str, published: Published | None) -> None:
    assert published_from_name(name) == published


def test_fast_constructor_builds_equal_frozen_records() -> None:
    build = fast_constructor(RegisteredAddress)
    fast = build(None, None, "1 HIGH STREET", None, "LEEDS", None, "ENGLAND", "LS1 1AA")
    slow = RegisteredAddress(None, None, "1 HIGH STREET", None, "LEEDS", None, "ENGLAND", "LS1 1AA")
    assert fast == slow
    assert hash(fast) == hash(slow)
    with pytest.raises(FrozenInstanceError):
        fast.line1 = "changed"  # type: ignore[misc]


def test_fast_constructor_covers_every_company_field() -> None:
    build = fast_constructor(CompanyRecord)
    values: list[object] = ["GB", "00000001", "ACME LTD", *[None] * 6, RegisteredAddress()]
    values += [*[None] * 13, (), (), None]
    assert build(*values) == CompanyRecord("GB", "00000001", "ACME LTD")
