"""The OFAC legacy CSV parser and the remarks parser it relies on."""

from __future__ import annotations

import csv
import io
import tempfile
from pathlib import Path

import pytest
from hypothesis import HealthCheck, example, given, settings
from hypothesis import strategies as st

from openkyb.sources import ofac_csv
from openkyb.sources.model import Identifier, Name, NameType, Schema
from openkyb.sources.ofac_remarks import parse_remarks
from tests.sources.shared_data import sample, split

# --- the real files ---------------------------------------------------------------------


def test_sdn_2021_loads_every_entry() -> None:
    entities, issues, published = split(ofac_csv.parse(sample("sanctions", "ofac_sdn_2021")))
    assert len(entities) == 8976  # the publisher's 8,976 entries
    assert issues == []
    assert published == []
    by_id = {e.id: e for e in entities}
    assert len(by_id) == 8976
    # every alt.csv row is a name: 11,910 aliases, a few repeated within an entry
    aliases = [
        n for e in entities for n in e.names if n.type in (NameType.ALIAS, NameType.PREVIOUS)
    ]
    assert 11_900 <= len(aliases) <= 11_910 + 30  # + the f.k.a./n.k.a. quoted in remarks

    cifuentes = by_id["12300"]
    assert cifuentes.schema is Schema.PERSON
    assert cifuentes.primary_name == "Jorge Milton CIFUENTES VILLA"
    assert cifuentes.birth_dates == ["1965-05-13", "1968-04-13", "1964-07-07"]
    assert cifuentes.birth_places[0] == "Medellin, Colombia"
    assert Identifier("passport", "AL720622", "CO", "Passport") in cifuentes.identifiers
    assert Identifier("national_id", "172489729-1", "EC", "Cedula No.") in cifuentes.identifiers
    assert cifuentes.remarks is not None
    assert cifuentes.remarks.endswith("Linked To: R D I S.A.")  # sdn_comments.csv appended
    assert "PROMO RAIZ S.A.S." in cifuentes.remarks

    bank = by_id["306"]
    assert bank.names == [
        Name("BANCO NACIONAL DE CUBA"),
        Name("NATIONAL BANK OF CUBA", NameType.ALIAS),
        Name("BNC", NameType.WEAK_ALIAS),
    ]
    assert bank.programs == ["CUBA"]
    assert bank.countries == ["CH", "ES", "JP", "PA"]

    hacker = by_id["28264"]
    assert hacker.primary_name == "Jiadong LI"
    assert hacker.programs == ["DPRK3", "CYBER2"]
    assert hacker.nationalities == ["CN"]
    assert hacker.gender == "male"
    assert hacker.birth_dates == ["1987-01-10"]

    vessel = by_id["15037"]
    assert vessel.schema is Schema.VESSEL
    assert Identifier("imo", "9187655", None, "Vessel Registration Identification") in (
        vessel.identifiers
    )
    assert Name("ABADEH", NameType.PREVIOUS) in vessel.names


def test_sdn_2019_and_consolidated() -> None:
    entities, issues, _ = split(ofac_csv.parse(sample("sanctions", "ofac_sdn_2019")))
    assert (len(entities), issues) == (7379, [])

    folder = sample("sanctions", "ofac_consolidated_2025")
    entities, issues, _ = split(ofac_csv.parse(folder))
    # 442 records: the README's 443 counts the DOS end-of-file line of cons_prim.csv
    assert (len(entities), issues) == (442, [])
    zahhar = next(e for e in entities if e.id == "9647")
    assert zahhar.list_name == "OFAC Consolidated (non-SDN)"
    assert zahhar.nationalities == ["PS"]
    assert Name("Mahmoud ZAHAR", NameType.WEAK_ALIAS) in zahhar.names
    assert ofac_csv.dataset_for(folder) == "us_ofac_cons"
    assert ofac_csv.dataset_for(folder / "cons_prim.csv") == "us_ofac_cons"


# --- files written here -----------------------------------------------------------------


def _write(folder: Path, name: str, text: str, encoding: str = "cp1252") -> None:
    (folder / name).write_bytes(text.encode(encoding))


