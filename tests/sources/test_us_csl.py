"""The trade.gov Consolidated Screening List parser."""

from __future__ import annotations

import csv
import gzip
import io
import tempfile
from collections import Counter
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from openkyb.sources import us_csl
from openkyb.sources.model import Address, Identifier, Name, NameType, Schema
from tests.sources.shared_data import sample, split

COLUMNS = (
    "_id,source,entity_number,type,programs,name,title,addresses,federal_register_notice,"
    "start_date,end_date,standard_order,license_requirement,license_policy,call_sign,"
    "vessel_type,gross_tonnage,gross_registered_tonnage,vessel_flag,vessel_owner,remarks,"
    "source_list_url,alt_names,citizenships,dates_of_birth,nationalities,places_of_birth,"
    "source_information_url,ids"
)
HEADER = COLUMNS.split(",")
SDN = "Specially Designated Nationals (SDN) - Treasury Department"


def test_real_file() -> None:
    path = sample("sanctions", "us_csl_2025-01", "consolidated.csv.gz")
    entities, issues, _ = split(us_csl.parse(path))
    # 14,160 rows: one CAP row repeats entity 15268 on the same list and is skipped
    assert len(entities) == 14_159
    assert [i.location for i in issues] == ["row 1980"]
    codes = Counter(e.programs[0] for e in entities)
    assert codes["SDN"] == 10_026
    assert codes["EL"] == 2001
    assert codes["DPL"] == 462
    assert len({e.id for e in entities}) == len(entities)
    by_id = {e.id: e for e in entities}

    person = by_id["17292"]
    assert person.primary_name == "Ashraf Muhammad Yusuf 'Uthman 'ABD AL-SALAM"
    assert person.schema is Schema.PERSON
    assert person.birth_dates == ["1984-01-01"]
    assert person.nationalities == ["JO"]
    assert Identifier("national_id", "28440000526", "QA", "National ID No.") in person.identifiers
    assert Identifier("passport", "K048787", None, "Passport") in person.identifiers
    assert person.topics == ["sanction"]
    assert person.list_name == SDN

    capta = by_id["34616-CAP"]  # the same OFAC entry also listed on the SDN list
    assert by_id["34616"].list_name == SDN
    assert capta.programs == ["CAP", "RUSSIA-EO14024"]

    entity_list = next(e for e in entities if e.primary_name == "140 Repair Plant JSC")
    assert entity_list.topics == ["export_control"]
    assert entity_list.schema is Schema.COMPANY
    assert entity_list.names[1:] == [
        Name("Open Joint Stock Company 140 Repair Plant", NameType.ALIAS),
        Name("JSC 140 Repair Plant", NameType.ALIAS),
    ]
    assert entity_list.listed_on == "2022-04-07"
    assert entity_list.countries == ["BY"]
    assert us_csl.dataset_for(path) == "us_trade_csl"


def _row(**values: str) -> list[str]:
    return [values.get(column, "") for column in HEADER]


def _csv(rows: list[list[str]], header: list[str] = HEADER) -> str:
    buffer = io.StringIO()
    writer = csv.writer(buffer)
    writer.writerow(header)
    writer.writerows(rows)
    return buffer.getvalue()


FIXTURE = [
    _row(
        _id="100",
        source=SDN,
        entity_number="100",
        type="Individual",
        programs="SDGT; IRAN",
        name="DOE, John",
        alt_names="DOE, Johnny; JD",
        dates_of_birth="1960; circa 1962; 1965 to 1966",
        nationalities="IR",
        citizenships="IQ",
        places_of_birth="Tehran, Iran",
        addresses="12 Main St, Tehran, 12345, IR; IQ",
        ids="IR, 2020-01-01, A123, Passport; Male, Gender; www.x.ir, Website",
    ),
    ["only", "three", "cells"],
    _row(_id="101", source=SDN, type="Entity"),  # no name
    _row(
        _id="abc",
        source="ITAR Debarred (DTC) - State Department",
        name="Jane Roe",
        start_date="2019-05-01",
    ),
    _row(_id="200", source="Capta List (CAP) - Treasury Department", type="Entity", name="X LTD"),
    _row(_id="200", source="Capta List (CAP) - Treasury Department", type="Entity", name="X LTD"),
    _row(
        _id="300",
        source=SDN,
        type="Vessel",
        name="OCEAN",
        call_sign="ABC",
        vessel_flag="Panama",
        ids="IMO 1234567, Vessel Registration Identification; Korea, North, Former Vessel Flag",
    ),
]


