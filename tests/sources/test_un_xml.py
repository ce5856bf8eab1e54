"""The UN Security Council Consolidated List parser."""

from __future__ import annotations

import contextlib
import gzip
import tempfile
from pathlib import Path
from xml.sax.saxutils import escape

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from openkyb.sources import un_xml
from openkyb.sources.model import Address, Identifier, Name, NameType, Schema
from openkyb.sources.registry import Published
from tests.sources.shared_data import sample, split


def test_real_file_2024() -> None:
    path = sample("sanctions", "un_consolidated_2024-11", "consolidated.xml")
    entities, issues, published = split(un_xml.parse(path))
    assert issues == []
    assert published == [Published("2024-11-30")]
    assert len(entities) == 879  # the publisher's count
    assert sum(e.schema is Schema.PERSON for e in entities) == 686
    assert sum(e.schema is Schema.ORGANIZATION for e in entities) == 193
    assert sum(len(e.names) for e in entities) == 3966
    assert len({e.id for e in entities}) == 879
    by_id = {e.id: e for e in entities}

    anwari = by_id["TAi.005"]
    assert anwari.names[0] == Name("MUHAMMAD TAHER ANWARI")
    assert Name("محمد طاهر أنوري", NameType.ALIAS) in anwari.names
    assert Name("Haji Mudir", NameType.WEAK_ALIAS) in anwari.names
    assert anwari.birth_dates == ["1961"]
    assert anwari.birth_places == ["Zurmat District, Paktia Province, Afghanistan"]
    assert anwari.nationalities == ["AF"]
    assert anwari.programs == ["Taliban"]
    assert anwari.listed_on == "2001-02-23"
    assert anwari.positions == [
        "Director of Administrative Affairs under the Taliban regime",
        "Minister of Finance under the Taliban regime",
    ]
    assert anwari.remarks is not None
    assert anwari.remarks.startswith("Belongs to Andar tribe.")
    assert anwari.remarks.endswith("Title: Mullah")

    abu_sayyaf = by_id["QDe.001"]
    assert abu_sayyaf.schema is Schema.ORGANIZATION
    assert abu_sayyaf.primary_name == "ABU SAYYAF GROUP"
    assert abu_sayyaf.countries == ["PH"]
    assert un_xml.dataset_for(path) == "un_sc_sanctions"


def test_real_file_2026() -> None:
    path = sample("sanctions", "un_consolidated_2026-02", "UN_consolidated.xml")
    entities, issues, published = split(un_xml.parse(path))
    assert issues == []
    assert published == [Published("2026-02-27")]
    assert len(entities) == 1003  # the publisher's count
    assert sum(e.schema is Schema.PERSON for e in entities) == 730
    assert sum(len(e.names) for e in entities) == 4121
    badege = next(e for e in entities if e.id == "CDi.001")
    assert badege.names == [Name("ERIC BADEGE")]  # the empty alias element is skipped
    assert badege.gender == "male"
    assert badege.birth_dates == ["1971"]
    assert badege.nationalities == ["CD"]
    assert badege.addresses == [Address(full="Rwanda", country="RW")]
    passports = [i for e in entities for i in e.identifiers if i.type == "passport"]
    assert len(passports) == 310


