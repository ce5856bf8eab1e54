"""The OFAC enhanced XML parser."""

from __future__ import annotations

import contextlib
import gzip
import tempfile
import zipfile
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from openkyb.sources import ofac_xml
from openkyb.sources.model import Identifier, Name, NameType, Schema
from openkyb.sources.registry import Published
from tests.sources.shared_data import sample, split

NS = "https://sanctionslistservice.ofac.treas.gov/api/PublicationPreview/exports/ENHANCED_XML"


def test_real_consolidated_zip() -> None:
    path = sample("sanctions", "ofac_consolidated_2025", "CONS_ENHANCED.ZIP")
    entities, issues, published = split(ofac_xml.parse(path))
    assert len(entities) == 443  # the README's 443 entries (the CSV export has 442)
    assert issues == []
    assert published == [Published("2025-01-10")]
    assert ofac_xml.dataset_for(path) == "us_ofac_cons"
    by_id = {e.id: e for e in entities}
    assert {e.list_name for e in entities} == {"OFAC Consolidated (non-SDN)"}

    zahhar = by_id["9647"]
    assert zahhar.schema is Schema.PERSON
    assert zahhar.names == [
        Name("Mahmoud Khaled ZAHHAR"),
        Name("Mahmoud Khaled AL ZAHAR", NameType.ALIAS),
        Name("Mahmoud ZAHAR", NameType.WEAK_ALIAS),
        Name("Mahmoud AL-ZAHAR", NameType.WEAK_ALIAS),
    ]
    assert zahhar.birth_dates == ["1945"]
    assert zahhar.birth_places == ["Gaza Strip"]
    assert zahhar.nationalities == ["PS"]
    assert zahhar.gender == "male"
    assert zahhar.listed_on == "2006-04-12"

    bank = by_id["17014"]
    assert bank.schema is Schema.COMPANY
    assert bank.programs == ["UKRAINE-EO13662", "RUSSIA-EO14024"]
    assert Identifier("swift", "RUAGRUMM", None, "SWIFT/BIC") in bank.identifiers
    assert Identifier("registration", "1027700342890", "RU", "Registration Number") in (
        bank.identifiers
    )
    assert bank.addresses[0].city == "Moscow"
    assert bank.addresses[0].country == "RU"
    cyrillic = [n for e in entities for n in e.names if "ПАО" in n.value]
    assert cyrillic
    assert all(n.type is NameType.ALIAS for n in cyrillic)


def _entity(ent_id: str, kind: str, names: str, extra: str = "") -> str:
    return (
        f'<entity id="{ent_id}"><generalInfo><entityType refId="1">{kind}</entityType>'
        f"</generalInfo><sanctionsLists><sanctionsList datePublished='2020-01-02'>SDN List"
        f"</sanctionsList></sanctionsLists><sanctionsPrograms><sanctionsProgram>SDGT"
        f"</sanctionsProgram></sanctionsPrograms><names>{names}</names>{extra}</entity>"
    )


def _name(full: str, primary: bool = True, alias: str = "", low: bool = False) -> str:
    alias_type = f"<aliasType>{alias}</aliasType>" if alias else ""
    return (
        f"<name><isPrimary>{str(primary).lower()}</isPrimary>{alias_type}"
        f"<isLowQuality>{str(low).lower()}</isLowQuality><translations><translation>"
        f"<isPrimary>true</isPrimary><formattedFullName>{full}</formattedFullName>"
        f"</translation></translations></name>"
    )


PERSON_EXTRA = (
    "<features>"
    '<feature><type featureTypeId="8">Birthdate</type><value>circa 1970</value></feature>'
    '<feature><type featureTypeId="9">Place of Birth</type><value>Herat, Afghanistan</value>'
    "</feature>"
    '<feature><type featureTypeId="10">Nationality Country</type><value>Afghanistan</value>'
    "<valueRefId>11029</valueRefId></feature>"
    '<feature><type featureTypeId="8">Birthdate</type><valueDate><fromDateBegin>1972-03-01'
    "</fromDateBegin><toDateEnd>1972-03-31</toDateEnd></valueDate></feature>"
    '<feature><type featureTypeId="99"></type><value>9187629</value></feature>'
    "</features><identityDocuments><identityDocument><type>Passport</type>"
    '<documentNumber>OR123</documentNumber><issuingCountry refId="11029">Afghanistan'
    "</issuingCountry></identityDocument></identityDocuments>"
    '<addresses><address><country refId="11029">Afghanistan</country><translations>'
    "<translation><isPrimary>true</isPrimary><addressParts><addressPart><type>CITY</type>"
    "<value>Kabul</value></addressPart></addressParts></translation></translations>"
    "</address></addresses>"
)


def _document(entities: str, namespace: bool = True) -> str:
    xmlns = f' xmlns="{NS}"' if namespace else ""
    return (
        f'<?xml version="1.0" encoding="utf-8"?><sanctionsData{xmlns}>'
        "<publicationInfo><dataAsOf>2024-05-06T00:00:00</dataAsOf><filters><sanctionsLists>"
        "<sanctionsList>SDN List</sanctionsList></sanctionsLists></filters></publicationInfo>"
        "<referenceValues><referenceValue refId='11029'><type>COUNTRY</type>"
        "<value>Afghanistan</value><isoCode>AF</isoCode></referenceValue></referenceValues>"
        '<featureTypes><featureType featureTypeId="99"><type>Vessel Registration Identification'
        f"</type></featureType></featureTypes><entities>{entities}</entities></sanctionsData>"
    )


