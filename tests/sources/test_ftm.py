"""The FollowTheMoney (OpenSanctions) JSON-lines parser."""

from __future__ import annotations

import contextlib
import gzip
import json
import tempfile
from pathlib import Path
from typing import Any

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from openkyb.sources import ftm
from openkyb.sources.model import Address, Identifier, Name, NameType, Schema
from tests.sources.shared_data import sample, split


@pytest.mark.parametrize(
    ("folder", "count", "names", "schemas"),
    [
        # 91 records: 17 parties, and 41 Sanction, 14 Ownership, 11 Address, 4 Family,
        # 3 Directorship and 1 Passport entities that are not parties
        ("yente_zala", 17, 245, {"Company": 11, "Person": 6}),
        ("yente_t1", 6, 35, {"Person": 4, "Organization": 2}),  # 7 records, 1 Address
        # 475 records: 96 parties, 290 Payment and 89 Address entities
        ("yente_parteispenden", 96, 96, {"Company": 56, "Person": 22, "Organization": 18}),
    ],
)
def test_real_files(folder: str, count: int, names: int, schemas: dict[str, int]) -> None:
    path = sample("sanctions", "opensanctions_ftm", folder, "entities.ftm.json")
    entities, issues, published = split(ftm.parse(path))
    assert issues == []
    assert published == []
    assert len(entities) == count
    assert sum(len(e.names) for e in entities) == names
    found: dict[str, int] = {}
    for entity in entities:
        found[entity.schema.value] = found.get(entity.schema.value, 0) + 1
    assert found == schemas
    assert {e.list_name for e in entities} == {f"OpenSanctions: {folder}"}
    assert ftm.dataset_for(path) == f"os_{folder}"


def test_real_entities() -> None:
    base = ("sanctions", "opensanctions_ftm")
    zala = {e.id: e for e in split(ftm.parse(sample(*base, "yente_zala", "entities.ftm.json")))[0]}
    osetrova = zala["NK-2Tbri3s6GgNtAwsSXh4qpL"]
    assert osetrova.names[0] == Name("Maria Aleksandrovna Osetrova")  # the caption
    assert Name("Maria Aleksandrovna Zakharova", NameType.PREVIOUS) in osetrova.names
    assert osetrova.birth_dates == ["1988-01-07"]
    assert osetrova.nationalities == ["RU"]
    assert osetrova.gender == "female"
    assert osetrova.topics == ["debarment", "sanction"]  # corp.disqual is a debarment
    assert osetrova.programs == ["UA-SA1644", "US-RUSHAR", "GB-RUS"]  # from Sanction entities
    assert Identifier("tax", "183116181362") in osetrova.identifiers  # innCode without label
    cst = zala["NK-abdzbEBkqyT29GyREbiURZ"]
    assert cst.listed_on == "2021-10-30"  # the earliest sanction's date
    assert "export_control" in cst.topics

    t1 = {e.id: e for e in split(ftm.parse(sample(*base, "yente_t1", "entities.ftm.json")))[0]}
    tobacco = t1["NK-2GdmHtZTeNXjNVrBGEXZNj"]
    assert tobacco.schema is Schema.ORGANIZATION
    assert tobacco.primary_name == "RAB „Inter Tobacco“"
    assert len(tobacco.names) == 12
    assert tobacco.identifiers == [Identifier("registration", "808000714")]
    assert tobacco.countries == ["BY"]

    donors = split(ftm.parse(sample(*base, "yente_parteispenden", "entities.ftm.json")))[0]
    dachner = next(e for e in donors if e.primary_name == "Frau Lina Dachner")
    assert dachner.topics == []  # party donors are no sanctions target
    assert dachner.addresses == [
        Address("Schillerstraße 19, 76135 Karlsruhe", "76135 Karlsruhe", "DE")
    ]  # resolved from the Address entity


def _line(data: dict[str, Any]) -> str:
    return json.dumps(data, ensure_ascii=False)


RECORDS: list[dict[str, Any]] = [
    {"id": "p1", "schema": "Person", "caption": "Jane Roe",
     "properties": {"name": ["J. Roe", "Jane Roe"], "alias": ["Janie"], "weakAlias": ["JR"],
                    "birthDate": ["1980-05"], "nationality": ["gb"], "gender": ["female"],
                    "passportNumber": ["P1"], "idNumber": ["ID9"], "topics": ["role.pep"],
                    "position": ["Minister"], "addressEntity": ["a1", "missing"],
                    "notes": ["note one"]}},
    {"id": "a1", "schema": "Address", "properties": {"full": ["1 High St, London"],
                                                      "country": ["gb"], "city": ["London"]}},
    {"id": "c1", "schema": "Company",
     "properties": {"name": ["Acme Ltd"], "previousName": ["Acme Old"], "leiCode": ["LEI1"],
                    "jurisdiction": ["cy"], "address": ["Nicosia"], "innCode": ["77"]}},
    {"id": "s1", "schema": "Sanction",
     "properties": {"entity": ["c1"], "programId": ["EU-RUS"], "listingDate": ["2022-04-08"]}},
    {"id": "s2", "schema": "Sanction",
     "properties": {"entity": ["c1"], "program": ["Reciprocal"], "startDate": ["2021-01-01"]}},
    {"id": "o1", "schema": "Ownership", "properties": {"owner": ["p1"], "asset": ["c1"]}},
    {"id": "v1", "schema": "Vessel", "properties": {"name": ["SEA STAR"], "imoNumber": ["123"]}},
    {"id": "x1", "schema": "Airplane", "properties": {"name": ["EP-ABC"]}},
    {"id": "n1", "schema": "Person", "properties": {"firstName": ["Ann"], "lastName": ["Lee"]}},
    {"id": "n2", "schema": "Company", "properties": {"country": ["ru"]}},
    {"schema": "Person", "properties": {"name": ["No Id"]}},
]  # fmt: skip


