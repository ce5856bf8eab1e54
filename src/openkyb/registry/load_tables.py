"""Replace a whole table for a dataset: PSCs ("psc"), LEI records ("lei"), relationships.

The records go to a temporary staging table (COPY on PostgreSQL, batched inserts on SQLite);
then, in one transaction, the dataset's previous rows are deleted and the staged rows inserted
(the first of duplicate keys kept). The version's counts compare old and new by key.

A *delta* (GLEIF's last-day, last-week, intra-day... update files) is applied on top instead:
only the rows whose keys it holds are replaced, and nothing is removed (a retired or lapsed
LEI arrives as a record with that status).
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from sqlalchemy import Connection, text

from openkyb.registry import load_swap
from openkyb.registry.copy import CopyWriter
from openkyb.registry.formats import RegistryFormat
from openkyb.registry.load_common import (
    NoRecordsError,
    Progress,
    RegistryLoadReport,
    insert_version,
    records_of,
)
from openkyb.registry.model import LeiRecord, LeiRelationship, Psc
from openkyb.registry.rows import (
    JSON_COLUMNS,
    LEI_COLUMNS,
    PSC_COLUMNS,
    RELATIONSHIP_COLUMNS,
    lei_values,
    psc_values,
    relationship_values,
)
from openkyb.registry.sqlite_values import sqlite_row
from openkyb.sources.model import ParseIssue
from openkyb.store.db import Database

BATCH = 5000


@dataclass(frozen=True, slots=True)
class TableSpec:
    """Where one kind of record is stored."""

    table: str
    columns: tuple[str, ...]
    keys: tuple[str, ...]
    record_type: type[Any]
    values: Callable[[Any, str], tuple[Any, ...]]


SPECS = {
    "psc": TableSpec(
        "registry_pscs",
        PSC_COLUMNS,
        ("company_country", "company_number", "psc_id"),
        Psc,
        psc_values,
    ),
    "lei": TableSpec("lei_records", LEI_COLUMNS, ("lei",), LeiRecord, lei_values),
    "relationships": TableSpec(
        "lei_relationships",
        RELATIONSHIP_COLUMNS,
        ("child", "parent", "kind"),
        LeiRelationship,
        relationship_values,
    ),
}


def _quoted(columns: tuple[str, ...], alias: str = "") -> str:
    return ", ".join(f'{alias}"{c}"' for c in columns)


DELTA_KINDS = frozenset({"lei", "relationships"})
# How GLEIF names its update files ("...-gleif-goldencopy-lei2-last-day.xml.zip") and its
# samples ("lei-updates-data.json").
_DELTA_MARKS = ("-updates", "last-day", "last-week", "last-month", "intra-day", "delta")


def is_delta_file(path: Path) -> bool:
    """Whether ``path``'s name says it is an update file rather than a full golden copy."""
    name = path.name.lower()
    return any(mark in name for mark in _DELTA_MARKS)


def load_table(
    db: Database,
    registry_format: RegistryFormat,
    path: Path,
    report: RegistryLoadReport,
    progress: Progress | None,
    *,
    delta: bool = False,
) -> None:
    """Replace the rows of ``report.dataset`` in the kind's table with the file's records
    (``delta``: replace only the rows whose keys the file holds, remove none)."""
    assert report.version_id is not None
    spec = SPECS[report.kind]
    stage = f"{spec.table}_next"
    postgres = db.backend == "postgresql"
    records = records_of(registry_format, path, spec.record_type, report, progress)
    with db.engine.begin() as connection:
        if postgres:
            load_swap.lock(connection, spec.table)
            connection.exec_driver_sql(
                f"CREATE TEMP TABLE {stage} (LIKE {spec.table} INCLUDING DEFAULTS) ON COMMIT DROP"
            )
            with CopyWriter(connection, stage, spec.columns, JSON_COLUMNS[spec.table]) as writer:
                for record in records:
                    writer.write(spec.values(record, report.version_id))
            staged = writer.rows
        else:
            staged = _stage_sqlite(connection, spec, stage, records, report.version_id)
        if not staged:
            raise NoRecordsError(report)
        _replace(connection, spec, stage, report, postgres, delta)
        insert_version(connection, report, path)


