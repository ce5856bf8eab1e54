"""The BasicCompanyData fast load path stores exactly what the general path stores."""

from __future__ import annotations

import dataclasses
from collections import Counter
from pathlib import Path
from typing import Any

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from sqlalchemy import text

from openkyb.registry import bulk_basic
from openkyb.registry.bulk_basic import basic_copy_chunks, basic_line
from openkyb.registry.bulk_basic_split import auto_basic_workers, split_copy_chunks
from openkyb.registry.copy_text import copy_line
from openkyb.registry.formats import RegistryFormat, get_registry_format
from openkyb.registry.load import load_registry
from openkyb.registry.load_common import RegistryLoadReport
from openkyb.registry.rows import COMPANY_COLUMNS, company_values
from openkyb.registry.sources.ch_basic import record_from_fields
from openkyb.registry.synthetic import generate_rows
from openkyb.store import migrate
from openkyb.store.db import Database
from tests.helpers import shared_data
from tests.registry.loadhelpers import BASIC_SAMPLE, MALFORMED, read_csv, write_csv

VERSION = "dsv_test"


def general_line(cells: list[str]) -> str | None:
    problems: list[str] = []
    record = record_from_fields(cells, problems)
    return None if record is None else copy_line(company_values(record, VERSION))


def assert_same_line(cells: list[str]) -> None:
    """The fast line equals the general one, or the row is left to the general path."""
    try:
        fast = basic_line(cells, VERSION)
    except bulk_basic._Unusual:
        return
    assert fast == general_line(cells)


def real_rows() -> list[list[str]]:
    rows = read_csv(shared_data(BASIC_SAMPLE))[1]
    rows += [r for r in read_csv(shared_data(MALFORMED))[1] if len(r) == 55]
    return rows


def test_real_sample_rows_give_the_general_line() -> None:
    rows = real_rows()
    assert len(rows) > 30
    for cells in rows:
        assert_same_line(cells)
    assert sum(1 for cells in rows if _is_fast(cells)) >= len(rows) // 2


def _is_fast(cells: list[str]) -> bool:
    try:
        basic_line(cells, VERSION)
    except bulk_basic._Unusual:
        return False
    return True


def test_generated_rows_give_the_general_line() -> None:
    rows = list(generate_rows(3000, seed=7))
    for cells in rows:
        assert_same_line(cells)
    assert all(_is_fast(cells) for cells in rows)  # synthetic rows are all ordinary


CELL = st.sampled_from(
    ["", " ", "12/10/2022", "31/02/2022", "1/1/2020", "7", "007", "x", "1234", "-1",
     "None Supplied", "62012 - Business and domestic software development", "a\tb", "c\\d",
     'say "hi"', "ACME LTD", "Active", "  LIQUIDATION ", "SW1A 1AA", "20-22 WENLOCK ROAD"]
)  # fmt: skip


@settings(max_examples=300, deadline=None)
@given(st.lists(CELL, min_size=55, max_size=55), st.sampled_from(["ACME LTD", "", " X "]))
def test_any_cells_give_the_general_line_or_fall_back(cells: list[str], name: str) -> None:
    cells[0] = name
    cells[1] = cells[1] or "123"
    assert_same_line(cells)


def test_a_bad_date_falls_back_to_the_general_path() -> None:
    cells = list(next(generate_rows(1, seed=3)))
    cells[14] = "31/02/2022"  # IncorporationDate
    with pytest.raises(bulk_basic._Unusual):
        basic_line(cells, VERSION)


def _slow_format() -> RegistryFormat:
    registry_format = get_registry_format("uk-ch-basic")
    assert registry_format is not None
    return dataclasses.replace(registry_format, name="uk-ch-basic-general")


def _rows(db: Database) -> dict[str, dict[str, Any]]:
    columns = ", ".join(c for c in COMPANY_COLUMNS if c != "version_id")
    with db.connection() as connection:
        result = connection.execute(text(f"SELECT {columns} FROM registry_companies"))
        return {row["number"]: dict(row) for row in result.mappings()}


def test_fast_and_general_paths_store_identical_rows(postgres_url: str, tmp_path: Path) -> None:
    header, sample = read_csv(shared_data(BASIC_SAMPLE))
    bad = list(sample[0])
    bad[14] = "31/02/2022"  # reported, loaded without it
    rows = [*sample, *generate_rows(2000, seed=11), bad[:20], bad]
    path = write_csv(tmp_path / "BasicCompanyData-2024-12-01.csv", header, rows)
    db = Database(postgres_url, pool_size=2)
    migrate.upgrade(db)
    try:
        basic = get_registry_format("uk-ch-basic")
        assert basic is not None
        fast = load_registry(db, basic, path, workers=0)
        fast_rows = _rows(db)
        general = load_registry(db, _slow_format(), path, workers=0, force=True)
        assert general.changed == general.added == general.removed == 0
        assert _rows(db) == fast_rows and len(fast_rows) == fast.records
        assert [(i.location, i.reason) for i in fast.issues] == [
            (i.location, i.reason) for i in general.issues
        ]
        assert fast.issue_count >= 2 and fast.published == "2024-12-01"
    finally:
        db.dispose()


