"""The parser of OpenSanctions' curated CSV lists (one folder, one CSV, own columns)."""

from __future__ import annotations

import contextlib
import csv
import io
import tempfile
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from openkyb.sources import os_curated
from openkyb.sources.model import Address, Entity, Identifier, Name, NameType, Schema
from openkyb.sources.os_curated_columns import ROLES
from tests.sources.shared_data import sample, split


@pytest.mark.parametrize(
    ("folder", "rows", "count", "delisted", "names"),
    [
        ("bg_mft_national", 19, 19, 0, 30),
        ("ch_fiaa_freezes", 158, 55, 103, 66),  # 103 freezes have been lifted
        ("cn_sanctions", 610, 454, 3, 923),  # targets repeated in several announcements
        ("us_bis_mieu", 13, 13, 0, 22),
        ("us_cuba_sanctions", 239, 239, 0, 296),
        ("us_dod_chinese_milcorps", 397, 208, 19, 326),  # one row per year of designation
        ("us_fincen_special_measures", 490, 396, 0, 533),  # plus 2 "Burma" jurisdiction rows
    ],
)
def test_real_lists(folder: str, rows: int, count: int, delisted: int, names: int) -> None:
    path = sample("sanctions", "opensanctions_curated", folder)
    entities, issues, published = split(os_curated.parse(path))
    assert published == []
    assert len(entities) == count
    assert sum(i.reason.startswith("delisted on") for i in issues) == delisted
    assert len(issues) == delisted + (2 if folder == "us_fincen_special_measures" else 0)
    assert len({e.id for e in entities}) == count
    assert sum(len(e.names) for e in entities) == names
    assert {e.list_name for e in entities} == {f"OpenSanctions: {folder}"}
    assert os_curated.dataset_for(path) == f"os_{folder}"
    csv_file = next(path.glob("*.csv"))
    assert os_curated.dataset_for(csv_file) == f"os_{folder}"
    with csv_file.open(encoding="utf-8") as handle:
        assert sum(1 for _ in csv.DictReader(handle)) == rows


def _by_id(folder: str) -> dict[str, Entity]:
    path = sample("sanctions", "opensanctions_curated", folder)
    return {e.id: e for e in split(os_curated.parse(path))[0]}


def test_real_entities() -> None:
    bg = _by_id("bg_mft_national")
    fadi = bg["III-2"]  # Section + Number
    assert fadi.names == [Name("Al Abdallah Fadi"), Name("Ал Абдалах Фади", NameType.ALIAS)]
    assert fadi.birth_dates == ["1991-02-25"]
    assert fadi.identifiers == [Identifier("national_id", "138027")]
    assert fadi.listed_on == "2016-08-23"
    assert bg["III-1"].primary_name == "ТОНИ РАДЕВ МИЛЕНОВ"

    cn = _by_id("cn_sanctions")
    taiclet = cn["james-donald-taiclet"]  # three announcements, one target
    assert taiclet.schema is Schema.PERSON
    assert taiclet.programs == ["UEL", "AFSL", "List of Targets of Countermeasures"]
    assert taiclet.topics == ["sanction_counter"]
    assert taiclet.listed_on == "2023-02-16"  # "16.02.23"
    assert Identifier("other", "Q110610881", note="Wikidata") in taiclet.identifiers

    dod = _by_id("us_dod_chinese_milcorps")
    qihoo = dod["360-security-technology-inc"]
    assert qihoo.names == [Name("360 Security Technology Inc."), Name("Qihoo 360", NameType.ALIAS)]
    assert qihoo.listed_on == "2022-10-05"
    assert "yangtze-memory-technologies-co-ltd" in dod  # delisted 2026-02-17, relisted 2026-06-08
    assert "costar-group-co-ltd" not in dod  # its latest listing ended on 2026-02-17

    fincen = _by_id("us_fincen_special_measures")
    ablv = fincen["ablv-bank"]
    assert ablv.countries == ["LV"]
    assert ablv.addresses == [Address("Riga, Latvia", country="LV")]
    assert ablv.topics == ["sanction"]
    assert fincen["ernests-bernis"].topics == ["sanction_linked"]  # an owner

    cuba = _by_id("us_cuba_sanctions")
    cimex = cuba["corporacion-cimex-s-a"]  # the list's own Id column
    assert cimex.names == [Name("Corporación CIMEX S.A."), Name("CIMEX", NameType.WEAK_ALIAS)]

    mieu = _by_id("us_bis_mieu")
    assert mieu["directorate-of-military-intelligence"].topics == ["export_control"]


