"""Replacing PSCs, LEI records and relationships from their files."""

from __future__ import annotations

from pathlib import Path

from sqlalchemy import select

from openkyb.registry.formats import get_registry_format
from openkyb.registry.load import load_registry
from openkyb.registry.model import LeiRecord, Psc
from openkyb.registry.rows import lei_from_row, psc_from_row
from openkyb.store.db import Database
from openkyb.store.registry_models import (
    LeiRecordRow,
    LeiRelationshipRow,
    RegistryPsc,
)
from tests.helpers import shared_data
from tests.registry.loadhelpers import LEI_XML, PSC_FOLDER, RR_JSON, count, items_format, versions


def _format(name: str):  # type: ignore[no-untyped-def]
    registry_format = get_registry_format(name)
    assert registry_format is not None
    return registry_format


def test_psc_snapshot_loads_and_round_trips(db: Database) -> None:
    path = shared_data(PSC_FOLDER)
    report = load_registry(db, _format("uk-ch-psc"), path)
    parsed = [p for p in _format("uk-ch-psc").parse(path) if isinstance(p, Psc)]
    assert report.records == len(parsed) == count(db, RegistryPsc) > 0
    assert report.added == report.records and versions(db, report.dataset) == 1
    with db.connection() as connection:
        rows = connection.execute(select(RegistryPsc.__table__)).mappings().all()
    by_id = {p.psc_id: p for p in parsed}
    assert {row["psc_id"]: psc_from_row(row) for row in rows} == by_id
    forced = load_registry(db, _format("uk-ch-psc"), path, force=True)
    assert (forced.added, forced.changed, forced.removed) == (0, 0, 0)
    assert count(db, RegistryPsc) == report.records


def test_a_smaller_psc_file_removes_the_rest(db: Database, tmp_path: Path) -> None:
    path = shared_data(PSC_FOLDER)
    first = load_registry(db, _format("uk-ch-psc"), path)
    kept = [p for p in _format("uk-ch-psc").parse(path) if isinstance(p, Psc)][:3]
    smaller = items_format("test-psc", "psc", [*kept, kept[0]], first.dataset)
    file = tmp_path / "psc.json"
    file.write_text("smaller", "utf-8")
    report = load_registry(db, smaller, file)
    assert report.records == 3 and report.removed == first.records - 3 and report.added == 0
    assert report.issue_count == 1 and "duplicate" in report.issues[0].reason
    assert count(db, RegistryPsc) == 3


def test_lei_records_and_relationships_load(db: Database) -> None:
    lei_path = shared_data(LEI_XML)
    report = load_registry(db, _format("gleif-lei"), lei_path)
    parsed = [r for r in _format("gleif-lei").parse(lei_path) if isinstance(r, LeiRecord)]
    assert report.records == count(db, LeiRecordRow) == len({r.lei for r in parsed}) > 0
    with db.connection() as connection:
        row = (
            connection.execute(
                select(LeiRecordRow.__table__).where(LeiRecordRow.lei == parsed[0].lei)
            )
            .mappings()
            .one()
        )
    assert lei_from_row(row) == parsed[0]
    assert row["name_key"]
    relationships = load_registry(db, _format("gleif-rr"), shared_data(RR_JSON))
    assert relationships.records == count(db, LeiRelationshipRow) > 0
