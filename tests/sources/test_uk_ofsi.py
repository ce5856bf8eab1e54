"""The UK OFSI ConList parser."""

from __future__ import annotations

import csv
import io
import tempfile
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from openkyb.sources import uk_ofsi
from openkyb.sources.model import Identifier, Name, NameType, Schema
from openkyb.sources.registry import Published
from openkyb.sources.uk_ofsi_fields import documents, enumerated, ofsi_date
from tests.sources.shared_data import sample, split

COLUMNS = (
    "Name 6,Name 1,Name 2,Name 3,Name 4,Name 5,Title,Name Non-Latin Script,"
    "Non-Latin Script Type,Non-Latin Script Language,DOB,Town of Birth,Country of Birth,"
    "Nationality,Passport Number,Passport Details,National Identification Number,"
    "National Identification Details,Position,Address 1,Address 2,Address 3,Address 4,"
    "Address 5,Address 6,Post/Zip Code,Country,Other Information,Group Type,Alias Type,"
    "Alias Quality,Regime,Listed On,UK Sanctions List Date Designated,Last Updated,Group ID,"
    "Some Future Column"
)
NEW_HEADER = COLUMNS.split(",")


def test_real_excerpt() -> None:
    path = sample("sanctions", "uk_ofsi_2020_excerpt", "ConList.csv")
    entities, issues, published = split(uk_ofsi.parse(path))
    # 77 name rows of 41 designations; the excerpt has no "Last Updated" line
    assert issues == []
    assert published == []
    assert len(entities) == 41
    by_id = {e.id: e for e in entities}

    qahtani = by_id["13349"]  # only its two AKA rows are in the excerpt
    assert qahtani.names == [Name("Sheikh Farooq AL-QAHTANI", NameType.ALIAS)]
    assert qahtani.schema is Schema.PERSON
    assert qahtani.birth_dates == ["1980", "1981"]
    assert qahtani.nationalities == ["SA", "QA"]
    assert qahtani.identifiers == [Identifier("passport", "592667", "QA", "Passport Details")]
    assert qahtani.listed_on == "2016-04-01"
    assert qahtani.programs == ["The ISIL (Da'esh) and Al-Qaida organisations"]

    ship = by_id["13556"]
    assert ship.primary_name == "TONG SAN 2"
    assert ship.schema is Schema.VESSEL
    assert Identifier("imo", "8937675", None, "IMO") in ship.identifiers

    abdallah = by_id["12999"]  # nine rows, one name
    assert abdallah.birth_places == ["Ndele, Central African Republic", "Algenana, Sudan"]
    assert abdallah.nationalities == ["CF", "SD"]
    assert abdallah.birth_dates == ["1970", "1969", "1971", "1970-01-01", "1971-01-01"]
    assert uk_ofsi.dataset_for(path) == "gb_hmt_ofsi"


def _csv(rows: list[list[str]], encoding: str = "cp1252") -> bytes:
    buffer = io.StringIO()
    csv.writer(buffer).writerows(rows)
    return buffer.getvalue().encode(encoding)


def _row(**values: str) -> list[str]:
    keys = [
        column.lower().replace(" ", "_").replace("/", "_").replace("-", "_")
        for column in NEW_HEADER
    ]
    return [values.get(key, "") for key in keys]


