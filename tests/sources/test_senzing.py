"""The Senzing JSON-lines parser (OpenSanctions' senzing.json export)."""

from __future__ import annotations

import contextlib
import json
import tempfile
from pathlib import Path
from typing import Any

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from openkyb.sources import senzing
from openkyb.sources.model import Address, Identifier, Name, NameType, Schema
from tests.sources.shared_data import sample, split


def test_real_file() -> None:
    path = sample("pep", "opensanctions_us_congress_senzing", "us_congress_senzing.json")
    entities, issues, published = split(senzing.parse(path))
    # 1,319 lines: 1,317 members of Congress and the 2 positions they hold
    assert issues == []
    assert published == []
    assert len(entities) == 1317
    assert {e.schema for e in entities} == {Schema.PERSON}
    assert sum(len(e.names) for e in entities) == 1350
    assert {tuple(e.topics) for e in entities} == {("pep",)}
    assert sum("United States senator" in e.positions for e in entities) == 209
    by_id = {e.id: e for e in entities}

    franklin = by_id["Q101198561"]
    assert franklin.names == [Name("Scott Franklin"), Name("C. Scott Franklin", NameType.ALIAS)]
    assert franklin.birth_dates == ["1964"]
    assert franklin.nationalities == ["US"]
    assert franklin.positions == ["United States representative"]
    assert franklin.identifiers == [Identifier("other", "Q101198561", note="WIKIDATA")]
    assert franklin.list_name == "Senzing export: us_congress_senzing"

    love = by_id["Q11112119"]
    assert love.remarks == "Died: 2025\nhttps://www.opensanctions.org/entities/Q11112119"
    assert senzing.dataset_for(path) == "pep_us_congress_senzing"


RECORDS: list[Any] = [
    {"RECORD_ID": "p1", "RECORD_TYPE": "PERSON",
     "NAMES": [{"NAME_TYPE": "ALIAS", "NAME_FULL": "Bob Q. Public"},
               {"NAME_TYPE": "PRIMARY", "NAME_FIRST": "Bob", "NAME_LAST": "Public"}],
     "DATES": [{"DATE_OF_BIRTH": "1950-02-03"}], "GENDER": "M",
     "COUNTRIES": [{"NATIONALITY": "us"}, {"CITIZENSHIP": "Canada"}],
     "ADDRESSES": [{"ADDR_LINE1": "1 Main St", "ADDR_CITY": "Boston", "ADDR_COUNTRY": "US"}],
     "IDENTIFIERS": [{"PASSPORT_NUMBER": "X1", "PASSPORT_COUNTRY": "US"}],
     "RELATIONSHIPS": [{"REL_POINTER_KEY": "pos1"}, {"REL_POINTER_KEY": "unknown"}]},
    {"RECORD_ID": "o1", "RECORD_TYPE": "ORGANIZATION", "NAMES": [{"NAME_ORG": "Acme PAC"}],
     "RISKS": [{"TOPIC": "sanction"}], "REGISTRATION_COUNTRY": "GB"},
    {"RECORD_ID": "f1", "NAME_FULL": "Flat Person", "NAME_LAST": "Person",
     "DATE_OF_BIRTH": "1 Jan 1960", "TAX_ID_NUMBER": "T-9"},
    {"RECORD_ID": "pos1", "RECORD_TYPE": None, "NAMES": [{"NAME_FULL": "Mayor of Springfield"}],
     "RELATIONSHIPS": [{"REL_ANCHOR_DOMAIN": "X", "REL_ANCHOR_KEY": "pos1"}]},
    {"RECORD_ID": "e1", "RECORD_TYPE": "PERSON", "NAMES": []},
    {"RECORD_ID": "v1", "RECORD_TYPE": "VESSEL", "NAMES": [{"NAME_FULL": "Boaty"}]},
    {"RECORD_TYPE": "PERSON", "NAMES": [{"NAME_FULL": "No Id"}]},
]  # fmt: skip


def test_fixture_with_broken_records(tmp_path: Path) -> None:
    lines = [json.dumps(RECORDS[0]), "{broken", *map(json.dumps, RECORDS[1:])]
    path = tmp_path / "demo_senzing.json"
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    entities, issues, _ = split(senzing.parse(path))
    assert [(i.location, i.reason) for i in issues] == [
        ("line 2", issues[0].reason),
        ("line 6 (e1)", "no name"),
        ("line 7 (v1)", "unknown RECORD_TYPE 'VESSEL'"),
        ("line 8", "no RECORD_ID"),
    ]
    assert issues[0].reason.startswith("malformed JSON")
    public, acme, flat = entities  # the position record is no party
    assert public.names == [Name("Bob Public"), Name("Bob Q. Public", NameType.ALIAS)]
    assert public.birth_dates == ["1950-02-03"]
    assert public.gender == "male"
    assert public.nationalities == ["US", "CA"]
    assert public.addresses == [Address("1 Main St, Boston, US", "Boston", "US")]
    assert public.identifiers == [Identifier("passport", "X1", "US")]
    assert public.positions == ["Mayor of Springfield"]  # defined after its holder
    assert public.topics == ["pep"]  # the default for a record without risks
    assert acme.schema is Schema.ORGANIZATION
    assert acme.topics == ["sanction"]
    assert acme.countries == ["GB"]
    assert flat.schema is Schema.PERSON  # no RECORD_TYPE, but name parts
    assert flat.birth_dates == ["1960-01-01"]
    assert flat.identifiers == [Identifier("tax", "T-9")]
    assert senzing.dataset_for(path) == "pep_demo_senzing"


def test_wrong_input_is_a_value_error(tmp_path: Path) -> None:
    with pytest.raises(ValueError, match="got a folder"):
        list(senzing.parse(tmp_path))


_value = st.none() | st.integers() | st.text(max_size=12)
_feature = st.dictionaries(
    st.sampled_from(["NAME_FULL", "NAME_ORG", "NAME_FIRST", "NAME_LAST", "NAME_TYPE",
                     "DATE_OF_BIRTH", "NATIONALITY", "ADDR_FULL", "ADDR_COUNTRY", "TOPIC",
                     "PASSPORT_NUMBER", "REL_POINTER_KEY", "REL_ANCHOR_KEY", "GENDER"]),
    _value, max_size=4,
)  # fmt: skip
_record = st.fixed_dictionaries(
    {"RECORD_ID": _value, "RECORD_TYPE": st.sampled_from([None, "PERSON", "ORGANIZATION", "X"])},
    optional={"NAMES": st.lists(_feature, max_size=3), "DATES": st.lists(_feature, max_size=2),
              "RELATIONSHIPS": st.lists(_feature | _value, max_size=2), "NAME_FULL": _value},
)  # fmt: skip


@settings(max_examples=80, deadline=None)
@given(st.lists(_record | _value, max_size=6))
def test_arbitrary_records_never_crash(records: list[Any]) -> None:
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / "x_senzing.json"
        path.write_text("\n".join(json.dumps(r) for r in records), encoding="utf-8")
        split(senzing.parse(path))


@settings(max_examples=40, deadline=None)
@given(st.binary(max_size=200))
def test_arbitrary_bytes_never_crash(content: bytes) -> None:
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / "x_senzing.json"
        path.write_bytes(content)
        with contextlib.suppress(ValueError):  # documented: a first line "[..." that is no array
            split(senzing.parse(path))