def _csv(header: list[str], rows: list[list[str]]) -> str:
    out = io.StringIO()
    writer = csv.writer(out)
    writer.writerow(header)
    writer.writerows(rows)
    return out.getvalue()


def test_fixture_merges_rows_and_reports_bad_ones(tmp_path: Path) -> None:
    folder = tmp_path / "xx_list"
    folder.mkdir()
    header = ["Type", "Name", "Alias", "Country", "Birth date", "Passport", "Program",
              "Start date", "End date", "Notes", "Relationship", "Shoe size"]  # fmt: skip
    rows = [
        ["Person", "Ivan Petrov*", "Vanya; I. Petrov", "Russia", "1970", "P1", "P-A",
         "2020-01-01", "", "first", "self", "44"],
        ["Person", "Ivan Petrov", "", "RU", "1971", "", "P-B", "2022-01-01", "", "second",
         "", ""],
        ["Company", "Old Co", "", "", "", "", "", "2019-01-01", "2021-05-05", "", "", ""],
        ["Company", "Old Co", "", "", "", "", "", "2018-01-01", "", "", "", ""],
        ["Organization", "", "", "", "", "", "", "", "", "", "", ""],
        ["Organization", "Islamic Republic of Iran", "", "", "", "", "", "", "", "", "", ""],
        ["Company", "Front LLC", "", "", "", "", "", "", "", "", "owner", ""],
    ]  # fmt: skip
    (folder / "list.csv").write_text(_csv(header, rows), encoding="utf-8")
    entities, issues, _ = split(os_curated.parse(folder))
    assert [(i.location, i.reason) for i in issues] == [
        ("list.csv row 6", "no name"),
        ("list.csv row 7", "measure against a jurisdiction, not a party: Islamic Republic of Iran"),
        ("record old-co", "delisted on 2021-05-05: no longer listed"),  # latest row ended
    ]
    petrov, front = entities
    assert petrov.id == "ivan-petrov"
    assert petrov.names == [
        Name("Ivan Petrov"),  # footnote marker removed
        Name("Vanya", NameType.ALIAS),
        Name("I. Petrov", NameType.ALIAS),
    ]
    assert petrov.birth_dates == ["1970", "1971"]
    assert petrov.countries == ["RU"]
    assert petrov.identifiers == [Identifier("passport", "P1")]
    assert petrov.programs == ["P-A", "P-B"]
    assert petrov.listed_on == "2020-01-01"
    assert petrov.remarks == "first\nsecond"
    assert petrov.topics == ["sanction"]
    assert front.schema is Schema.COMPANY
    assert front.topics == ["sanction_linked"]
    assert front.remarks == "Relationship: owner"
    assert os_curated.dataset_for(folder) == "os_xx_list"


def test_people_lists_without_type_and_unknown_layouts(tmp_path: Path) -> None:
    people = tmp_path / "people.csv"
    people.write_text(_csv(["Name", "Birth date", "Delisted"], [["Ann Lee", "1.2.1960", ""]]))
    (lee,) = split(os_curated.parse(people))[0]
    assert lee.schema is Schema.PERSON
    assert lee.birth_dates == ["1960-02-01"]
    unknown = tmp_path / "unknown.csv"
    unknown.write_text(_csv(["Foo", "Bar"], [["1", "2"], ["3", "4"]]))
    entities, issues, _ = split(os_curated.parse(unknown))
    assert entities == []
    assert [i.reason for i in issues] == ["no name column in this layout: foo, bar"] * 2
    with pytest.raises(ValueError, match=r"no \.csv file"):
        list(os_curated.parse(tmp_path / "missing_folder"))


_cell = st.text(st.characters(exclude_categories=("Cs",), exclude_characters="\x00"), max_size=25)


@settings(max_examples=80, deadline=None)
@given(
    st.lists(st.sampled_from(sorted(ROLES)), min_size=1, max_size=8, unique=True),
    st.lists(st.lists(_cell, max_size=9), max_size=6),
)
def test_arbitrary_layouts_never_crash(header: list[str], rows: list[list[str]]) -> None:
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / "list.csv"
        path.write_text(_csv(header, rows), encoding="utf-8")
        split(os_curated.parse(path))


@settings(max_examples=40, deadline=None)
@given(st.binary(max_size=300))
def test_arbitrary_bytes_never_crash(content: bytes) -> None:
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / "list.csv"
        path.write_bytes(content)
        with contextlib.suppress(ValueError):  # documented: not a readable CSV
            split(os_curated.parse(path))
