"""The BasicCompanyData parser on the real samples, broken files, zips, folders and JSON."""

from __future__ import annotations

import csv
import io
import json
import textwrap
import zipfile
from collections.abc import Sequence
from datetime import date
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from openkyb.registry.formats import get_registry_format
from openkyb.registry.model import CompanyRecord, PreviousName, SicCode
from openkyb.registry.sources.ch_basic import (
    BASIC_HEADER,
    COLUMNS,
    iter_basic_rows,
    parse_basic,
    record_from_fields,
)
from openkyb.sources.model import ParseIssue
from openkyb.sources.registry import Published
from tests.helpers import shared_data

CH = "registries/uk_companies_house"
HEADER_LINE = ",".join(BASIC_HEADER) + "\n"


def _row(**cells: str) -> list[str]:
    row = [""] * len(COLUMNS)
    values = {"CompanyName": "ACME LTD", "CompanyNumber": "01234567", **cells}
    for key, value in values.items():
        first, last = key.replace("_", ".", 1), ".".join(key.rsplit("_", 1))
        column = next(c for c in (key, first, last) if c in COLUMNS)  # Accounts_X: Accounts.X
        row[COLUMNS.index(column)] = value
    return row


def _line(row: list[str]) -> str:
    return '"' + '","'.join(row) + '"\n'


def _split(items: Sequence[object]) -> tuple[list[CompanyRecord], list[ParseIssue]]:
    records = [i for i in items if isinstance(i, CompanyRecord)]
    issues = [i for i in items if isinstance(i, ParseIssue)]
    return records, issues


@pytest.mark.parametrize(
    ("relative", "count"),
    [
        ("bulk_samples/convert/input/product-217/sample.csv", 11),
        ("bulk_samples/convert/input/product-217-multiple", 11),  # one part is header-only
        ("basic_sample_mrbrianevans/basic-sample.csv", 31),
        ("psc_and_company_openownership/company-data-1.json", 2),
    ],
)
def test_every_real_sample_parses_without_issues(relative: str, count: int) -> None:
    records, issues = _split(list(parse_basic(shared_data(f"{CH}/{relative}"))))
    assert issues == []
    assert len(records) == count
    assert all(r.country == "GB" and len(r.number) == 8 and r.name for r in records)


def test_a_sample_row_is_read_field_by_field() -> None:
    path = shared_data(f"{CH}/bulk_samples/convert/input/product-217/sample.csv")
    first = next(r for r in parse_basic(path) if isinstance(r, CompanyRecord))
    assert first.number == "14413082"
    assert first.name == "! HEAL UR TECH LTD"
    assert first.status_code == "active"
    assert first.incorporation_date == date(2022, 10, 12)
    assert first.accounts_next_due == date(2024, 7, 12)
    assert first.accounts_category == "NO ACCOUNTS FILED"
    assert first.sic_codes == (
        SicCode("33140", "Repair of electrical equipment"),
        SicCode("47421", "Retail sale of mobile telephones"),
    )
    assert first.address.postcode == "GU1 4RY"
    assert first.address.care_of is None
    assert first.confirmation_next_due == date(2023, 10, 25)
    assert first.confirmation_last_made_up is None
    assert first.charges_total == 0


def test_the_hard_wrapped_file_is_reported_row_by_row() -> None:
    path = shared_data(f"{CH}/psc_and_company_openownership/basic-company-data-1.csv")
    records, issues = _split(list(parse_basic(path)))
    assert records == []
    assert [i.location for i in issues] == [f"row {n}" for n in range(1, 15)]
    assert "header has 7 columns, 1 of them unknown ('RegAddr')" in issues[0].reason
    assert "26 fields instead of 55 (lines 12-13)" in issues[11].reason
    assert all("broken" in i.reason for i in issues[1:])


def test_intact_rows_around_broken_ones_still_load(tmp_path: Path) -> None:
    good = _line(_row())
    wrapped = "\n".join(textwrap.wrap(_line(_row(CompanyNumber="07654321")), 120)) + "\n"
    path = tmp_path / "basic.csv"
    path.write_text(HEADER_LINE + good + wrapped + _line(_row(CompanyNumber="SC000001")))
    records, issues = _split(list(parse_basic(path)))
    assert [r.number for r in records] == ["01234567", "SC000001"]
    assert {i.location for i in issues} <= {"row 3", "row 4", "row 5", "row 6"}
    assert issues
    assert all("instead of 55" in i.reason for i in issues)


@pytest.mark.parametrize("good_after", [2, 40])
def test_a_stray_quote_costs_only_its_own_row(tmp_path: Path, good_after: int) -> None:
    stray = _line(_row(CompanyName='ACME 5" LTD'))  # an odd number of quotes
    goods = "".join(_line(_row(CompanyNumber=str(n))) for n in range(good_after))
    path = tmp_path / "basic.csv"
    path.write_text(HEADER_LINE + _line(_row()) + stray + goods)
    records, issues = _split(list(parse_basic(path)))
    assert len(records) == 1 + good_after
    assert [(i.location, i.reason) for i in issues] == [
        ("row 3", "a quoted value is never closed (a stray quote) (line 3)")
    ]


def test_bad_values_are_reported_and_the_row_still_loads(tmp_path: Path) -> None:
    path = tmp_path / "basic.csv"
    row = _row(IncorporationDate="31/02/2020", Mortgages_NumMortCharges="many")
    path.write_text(HEADER_LINE + _line(row) + _line(_row(CompanyName="")))
    records, issues = _split(list(parse_basic(path)))
    assert len(records) == 1
    assert records[0].incorporation_date is None
    assert records[0].charges_total is None
    assert [(i.location, i.reason.split(" ")[0]) for i in issues] == [
        ("row 2", "IncorporationDate"),
        ("row 2", "Mortgages.NumMortCharges"),
        ("row 3", "no"),
    ]