FIXTURE = """<?xml version="1.0" encoding="UTF-8"?>
<CONSOLIDATED_LIST dateGenerated="2025-01-02T10:00:00Z">
 <INDIVIDUALS>
  <INDIVIDUAL>
   <DATAID>1</DATAID><FIRST_NAME>JOHN</FIRST_NAME><SECOND_NAME>QUINCY</SECOND_NAME>
   <THIRD_NAME>DOE</THIRD_NAME><UN_LIST_TYPE>Al-Qaida</UN_LIST_TYPE>
   <REFERENCE_NUMBER>QDi.900</REFERENCE_NUMBER><LISTED_ON>2010-05-06</LISTED_ON>
   <GENDER>Female</GENDER><NAME_ORIGINAL_SCRIPT>جون</NAME_ORIGINAL_SCRIPT>
   <NATIONALITY><VALUE>Syrian Arab Republic</VALUE><VALUE>na</VALUE></NATIONALITY>
   <INDIVIDUAL_ALIAS><QUALITY>Good</QUALITY><ALIAS_NAME>Jon Doe</ALIAS_NAME></INDIVIDUAL_ALIAS>
   <INDIVIDUAL_ALIAS><QUALITY>Low</QUALITY><ALIAS_NAME>Abu J</ALIAS_NAME></INDIVIDUAL_ALIAS>
   <INDIVIDUAL_ALIAS><QUALITY/><ALIAS_NAME/></INDIVIDUAL_ALIAS>
   <INDIVIDUAL_DATE_OF_BIRTH><TYPE_OF_DATE>BETWEEN</TYPE_OF_DATE>
    <FROM_YEAR>1970</FROM_YEAR><TO_YEAR>1972</TO_YEAR></INDIVIDUAL_DATE_OF_BIRTH>
   <INDIVIDUAL_DATE_OF_BIRTH><TYPE_OF_DATE>EXACT</TYPE_OF_DATE>
    <DATE>1971-03-04</DATE></INDIVIDUAL_DATE_OF_BIRTH>
   <INDIVIDUAL_PLACE_OF_BIRTH><CITY>Aleppo</CITY><COUNTRY>Syrian Arab Republic</COUNTRY>
   </INDIVIDUAL_PLACE_OF_BIRTH>
   <INDIVIDUAL_DOCUMENT><TYPE_OF_DOCUMENT>Passport</TYPE_OF_DOCUMENT><NUMBER>N123</NUMBER>
    <ISSUING_COUNTRY>Syrian Arab Republic</ISSUING_COUNTRY></INDIVIDUAL_DOCUMENT>
   <INDIVIDUAL_DOCUMENT><TYPE_OF_DOCUMENT>Passport</TYPE_OF_DOCUMENT></INDIVIDUAL_DOCUMENT>
   <INDIVIDUAL_ADDRESS><CITY>Idlib</CITY><COUNTRY>Syrian Arab Republic</COUNTRY>
   </INDIVIDUAL_ADDRESS>
  </INDIVIDUAL>
  <INDIVIDUAL><DATAID>2</DATAID><REFERENCE_NUMBER>QDi.901</REFERENCE_NUMBER></INDIVIDUAL>
  <INDIVIDUAL><FIRST_NAME>NOBODY</FIRST_NAME></INDIVIDUAL>
 </INDIVIDUALS>
 <ENTITIES>
  <ENTITY><DATAID>77</DATAID><FIRST_NAME>ACME FRONT</FIRST_NAME>
   <ENTITY_ALIAS><QUALITY>a.k.a.</QUALITY><ALIAS_NAME>Acme</ALIAS_NAME></ENTITY_ALIAS>
   <ENTITY_ALIAS><QUALITY>f.k.a.</QUALITY><ALIAS_NAME>Old Acme</ALIAS_NAME></ENTITY_ALIAS>
   <ENTITY_ADDRESS><STREET>1 Road</STREET><CITY>Kabul</CITY><COUNTRY>Afghanistan</COUNTRY>
   </ENTITY_ADDRESS>
  </ENTITY>
 </ENTITIES>
</CONSOLIDATED_LIST>
"""


def test_fixture_maps_fields_and_reports_bad_records(tmp_path: Path) -> None:
    path = tmp_path / "un.xml"
    path.write_text(FIXTURE, encoding="utf-8")
    entities, issues, published = split(un_xml.parse(path))
    assert published == [Published("2025-01-02")]
    assert [(i.location, i.reason) for i in issues] == [
        ("INDIVIDUAL QDi.901", "no name"),
        ("INDIVIDUAL (no reference)", "no REFERENCE_NUMBER or DATAID"),
    ]
    doe, acme = entities
    assert doe.id == "QDi.900"
    assert doe.names == [
        Name("JOHN QUINCY DOE"),
        Name("جون", NameType.ALIAS),
        Name("Jon Doe", NameType.ALIAS),
        Name("Abu J", NameType.WEAK_ALIAS),
    ]
    assert doe.birth_dates == ["1970", "1971", "1972", "1971-03-04"]
    assert doe.birth_places == ["Aleppo, Syrian Arab Republic"]
    assert doe.nationalities == ["SY"]  # "na" is not Namibia
    assert doe.identifiers == [Identifier("passport", "N123", "SY", "Passport")]
    assert doe.addresses == [Address("Idlib, Syrian Arab Republic", "Idlib", "SY")]
    assert doe.gender == "female"
    assert doe.topics == ["sanction"]
    assert acme.id == "77"  # no REFERENCE_NUMBER: the DATAID
    assert acme.schema is Schema.ORGANIZATION
    assert acme.names[1:] == [Name("Acme", NameType.ALIAS), Name("Old Acme", NameType.PREVIOUS)]
    assert acme.countries == ["AF"]


