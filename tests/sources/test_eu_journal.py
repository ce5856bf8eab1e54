"""The EU Official Journal designations parser (a folder of CSVs, one per legal act)."""

from __future__ import annotations

import contextlib
import csv
import io
import tempfile
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from openkyb.sources import eu_journal
from openkyb.sources.model import Address, Identifier, Name, NameType, Schema
from tests.sources.shared_data import sample, split

HEADER = [
    "celex", "recordId", "programKey", "annex", "measure", "startDate", "reason", "schema",
    "name", "alias", "weakAlias", "previousName", "country", "nationality", "birthDate",
    "birthPlace", "position", "passportNumber", "gender", "registrationNumber", "taxNumber",
    "idNumber", "innCode", "imoNumber", "address", "notes",
]  # fmt: skip


def test_real_folder() -> None:
    path = sample("sanctions", "eu_journal_2026-08", "consolidated")
    entities, issues, published = split(eu_journal.parse(path))
    # 8,017 rows in 45 CSVs (8 of them header only): 7,988 listings and 29 Asset rows
    assert len(entities) == 7988
    assert len(issues) == 29
    assert all(i.reason.startswith("asset record, not a party") for i in issues)
    assert published == []
    assert len({e.id for e in entities}) == 7988  # act + annex + record number
    counts = {s: sum(e.schema is s for e in entities) for s in Schema}
    assert counts == {
        Schema.PERSON: 4500,
        Schema.ORGANIZATION: 2580,  # 2,553 LegalEntity + 27 Organization
        Schema.COMPANY: 200,
        Schema.VESSEL: 708,
        Schema.AIRCRAFT: 0,
    }
    assert sum(len(e.names) for e in entities) == 20934
    by_id = {e.id: e for e in entities}

    sirius = by_id["32014R0833-IV-1"]  # record 1 of Annex IV; Annex III has its own record 1
    assert sirius.names == [
        Name("JSC Sirius"),
        Name(
            "Открытое Акционерное Общество «Концерн «Сириус» (ОАО «Концерн «Сириус»)",
            NameType.ALIAS,
        ),
        Name("JSC Concern Sirius", NameType.ALIAS),
        Name("Kontsern Sirius", NameType.ALIAS),
    ]
    assert sirius.identifiers == [Identifier("registration", "7704730655", note="Tax ID/INN")]
    assert sirius.topics == ["export_control"]
    assert sirius.listed_on == "2014-09-12"
    assert sirius.countries == ["RU"]
    assert by_id["32014R0833-III-1"].primary_name == "SBERBANK"

    menyailo = by_id["32014R0269-I.PERSONS-37"]
    assert menyailo.birth_dates == ["1960-08-22"]
    assert menyailo.gender == "male"
    assert menyailo.programs == ["EU-UKR"]
    assert by_id["32018R1542-I.A-12"].primary_name == menyailo.primary_name  # also listed there

    abubakar = by_id["32002R0881-I-abdulpatta-escalon-abubakar"]  # no record number: name slug
    assert abubakar.birth_dates == ["1965-03-03", "1965-01-01", "1965-01-11"]
    assert Identifier("national_id", "2135314355", "SA") in abubakar.identifiers

    angara = by_id["32014R0833-XLII-1"]
    assert angara.schema is Schema.VESSEL
    assert angara.identifiers == [Identifier("imo", "9179842")]
    assert eu_journal.dataset_for(path) == "eu_journal_sanctions"


def _csv(rows: list[dict[str, str]], header: list[str] = HEADER) -> str:
    out = io.StringIO()
    writer = csv.DictWriter(out, fieldnames=header)
    writer.writeheader()
    writer.writerows(rows)
    return out.getvalue()


ROWS = [
    {"celex": "32099R0001", "recordId": "1", "programKey": "EU-XXX", "annex": "I",
     "measure": "Asset freeze", "startDate": "5.6.2020", "schema": "Person",
     "name": "Anna; Maria KOVA", "alias": "Anna Kova; \"Ann K (Date of birth: 1.1.1970)\"",
     "weakAlias": "Annie", "nationality": "Russian; Belarus", "gender": "Female",
     "birthDate": "(a) 1.2.1970, (b) circa 1971", "birthPlace": "Minsk; Moscow",
     "passportNumber": "AB123 (Russia); CD456", "position": "Minister; Deputy",
     "address": "(a) Moscow, Russia (b) Minsk, Belarus", "reason": "Reason; with semicolon"},
    {"celex": "32099R0001", "recordId": "2", "programKey": "EU-XXX", "annex": "II",
     "measure": "Export control", "schema": "Company", "name": "Kova Trading LLC",
     "registrationNumber": "1027700000000", "innCode": "7700000000"},
    {"celex": "32099R0001", "annex": "III", "schema": "Person", "name": "No Number"},
    {"celex": "32099R0001", "annex": "III", "schema": "Person", "name": "No Number"},
    {"celex": "32099R0001", "recordId": "3", "annex": "IV", "schema": "Asset", "name": "A Port"},
    {"celex": "32099R0001", "recordId": "4", "annex": "IV", "schema": "Ship", "name": "X"},
    {"celex": "32099R0001", "recordId": "5", "annex": "IV", "schema": "Vessel", "name": ""},
]  # fmt: skip


