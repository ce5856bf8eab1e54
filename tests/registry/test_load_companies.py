"""Loading full company registers: first load, reloads, diffs, bad rows, other countries."""

from __future__ import annotations

from pathlib import Path

import pytest
from sqlalchemy import select, text, update

from openkyb.registry.formats import REGISTRY_FORMATS, get_registry_format
from openkyb.registry.load import load_registry
from openkyb.registry.load_common import NoRecordsError
from openkyb.registry.model import CompanyRecord, RegisteredAddress, SicCode
from openkyb.registry.rows import company_from_row
from openkyb.registry.search_vocab import refresh_search_vocabulary
from openkyb.registry.versions import countries_loaded, current_registry_version
from openkyb.store import migrate
from openkyb.store.db import Database
from openkyb.store.models import DatasetVersion
from openkyb.store.registry_models import RegistryChange, RegistryCompany
from tests.helpers import shared_data
from tests.registry.loadhelpers import (
    BASIC_SAMPLE,
    MALFORMED,
    changes,
    company,
    company_numbers,
    count,
    index_names,
    items_format,
    sample_rows,
    versions,
    write_csv,
)

DATASET = "gb-companies-house"


def basic() -> object:
    registry_format = get_registry_format("uk-ch-basic")
    assert registry_format is not None
    return registry_format


def test_first_load_stores_every_company_without_per_company_changes(db: Database) -> None:
    path = shared_data(BASIC_SAMPLE)
    report = load_registry(db, basic(), path)  # type: ignore[arg-type]
    assert (report.records, report.added, report.changed, report.removed) == (31, 31, 0, 0)
    assert report.first_load and report.countries == ["GB"] and report.issue_count == 0
    assert count(db, RegistryCompany) == 31
    assert count(db, RegistryChange) == 0  # a first load records counts only
    with db.connection() as connection:
        version = connection.execute(select(DatasetVersion)).mappings().one()
        row = (
            connection.execute(
                select(RegistryCompany.__table__).where(RegistryCompany.number == "12402527")
            )
            .mappings()
            .one()
        )
    assert version["dataset"] == DATASET and version["format"] == "uk-ch-basic"
    assert version["entities"] == 31 and version["added"] == 31 and len(version["sha256"]) == 64
    assert version["origin"] == str(path)
    stored = company_from_row(row)
    parsed = next(
        r
        for r in basic().parse(path)
        if isinstance(r, CompanyRecord) and r.number == "12402527"  # type: ignore[attr-defined]
    )
    assert stored == parsed
    assert row["version_id"] == report.version_id and row["postcode_key"] == "E48EJ"
    assert current_registry_version(db, DATASET).version == report.version_id  # type: ignore[union-attr]
    assert countries_loaded(db) == {"GB"}


def test_identical_file_is_skipped_unless_forced(db: Database) -> None:
    path = shared_data(BASIC_SAMPLE)
    load_registry(db, basic(), path)  # type: ignore[arg-type]
    again = load_registry(db, basic(), path)  # type: ignore[arg-type]
    assert again.unchanged_file and again.version_id is None
    assert versions(db, DATASET) == 1
    forced = load_registry(db, basic(), path, force=True)  # type: ignore[arg-type]
    assert (forced.added, forced.changed, forced.removed) == (0, 0, 0)
    assert not forced.first_load and versions(db, DATASET) == 2
    assert count(db, RegistryCompany) == 31 and count(db, RegistryChange) == 0


def test_modified_file_records_added_changed_and_removed(db: Database, tmp_path: Path) -> None:
    load_registry(db, basic(), shared_data(BASIC_SAMPLE))  # type: ignore[arg-type]
    header, rows = sample_rows()
    removed = rows.pop(0)[1]  # "12778855"
    rows[0][11] = "Liquidation"  # CompanyStatus of "08209948"
    rows[1][4] = "1 NEW STREET"  # RegAddress.AddressLine1 of "11399177"
    added = [*rows[2]]
    added[0], added[1] = "BRAND NEW LIMITED", "99999999"
    rows.append(added)
    report = load_registry(db, basic(), write_csv(tmp_path / "next.csv", header, rows))  # type: ignore[arg-type]
    assert (report.added, report.changed, report.removed) == (1, 2, 1)
    recorded = changes(db, report.version_id)
    assert recorded["99999999"] == ("added", [])
    assert recorded[removed] == ("removed", [])
    assert recorded["08209948"][0] == "changed"
    assert set(recorded["08209948"][1]) == {"status", "status_code"}
    assert recorded["11399177"] == ("changed", ["address_line1"])
    assert company_numbers(db) == {r[1] for r in rows}
    with db.connection() as connection:
        status = connection.scalar(
            select(RegistryCompany.status).where(RegistryCompany.number == "08209948")
        )
    assert status == "Liquidation"