def _sdn_folder(tmp_path: Path) -> Path:
    _write(
        tmp_path,
        "sdn.csv",
        '10,"GARCIA, José Luis","individual","SDNTK",-0- ,-0- ,-0- ,-0- ,-0- ,-0- ,-0- ,'
        "\"DOB 10 Jul 1965; POB Bogota, Colombia; a.k.a. 'PEPE'; Passport AB123 (Colom\"\r\n"
        "11,only three,cells\r\n"
        'x12,"BAD NUMBER",-0- ,"CUBA",-0- ,-0- ,-0- ,-0- ,-0- ,-0- ,-0- ,-0- \r\n'
        '13,"OCEAN STAR",vessel,"[IRAN] [SDGT]",-0- ,"ABC1","Tanker",-0- ,-0- ,"Panama",-0- ,'
        '"IMO 1234567."\r\n'
        '14,"ACME TRADING LLC",-0- ,"SDGT",-0- ,-0- ,-0- ,-0- ,-0- ,-0- ,-0- ,-0- \r\n'
        "\x1a",
    )
    _write(
        tmp_path,
        "add.csv",
        '10,1,"Calle 1","Bogota","Colombia",-0- \r\n'
        "10,2,-0- ,-0- ,-0- ,-0- \r\n"
        '14,3,-0- ,-0- ,"United Arab Emirates",-0- \r\n'
        '99,4,-0- ,-0- ,"Iran",-0- \r\n'
        "broken\r\n",
    )
    _write(
        tmp_path,
        "alt.csv",
        '10,1,"aka","PEREZ, Juan",-0- \r\n10,2,"fka","OLD, Name",-0- \r\n'
        '14,3,"aka","ACME",weak aka\r\n',
    )
    _write(tmp_path, "sdn_comments.csv", '10,"bia); Gender Male."\r\n')
    return tmp_path


def test_fixture_loads_good_rows_and_reports_bad_ones(tmp_path: Path) -> None:
    entities, issues, _ = split(ofac_csv.parse(_sdn_folder(tmp_path)))
    assert [e.id for e in entities] == ["10", "13", "14"]
    assert [i.location for i in issues] == ["add.csv row 5", "row 2", "row 3", "entity 99"]
    garcia, vessel, acme = entities
    assert garcia.names == [
        Name("José Luis GARCIA"),
        Name("Juan PEREZ", NameType.ALIAS),
        Name("Name OLD", NameType.PREVIOUS),
        Name("PEPE", NameType.WEAK_ALIAS),
    ]
    assert garcia.identifiers == [Identifier("passport", "AB123", "CO", "Passport")]
    assert garcia.gender == "male"  # from the comments continuation
    assert garcia.countries == ["CO"]
    assert len(garcia.addresses) == 1  # the all-null address row is not an address
    assert vessel.schema is Schema.VESSEL
    assert vessel.programs == ["IRAN", "SDGT"]
    assert vessel.countries == ["PA"]
    assert Identifier("imo", "1234567", None, "IMO") in vessel.identifiers
    assert acme.schema is Schema.COMPANY
    assert acme.names[1] == Name("ACME", NameType.WEAK_ALIAS)
    assert acme.countries == ["AE"]


def test_utf8_files_and_a_path_to_the_main_file(tmp_path: Path) -> None:
    _write(
        tmp_path,
        "cons_prim.csv",
        '1,"MÜLLER, Jürgen","individual","NS-PLC",-0- ,-0- ,-0- ,-0- ,-0- ,-0- ,-0- ,-0- \n',
        "utf-8",
    )
    entities, issues, _ = split(ofac_csv.parse(tmp_path / "cons_prim.csv"))
    assert issues == []
    assert entities[0].primary_name == "Jürgen MÜLLER"
    assert entities[0].list_name == "OFAC Consolidated (non-SDN)"


def test_wrong_input_is_a_value_error(tmp_path: Path) -> None:
    (tmp_path / "other.csv").write_text("a,b\n")
    with pytest.raises(ValueError, match=r"sdn\.csv"):
        list(ofac_csv.parse(tmp_path))
    assert ofac_csv.dataset_for(tmp_path) == "us_ofac_sdn"


def test_programs() -> None:
    assert ofac_csv.programs("[SDGT] [IRAN]") == ["SDGT", "IRAN"]
    assert ofac_csv.programs("DPRK3] [CYBER2") == ["DPRK3", "CYBER2"]
    assert ofac_csv.programs("CUBA") == ["CUBA"]
    assert ofac_csv.programs(None) == []


_cell = st.text(st.characters(codec="cp1252", exclude_characters="\x00"), max_size=40)


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(
    rows=st.lists(st.lists(_cell, max_size=14), max_size=8),
    sides=st.lists(st.lists(_cell, max_size=7), max_size=6),
)
# "²" passes str.isdigit() but not int(): an entity number must be ASCII digits.
@example(rows=[], sides=[["²", "1", "x", "-0-", "-0-", "-0-", "-0-"]])
def test_arbitrary_rows_never_crash(rows: list[list[str]], sides: list[list[str]]) -> None:
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder)
        for name, content in (("sdn.csv", rows), ("add.csv", sides), ("alt.csv", sides)):
            buffer = io.StringIO()
            csv.writer(buffer).writerows(content)
            _write(path, name, buffer.getvalue())
        split(ofac_csv.parse(path))  # only entities and issues, never an exception


# --- the remarks ------------------------------------------------------------------------

