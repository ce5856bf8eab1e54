"""The Australia DFAT Consolidated List parser."""

from __future__ import annotations

import contextlib
import tempfile
from datetime import datetime
from pathlib import Path
from typing import Any

import openpyxl  # type: ignore[import-untyped]
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from openkyb.sources import au_dfat
from openkyb.sources.model import Address, Identifier, Name, NameType, Schema
from tests.sources.shared_data import sample, split

HEADER = [
    "Reference",
    "Name of Individual or Entity",
    "Type",
    "Name Type",
    "Date of Birth",
    "Place of Birth",
    "Citizenship",
    "Address",
    "Additional Information",
    "Listing Information",
    "Committees",
    "Control Date",
]


def test_real_file() -> None:
    path = sample("sanctions", "au_dfat_2024-12", "regulation8_consolidated.xlsx")
    entities, issues, published = split(au_dfat.parse(path))
    # 9,560 data rows: 9,553 name rows (7 empty trailing rows) for 3,062 listings
    assert issues == []
    assert published == []
    assert len(entities) == 3062
    assert sum(e.schema is Schema.PERSON for e in entities) == 2316
    assert sum(len(e.names) for e in entities) == 9518  # 35 rows repeat a name of their listing
    by_id = {e.id: e for e in entities}

    akhund = by_id["2"]
    assert akhund.names == [
        Name("MOHAMMAD HASSAN AKHUND"),
        Name("محمد حسن أخوند", NameType.ALIAS),
    ]
    # "a) Approximately 1955- 1958 b) Approximately 1945-1950"
    assert akhund.birth_dates == ["1955", "1956", "1957", "1958"] + [
        str(y) for y in range(1945, 1951)
    ]
    assert akhund.nationalities == ["AF"]
    assert akhund.addresses == []  # "NA"
    assert akhund.programs == ["1988 (Taliban)"]
    assert akhund.listed_on == "2001-01-25"

    arbabsiar = by_id["1280"]  # the primary row has "Primary name " with a trailing space
    assert arbabsiar.names == [Name("Manssor Arbabsiar"), Name("Mansour Arbabsiar", NameType.ALIAS)]
    assert arbabsiar.birth_dates == ["1955-03-15", "1955-03-06"]
    assert arbabsiar.nationalities == ["IR", "US"]  # "Iran and United States"

    shipping = by_id["3164"]
    assert shipping.schema is Schema.ORGANIZATION
    assert shipping.identifiers == [Identifier("imo", "5342883")]
    assert shipping.countries == ["KP"]
    assert au_dfat.dataset_for(path) == "au_dfat_sanctions"


def _workbook(path: Path, rows: list[list[Any]], title: bool = False) -> Path:
    workbook = openpyxl.Workbook()
    sheet = workbook.active
    if title:
        sheet.append(["Consolidated List"])
    for row in rows:
        sheet.append(row)
    workbook.save(path)
    return path


def test_fixture_groups_name_rows_and_reports_bad_ones(tmp_path: Path) -> None:
    rows = [
        # columns reordered and one added: mapping is by header text
        ["Name Type", "Reference", "Name of Individual or Entity", "Type", "Date of Birth",
         "Citizenship", "Address", "Listing Information", "Committees", "Extra"],
        ["Primary Name", 7, "Ivan PETROV", "Individual", datetime(1970, 1, 2), "Russian",
         "a) Moscow, Russia b) NA", "Listed on 3 Mar. 2022", "Autonomous (Russia)", "x"],
        ["aka", "7a", "Ivan PETROFF", "Individual", "1971", "Russian", None, None, None],
        ["Original Script", "7b", "Иван ПЕТРОВ", "Individual", None, None, None, None, None],
        ["aka", "xyz", "No Reference", "Entity", None, None, None, None, None],
        ["aka", "8a", None, "Entity", None, None, None, None, None],
        [None] * 9,
        ["Primary name ", "8", "ACME LLC", "Entity ", None, "Syria", "Damascus, Syria",
         datetime(2020, 5, 6), "Autonomous (Syria)"],
        ["Formerly known as", "7c", "Ivan Old", "Individual", None, None, None, None, None],
    ]  # fmt: skip
    path = _workbook(tmp_path / "list.xlsx", rows, title=True)
    entities, issues, _ = split(au_dfat.parse(path))
    assert [(i.location, i.reason) for i in issues] == [
        ("row 6", "no numeric Reference: 'xyz'"),
        ("row 7", "no name"),
    ]
    petrov, acme = entities
    assert petrov.id == "7"
    assert petrov.names == [
        Name("Ivan PETROV"),
        Name("Ivan PETROFF", NameType.ALIAS),
        Name("Иван ПЕТРОВ", NameType.ALIAS),
        Name("Ivan Old", NameType.PREVIOUS),  # rows of one listing need not be adjacent
    ]
    assert petrov.birth_dates == ["1970-01-02", "1971"]
    assert petrov.nationalities == ["RU"]
    assert petrov.addresses == [Address("Moscow, Russia", country="RU")]
    assert petrov.listed_on == "2022-03-03"
    assert petrov.programs == ["Autonomous (Russia)"]
    assert acme.schema is Schema.ORGANIZATION
    assert acme.countries == ["SY"]  # address and citizenship of an entity
    assert acme.listed_on == "2020-05-06"


def test_wrong_input_is_a_value_error(tmp_path: Path) -> None:
    path = tmp_path / "list.xlsx"
    path.write_text("Reference,Name\n1,foo\n")
    with pytest.raises(ValueError, match=r"not an \.xlsx workbook"):
        list(au_dfat.parse(path))
    _workbook(path, [["Name", "Country"], ["foo", "bar"]])
    with pytest.raises(ValueError, match="no sheet with"):
        list(au_dfat.parse(path))


_cell = st.one_of(
    st.none(),
    st.integers(-5, 3000),
    st.text(st.characters(exclude_categories=("Cs", "Cc")), max_size=30),
    st.datetimes(min_value=datetime(1900, 1, 1), max_value=datetime(2100, 1, 1)),
)


@settings(max_examples=40, deadline=None)
@given(st.lists(st.lists(_cell, min_size=1, max_size=12), max_size=6))
def test_arbitrary_rows_never_crash(rows: list[list[Any]]) -> None:
    with tempfile.TemporaryDirectory() as folder:
        path = _workbook(Path(folder) / "list.xlsx", [HEADER, *rows])
        split(au_dfat.parse(path))


@settings(max_examples=30, deadline=None)
@given(st.binary(max_size=200))
def test_arbitrary_bytes_are_rejected_cleanly(content: bytes) -> None:
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / "list.xlsx"
        path.write_bytes(content)
        with contextlib.suppress(ValueError):  # documented: not a DFAT workbook
            split(au_dfat.parse(path))
