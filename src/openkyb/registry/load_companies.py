"""Load a full company register ("companies" formats): stage, diff, replace in one transaction.

The records are streamed into a staging table (``registry_companies_next``): COPY on
PostgreSQL, batched inserts into a TEMP table on SQLite. The diff against the country's current
rows is then computed in SQL by fingerprint and written to ``registry_changes`` (not for the
first load of a country: every company would be "added"). Finally the country's rows are
replaced, in the same transaction, so readers see the old register or the new one.

BasicCompanyData on PostgreSQL is staged by :mod:`bulk_basic`, which writes COPY lines straight
from the raw CSV cells (the same rows, several times faster); after the swap the table is
vacuumed so that counts by address are index-only scans.

PostgreSQL replaces by *table swap*: the staging table receives the other countries' rows, then
every index of ``registry_companies`` (read from the catalog, so the search indexes of later
migrations are included) is rebuilt on it, and it is renamed into place. Building an index once
over sorted data is several times faster than maintaining it row by row. SQLite deletes and
re-inserts (its full-text triggers keep the search table in step).
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterator
from pathlib import Path
from typing import Any

from sqlalchemy import Connection, Date, DateTime, bindparam, text

from openkyb.clock import utc_now
from openkyb.registry import bulk_basic, load_swap
from openkyb.registry.bulk_basic_split import auto_basic_workers, split_copy_chunks
from openkyb.registry.copy import CopyWriter
from openkyb.registry.formats import RegistryFormat
from openkyb.registry.load_common import (
    NoRecordsError,
    Progress,
    RegistryLoadReport,
    insert_version,
    records_of,
)
from openkyb.registry.load_parallel import auto_workers, company_copy_chunks
from openkyb.registry.model import CompanyRecord
from openkyb.registry.rows import COMPANY_COLUMNS, JSON_COLUMNS, company_values
from openkyb.registry.search_vocab import replace_vocabulary_pg
from openkyb.registry.sqlite_values import sqlite_row
from openkyb.sources.model import ParseIssue
from openkyb.store.db import Database

TABLE = "registry_companies"
STAGE = "registry_companies_next"
COLUMNS = ", ".join(COMPANY_COLUMNS)
BATCH = 5000
# What a "changed" row lists as its fields: the record's content, not the derived keys.
_DERIVED = {"country", "number", "name_key", "postcode_key", "address_key", "fingerprint"}
CONTENT_COLUMNS = [c for c in COMPANY_COLUMNS if c not in _DERIVED | {"version_id"}]
_CHANGE_COLUMNS = (
    "version_id, dataset, country, number, change, name, fields, effective, recorded_at"
)


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
    postgres = db.backend == "postgresql"
    words: Counter[str] | None = None
    with db.engine.begin() as connection:
        with report.phase("stage"):
            countries, words = _stage(connection, registry_format, path, report, progress, workers)
        if postgres:
            with report.phase("primary_key"):
                indexes = load_swap.table_indexes(connection, TABLE)
                for duplicate in load_swap.build_primary_key(connection, STAGE, indexes):
                    report.add_issue(_duplicate(duplicate))
        if not countries:
            raise NoRecordsError(report)
        report.countries = sorted(countries)
        if postgres:  # the diff joins two registers of millions: hash them in memory
            connection.exec_driver_sql("SET LOCAL work_mem = '256MB'")
        with report.phase("diff"):
            _diff(connection, report, postgres)
        insert_version(connection, report, path)
        with report.phase("swap"):  # with the index builds on PostgreSQL
            if postgres:
                keep = "NOT (country = ANY(:countries))"  # the other countries' registers
                load_swap.swap(
                    connection,
                    TABLE,
                    STAGE,
                    COMPANY_COLUMNS,
                    indexes,
                    keep,
                    {"countries": report.countries},
                )
            else:
                _replace_sqlite(connection, report.countries)
        if postgres:  # the search vocabulary, swapped in with the register it describes
            with report.phase("search_vocabulary"):
                counts = (
                    None
                    if words is None
                    else {(c, w): n for c in countries for w, n in words.items()}
                )
                replace_vocabulary_pg(connection, TABLE, report.countries, counts)
    if postgres:
        with report.phase("vacuum"):
            _vacuum(db)


def _stage(
    connection: Connection,
    registry_format: RegistryFormat,
    path: Path,
    report: RegistryLoadReport,
    progress: Progress | None,
    workers: int | None,
) -> tuple[set[str], Counter[str] | None]:
    """Write every record into the staging table; the countries seen and, when the path
    counted them, the words of the name keys (one country)."""
    if connection.dialect.name != "postgresql":
        records = records_of(registry_format, path, CompanyRecord, report, progress)
        return _stage_sqlite(connection, records, report), None
    assert report.version_id is not None
    load_swap.lock(connection, TABLE)
    if registry_format.name == bulk_basic.FORMAT:
        count = auto_basic_workers(path) if workers is None else workers
        words: Counter[str] = Counter()
        return _stage_basic(connection, path, report, progress, count, words), words
    records = records_of(registry_format, path, CompanyRecord, report, progress)
    count = auto_workers(path) if workers is None else workers
    return _stage_postgres(connection, records, report.version_id, count), None


def _keyed(words: Counter[str] | None, countries: set[str]) -> dict[tuple[str, str], int] | None:
    """The name-key words counted while staging (one country's), keyed by country."""
    if words is None or len(countries) != 1:
        return None  # not counted: the vocabulary counts them from the table
    (country,) = countries
    return {(country, word): count for word, count in words.items()}


def _vacuum(db: Database) -> None:
    """VACUUM the swapped-in table, outside the load's transaction.

    Index-only scans (counting the companies at an address) need the visibility map set.
    The staged rows were COPYed with FREEZE, which sets it, so this only visits the pages
    written otherwise (other countries carried over, duplicates removed): a fraction of a
    second at 5 million companies. The swap has already analysed the table.
    """
    with db.engine.connect() as connection:
        connection.execution_options(isolation_level="AUTOCOMMIT").exec_driver_sql(
            f"VACUUM {TABLE}"
        )


def _duplicate(key: tuple[str, ...]) -> ParseIssue:
    return ParseIssue(f"company {'/'.join(key)}", "duplicate company number; first record kept")


def _stage_postgres(
    connection: Connection, records: Iterator[CompanyRecord], version_id: str, workers: int
) -> set[str]:
    load_swap.create_like(connection, TABLE, STAGE)
    countries: set[str] = set()
    with CopyWriter(connection, STAGE, COMPANY_COLUMNS, JSON_COLUMNS[TABLE], freeze=True) as writer:
        if workers > 0:
            for data in company_copy_chunks(records, version_id, workers, countries):
                writer.write_text(data, data.count(b"\n"))
        else:
            for record in records:
                countries.add(record.country)
                writer.write(company_values(record, version_id))
    return countries


def _stage_basic(
    connection: Connection,
    path: Path,
    report: RegistryLoadReport,
    progress: Progress | None,
    workers: int,
    words: Counter[str],
) -> set[str]:
    """Stage a BasicCompanyData file by the raw-cells fast path (:mod:`bulk_basic`), with
    ``workers`` extra processes converting rows; ``words`` counts the name-key words."""
    assert report.version_id is not None
    load_swap.create_like(connection, TABLE, STAGE)
    version = report.version_id
    chunks = (
        split_copy_chunks(path, version, report, progress, workers, words)
        if workers > 0
        else bulk_basic.basic_copy_chunks(path, version, report, progress, words)
    )
    with CopyWriter(connection, STAGE, COMPANY_COLUMNS, JSON_COLUMNS[TABLE], freeze=True) as writer:
        for data, rows in chunks:
            writer.write_text(data, rows)
    return {bulk_basic.COUNTRY} if writer.rows else set()


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
            report.add_issue(_duplicate(key))
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


def _json(literal: str, postgres: bool) -> str:
    return f"CAST({literal} AS JSONB)" if postgres else literal


def _fields_expression(postgres: bool) -> str:
    """SQL building the JSON list of the content columns that differ between n and c."""
    differs = "IS DISTINCT FROM" if postgres else "IS NOT"
    parts = " || ".join(
        f"CASE WHEN n.{c} {differs} c.{c} THEN '\"{c}\",' ELSE '' END" for c in CONTENT_COLUMNS
    )
    return _json(f"'[' || rtrim({parts}, ',') || ']'", postgres)


def _content_differs(postgres: bool) -> str:
    """SQL true when n and c hold different content.

    The fingerprint only preselects: rows fingerprinted by an earlier release (another
    digest of the same content) are then compared column by column and not reported.
    """
    if postgres:
        own, other = (", ".join(f"{t}.{c}" for c in CONTENT_COLUMNS) for t in "nc")
        return f"ROW({own}) IS DISTINCT FROM ROW({other})"
    return "(" + " OR ".join(f"n.{c} IS NOT c.{c}" for c in CONTENT_COLUMNS) + ")"


def _diff_statements(postgres: bool) -> dict[str, str]:
    empty = _json("'[]'", postgres)
    values = (
        ":version, :dataset, {t}.country, {t}.number, '{kind}', {t}.name, {fields},"
        " :effective, :now"
    )
    same = "{a}.country = {b}.country AND {a}.number = {b}.number"
    head = f"INSERT INTO registry_changes ({_CHANGE_COLUMNS}) SELECT "
    return {
        "added": head
        + values.format(t="n", kind="added", fields=empty)
        + f" FROM {STAGE} n WHERE n.country = :country AND NOT EXISTS"
        + f" (SELECT 1 FROM {TABLE} c WHERE {same.format(a='c', b='n')})",
        "changed": head
        + values.format(t="n", kind="changed", fields=_fields_expression(postgres))
        + f" FROM {STAGE} n JOIN {TABLE} c ON {same.format(a='c', b='n')}"
        + " WHERE n.country = :country AND n.fingerprint <> c.fingerprint"
        + f" AND {_content_differs(postgres)}",
        "removed": head
        + values.format(t="c", kind="removed", fields=empty)
        + f" FROM {TABLE} c WHERE c.country = :country AND NOT EXISTS"
        + f" (SELECT 1 FROM {STAGE} n WHERE {same.format(a='n', b='c')})",
    }


def _diff(connection: Connection, report: RegistryLoadReport, postgres: bool) -> None:
    """Count (and, unless it is the country's first load, record) what changed."""
    params = {
        "version": report.version_id,
        "dataset": report.dataset,
        "effective": report.effective,
        "now": utc_now(),
    }
    typed = (bindparam("effective", type_=Date()), bindparam("now", type_=DateTime(True)))
    statements = {k: text(v).bindparams(*typed) for k, v in _diff_statements(postgres).items()}
    first_loads = 0
    for country in report.countries:
        count = connection.scalar(
            text(f"SELECT count(*) FROM {STAGE} WHERE country = :c"), {"c": country}
        )
        report.records += int(count or 0)
        existing = connection.scalar(
            text(f"SELECT 1 FROM {TABLE} WHERE country = :c LIMIT 1"), {"c": country}
        )
        if existing is None:  # nothing to compare with: counts only
            report.added += int(count or 0)
            first_loads += 1
            continue
        for kind, statement in statements.items():
            done = connection.execute(statement, {**params, "country": country}).rowcount
            setattr(report, kind, getattr(report, kind) + done)
    report.first_load = first_loads == len(report.countries)


def _replace_sqlite(connection: Connection, countries: list[str]) -> None:
    marks = ", ".join("?" * len(countries))
    connection.exec_driver_sql(f"DELETE FROM {TABLE} WHERE country IN ({marks})", tuple(countries))
    connection.exec_driver_sql(
        f"INSERT INTO {TABLE} ({COLUMNS}) SELECT {COLUMNS} FROM temp.{STAGE}"
        " ORDER BY country, number"
    )
    connection.exec_driver_sql(f"DROP TABLE temp.{STAGE}")
