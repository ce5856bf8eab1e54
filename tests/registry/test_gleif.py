"""GLEIF golden copy parsers: LEI records (gleif-lei) and relationships (gleif-rr)."""

from __future__ import annotations

import gzip
import json
import zipfile
from collections import Counter
from collections.abc import Iterable
from dataclasses import replace
from datetime import date
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from openkyb.registry.formats import get_registry_format
from openkyb.registry.model import LeiRecord, LeiRelationship
from openkyb.registry.sources import gleif_lei, gleif_rr
from openkyb.sources.model import ParseIssue
from openkyb.sources.registry import Published
from tests.helpers import shared_data

SAMPLES = "registries/gleif/golden_copy_samples"
# file -> (LEI records, issues) with gleif-lei; None: refused with ValueError
LEI_COUNTS = {
    "lei-data.xml": (13, 0),
    "lei-data.json": (13, 0),
    "lei-updates-data.json": (5, 0),
    "lei-updates-data2.xml": (12, 0),
    "lei-updates-data2.json": (12, 0),
    "lei-updates-data2-new.xml": (12, 0),
    "lei-updates-data2-new.json": (12, 0),
    "lei-updates-replaces-data.json": (2, 0),
    "relationship-update-data.json": (2, 1),  # mixed: 4 relationships skipped, counted
    "reporting-exceptions-data.json": (1, 1),  # mixed: 2 exceptions skipped, counted
}
RR_COUNTS = {
    "rr-data.xml": (2, 1),  # 8 fund relationships skipped in one counted issue
    "rr-data.json": (2, 1),
    "rr-updates-data.json": (2, 1),
    "rr-updates-data2.xml": (7, 1),
    "rr-updates-data2.json": (7, 1),
    "rr-updates-data2-new.xml": (5, 1),
    "rr-updates-data2-new.json": (5, 1),
    "relationship-update-data.json": (4, 1),
}


def _split(items: Iterable[object]) -> tuple[list[object], list[ParseIssue], list[Published]]:
    records, issues, published = [], [], []
    for item in items:
        if isinstance(item, ParseIssue):
            issues.append(item)
        elif isinstance(item, Published):
            published.append(item)
        else:
            records.append(item)
    return records, issues, published


def test_formats_are_registered() -> None:
    lei, rr = get_registry_format("gleif-lei"), get_registry_format("gleif-rr")
    assert lei is not None and rr is not None
    assert (lei.kind, lei.dataset_for(Path("x")), rr.kind, rr.dataset_for(Path("x"))) == (
        "lei",
        "gleif-lei",
        "relationships",
        "gleif-rr",
    )


def test_every_sample_file_parses_or_is_refused_cleanly() -> None:
    folder = shared_data(SAMPLES)
    for file in sorted(folder.iterdir()):
        for parser, expected in ((gleif_lei.parse, LEI_COUNTS), (gleif_rr.parse, RR_COUNTS)):
            if file.name in expected:
                records, issues, _ = _split(parser(file))
                assert (len(records), len(issues)) == expected[file.name], (file.name, issues)
            else:
                with pytest.raises(ValueError, match=file.name):
                    list(parser(file))


def test_xml_and_json_give_the_same_records() -> None:
    folder = shared_data(SAMPLES)
    for stem, parser in (("lei-data", gleif_lei.parse), ("rr-updates-data2", gleif_rr.parse)):
        from_xml, _, published = _split(parser(folder / f"{stem}.xml"))
        from_json, _, _ = _split(parser(folder / f"{stem}.json"))
        assert len(published) == 1
        if stem == "rr-updates-data2":
            assert from_xml == from_json
            continue
        # GLEIF's JSON sample keeps one AdditionalAddressLine where the XML has several:
        # compare everything but the addresses.
        assert _without_addresses(from_xml) == _without_addresses(from_json)


def _without_addresses(records: list[object]) -> list[object]:
    return [
        replace(r, legal_address={}, headquarters_address={})
        for r in records
        if isinstance(r, LeiRecord)
    ]


def test_lei_record_fields() -> None:
    records, _, published = _split(gleif_lei.parse(shared_data(SAMPLES) / "lei-data.xml"))
    assert published == [Published("2023-06-05")]
    first = records[0]
    assert isinstance(first, LeiRecord)
    assert (first.lei, first.legal_name) == (
        "001GPB6A9XPE8XJICC14",
        "Fidelity Advisor Leveraged Company Stock Fund",
    )
    assert first.other_names == (
        "FIDELITY ADVISOR SERIES I - Fidelity Advisor Leveraged Company Stock Fund",
    )
    assert (first.jurisdiction, first.legal_form, first.entity_status) == (
        "US-MA",
        "FUND",
        "ACTIVE",
    )
    assert (first.registration_authority, first.registered_as) == ("RA000665", "S000005113")
    assert first.legal_address == {
        "lines": ["245 SUMMER STREET"],
        "city": "BOSTON",
        "region": "US-MA",
        "country": "US",
        "postal_code": "02210",
    }
    assert (first.initial_registration, first.last_update, first.next_renewal) == (
        date(2012, 11, 29),
        date(2023, 5, 18),
        date(2024, 5, 18),
    )


