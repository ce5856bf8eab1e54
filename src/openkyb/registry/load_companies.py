"""Load a full company register ("companies" formats): stage, diff, replace.

The records are staged apart, the diff against the country's current rows is computed in
SQL (:mod:`load_diff`; not for the first load of a country: every company would be "added")
and written to ``registry_changes``, and the country's rows are replaced, so readers see the
old register or the new one.

PostgreSQL: :mod:`load_companies_pg` (COPY, parallel index builds, table swap). SQLite,
here: batched inserts into a TEMP table, then, in the same transaction, the diff and a delete
and re-insert (its full-text triggers keep the search table in step).
"""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path
from typing import Any

from sqlalchemy import Connection

from openkyb.registry.formats import RegistryFormat
from openkyb.registry.load_common import (
    NoRecordsError,
    Progress,
    RegistryLoadReport,
    insert_version,
    records_of,
)
from openkyb.registry.load_companies_pg import load_companies_pg
from openkyb.registry.load_diff import STAGE, TABLE, diff, duplicate_issue
from openkyb.registry.model import CompanyRecord
from openkyb.registry.rows import COMPANY_COLUMNS, company_values
from openkyb.registry.sqlite_values import sqlite_row
from openkyb.store.db import Database

COLUMNS = ", ".join(COMPANY_COLUMNS)
BATCH = 5000


def load_companies(
    db: Database,
    registry_format: RegistryFormat,
    path: Path,
    report: RegistryLoadReport,
    progress: Progress | None,
    workers: int | None = None,
) -> None:
    """Replace the register of every country in ``path`` with its records, recording the diff.

    ``workers``: processes deriving the rows on PostgreSQL (None: by file size and CPUs).
    """
    assert report.version_id is not None
    if db.backend == "postgresql":
        load_companies_pg(db, registry_format, path, report, progress, workers)
        return
    with db.engine.begin() as connection:
        with report.phase("stage"):
            records = records_of(registry_format, path, CompanyRecord, report, progress)
            countries = _stage_sqlite(connection, records, report)
        if not countries:
            raise NoRecordsError(report)
        report.countries = sorted(countries)
        with report.phase("diff"):
            diff(connection, report, postgres=False)
        insert_version(connection, report, path)
        with report.phase("swap"):
            _replace_sqlite(connection, report.countries)


def _stage_sqlite(
    connection: Connection, records: Iterator[CompanyRecord], report: RegistryLoadReport
) -> set[str]:
    assert report.version_id is not None
    connection.exec_driver_sql(f"DROP TABLE IF EXISTS temp.{STAGE}")
    connection.exec_driver_sql(
        f"CREATE TEMP TABLE {STAGE} AS SELECT {COLUMNS} FROM {TABLE} WHERE 0"
    )
    statement = (
        f"INSERT INTO temp.{STAGE} ({COLUMNS}) VALUES ({', '.join('?' * len(COMPANY_COLUMNS))})"
    )
    seen: set[tuple[str, str]] = set()
    batch: list[tuple[Any, ...]] = []
    for record in records:
        key = (record.country, record.number)
        if key in seen:
            report.add_issue(duplicate_issue(key))
            continue
        seen.add(key)
        batch.append(sqlite_row(company_values(record, report.version_id)))
        if len(batch) >= BATCH:
            connection.exec_driver_sql(statement, batch)
            batch.clear()
    if batch:
        connection.exec_driver_sql(statement, batch)
    connection.exec_driver_sql(f"CREATE UNIQUE INDEX temp.ix_{STAGE} ON {STAGE} (country, number)")
    return {country for country, _ in seen}


def _replace_sqlite(connection: Connection, countries: list[str]) -> None:
    marks = ", ".join("?" * len(countries))
    connection.exec_driver_sql(f"DELETE FROM {TABLE} WHERE country IN ({marks})", tuple(countries))
    connection.exec_driver_sql(
        f"INSERT INTO {TABLE} ({COLUMNS}) SELECT {COLUMNS} FROM temp.{STAGE}"
        " ORDER BY country, number"
    )
    connection.exec_driver_sql(f"DROP TABLE temp.{STAGE}")
