"""The synthetic BasicCompanyData generator: format, determinism, realism, round trip."""

from __future__ import annotations

import re
from collections import Counter
from pathlib import Path

from openkyb.registry.model import CompanyRecord
from openkyb.registry.sources.ch_basic import BASIC_HEADER, parse_basic
from openkyb.registry.synthetic import CSV_HEADER, generate_rows, write_basic_company_data
from openkyb.sources.model import ParseIssue

POSTCODE = re.compile(r"[A-Z]{1,2}[0-9][0-9A-Z]? [0-9][ABD-HJLNP-UW-Z]{2}")


def test_the_header_is_the_real_one() -> None:
    assert CSV_HEADER == BASIC_HEADER
    assert CSV_HEADER[1] == " CompanyNumber"  # the stray space of the real file
    assert len(CSV_HEADER) == 55


def test_rows_are_deterministic_for_a_seed() -> None:
    assert list(generate_rows(200, seed=3)) == list(generate_rows(200, seed=3))
    assert list(generate_rows(50, seed=3)) != list(generate_rows(50, seed=4))


def test_the_written_file_round_trips_through_the_parser(tmp_path: Path) -> None:
    path = tmp_path / "BasicCompanyData-2024-12-01-part1_1.csv"
    seen: list[int] = []
    assert write_basic_company_data(path, 3000, seed=1, progress=seen.append) == 3000
    assert seen[-1] == 3000
    first_line = path.read_text().splitlines()[0]
    assert first_line == ",".join(BASIC_HEADER)
    items = list(parse_basic(path))
    assert [i for i in items if isinstance(i, ParseIssue)] == []
    records = [i for i in items if isinstance(i, CompanyRecord)]
    assert len(records) == 3000
    assert len({r.number for r in records}) == 3000


def _records(count: int) -> list[CompanyRecord]:
    from openkyb.registry.sources.ch_basic import record_from_fields

    problems: list[str] = []
    records = [record_from_fields(row, problems) for row in generate_rows(count, seed=11)]
    assert problems == []
    return [r for r in records if r is not None]


def test_the_register_looks_real() -> None:
    records = _records(20_000)
    statuses = Counter(r.status_code for r in records)
    assert 0.8 < statuses["active"] / len(records) < 0.95
    assert {"liquidation", "proposal_to_strike_off", "administration", "dissolved"} <= set(statuses)
    categories = Counter(r.accounts_category for r in records)
    assert {"DORMANT", "NO ACCOUNTS FILED", "MICRO ENTITY", "FULL"} <= set(categories)
    assert all(POSTCODE.fullmatch(r.address.postcode or "") for r in records)
    prefixes = Counter(r.number[:2] for r in records if not r.number.isdigit())
    assert {"SC", "NI", "OC"} <= set(prefixes)
    assert all(1 <= len(r.sic_codes) <= 4 and r.sic_codes[0].text for r in records)
    assert any(r.previous_names for r in records)
    years = {r.incorporation_date.year // 10 for r in records if r.incorporation_date}
    assert len(years) >= 6  # spread over decades
    overdue = [r for r in records if r.accounts_next_due and r.accounts_next_due.year < 2024]
    assert overdue


def test_formation_agents_hold_clusters_of_companies() -> None:
    records = _records(20_000)
    addresses = Counter((r.address.line1, r.address.postcode) for r in records)
    (_, biggest), *_ = addresses.most_common(1)
    assert biggest > 200  # thousands per address at full scale


def test_names_are_varied_with_legal_forms_and_near_duplicates() -> None:
    names = [r.name for r in _records(20_000)]
    assert len(set(names)) > 0.98 * len(names)
    words = Counter(w for n in names for w in n.split())
    assert words["SERVICES"] > words["PHARMACY"] > 0  # common words are common
    for form in ("LIMITED", "LTD", "PLC", "LLP", "CIC", "&", "(THE)"):
        assert any(form in n.split() or n.endswith(form) for n in names), form
    stems = Counter(" ".join(n.split()[:2]) for n in names)
    assert stems.most_common(1)[0][1] > 20  # many companies share a stem
