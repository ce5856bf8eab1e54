"""Replacing PSCs, LEI records and relationships from their files."""

from __future__ import annotations

from pathlib import Path

import pytest
from sqlalchemy import select

from openkyb.registry.formats import get_registry_format
from openkyb.registry.load import load_registry
from openkyb.registry.load_tables import is_delta_file
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


GLEIF = "registries/gleif/golden_copy_samples"


def _leis(db: Database) -> dict[str, str | None]:
    with db.connection() as connection:
        rows = connection.execute(select(LeiRecordRow.lei, LeiRecordRow.registration_status))
        return {row[0]: row[1] for row in rows}


def test_a_gleif_update_file_is_applied_on_top_of_the_golden_copy(db: Database) -> None:
    full = load_registry(db, _format("gleif-lei"), shared_data(LEI_XML))
    before = _leis(db)
    path = shared_data(f"{GLEIF}/lei-updates-data2.xml")  # 12 records, 1 already stored
    updates = [r for r in _format("gleif-lei").parse(path) if isinstance(r, LeiRecord)]
    report = load_registry(db, _format("gleif-lei"), path)
    assert report.delta and versions(db, full.dataset) == 2
    stored = set(before) & {r.lei for r in updates}
    assert (report.added, report.changed, report.removed) == (len(updates) - len(stored), 1, 0)
    after = _leis(db)
    assert set(after) == set(before) | {r.lei for r in updates}  # nothing removed
    assert all(after[r.lei] == r.registration_status for r in updates)  # updates applied
    assert {lei: after[lei] for lei in set(before) - stored} == {
        lei: before[lei] for lei in set(before) - stored
    }


def test_an_update_file_loaded_as_full_replaces_the_dataset(db: Database) -> None:
    load_registry(db, _format("gleif-lei"), shared_data(LEI_XML))
    path = shared_data(f"{GLEIF}/lei-updates-data.json")
    report = load_registry(db, _format("gleif-lei"), path, delta=False)
    assert not report.delta and count(db, LeiRecordRow) == report.records == 5


def test_relationship_updates_add_to_the_stored_relationships(db: Database) -> None:
    first = load_registry(db, _format("gleif-rr"), shared_data(RR_JSON))
    update = load_registry(db, _format("gleif-rr"), shared_data(f"{GLEIF}/rr-updates-data2.json"))
    assert update.delta and update.removed == 0
    assert count(db, LeiRelationshipRow) == first.records + update.added


def test_only_gleif_files_load_as_a_delta(db: Database) -> None:
    with pytest.raises(ValueError, match="only gleif-lei and gleif-rr"):
        load_registry(db, _format("uk-ch-psc"), shared_data(PSC_FOLDER), delta=True)


def test_delta_file_names() -> None:
    for name in ("lei-updates-data.json", "20231106-0800-gleif-goldencopy-lei2-last-day.xml.zip",
                 "x-gleif-goldencopy-rr-intra-day.json"):  # fmt: skip
        assert is_delta_file(Path(name))
    assert not is_delta_file(Path("20231106-0800-gleif-goldencopy-lei2-golden-copy.xml.zip"))