def test_quoted_cells_with_quotes_commas_and_newlines(tmp_path: Path) -> None:
    buffer = io.StringIO()
    writer = csv.writer(buffer, quoting=csv.QUOTE_ALL, lineterminator="\n")
    writer.writerow(_row(CompanyName='THE "QUOTED", LTD', RegAddress_AddressLine1="A\nB"))
    path = tmp_path / "basic.csv"
    path.write_text(HEADER_LINE + buffer.getvalue())
    records, issues = _split(list(parse_basic(path)))
    assert issues == []
    assert records[0].name == 'THE "QUOTED", LTD'
    assert records[0].address.line1 == "A\nB"


def test_numbers_previous_names_and_none_supplied(tmp_path: Path) -> None:
    row = _row(
        CompanyNumber="sc12345",
        SICCode_SicText_1="None Supplied",
        PreviousName_1_CONDATE="01/02/2003",
        PreviousName_1_CompanyName="OLD NAME LTD",
        CompanyStatus="In Administration/Administrative Receiver",
    )
    path = tmp_path / "basic.csv"
    path.write_text(HEADER_LINE + _line(row))
    (record,) = [r for r in parse_basic(path) if isinstance(r, CompanyRecord)]
    assert record.number == "SC012345"
    assert record.sic_codes == ()
    assert record.previous_names == (PreviousName("OLD NAME LTD", date(2003, 2, 1)),)
    assert record.status_code == "administration"


def test_zip_parts_and_the_published_date(tmp_path: Path) -> None:
    path = tmp_path / "BasicCompanyDataAsOneFile-2024-12-01.zip"
    with zipfile.ZipFile(path, "w") as archive:
        archive.writestr("part1.csv", HEADER_LINE + _line(_row()))
        archive.writestr("part2.csv", HEADER_LINE + "broken\n" + _line(_row(CompanyNumber="2")))
    items = list(parse_basic(path))
    assert items[0] == Published("2024-12-01")
    records, issues = _split(items)
    assert [r.number for r in records] == ["01234567", "00000002"]
    assert issues[0].location == "part2.csv row 2"


def test_json_lines_and_reordered_headers(tmp_path: Path) -> None:
    jsonl = tmp_path / "companies.jsonl"
    jsonl.write_text(json.dumps({" CompanyNumber": "1", "CompanyName": "A LTD"}) + "\nnot json\n")
    records, issues = _split(list(parse_basic(jsonl)))
    assert [r.number for r in records] == ["00000001"]
    assert issues[0].location == "record 2"
    reordered = tmp_path / "BasicCompanyData-2024-11-01-part1_2.csv"
    reordered.write_text(' CompanyNumber,CompanyName\n"5","B LTD"\n')
    items = list(parse_basic(reordered))
    assert items[0] == Published("2024-11-01")
    records, issues = _split(items)
    assert issues == []
    assert [(r.number, r.name) for r in records] == [("00000005", "B LTD")]


def test_a_file_that_is_not_basic_company_data_is_refused(tmp_path: Path) -> None:
    path = tmp_path / "other.csv"
    path.write_text("name,number\nACME,1\n")
    with pytest.raises(ValueError, match="not a BasicCompanyData file"):
        list(parse_basic(path))
    with pytest.raises(ValueError, match="does not exist"):
        list(parse_basic(tmp_path / "missing.csv"))


def test_raw_rows_come_in_the_standard_column_order(tmp_path: Path) -> None:
    path = tmp_path / "basic.csv"
    path.write_text(HEADER_LINE + _line(_row()))
    (item,) = list(iter_basic_rows(path))
    assert item == ("row 2", _row())


def test_the_format_is_registered() -> None:
    registry_format = get_registry_format("uk-ch-basic")
    assert registry_format is not None
    assert registry_format.kind == "companies"
    assert registry_format.dataset_for(Path("x.csv")) == "gb-companies-house"


_cells = st.lists(st.text(max_size=30), min_size=0, max_size=60)


@settings(max_examples=150, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(rows=st.lists(_cells, max_size=5))
def test_arbitrary_csv_cells_never_crash(tmp_path: Path, rows: list[list[str]]) -> None:
    buffer = io.StringIO()
    csv.writer(buffer, quoting=csv.QUOTE_ALL).writerows(rows)
    path = tmp_path / "fuzz.csv"
    path.write_text(HEADER_LINE + buffer.getvalue(), encoding="utf-8", errors="replace")
    for item in parse_basic(path):
        assert isinstance(item, CompanyRecord | ParseIssue)


@settings(max_examples=150, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(lines=st.lists(st.text(max_size=200), max_size=6))
def test_arbitrary_lines_never_crash(tmp_path: Path, lines: list[str]) -> None:
    path = tmp_path / "fuzz.csv"
    path.write_text(HEADER_LINE + "\n".join(lines), encoding="utf-8", errors="replace")
    for item in parse_basic(path):
        assert isinstance(item, CompanyRecord | ParseIssue)


@given(cells=st.lists(st.text(max_size=20), min_size=55, max_size=55))
def test_any_55_cells_give_a_record_or_a_reason(cells: list[str]) -> None:
    problems: list[str] = []
    record = record_from_fields(cells, problems)
    assert record is not None or problems


def test_the_keyword_fallback_builds_the_same_record(monkeypatch: pytest.MonkeyPatch) -> None:
    from openkyb.registry.sources import ch_basic

    row = _row(IncorporationDate="01/02/2003", SICCode_SicText_1="99999 - Dormant Company")
    fast = record_from_fields(row, [])
    monkeypatch.setattr(ch_basic, "_POSITIONAL", False)
    assert record_from_fields(row, []) == fast
