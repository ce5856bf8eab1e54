"""Companies House Product 101 (daily changes) and 183 (snapshot) fixed-width parsers."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from openkyb.registry.formats import get_registry_format
from openkyb.registry.model import CompanyChange, CompanyRecord, SicCode
from openkyb.registry.sources.ch_product101 import parse_product101, transaction
from openkyb.registry.sources.ch_product183 import parse_product183, snapshot_record
from openkyb.sources.model import ParseIssue
from openkyb.sources.registry import Published
from tests.helpers import shared_data

SAMPLES = "registries/uk_companies_house/bulk_samples"


def _kinds(items: Sequence[object]) -> dict[str, int]:
    counts: dict[str, int] = {}
    for item in items:
        counts[type(item).__name__] = counts.get(type(item).__name__, 0) + 1
    return counts


@pytest.mark.parametrize(
    ("relative", "records", "published"),
    [
        ("convert/input/product-183/sample.dat", 11, "2022-03-02"),
        ("convert/input/product-183-multiple/sample-1.dat", 10, "2022-03-02"),
        ("convert/input/product-183-multiple/sample-2.dat", 10, "2022-03-02"),
        ("snapshot/input/product-183/sample.dat", 9, "2022-03-02"),
    ],
)
def test_every_snapshot_sample_parses(relative: str, records: int, published: str) -> None:
    items = list(parse_product183(shared_data(f"{SAMPLES}/{relative}")))
    assert _kinds(items) == {"Published": 1, "CompanyRecord": records}
    assert items[0] == Published(published)


def test_a_snapshot_record_field_by_field() -> None:
    path = shared_data(f"{SAMPLES}/convert/input/product-183/sample.dat")
    records = [r for r in parse_product183(path) if isinstance(r, CompanyRecord)]
    first = records[0]
    assert (first.number, first.name) == ("00000118", "ASHFORD CATTLE MARKET COMPANY LIMITED(THE)")
    assert first.incorporation_date == date(1856, 9, 25)
    assert first.accounts_last_made_up == date(2020, 7, 31)
    assert first.confirmation_last_made_up == date(2021, 12, 18)
    assert (first.accounts_ref_day, first.accounts_ref_month) == (31, 7)
    assert first.category == "Private Limited Company"
    assert first.accounts_category == "SMALL"
    assert first.address.line1 == "11 BANK STREET"
    assert first.address.postcode == "TN23 1DA"
    liquidation = next(r for r in records if r.number == "00002537")  # inspect marker L
    assert liquidation.status_code == "liquidation"
    society = records[-1]
    assert society.number == "SP29395R"
    assert society.category == "Registered Society"
    assert society.accounts_ref_day is None  # written 99/99
    assert society.accounts_category == "NO ACCOUNTS FILED"


def _change_samples() -> list[Path]:
    root = shared_data(SAMPLES)
    return sorted(p for p in root.rglob("*.txt") if "product-101" in str(p))


def test_every_change_sample_parses() -> None:
    files = _change_samples()
    assert len(files) == 25
    totals: dict[str, int] = {}
    for path in files:
        items = list(parse_product101(path))
        assert isinstance(items[0], Published)
        for kind, count in _kinds(items).items():
            totals[kind] = totals.get(kind, 0) + count
    assert totals == {"Published": 25, "CompanyChange": 83}


def test_change_kinds_and_fields() -> None:
    path = shared_data(f"{SAMPLES}/snapshot/input/product-101")
    changes = [c for c in parse_product101(path) if isinstance(c, CompanyChange)]
    new = next(c for c in changes if c.number == "FC039386")
    assert new.kind == "new"
    assert new.record is not None
    assert new.record.name == "CAPE PTY LTD"
    assert new.record.status_code == "active"
    assert new.effective == date(2022, 3, 22)
    address = next(c for c in changes if c.number == "00005292" and "address" in c.fields)
    assert address.kind == "amended"
    assert address.record is not None
    assert address.record.address.postcode == "B37 7ES"
    sic = next(c for c in changes if c.fields == ("sic_codes",) and c.number == "00003543")
    assert sic.record is not None
    assert sic.record.sic_codes == tuple(SicCode(c) for c in ("29320", "30110", "30990", "32990"))


def test_an_address_broken_by_a_crlf_stays_one_record() -> None:
    path = shared_data(f"{SAMPLES}/snapshot/input/product-101/2023/09/30/Prod101_3536_all_opt.txt")
    items = list(parse_product101(path))
    assert _kinds(items) == {"Published": 1, "CompanyChange": 1}
    change = items[1]
    assert isinstance(change, CompanyChange)
    assert change.record is not None
    assert change.record.address.postcode == "RM18 7ER"


def _line101(code: str, number: str = "01234567", **slices: str) -> bytes:
    line = bytearray(b" " * 360)
    line[0:8] = number.encode()
    line[10:12] = code.encode()
    line[12:13] = b"0"
    for start, value in ((int(k[1:]), v) for k, v in slices.items()):
        line[start : start + len(value)] = value.encode()
    return bytes(line)


@pytest.mark.parametrize(
    ("code", "kind", "status"),
    [
        ("17", "amended", "proposal_to_strike_off"),
        ("18", "amended", "dissolved"),
        ("16", "amended", "converted"),
        ("12", "amended", "voluntary_arrangement"),
        ("19", "deleted", None),
    ],
)
def test_status_transactions(code: str, kind: str, status: str | None) -> None:
    problems: list[str] = []
    change = transaction(_line101(code, p42="20240105", p58="20240101"), problems)
    assert problems == []
    assert change is not None
    assert change.kind == kind
    assert (change.record.status_code if change.record else None) == status
    assert change.effective == (date(2024, 1, 5) if code in ("17", "18") else date(2024, 1, 1))


def test_unknown_records_become_issues_with_their_line(tmp_path: Path) -> None:
    path = tmp_path / "Prod101_1.txt"
    path.write_bytes(
        b"AAAAAAAA000120240102\n" + _line101("77") + b"\nshort\n" + _line101("08") + b"\n"
    )
    items = list(parse_product101(path))
    issues = [i for i in items if isinstance(i, ParseIssue)]
    assert [i.location for i in issues] == ["line 2", "line 3"]
    assert "unknown transaction type '77'" in issues[0].reason
    assert _kinds(items)["CompanyChange"] == 1
    snapshot = tmp_path / "snapshot.dat"
    snapshot.write_bytes(b"AAAAAAAA0001xxxxxxxx\nshort line\n99999999000000\n")
    issues = [i for i in parse_product183(snapshot) if isinstance(i, ParseIssue)]
    assert [i.location for i in issues] == ["line 1", "line 2"]


def test_the_formats_are_registered() -> None:
    changes, snapshot = get_registry_format("uk-ch-changes"), get_registry_format("uk-ch-snapshot")
    assert changes is not None and changes.kind == "changes"
    assert snapshot is not None and snapshot.kind == "companies"


@settings(max_examples=200, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(lines=st.lists(st.binary(max_size=420), max_size=5))
def test_arbitrary_lines_never_crash(tmp_path: Path, lines: list[bytes]) -> None:
    path = tmp_path / "fuzz.txt"
    path.write_bytes(b"\n".join(lines))
    for item in [*parse_product101(path), *parse_product183(path)]:
        assert isinstance(item, CompanyChange | CompanyRecord | ParseIssue | Published)


@given(line=st.binary(min_size=311, max_size=500))
def test_any_long_line_gives_a_record_or_a_reason(line: bytes) -> None:
    problems: list[str] = []
    assert snapshot_record(line, problems) is not None or problems
    problems.clear()
    assert transaction(line, problems) is not None or problems