REMARKS = [
    ("DOB 10 Jul 1965; alt. DOB 1966", "birth_dates", ["1965-07-10", "1966"]),
    ("DOB circa 1970", "birth_dates", ["1970"]),
    ("DOB 1965 to 1967", "birth_dates", ["1965", "1966", "1967"]),
    ("DOB 01 Jan 1960 to 31 Dec 1961", "birth_dates", ["1960", "1961"]),
    ("DOB 03 Mar 1960 to 03 Mar 1960", "birth_dates", ["1960-03-03"]),
    ("DOB Jan 1958", "birth_dates", ["1958-01"]),
    ("DOB circa 1958-1960", "birth_dates", ["1958", "1959", "1960"]),
    ("DOB unknown", "birth_dates", []),
    ("POB Baghdad, Iraq", "birth_places", ["Baghdad, Iraq"]),
    ("POB Baghdad, Iraq", "countries", ["IQ"]),
    ("POB Pyongyang, Korea, North", "countries", ["KP"]),
    ("nationality Iraq; citizen Syria", "nationalities", ["IQ", "SY"]),
    ("nationality possibly Palestinian", "nationalities", ["PS"]),
    ("Nationality of Registration Korea, North", "countries", ["KP"]),
    ("Nationality of Registration Korea, North", "nationalities", []),
    ("Gender Female", "gender", "female"),
    ("Target Type Private Company", "is_company", True),
    ("Target Type Government Entity", "is_company", False),
    ("a.k.a. 'ABU X'", "names", [Name("ABU X", NameType.WEAK_ALIAS)]),
    ("f.k.a. 'OLD NAME LTD'", "names", [Name("OLD NAME LTD", NameType.PREVIOUS)]),
    ("n.k.a. 'NEW NAME'", "names", [Name("NEW NAME", NameType.ALIAS)]),
    ("a.k.a. ''ABBAS'", "names", [Name("'ABBAS", NameType.WEAK_ALIAS)]),
    ("Website www.x.com; Email Address a@b.c; Linked To: XYZ", "identifiers", []),
    ("Additional Sanctions Information - Subject to Secondary Sanctions", "identifiers", []),
    ("Organization Established Date 13 Jul 1990", "birth_dates", []),
]
IDENTIFIERS = [
    ("Passport A1234567 (Iraq) expires 2010", ("passport", "A1234567", "IQ", "Passport")),
    (
        "alt. Passport 123 (Iran) issued 01 Jan 2000 expires 2005",
        ("passport", "123", "IR", "Passport"),
    ),
    ("Diplomatic Passport 008827 (Iran) issued 1999", ("passport", "008827", "IR", None)),
    ("National ID No. 660000 73767 (Belgium)", ("national_id", "660000 73767", "BE", None)),
    ("Cedula No. 7548733 (Colombia)", ("national_id", "7548733", "CO", None)),
    ("Registration Number 123 (Russia)", ("registration", "123", "RU", None)),
    ("Tax ID No. 7702070139 (Russia)", ("tax", "7702070139", "RU", None)),
    ("R.F.C. CIVJ650513LJA (Mexico)", ("tax", "CIVJ650513LJA", "MX", None)),
    ("NIT # 800160353-2 (Colombia)", ("tax", "800160353-2", "CO", None)),
    ("SWIFT/BIC HAVIGB2L", ("swift", "HAVIGB2L", None, None)),
    ("Legal Entity Number 253400WSS48YWMBUA688", ("lei", "253400WSS48YWMBUA688", None, None)),
    ("Legal Entity Number 851683897 (Netherlands)", ("registration", "851683897", "NL", None)),
    ("Vessel Registration Identification IMO 9187629", ("imo", "9187629", None, None)),
    ("IMO 1234567", ("imo", "1234567", None, "IMO")),
    ("MMSI 572469210", ("other", "572469210", None, "MMSI")),
    ("D-U-N-S Number 542957624", ("other", "542957624", None, None)),
    ("Digital Currency Address - XBT 1Abc", ("other", "1Abc", None, None)),
    ("Company Number 01074897 (United Kingdom)", ("registration", "01074897", "GB", None)),
]


@pytest.mark.parametrize(("text", "attribute", "expected"), REMARKS)
def test_remarks(text: str, attribute: str, expected: object) -> None:
    assert getattr(parse_remarks(text), attribute) == expected


@pytest.mark.parametrize(("text", "expected"), IDENTIFIERS)
def test_remark_identifiers(text: str, expected: tuple[str, str, str | None, str | None]) -> None:
    (found,) = parse_remarks(text).identifiers
    kind, value, issuer, note = expected
    assert (found.type, found.value, found.country) == (kind, value, issuer)
    if note is not None:
        assert found.note == note


def test_person_aliases_in_remarks_are_reordered() -> None:
    remarks = parse_remarks("a.k.a. 'ILLIASSOU, Djibbo'; a.k.a. 'CHAPORI'", person=True)
    assert remarks.names == [
        Name("Djibbo ILLIASSOU", NameType.WEAK_ALIAS),
        Name("CHAPORI", NameType.WEAK_ALIAS),
    ]


@given(st.text(max_size=300))
def test_remarks_never_crash(text: str) -> None:
    parse_remarks(text, person=True)