def test_rows_fingerprinted_differently_are_compared_by_content(
    db: Database, tmp_path: Path
) -> None:
    """A stored fingerprint from another release only preselects: same content is unchanged."""
    load_registry(db, basic(), shared_data(BASIC_SAMPLE))  # type: ignore[arg-type]
    with db.engine.begin() as connection:
        connection.execute(update(RegistryCompany).values(fingerprint="0" * 32))
    header, rows = sample_rows()
    rows[0][11] = "Liquidation"  # CompanyStatus
    report = load_registry(db, basic(), write_csv(tmp_path / "next.csv", header, rows))  # type: ignore[arg-type]
    assert (report.added, report.changed, report.removed) == (0, 1, 0)
    assert changes(db, report.version_id) == {rows[0][1]: ("changed", ["status", "status_code"])}


def test_duplicate_numbers_keep_the_first_record(db: Database, tmp_path: Path) -> None:
    header, rows = sample_rows()
    twin = [*rows[0]]
    twin[0] = "SOMEONE ELSE LIMITED"
    report = load_registry(db, basic(), write_csv(tmp_path / "dup.csv", header, [*rows, twin]))  # type: ignore[arg-type]
    assert report.records == 31 and report.issue_count == 1
    assert "duplicate" in report.issues[0].reason and rows[0][1] in report.issues[0].location
    with db.connection() as connection:
        name = connection.scalar(
            select(RegistryCompany.name).where(RegistryCompany.number == rows[0][1])
        )
    assert name == rows[0][0]
    assert ("GB", "someone") not in _vocabulary(db)  # the twin's words went with it
    assert _vocabulary(db) == _vocabulary_rebuilt(db)


def test_bad_rows_are_reported_with_their_row_and_good_rows_load(
    db: Database, tmp_path: Path
) -> None:
    header, rows = sample_rows()
    path = tmp_path / "broken.csv"
    write_csv(path, header, rows[:5])
    with path.open("a", encoding="utf-8") as handle:
        handle.write('"TRUNCATED LIMITED","0123","only a few cells"\r\n')
    with path.open("a", encoding="utf-8", newline="") as handle:
        import csv

        csv.writer(handle, quoting=csv.QUOTE_ALL).writerows(rows[5:10])
    report = load_registry(db, basic(), path)  # type: ignore[arg-type]
    assert report.records == 10 and report.issue_count == 1
    assert report.issues[0].location == "row 7"
    with db.connection() as connection:
        stored = connection.scalar(select(DatasetVersion.report))
    assert stored["issues"][0]["location"] == "row 7"


def test_the_hard_wrapped_sample_reports_its_rows_and_stores_nothing_when_none_is_good(
    db: Database,
) -> None:
    path = shared_data(MALFORMED)
    # Every line is cut at 120 characters, so no record is intact: nothing may be stored.
    with pytest.raises(NoRecordsError) as raised:
        load_registry(db, basic(), path)  # type: ignore[arg-type]
    report = raised.value.report
    assert count(db, RegistryCompany) == 0 and versions(db, DATASET) == 0
    assert report.records == 0 and report.issue_count == 14
    assert all(i.location.startswith(("row ", "line ")) for i in report.issues)


def _file(tmp_path: Path, name: str) -> Path:
    path = tmp_path / name
    path.write_text(name, "utf-8")  # the content only has to differ: it is hashed
    return path