@pytest.mark.parametrize("compressed", [False, True])
def test_fixture(tmp_path: Path, compressed: bool) -> None:
    text = _csv(FIXTURE).encode()
    path = tmp_path / ("consolidated.csv.gz" if compressed else "consolidated.csv")
    path.write_bytes(gzip.compress(text) if compressed else text)
    entities, issues, _ = split(us_csl.parse(path))
    assert [e.id for e in entities] == ["100", "abc", "200-CAP", "300"]
    assert [i.location for i in issues] == ["row 3", "row 4", "row 7"]
    doe, roe, company, vessel = entities
    assert doe.names == [
        Name("John DOE"),
        Name("Johnny DOE", NameType.ALIAS),
        Name("JD", NameType.ALIAS),
    ]
    assert doe.birth_dates == ["1960", "1962", "1965", "1966"]
    assert doe.nationalities == ["IR", "IQ"]
    assert doe.countries == ["IR", "IQ"]
    assert doe.addresses == [Address("12 Main St, Tehran, 12345, IR", country="IR")]
    assert doe.identifiers == [Identifier("passport", "A123", "IR", "Passport")]
    assert doe.gender == "male"
    assert doe.programs == ["SDN", "SDGT", "IRAN"]
    assert roe.schema is Schema.PERSON
    assert roe.topics == ["export_control", "debarment"]
    assert roe.listed_on == "2019-05-01"
    assert company.schema is Schema.COMPANY
    assert vessel.schema is Schema.VESSEL
    assert vessel.identifiers == [
        Identifier("other", "ABC", None, "Call Sign"),
        Identifier("imo", "1234567", None, "Vessel Registration Identification"),
    ]
    assert vessel.countries == ["PA"]


@pytest.mark.parametrize(
    ("source", "code", "topics"),
    [
        (SDN, "SDN", ["sanction"]),
        ("Entity List (EL) - Bureau of Industry and Security", "EL", ["export_control"]),
        ("Military End User (MEU) List - Bureau of Industry and Security", "MEU", None),
        ("Non-SDN Menu-Based Sanctions List (NS-MBS List) - Treasury Department", "NS-MBS", None),
        ("Unverified List (UVL) - Bureau of Industry and Security", "UVL", ["export_control"]),
        ("Nonproliferation Sanctions (ISN) - State Department", "ISN", ["sanction"]),
    ],
)
def test_source_codes(source: str, code: str, topics: list[str] | None) -> None:
    assert us_csl.source_code(source) == code
    if topics is not None:
        assert us_csl.topics_for(code) == topics


def test_mojibake_controls_are_repaired(tmp_path: Path) -> None:
    path = tmp_path / "c.csv"
    path.write_text(_csv([_row(_id="h1", source="Entity List (EL)", name="Xi\x92an Co. Ltd.")]))
    (entity,) = split(us_csl.parse(path))[0]
    assert entity.primary_name == "Xi’an Co. Ltd."


def test_wrong_input_is_a_value_error(tmp_path: Path) -> None:
    path = tmp_path / "other.csv"
    path.write_text("a,b,c\n1,2,3\n")
    with pytest.raises(ValueError, match="not the CSL"):
        list(us_csl.parse(path))
    broken = tmp_path / "consolidated.csv.gz"
    broken.write_bytes(gzip.compress(_csv(FIXTURE).encode())[:60])
    with pytest.raises(ValueError, match="cannot decompress"):
        list(us_csl.parse(broken))


_cell = st.text(st.characters(codec="utf-8", exclude_characters="\x00"), max_size=30)


@settings(max_examples=60, deadline=None)
@given(st.lists(st.lists(_cell, min_size=0, max_size=len(HEADER) + 1), max_size=6))
def test_arbitrary_rows_never_crash(rows: list[list[str]]) -> None:
    padded = [r + [""] * (len(HEADER) - len(r)) if len(r) > 20 else r for r in rows]
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / "c.csv"
        path.write_text(_csv(padded), encoding="utf-8")
        split(us_csl.parse(path))