def _stage_sqlite(
    connection: Connection, spec: TableSpec, stage: str, records: Any, version_id: str
) -> int:
    connection.exec_driver_sql(f"DROP TABLE IF EXISTS temp.{stage}")
    connection.exec_driver_sql(
        f"CREATE TEMP TABLE {stage} AS SELECT {_quoted(spec.columns)} FROM {spec.table} WHERE 0"
    )
    marks = ", ".join("?" * len(spec.columns))
    statement = f"INSERT INTO temp.{stage} ({_quoted(spec.columns)}) VALUES ({marks})"
    batch: list[tuple[Any, ...]] = []
    staged = 0
    for record in records:
        batch.append(sqlite_row(spec.values(record, version_id)))
        if len(batch) >= BATCH:
            connection.exec_driver_sql(statement, batch)
            staged += len(batch)
            batch.clear()
    if batch:
        connection.exec_driver_sql(statement, batch)
        staged += len(batch)
    return staged


def _drop_duplicates(connection: Connection, spec: TableSpec, stage: str, postgres: bool) -> int:
    """Delete all but the first staged row of each key; returns how many went."""
    keys = ", ".join(f'"{k}"' for k in spec.keys)
    row_id = "ctid" if postgres else "rowid"
    same = " AND ".join(f'{stage}."{k}" = d."{k}"' for k in spec.keys)
    deleted = connection.execute(
        text(
            f"DELETE FROM {stage} WHERE EXISTS (SELECT 1 FROM (SELECT {keys}, min({row_id}) AS keep"
            f" FROM {stage} GROUP BY {keys} HAVING count(*) > 1) d"
            f" WHERE {same} AND {stage}.{row_id} <> d.keep)"
        )
    ).rowcount
    return int(deleted or 0)


def _replace(
    connection: Connection,
    spec: TableSpec,
    stage: str,
    report: RegistryLoadReport,
    postgres: bool,
    delta: bool,
) -> None:
    mine = "t.version_id IN (SELECT id FROM dataset_versions WHERE dataset = :dataset)"
    same = " AND ".join(f't."{k}" = s."{k}"' for k in spec.keys)
    differs = "IS DISTINCT FROM" if postgres else "IS NOT"
    content = [c for c in spec.columns if c != "version_id" and c not in spec.keys]
    any_differs = " OR ".join(f't."{c}" {differs} s."{c}"' for c in content)
    params = {"dataset": report.dataset}
    duplicates = _drop_duplicates(connection, spec, stage, postgres)
    if duplicates:
        report.add_issue(
            ParseIssue(
                spec.table,
                f"{duplicates} record(s) with a duplicate {'/'.join(spec.keys)} skipped;"
                " the first was kept",
            )
        )
    kept, changed = connection.execute(
        text(
            f"SELECT count(*), coalesce(sum(CASE WHEN {any_differs} THEN 1 ELSE 0 END), 0) "
            f"FROM {spec.table} t JOIN {stage} s ON {same} WHERE {mine}"
        ),
        params,
    ).one()
    replaced = f" AND EXISTS (SELECT 1 FROM {stage} s WHERE {same})" if delta else ""
    deleted = connection.execute(
        text(f"DELETE FROM {spec.table} AS t WHERE {mine}{replaced}"), params
    ).rowcount
    columns = _quoted(spec.columns)
    staged_rows = f"SELECT {columns} FROM {stage}"
    inserted = connection.execute(
        text(f"INSERT INTO {spec.table} ({columns}) {staged_rows} ON CONFLICT DO NOTHING")
        if postgres
        else text(f"INSERT OR IGNORE INTO {spec.table} ({columns}) {staged_rows}")
    ).rowcount
    staged = int(connection.scalar(text(f"SELECT count(*) FROM {stage}")) or 0)
    if staged > inserted:  # keys another dataset holds in the same table
        report.add_issue(
            ParseIssue(spec.table, f"{staged - inserted} record(s) held by another dataset skipped")
        )
    report.records = inserted
    report.changed = int(changed)
    report.added = max(inserted - int(kept), 0)
    report.removed = max(deleted - int(kept), 0)
