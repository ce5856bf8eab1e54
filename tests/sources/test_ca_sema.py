"""The Canadian consolidated autonomous sanctions list (SEMA) parser."""

from __future__ import annotations

import contextlib
import tempfile
from pathlib import Path
from xml.sax.saxutils import escape

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from openkyb.sources import ca_sema
from openkyb.sources.model import Identifier, Name, NameType, Schema
from tests.sources.shared_data import sample, split


def test_real_file() -> None:
    path = sample("sanctions", "ca_sema_2020", "sema-lmes.xml")
    entities, issues, published = split(ca_sema.parse(path))
    assert issues == []
    assert published == []  # the file states no date
    assert len(entities) == 1369  # the publisher's count
    assert sum(e.schema is Schema.PERSON for e in entities) == 985
    assert sum(len(e.names) for e in entities) == 1525
    assert len({e.id for e in entities}) == 1369  # item numbers restart per schedule
    by_id = {e.id: e for e in entities}

    air_bagan = by_id["burma-1-1"]
    assert air_bagan.schema is Schema.ORGANIZATION
    assert air_bagan.names == [
        Name("Air Bagan"),
        Name("Air Bagan Holdings Pte. Ltd.", NameType.ALIAS),
        Name("Air Bagan Limited", NameType.ALIAS),
    ]
    assert air_bagan.programs == ["Burma"]

    # partial aliases are completed: "Alexei, Aleksei" for Alexey Gennadyevich DYUMIN
    assert [n.value for n in by_id["russia-1-96"].names] == [
        "Alexey Gennadyevich DYUMIN",
        "Alexei Gennadyevich DYUMIN",
        "Aleksei Gennadyevich DYUMIN",
    ]
    assert by_id["ukraine-1-121"].names[1] == Name(
        "Natalya Aleksandrovna PASHENKO", NameType.ALIAS
    )  # a surname spelling
    assert by_id["ukraine-1-83"].names[1] == Name("Motorola", NameType.WEAK_ALIAS)
    assert by_id["syria-2-120"].names[1] == Name("Bushra Shawkat", NameType.ALIAS)

    abahussain = by_id["jvcfor-1-54"]  # "1972-08-10 or 1972-08-11"
    assert abahussain.birth_dates == ["1972-08-10", "1972-08-11"]
    assert abahussain.programs == [
        "Justice for Victims of Corrupt Foreign Officials Regulations (JVCFOR)"
    ]
    assert ca_sema.dataset_for(path) == "ca_dfatd_sema"


FIXTURE = """<?xml version="1.0" encoding="UTF-8"?>
<data-set>
 <record><Country>Russia / Russie</Country><LastName>IVANOV</LastName>
  <GivenName>Andrey Petrovich</GivenName><DateOfBirthOrShipBuildDate>1961-02-03
  </DateOfBirthOrShipBuildDate><Aliases>Andrei, IVANOFF, Andy Man, Kot</Aliases>
  <TitleOrShip>General</TitleOrShip><Schedule>1, Part 2</Schedule><Item>4</Item>
  <DateOfListing>2022-03-24</DateOfListing></record>
 <record><Country>Russia / Russie</Country><EntityOrShip>Blue Star Trading Co., Ltd.
  </EntityOrShip><Aliases>Blue Star Co., Ltd.; BST</Aliases><Schedule>1</Schedule>
  <Item>5</Item></record>
 <record><Country>Iran</Country><EntityOrShip>SEA LION</EntityOrShip>
  <ShipIMONumber>9187629</ShipIMONumber><DateOfBirthOrShipBuildDate>1999
  </DateOfBirthOrShipBuildDate><Schedule>1</Schedule><Item>6</Item></record>
 <record><Country>Iran</Country><EntityOrShip>No Item</EntityOrShip></record>
 <record><Country>Iran</Country><Schedule>1</Schedule><Item>8</Item></record>
</data-set>
"""


def test_fixture_maps_persons_entities_ships(tmp_path: Path) -> None:
    path = tmp_path / "sema.xml"
    path.write_text(FIXTURE, encoding="utf-8")
    entities, issues, _ = split(ca_sema.parse(path))
    assert [(i.location, i.reason) for i in issues] == [
        ("record 4", "no Country and Item"),
        ("record 5 (iran-1-8)", "no name"),
    ]
    ivanov, blue_star, ship = entities
    assert ivanov.id == "russia-1-part-2-4"
    assert ivanov.names == [
        Name("Andrey Petrovich IVANOV"),
        Name("Andrei Petrovich IVANOV", NameType.ALIAS),
        Name("Andrey Petrovich IVANOFF", NameType.ALIAS),
        Name("Andy Man", NameType.ALIAS),
        Name("Kot", NameType.WEAK_ALIAS),
    ]
    assert ivanov.birth_dates == ["1961-02-03"]
    assert ivanov.listed_on == "2022-03-24"
    assert ivanov.remarks == "Title: General"
    assert blue_star.schema is Schema.ORGANIZATION
    assert [n.value for n in blue_star.names] == [
        "Blue Star Trading Co., Ltd.",
        "Blue Star Co., Ltd.",
        "BST",
    ]
    assert ship.schema is Schema.VESSEL
    assert ship.identifiers == [Identifier("imo", "9187629")]
    assert ship.birth_dates == []
    assert ship.remarks == "Built: 1999"


def test_wrong_input_is_a_value_error(tmp_path: Path) -> None:
    path = tmp_path / "x.xml"
    path.write_text("<CONSOLIDATED_LIST/>")
    with pytest.raises(ValueError, match="not the Canadian sanctions list"):
        list(ca_sema.parse(path))
    path.write_bytes(b"\x00\x01garbage")
    with pytest.raises(ValueError, match="not an XML file"):
        list(ca_sema.parse(path))


_tags = st.sampled_from(
    ["Country", "LastName", "GivenName", "Entity", "EntityOrShip", "Aliases", "Schedule",
     "Item", "DateOfBirth", "ShipIMONumber", "TitleOrShip", "DateOfListing"]
)  # fmt: skip
_text = st.text(st.characters(exclude_categories=("Cs", "Cc")), max_size=25)


@settings(max_examples=80, deadline=None)
@given(st.lists(st.lists(st.tuples(_tags, _text), max_size=8), max_size=5))
def test_arbitrary_records_never_crash(records: list[list[tuple[str, str]]]) -> None:
    body = "".join(
        "<record>" + "".join(f"<{t}>{escape(v)}</{t}>" for t, v in fields) + "</record>"
        for fields in records
    )
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / "sema.xml"
        path.write_text(f"<data-set>{body}</data-set>", encoding="utf-8")
        split(ca_sema.parse(path))


@settings(max_examples=40, deadline=None)
@given(st.binary(max_size=200))
def test_arbitrary_bytes_never_crash(content: bytes) -> None:
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / "sema.xml"
        path.write_bytes(b"<data-set>" + content)
        with contextlib.suppress(ValueError):  # documented: not the list at all
            split(ca_sema.parse(path))