def test_gzip_and_truncated_files(tmp_path: Path) -> None:
    packed = tmp_path / "un.xml.gz"
    packed.write_bytes(gzip.compress(FIXTURE.encode()))
    assert len(split(un_xml.parse(packed))[0]) == 2
    cut = tmp_path / "cut.xml"
    cut.write_text(FIXTURE[: FIXTURE.index("<ENTITIES>") + 40], encoding="utf-8")
    entities, issues, _ = split(un_xml.parse(cut))
    assert [e.id for e in entities] == ["QDi.900"]
    assert issues[-1].reason.startswith("XML error, rest of file not read")


def test_wrong_input_is_a_value_error(tmp_path: Path) -> None:
    path = tmp_path / "x.xml"
    path.write_text("<sdnList><sdnEntry/></sdnList>")
    with pytest.raises(ValueError, match="not the UN consolidated list"):
        list(un_xml.parse(path))
    path.write_text("name,type\nfoo,bar\n")
    with pytest.raises(ValueError, match="not an XML file"):
        list(un_xml.parse(path))


def _check(content: bytes) -> None:
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / "un.xml"
        path.write_bytes(content)
        with contextlib.suppress(ValueError):  # documented: not the UN list at all
            split(un_xml.parse(path))


@settings(max_examples=60, deadline=None)
@given(st.binary(max_size=300))
def test_arbitrary_bytes_never_crash(content: bytes) -> None:
    _check(content)


_text = st.text(st.characters(exclude_categories=("Cs", "Cc")), max_size=20)
_tags = st.sampled_from(
    ["FIRST_NAME", "SECOND_NAME", "REFERENCE_NUMBER", "DATAID", "LISTED_ON", "GENDER", "DATE",
     "YEAR", "FROM_YEAR", "TO_YEAR", "QUALITY", "ALIAS_NAME", "NUMBER", "COUNTRY", "VALUE"]
)  # fmt: skip
_groups = st.sampled_from(
    ["INDIVIDUAL_ALIAS", "INDIVIDUAL_DATE_OF_BIRTH", "INDIVIDUAL_DOCUMENT", "NATIONALITY",
     "INDIVIDUAL_ADDRESS", "DESIGNATION", "INDIVIDUAL_PLACE_OF_BIRTH"]
)  # fmt: skip


@st.composite
def _records(draw: st.DrawFn) -> str:
    def field() -> str:
        return f"<{(tag := draw(_tags))}>{escape(draw(_text))}</{tag}>"

    parts = [field() for _ in range(draw(st.integers(0, 4)))]
    for _ in range(draw(st.integers(0, 3))):
        group = draw(_groups)
        parts.append(
            f"<{group}>{''.join(field() for _ in range(draw(st.integers(0, 3))))}</{group}>"
        )
    kind = draw(st.sampled_from(["INDIVIDUAL", "ENTITY"]))
    return f"<{kind}>{''.join(parts)}</{kind}>"


@settings(max_examples=80, deadline=None)
@given(st.lists(_records(), max_size=4))
def test_arbitrary_records_never_crash(records: list[str]) -> None:
    body = f"<CONSOLIDATED_LIST dateGenerated='x'><INDIVIDUALS>{''.join(records)}</INDIVIDUALS>"
    _check((body + "</CONSOLIDATED_LIST>").encode())