def test_other_countries_are_kept(
    db: Database, monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    french = items_format(
        "test-fr", "companies", [company("552100554", "ACME SA", "FR"), company("1", "B", "FR")]
    )
    monkeypatch.setitem(REGISTRY_FORMATS, "test-fr", french)
    load_registry(db, basic(), shared_data(BASIC_SAMPLE))  # type: ignore[arg-type]
    load_registry(db, french, _file(tmp_path, "fr"), "fr-registry")
    assert countries_loaded(db) == {"GB", "FR"}
    assert _vocabulary(db) == _vocabulary_rebuilt(db)
    assert ("FR", "acme") in _vocabulary(db)
    smaller = items_format("test-gb", "companies", [company("00000001")])
    report = load_registry(db, smaller, _file(tmp_path, "gb"), DATASET)
    assert (report.added, report.removed) == (1, 31)
    assert company_numbers(db, "FR") == {"552100554", "1"}
    assert company_numbers(db) == {"00000001"}
    assert _vocabulary(db) == _vocabulary_rebuilt(db)  # GB words replaced, FR kept


def _vocabulary(db: Database) -> dict[tuple[str, str], int]:
    with db.connection() as connection:
        rows = connection.execute(text("SELECT country, token, df FROM registry_name_tokens"))
        return {(country, token): df for country, token, df in rows}


def _vocabulary_rebuilt(db: Database) -> dict[tuple[str, str], int]:
    """The vocabulary as a full rebuild from the stored companies gives it."""
    refresh_search_vocabulary(db)
    return _vocabulary(db)


def test_a_bulk_load_counts_the_vocabulary_it_swaps_in(db: Database) -> None:
    load_registry(db, basic(), shared_data(BASIC_SAMPLE))  # type: ignore[arg-type]
    loaded = _vocabulary(db)
    assert len(loaded) > 30 and loaded == _vocabulary_rebuilt(db)


def test_an_empty_register_is_refused(db: Database, tmp_path: Path) -> None:
    load_registry(db, basic(), shared_data(BASIC_SAMPLE))  # type: ignore[arg-type]
    empty = items_format("test-empty", "companies", [])
    with pytest.raises(NoRecordsError):
        load_registry(db, empty, _file(tmp_path, "empty"), DATASET)
    assert count(db, RegistryCompany) == 31


def test_a_failed_postgres_load_leaves_no_stage_and_no_lock(
    postgres_url: str, tmp_path: Path
) -> None:
    db = Database(postgres_url, pool_size=2)
    migrate.upgrade(db)
    try:
        empty = items_format("test-empty", "companies", [])
        with pytest.raises(NoRecordsError):  # refused after the staging transaction
            load_registry(db, empty, _file(tmp_path, "empty"), DATASET)
        with db.connection() as connection:
            stage = connection.scalar(text("SELECT to_regclass('registry_companies_next')"))
            held = connection.scalar(
                text(
                    "SELECT count(*) FROM pg_locks l JOIN pg_database d ON d.oid = l.database"
                    " WHERE l.locktype = 'advisory' AND d.datname = current_database()"
                )
            )
        assert stage is None and held == 0
        load_registry(db, basic(), shared_data(BASIC_SAMPLE))  # type: ignore[arg-type]
        assert count(db, RegistryCompany) == 31
    finally:
        db.dispose()


def test_postgres_swap_keeps_every_index(postgres_url: str) -> None:
    db = Database(postgres_url, pool_size=2)
    migrate.upgrade(db)
    try:
        before = index_names(db, "registry_companies")
        assert {"ix_registry_companies_name_key", "registry_companies_pkey"} <= before
        load_registry(db, basic(), shared_data(BASIC_SAMPLE))  # type: ignore[arg-type]
        load_registry(db, basic(), shared_data(BASIC_SAMPLE), force=True)  # type: ignore[arg-type]
        assert index_names(db, "registry_companies") == before
        assert index_names(db, "registry_companies_next") == set()
    finally:
        db.dispose()


def test_product_183_snapshot_loads(db: Database) -> None:
    snapshot = get_registry_format("uk-ch-snapshot")
    assert snapshot is not None
    path = shared_data(
        "registries/uk_companies_house/bulk_samples/snapshot/input/product-183/sample.dat"
    )
    report = load_registry(db, snapshot, path)
    parsed = [r for r in snapshot.parse(path) if isinstance(r, CompanyRecord)]
    assert report.records == len(parsed) == count(db, RegistryCompany) > 0
    assert report.dataset == DATASET and report.published is not None


def _all_rows(db: Database) -> list[dict[str, object]]:
    with db.connection() as connection:
        rows = connection.execute(
            select(RegistryCompany.__table__).order_by(RegistryCompany.number)
        ).mappings()
        return [{k: v for k, v in row.items() if k != "version_id"} for row in rows]


def test_worker_processes_store_exactly_the_same_rows(postgres_url: str, tmp_path: Path) -> None:
    awkward = [
        company("1", "TAB\tAND\\BACKSLASH LIMITED"),
        company(
            "2", "LINE\nBREAK\r LTD", address=RegisteredAddress(line1="A\tB", postcode="N1 7GU")
        ),
        company("3", "\\N LIMITED", sic_codes=(SicCode("62012", 'quote " and \\'),)),
        company("3", "DUPLICATE KEPT OUT LIMITED"),
    ]
    tricky = items_format("test-awkward", "companies", awkward)
    db = Database(postgres_url, pool_size=2)
    migrate.upgrade(db)
    try:
        stored = []
        for workers in (0, 1):
            path = _file(tmp_path, f"awkward-{workers}")
            for source, items_path in ((basic(), shared_data(BASIC_SAMPLE)), (tricky, path)):
                report = load_registry(
                    db,
                    source,
                    items_path,
                    f"test-{workers}",
                    force=True,
                    workers=workers,  # type: ignore[arg-type]
                )
                assert report.records in (31, 3)
            stored.append(_all_rows(db))
        assert stored[0] == stored[1]
        assert {row["name"] for row in stored[1]} >= {
            "TAB\tAND\\BACKSLASH LIMITED",
            "\\N LIMITED",
        }
    finally:
        db.dispose()