def _check_fixture(entities: list[Any], issues: list[Any], first: str) -> None:
    assert [i.reason for i in issues][-2:] == ["no name", "no id or schema"]
    roe, acme, ship, plane, lee = entities
    assert roe.names == [
        Name("Jane Roe"),
        Name("J. Roe", NameType.ALIAS),
        Name("Janie", NameType.ALIAS),
        Name("JR", NameType.WEAK_ALIAS),
    ]
    assert roe.birth_dates == ["1980-05"]
    assert roe.nationalities == ["GB"]
    assert roe.identifiers == [Identifier("passport", "P1"), Identifier("national_id", "ID9")]
    assert roe.addresses == [Address("1 High St, London", "London", "GB")]
    assert (roe.topics, roe.positions, roe.remarks) == (["pep"], ["Minister"], "note one")
    assert acme.schema is Schema.COMPANY
    assert acme.names[1] == Name("Acme Old", NameType.PREVIOUS)
    assert acme.programs == ["EU-RUS", "Reciprocal"]
    assert acme.listed_on == "2021-01-01"
    assert acme.countries == ["CY"]
    assert acme.identifiers == [Identifier("tax", "77", note="INN"), Identifier("lei", "LEI1")]
    assert ship.schema is Schema.VESSEL
    assert ship.identifiers == [Identifier("imo", "123")]
    assert plane.schema is Schema.AIRCRAFT
    assert lee.names == [Name("Ann Lee")]
    assert issues[0].location == first


def test_fixture_lines_with_broken_records(tmp_path: Path) -> None:
    lines = [_line(RECORDS[0]), "{not json", "", '"a string"', *map(_line, RECORDS[1:])]
    path = tmp_path / "entities.ftm.json"
    path.write_text("\n".join(lines), encoding="utf-8")
    entities, issues, _ = split(ftm.parse(path))
    assert [i.location for i in issues[:2]] == ["line 2", "line 4"]
    _check_fixture(entities, issues, "line 2")
    assert entities[0].list_name == f"OpenSanctions: {tmp_path.name}"


def test_fixture_as_json_array_and_gzip(tmp_path: Path) -> None:
    path = tmp_path / "entities.json"
    path.write_text(json.dumps([*RECORDS[:5], 7, *RECORDS[5:]], indent=1), encoding="utf-8")
    entities, issues, _ = split(ftm.parse(path))
    _check_fixture(entities, issues, "item 6")
    packed = tmp_path / "entities.json.gz"
    packed.write_bytes(gzip.compress("\n".join(map(_line, RECORDS)).encode()))
    assert len(split(ftm.parse(packed))[0]) == 5


def test_wrong_input_is_a_value_error(tmp_path: Path) -> None:
    path = tmp_path / "entities.json"
    path.write_text('[{"id": "x", ')
    with pytest.raises(ValueError, match="malformed JSON array"):
        list(ftm.parse(path))
    with pytest.raises(ValueError, match="got a folder"):
        list(ftm.parse(tmp_path))


def _containers(inner: st.SearchStrategy[Any]) -> st.SearchStrategy[Any]:
    return st.lists(inner, max_size=3) | st.dictionaries(st.text(max_size=8), inner, max_size=3)


_json = st.recursive(
    st.none() | st.booleans() | st.integers() | st.text(max_size=10), _containers, max_leaves=8
)
_entity = st.fixed_dictionaries(
    {"id": st.text(max_size=5) | st.integers(), "schema": st.sampled_from(
        ["Person", "Company", "LegalEntity", "Vessel", "Address", "Sanction", "Thing", ""])},
    optional={"caption": _json, "properties": st.dictionaries(
        st.sampled_from(["name", "alias", "birthDate", "country", "addressEntity", "entity",
                         "topics", "gender", "imoNumber", "full", "programId", "firstName"]),
        st.lists(st.text(max_size=12), max_size=3) | _json, max_size=6)},
)  # fmt: skip


@settings(max_examples=80, deadline=None)
@given(st.lists(_entity | _json, max_size=6))
def test_arbitrary_records_never_crash(records: list[Any]) -> None:
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / "entities.ftm.json"
        path.write_text("\n".join(json.dumps(r) for r in records), encoding="utf-8")
        with contextlib.suppress(ValueError):  # documented: a first line "[..." that is no array
            split(ftm.parse(path))


@settings(max_examples=40, deadline=None)
@given(st.binary(max_size=200))
def test_arbitrary_bytes_never_crash(content: bytes) -> None:
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / "entities.ftm.json"
        path.write_bytes(content)
        with contextlib.suppress(ValueError):
            split(ftm.parse(path))
