"""The BIS Denied Persons List parser."""

from __future__ import annotations

import tempfile
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from openkyb.sources import bis_dpl
from openkyb.sources.list_helpers import us_date
from openkyb.sources.model import Name, NameType, Schema
from tests.sources.shared_data import sample, split

HEADER = [
    "Name",
    "Street_Address",
    "City",
    "State",
    "Country",
    "Postal_Code",
    "Effective_Date",
    "Expiration_Date",
    "Standard_Order",
    "Last_Update",
    "Action",
    "FR_Citation",
]


def test_real_file() -> None:
    path = sample("sanctions", "bis_dpl_2022", "dpl.txt")
    entities, issues, published = split(bis_dpl.parse(path))
    # 581 rows: one per address, grouped by name + first Federal Register citation
    assert issues == []
    assert published == []
    assert len(entities) == 460
    assert sum(len(e.addresses) for e in entities) == 574  # repeated addresses once
    assert len({e.id for e in entities}) == 460
    by_name: dict[str, list[str]] = {}
    for entity in entities:
        by_name.setdefault(entity.primary_name, []).append(entity.id)

    (sun_id,) = by_name["FUYI SUN"]
    sun = next(e for e in entities if e.id == sun_id)
    assert sun.names == [Name("FUYI SUN"), Name("FRANK SUN", NameType.ALIAS)]
    assert sun.schema is Schema.PERSON
    assert sun.listed_on == "2018-06-13"  # 06/13/2018, month first

    shammout = [e for e in entities if e.primary_name.endswith("NUR SHAMMOUT")]
    assert len(shammout) == 1
    assert shammout[0].countries == ["GB", "LB", "TR", "SY"]
    assert len([e for e in entities if e.primary_name == "I. ASH"]) == 2  # two orders

    airline = next(e for e in entities if e.primary_name == "AL NASER WINGS AIRLINES")
    assert airline.schema is Schema.COMPANY
    assert airline.topics == ["export_control"]
    assert airline.list_name == "BIS Denied Persons List"
    assert bis_dpl.dataset_for(path) == "us_bis_dpl"


def _line(*cells: str) -> str:
    return "\t".join(f'"{c}"' for c in cells) + "\n"


def test_fixture_groups_rows_and_reports_bad_ones(tmp_path: Path) -> None:
    path = tmp_path / "dpl.txt"
    path.write_text(
        _line(*HEADER)
        + _line(
            "JOHN SMITH",
            "1 MAIN ST",
            "AUSTIN",
            "TX",
            "US",
            "78701",
            "02/10/2022",
            "02/10/2032",
            "Y",
            "2022-02-20",
            "NEW",
            "87 F.R. 1 2/17/2022",
        )
        + _line("BROKEN", "ONLY", "THREE")
        + _line("", "NO NAME", "", "", "", "", "", "", "", "", "", "")
        + _line(
            "ACME TRADING",
            "P.O. BOX 1",
            "DUBAI",
            "",
            "AE",
            "",
            "01/05/2020",
            "",
            "Y",
            "2020-01-06",
            "",
            "85 F.R. 2 1/6/2020",
        )
        + _line(
            "JOHN SMITH",
            "2 SIDE ST",
            "DALLAS",
            "TX",
            "US",
            "75201",
            "02/10/2022",
            "02/10/2032",
            "Y",
            "2022-02-20",
            "NEW",
            "87  F.R. 1 2/17/2022",
        )
        + _line(
            "JOHN SMITH",
            "JAIL",
            "ANTHONY",
            "NM",
            "PRC",
            "",
            "13/45/2022",
            "",
            "",
            "",
            "",
            "99 F.R. 9 1/1/2030",
        )
    )
    entities, issues, _ = split(bis_dpl.parse(path))
    assert [i.location for i in issues] == ["line 3", "line 4"]
    smith, acme, other_smith = entities
    assert smith.primary_name == "JOHN SMITH"
    assert [a.city for a in smith.addresses] == ["AUSTIN", "DALLAS"]
    assert smith.listed_on == "2022-02-10"
    assert smith.countries == ["US"]
    assert smith.schema is Schema.PERSON
    assert acme.schema is Schema.COMPANY
    assert acme.countries == ["AE"]
    assert other_smith.id != smith.id
    assert other_smith.listed_on is None  # 13/45/2022 is no date
    assert other_smith.countries == ["CN"]  # "PRC"


def test_ids_are_stable_across_citation_spelling_and_renewals() -> None:
    first = bis_dpl.entity_id("A B", "83F.R. 1 6/1/2018")
    assert first == bis_dpl.entity_id("A B", "83 F.R.  1 6/1/18, 84 F.R. 7 1/1/2019")
    assert first.startswith("a-b-")
    assert bis_dpl.first_citation("80 F.R 57572 9/24/15 ") == "80FR57572"
    assert bis_dpl.first_citation("Vol. 86, No. 71") == "VOL86NO71"


@pytest.mark.parametrize(
    ("text", "names"),
    [
        ("FUYI SUN A/K/A FRANK SUN", ["FUYI SUN", "FRANK SUN"]),
        ("SIBERIAN AIRLINES D/B/A S7 AIRLINES", ["SIBERIAN AIRLINES", "S7 AIRLINES"]),
        ("PEARL (A.K.A. NEI-CHIEN CHU) LI", ["PEARL (A.K.A. NEI-CHIEN CHU) LI"]),
    ],
)
def test_split_names(text: str, names: list[str]) -> None:
    assert [n.value for n in bis_dpl.split_names(text)] == names


def test_us_dates_are_month_first() -> None:
    assert us_date("02/10/2022") == "2022-02-10"
    assert us_date("2022-02-10") == "2022-02-10"
    assert us_date("13/10/2022") is None


def test_wrong_input_is_a_value_error(tmp_path: Path) -> None:
    path = tmp_path / "x.txt"
    path.write_text("a\tb\n1\t2\n")
    with pytest.raises(ValueError, match="not the DPL"):
        list(bis_dpl.parse(path))


_cell = st.text(st.characters(codec="utf-8", exclude_characters="\x00"), max_size=25)


@settings(max_examples=60, deadline=None)
@given(st.lists(st.lists(_cell, max_size=13), max_size=8))
def test_arbitrary_rows_never_crash(rows: list[list[str]]) -> None:
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / "dpl.txt"
        lines = ["\t".join(HEADER)] + ["\t".join(row) for row in rows]
        path.write_text("\n".join(lines), encoding="utf-8")
        split(bis_dpl.parse(path))