def test_new_format_fixture(tmp_path: Path) -> None:
    rows = [
        ["Last Updated", "04/03/2024"],
        NEW_HEADER,
        _row(
            name_6="PETROV",
            name_1="Ivan",
            dob="00/05/1970",
            nationality="Russian",
            alias_type="Primary name",
            group_type="Individual",
            regime="Russia",
            passport_number="7512345",
            passport_details="(Russia) issued 2010",
            listed_on="15/03/2022",
            group_id="100",
        ),
        _row(
            name_6="ACME SHIPPING LLC",
            group_type="Entity",
            alias_type="Primary name",
            country="United Arab Emirates",
            address_1="Office 1",
            address_6="Dubai",
            group_id="200",
        ),
        _row(
            name_6="PETROFF",
            name_1="Vanya",
            alias_type="AKA",
            alias_quality="Low quality",
            name_non_latin_script="Иван Петров",
            group_id="100",
        ),
        _row(name_6="NOBODY"),  # no group id
        ["too", "short", "row"],
        _row(
            name_6="SEA STAR",
            group_type="Ship",
            alias_type="Primary name",
            other_information="IMO: 9123456",
            group_id="300",
        ),
        _row(group_type="Individual", group_id="400"),  # no name at all
    ]
    path = tmp_path / "ConList.csv"
    path.write_bytes(_csv(rows, "utf-8-sig"))  # the 2022 format is UTF-8
    entities, issues, published = split(uk_ofsi.parse(path))
    assert published == [Published("2024-03-04")]
    assert [i.location for i in issues] == ["row 6", "row 7", "group 400"]
    petrov, acme, ship = entities
    assert petrov.names == [
        Name("Ivan PETROV"),
        Name("Vanya PETROFF", NameType.WEAK_ALIAS),
        Name("Иван Петров", NameType.ALIAS),
    ]
    assert petrov.birth_dates == ["1970-05"]
    assert petrov.nationalities == ["RU"]
    assert petrov.identifiers == [Identifier("passport", "7512345", "RU", "Passport Number")]
    assert petrov.listed_on == "2022-03-15"
    assert acme.schema is Schema.COMPANY
    assert acme.addresses[0].full == "Office 1, Dubai, United Arab Emirates"
    assert acme.countries == ["AE"]
    assert ship.schema is Schema.VESSEL


def test_wrong_input_is_a_value_error(tmp_path: Path) -> None:
    path = tmp_path / "x.csv"
    path.write_text("a,b\n1,2\n")
    with pytest.raises(ValueError, match="not a ConList"):
        list(uk_ofsi.parse(path))


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("00/00/1980", "1980"),
        ("00/07/1980", "1980-07"),
        ("17/08/1958", "1958-08-17"),
        ("31/02/1958", None),
        ("", None),
    ],
)
def test_ofsi_dates(text: str, expected: str | None) -> None:
    assert ofsi_date(text) == expected


@pytest.mark.parametrize(
    ("text", "items"),
    [
        ("(1) Central African Republic (2) Sudan", ["Central African Republic", "Sudan"]),
        ("1) Saudi Arabia 2) Qatar", ["Saudi Arabia", "Qatar"]),
        ("(1)-(2) Indonesia", ["Indonesia"]),
        ("Iraq", ["Iraq"]),
    ],
)
def test_enumerated(text: str, items: list[str]) -> None:
    assert enumerated(text) == items


@pytest.mark.parametrize(
    ("text", "found"),
    [
        ("Passport No: 592667 (Qatari passport issued on 3 May 2007).", [("592667", "QA")]),
        (
            "Jordanian passport numbers (1) K048787 (2) 486298",
            [("K048787", "JO"), ("486298", "JO")],
        ),
        ("no 3603251708570001", [("3603251708570001", None)]),
        ("Tunisia number G557170 issued on 16 Nov 1989.", [("G557170", "TN")]),
        ("0018061/104 (issued on 12 Sept 1993)", [("0018061/104", None)]),
    ],
)
def test_documents(text: str, found: list[tuple[str, str | None]]) -> None:
    assert [(i.value, i.country) for i in documents(text, "passport", "x")] == found


_cell = st.text(st.characters(codec="cp1252", exclude_characters="\x00"), max_size=20)


@settings(max_examples=60, deadline=None)
@given(st.lists(st.lists(_cell, max_size=40), max_size=8))
def test_arbitrary_rows_never_crash(rows: list[list[str]]) -> None:
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / "ConList.csv"
        path.write_bytes(_csv([NEW_HEADER, *rows]))
        split(uk_ofsi.parse(path))