def test_relationship_fields_use_the_relationship_period() -> None:
    records, issues, _ = _split(
        gleif_rr.parse(shared_data(SAMPLES) / "relationship-update-data.json")
    )
    first = records[0]
    assert first == LeiRelationship(
        child="0292003540H0S4VA7A50",
        parent="0292002717G4T0CH6E65",
        kind="direct",
        status="ACTIVE",
        registration_status="PUBLISHED",
        start=date(2017, 8, 14),
        end=None,
    )
    assert "lei 2" in issues[0].reason


GOLDEN_JSON = {
    "records": [
        {
            "LEI": {"$": "5493001KJTIIGC8Y1R12"},
            "Entity": {
                "LegalName": {"@xml:lang": "en", "$": "Bloomberg Finance L.P."},
                "OtherEntityNames": {
                    "OtherEntityName": {"@type": "TRADING_OR_OPERATING_NAME", "$": "BFLP"}
                },
                "LegalAddress": {
                    "FirstAddressLine": {"$": "251 Little Falls Drive"},
                    "AdditionalAddressLine": [{"$": "a"}, {"$": "b"}],
                    "Country": {"$": "US"},
                },
                "LegalJurisdiction": {"$": "US-DE"},
                "LegalForm": {"EntityLegalFormCode": {"$": "T91T"}},
            },
            "Registration": {
                "RegistrationStatus": {"$": "ISSUED"},
                "LastUpdateDate": {"$": "2025-01-06T14:35:04Z"},
            },
        },
        {"LEI": {"$": "NOT-AN-LEI"}, "Entity": {"LegalName": {"$": "x"}}},
        {"LEI": {"$": "001GPB6A9XPE8XJICC14"}, "Entity": {}},
    ]
}


def test_golden_copy_json_dollar_shape_in_a_zip(tmp_path: Path) -> None:
    path = tmp_path / "20250115-0800-gleif-goldencopy-lei2-golden-copy.json.zip"
    with zipfile.ZipFile(path, "w") as archive:
        archive.writestr(
            "20250115-0800-gleif-goldencopy-lei2-golden-copy.json", json.dumps(GOLDEN_JSON)
        )
    records, issues, published = _split(gleif_lei.parse(path))
    assert published == [Published("2025-01-15")]
    assert len(records) == 1
    record = records[0]
    assert isinstance(record, LeiRecord)
    assert (record.legal_name, record.other_names, record.legal_form) == (
        "Bloomberg Finance L.P.",
        ("BFLP",),
        "T91T",
    )
    assert record.legal_address == {"lines": ["251 Little Falls Drive", "a", "b"], "country": "US"}
    assert [i.location.rsplit(" ", 1)[-1] for i in issues] == ["2", "3"]
    assert "invalid LEI" in issues[0].reason and "no legal name" in issues[1].reason


def test_gzip_and_folder_inputs(tmp_path: Path) -> None:
    source = shared_data(SAMPLES) / "rr-data.xml"
    (tmp_path / "rr-data.xml.gz").write_bytes(gzip.compress(source.read_bytes()))
    records, _, _ = _split(gleif_rr.parse(tmp_path / "rr-data.xml.gz"))
    assert len(records) == 2
    (tmp_path / "rr-data.json").write_bytes((source.parent / "rr-data.json").read_bytes())
    records, issues, published = _split(gleif_rr.parse(tmp_path))
    assert (len(records), len(issues), len(published)) == (4, 2, 1)


def test_truncated_xml_keeps_the_records_before_the_break(tmp_path: Path) -> None:
    text = (shared_data(SAMPLES) / "lei-data.xml").read_bytes()
    cut = text.index(b"<lei:LEIRecord ", text.index(b"<lei:LEIRecord ") + 10) + 200
    (tmp_path / "cut.xml").write_bytes(text[:cut])
    records, issues, _ = _split(gleif_lei.parse(tmp_path / "cut.xml"))
    assert len(records) == 1
    assert len(issues) == 1 and issues[0].location.endswith("record 2")


def test_relationship_kinds_counted() -> None:
    _, issues, _ = _split(gleif_rr.parse(shared_data(SAMPLES) / "rr-data.xml"))
    assert issues[0].reason.endswith("(IS_FUND-MANAGED_BY 5, IS_SUBFUND_OF 3)")


@settings(
    max_examples=80, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(
    data=st.one_of(
        st.binary(max_size=400),
        st.text(max_size=300).map(str.encode),
        st.sampled_from(
            [
                b"[",
                b"{",
                b"<",
                b"[{}]",
                b'{"records": [1, "x", {}]}',
                b"<LEIData><LEIRecord/></LEIData>",
                b"<RelationshipData><RelationshipRecord><Relationship/></RelationshipRecord>",
            ]
        ),
    )
)
def test_arbitrary_input_never_raises_but_value_error(tmp_path: Path, data: bytes) -> None:
    path = tmp_path / "input.xml"
    path.write_bytes(data)
    for parser in (gleif_lei.parse, gleif_rr.parse):
        try:
            kinds = Counter(type(item).__name__ for item in parser(path))
        except ValueError:
            continue
        assert set(kinds) <= {"LeiRecord", "LeiRelationship", "ParseIssue", "Published"}