def test_shared_conversion_gives_the_same_bytes_and_issues(tmp_path: Path) -> None:
    header = read_csv(shared_data(BASIC_SAMPLE))[0]
    rows = list(generate_rows(12_000, seed=13))
    rows[6000][14] = "31/02/2022"  # an issue in the worker's chunk (chunk 1)
    rows[7000] = rows[7000][:20]  # a broken row there too
    rows[11_000][13] = "99/99/9999"  # and one in the loading process's (chunk 2)
    path = write_csv(tmp_path / "BasicCompanyData-2024-12-01.csv", header, rows)
    alone = RegistryLoadReport("d", "uk-ch-basic", "companies")
    shared = RegistryLoadReport("d", "uk-ch-basic", "companies")
    words_alone: Counter[str] = Counter()
    words_shared: Counter[str] = Counter()
    expected = list(basic_copy_chunks(path, VERSION, alone, None, words_alone))
    seen: list[int] = []
    chunks = split_copy_chunks(path, VERSION, shared, seen.append, 1, words_shared)
    assert list(chunks) == expected
    assert sum(rows for _, rows in expected) == 11_999 and seen[-1] == 11_999
    assert words_shared == words_alone == _name_words(expected)
    assert shared.issues == alone.issues and len(alone.issues) == 3
    assert [i.location for i in alone.issues] == ["row 6002", "row 7002", "row 11002"]
    assert shared.published == alone.published == "2024-12-01"


@pytest.mark.parametrize("workers", [1, 2])
def test_shared_conversion_keeps_row_numbers_across_awkward_records(
    tmp_path: Path, workers: int
) -> None:
    """Multi-line records, a stray quote and blank lines in chunks a process does not convert
    (and so does not split) leave every row number and chunk where it was."""
    header = read_csv(shared_data(BASIC_SAMPLE))[0]
    rows = list(generate_rows(16_000, seed=21))
    for index in (2_500, 7_500, 12_500):  # one in each of the first three chunks
        rows[index][4] = "FIRST LINE\nSECOND LINE"  # a quoted newline: one record, two lines
    path = write_csv(tmp_path / "awkward.csv", header, rows)
    lines = path.read_text("utf-8").splitlines(keepends=True)
    lines.insert(6_000, '"A STRAY QUOTE LIMITED,"12345678","\n')  # chunk 1
    lines.insert(11_000, "\n")  # a blank line in chunk 2
    lines.insert(15_500, '"TRUNCATED LTD","87654321\n')  # chunk 3
    path.write_text("".join(lines), "utf-8")
    alone = RegistryLoadReport("d", "uk-ch-basic", "companies")
    shared = RegistryLoadReport("d", "uk-ch-basic", "companies")
    expected = list(basic_copy_chunks(path, VERSION, alone, None))
    assert list(split_copy_chunks(path, VERSION, shared, None, workers)) == expected
    assert sum(rows for _, rows in expected) == 16_000
    assert [(i.location, i.reason) for i in shared.issues] == [
        (i.location, i.reason) for i in alone.issues
    ]
    assert len(alone.issues) == 3


def _name_words(chunks: list[tuple[bytes, int]]) -> Counter[str]:
    """The words of the name keys in COPY text chunks."""
    position = COMPANY_COLUMNS.index("name_key")
    lines = (line for data, _ in chunks for line in data.decode().splitlines())
    return Counter(word for line in lines for word in line.split("\t")[position].split())


@pytest.mark.parametrize("size", [4_999, 5_000, 10_000, 15_001])
def test_shared_word_counts_whatever_chunk_ends_the_file(tmp_path: Path, size: int) -> None:
    header = read_csv(shared_data(BASIC_SAMPLE))[0]
    path = write_csv(tmp_path / "b.csv", header, list(generate_rows(size, seed=3)))
    words: Counter[str] = Counter()
    report = RegistryLoadReport("d", "uk-ch-basic", "companies")
    chunks = list(split_copy_chunks(path, VERSION, report, None, 2, words))
    assert sum(rows for _, rows in chunks) == size
    assert words == _name_words(chunks) and words.total() >= size


def test_small_files_are_converted_in_one_process(tmp_path: Path) -> None:
    small = tmp_path / "small.csv"
    small.write_text("x", "utf-8")
    assert auto_basic_workers(small) == 0