GOOD = (
    _entity(
        "1",
        "Individual",
        _name("HAQQANI, Sirajuddin") + _name("KHALIFA", False, "A.K.A.", low=True),
        PERSON_EXTRA,
    )
    + _entity("2", "Entity", "")  # no name: a ParseIssue
    + _entity("3", "Entity", _name("ACME TRADING FZE") + _name("OLD ACME", False, "F.K.A."))
    + '<entity><generalInfo><entityType refId="1">Vessel</entityType></generalInfo></entity>'
)


def _check_good(items: list[object]) -> None:
    entities, issues, published = split(items)  # type: ignore[arg-type]
    assert published == [Published("2024-05-06")]
    assert [i.location for i in issues] == ["entity 2", "entity ?"]
    person, company = entities
    assert person.names == [Name("Sirajuddin HAQQANI"), Name("KHALIFA", NameType.WEAK_ALIAS)]
    assert person.birth_dates == ["1970", "1972-03"]
    assert person.birth_places == ["Herat, Afghanistan"]
    assert person.nationalities == ["AF"]
    assert person.countries == ["AF"]
    assert person.listed_on == "2020-01-02"
    assert person.list_name == "OFAC SDN"
    assert person.identifiers == [
        Identifier("imo", "9187629", None, "Vessel Registration Identification"),
        Identifier("passport", "OR123", "AF", "Passport"),
    ]
    assert person.addresses[0].city == "Kabul"
    assert company.schema is Schema.COMPANY
    assert company.names[1] == Name("OLD ACME", NameType.PREVIOUS)


@pytest.mark.parametrize("packing", ["plain", "zip", "gzip", "no-namespace"])
def test_fixture_in_every_packing(tmp_path: Path, packing: str) -> None:
    text = _document(GOOD, namespace=packing != "no-namespace").encode()
    path = tmp_path / "SDN_ENHANCED.XML"
    if packing == "zip":
        path = tmp_path / "SDN_ENHANCED.ZIP"
        with zipfile.ZipFile(path, "w") as archive:
            archive.writestr("SDN_ENHANCED.XML", text)
    elif packing == "gzip":
        path = tmp_path / "SDN_ENHANCED.XML.gz"
        path.write_bytes(gzip.compress(text))
    else:
        path.write_bytes(text)
    _check_good(list(ofac_xml.parse(path)))
    assert ofac_xml.dataset_for(path) == "us_ofac_sdn"


def test_truncated_file_keeps_what_it_read(tmp_path: Path) -> None:
    text = _document(GOOD)
    path = tmp_path / "cut.xml"
    path.write_text(text[: text.index('<entity id="3"') + 40])
    entities, issues, _ = split(ofac_xml.parse(path))
    assert [e.id for e in entities] == ["1"]
    assert issues[-1].reason.startswith("XML is broken")


def test_truncated_gzip_keeps_what_it_read(tmp_path: Path) -> None:
    many = "".join(_entity(str(n), "Entity", _name(f"COMPANY {n}")) for n in range(2000))
    packed = gzip.compress(_document(many).encode())
    path = tmp_path / "SDN_ENHANCED.XML.gz"
    path.write_bytes(packed[: len(packed) // 2])
    entities, issues, _ = split(ofac_xml.parse(path))
    assert 0 < len(entities) < 2000
    assert [e.id for e in entities] == [str(n) for n in range(len(entities))]
    assert issues[-1].reason.startswith("XML is broken")


def test_wrong_input_is_a_value_error(tmp_path: Path) -> None:
    broken_zip = tmp_path / "broken.zip"
    broken_zip.write_bytes(b"PK\x03\x04 not really a zip")
    with pytest.raises(ValueError, match="broken zip"):
        list(ofac_xml.parse(broken_zip))
    other = tmp_path / "other.xml"
    other.write_text("<CONSOLIDATED_LIST><INDIVIDUALS/></CONSOLIDATED_LIST>")
    with pytest.raises(ValueError, match="CONSOLIDATED_LIST"):
        list(ofac_xml.parse(other))
    text = tmp_path / "text.xml"
    text.write_text("this is not xml")
    with pytest.raises(ValueError, match="not XML"):
        list(ofac_xml.parse(text))
    empty_zip = tmp_path / "empty.zip"
    with zipfile.ZipFile(empty_zip, "w") as archive:
        archive.writestr("readme.txt", "nothing")
    with pytest.raises(ValueError, match=r"no \.xml"):
        list(ofac_xml.parse(empty_zip))


_xml_text = st.text(st.sampled_from(list("<>/=\"' abcdefnty123")), max_size=200)


@settings(max_examples=100, deadline=None)
@given(body=_xml_text, cut=st.integers(min_value=0, max_value=3000))
def test_arbitrary_input_only_yields_items_or_value_error(body: str, cut: int) -> None:
    documents = [body, _document(body), _document(GOOD)[:cut]]
    with tempfile.TemporaryDirectory() as folder:
        for index, text in enumerate(documents):
            path = Path(folder) / f"{index}.xml"
            path.write_text(text)
            with contextlib.suppress(ValueError):  # documented: not this format at all
                split(ofac_xml.parse(path))