def test_fixture_folder_with_broken_rows(tmp_path: Path) -> None:
    (tmp_path / "32099R0001.csv").write_text(_csv(ROWS), encoding="utf-8")
    other = {"celex": "32099R0002", "recordId": "1", "annex": "I", "schema": "Vessel",
             "name": "SEA STAR", "imoNumber": "9123456"}  # fmt: skip
    (tmp_path / "32099R0002.csv").write_text(_csv([other]), encoding="utf-8")
    (tmp_path / "readme.csv").write_text("a,b\n1,2\n", encoding="utf-8")
    (tmp_path / "notes.txt").write_text("not a csv")
    entities, issues, _ = split(eu_journal.parse(tmp_path))
    assert [(i.location, i.reason) for i in issues] == [
        ("32099R0001.csv row 6", "asset record, not a party: A Port"),
        ("32099R0001.csv row 7", "unknown schema 'Ship'"),
        ("32099R0001.csv row 8", "no name"),
        ("readme.csv", "not an EU journal CSV (no name/schema columns)"),
    ]
    kova, trading, first, second, ship = entities
    assert kova.id == "32099R0001-I-1"
    assert kova.names == [
        Name("Anna; Maria KOVA"),  # the name column is one value, as listed
        Name("Anna Kova", NameType.ALIAS),
        Name("Ann K", NameType.ALIAS),  # the quoted alias keeps its ";", loses its note
        Name("Annie", NameType.WEAK_ALIAS),
    ]
    assert kova.birth_dates == ["1970-02-01", "1971"]
    assert kova.birth_places == ["Minsk", "Moscow"]
    assert kova.nationalities == ["RU", "BY"]
    assert kova.identifiers == [
        Identifier("passport", "AB123", "RU"),
        Identifier("passport", "CD456"),
    ]
    assert kova.addresses == [
        Address("Moscow, Russia", country="RU"),
        Address("Minsk, Belarus", country="BY"),
    ]
    assert kova.countries == ["RU", "BY"]
    assert (kova.gender, kova.positions, kova.listed_on) == (
        "female",
        ["Minister", "Deputy"],
        "2020-06-05",
    )
    assert kova.remarks == "Reason; with semicolon\nAsset freeze (Annex I)"
    assert trading.schema is Schema.COMPANY
    assert trading.topics == ["export_control"]
    assert trading.identifiers == [
        Identifier("registration", "1027700000000"),
        Identifier("tax", "7700000000", note="INN"),
    ]
    assert (first.id, second.id) == ("32099R0001-III-no-number", "32099R0001-III-no-number-2")
    assert ship.id == "32099R0002-I-1"
    assert ship.schema is Schema.VESSEL


def test_single_file_and_wrong_input(tmp_path: Path) -> None:
    path = tmp_path / "32099R0001.csv"
    path.write_text(_csv(ROWS[:2]), encoding="utf-8")
    assert [e.id for e in split(eu_journal.parse(path))[0]] == ["32099R0001-I-1", "32099R0001-II-2"]
    wrong = tmp_path / "other.csv"
    wrong.write_text("a,b\n1,2\n", encoding="utf-8")
    with pytest.raises(ValueError, match="not an EU journal CSV"):
        list(eu_journal.parse(wrong))
    empty = tmp_path / "empty"
    empty.mkdir()
    with pytest.raises(ValueError, match=r"no \.csv files"):
        list(eu_journal.parse(empty))


_cell = st.text(st.characters(exclude_categories=("Cs",), exclude_characters="\x00"), max_size=30)
_row = st.fixed_dictionaries(
    {"schema": st.sampled_from(["Person", "Company", "LegalEntity", "Vessel", "Asset", "", "x"])},
    optional={column: _cell for column in HEADER if column != "schema"},
)


@settings(max_examples=80, deadline=None)
@given(st.lists(_row, max_size=6))
def test_arbitrary_rows_never_crash(rows: list[dict[str, str]]) -> None:
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / "32000R0000.csv"
        path.write_text(_csv(rows), encoding="utf-8")
        split(eu_journal.parse(path))


@settings(max_examples=40, deadline=None)
@given(st.binary(max_size=300))
def test_arbitrary_bytes_never_crash(content: bytes) -> None:
    with tempfile.TemporaryDirectory() as folder:
        (Path(folder) / "32000R0000.csv").write_bytes(content)
        with contextlib.suppress(ValueError):  # documented: not an EU journal CSV at all
            split(eu_journal.parse(Path(folder)))
