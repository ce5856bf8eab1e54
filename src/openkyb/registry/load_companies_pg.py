"""A full company register into PostgreSQL: stage by COPY, index in parallel, swap in.

1. **Stage** (its own transaction): the records are COPYed, ``FREEZE``, into a new table,
   ``registry_companies_next``. BasicCompanyData takes the raw-cells fast path
   (:mod:`bulk_basic`, with a converting process on 2+ CPUs), which also counts the words of
   the name keys for the search vocabulary. Committing here lets other connections index it.
2. **Index**: the primary key (duplicates removed, first record kept) and the B-trees on
   this connection while another builds the GIN word index: PostgreSQL builds a B-tree with
   parallel workers but a GIN index on one core, so the two lanes keep both cores busy.
3. **Swap** (one transaction): the diff against the stored register goes to
   ``registry_changes``, the dataset version is recorded, the other countries' rows are
   carried over, the tables are renamed, and the vocabulary is replaced. Readers see the old
   register or the new one, never a mix.

A session advisory lock serialises loads of the table across all three steps (daily change
loads take the same lock); the staging table is dropped whatever happens.
"""

from __future__ import annotations

import logging
from collections import Counter
from collections.abc import Iterator
from concurrent.futures import ThreadPoolExecutor
from contextlib import contextmanager
from pathlib import Path

from sqlalchemy import Connection, text
from sqlalchemy.exc import DBAPIError

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
from openkyb.registry.load_diff import STAGE, TABLE, diff, duplicate_issue
from openkyb.registry.load_parallel import auto_workers, company_copy_chunks
from openkyb.registry.model import CompanyRecord
from openkyb.registry.rows import COMPANY_COLUMNS, JSON_COLUMNS, company_values
from openkyb.registry.search_vocab import replace_vocabulary_pg
from openkyb.store.db import Database

_MAINTENANCE_MEMORY = "SET LOCAL maintenance_work_mem = '512MB'"
logger = logging.getLogger(__name__)


def load_companies_pg(
    db: Database,
    registry_format: RegistryFormat,
    path: Path,
    report: RegistryLoadReport,
    progress: Progress | None,
    workers: int | None,
) -> None:
    """Replace the register of every country in ``path`` (see the module's steps)."""
    with db.engine.connect() as connection, _load_lock(connection):
        try:
            with report.phase("stage"), connection.begin():
                countries, words = _stage(
                    connection, registry_format, path, report, progress, workers
                )
            if not countries:
                raise NoRecordsError(report)
            report.countries = sorted(countries)
            indexes = load_swap.table_indexes(connection, TABLE)
            connection.commit()  # table_indexes began a transaction: end it before indexing
            with report.phase("indexes"):
                _build_indexes(db, connection, indexes, report)
            with connection.begin():
                _swap(connection, report, path, indexes, words)
        finally:
            _drop_stage(connection)
    with report.phase("vacuum"):
        _vacuum(db)


@contextmanager
def _load_lock(connection: Connection) -> Iterator[None]:
    """Hold the table's load lock for the session (released even if the load fails)."""
    key = {"t": f"load:{TABLE}"}
    connection.execute(text("SELECT pg_advisory_lock(hashtext(:t))"), key)
    connection.commit()
    try:
        yield
    finally:
        try:
            connection.rollback()
            connection.execute(text("SELECT pg_advisory_unlock(hashtext(:t))"), key)
            connection.commit()
        except DBAPIError:  # a broken connection: the server released the lock with it
            logger.warning("could not release the registry load lock", exc_info=True)


def _drop_stage(connection: Connection) -> None:
    """Drop the staging table (swapped in, it no longer exists; on failure it is garbage)."""
    try:
        connection.rollback()
        connection.exec_driver_sql(f"DROP TABLE IF EXISTS {STAGE}")
        connection.commit()
    except DBAPIError:  # the next load drops it before staging
        logger.warning("could not drop %s", STAGE, exc_info=True)


def _stage(
    connection: Connection,
    registry_format: RegistryFormat,
    path: Path,
    report: RegistryLoadReport,
    progress: Progress | None,
    workers: int | None,
) -> tuple[set[str], Counter[str] | None]:
    """COPY every record into a new staging table; the countries seen and, on the fast
    path, the words of the name keys."""
    assert report.version_id is not None
    load_swap.create_like(connection, TABLE, STAGE)
    columns, json_columns = COMPANY_COLUMNS, JSON_COLUMNS[TABLE]
    with CopyWriter(connection, STAGE, columns, json_columns, freeze=True) as writer:
        if registry_format.name == bulk_basic.FORMAT:
            count = auto_basic_workers(path) if workers is None else workers
            words: Counter[str] = Counter()
            for data, rows in _basic_chunks(path, report, progress, count, words):
                writer.write_text(data, rows)
            return ({bulk_basic.COUNTRY} if writer.rows else set()), words
        records = records_of(registry_format, path, CompanyRecord, report, progress)
        count = auto_workers(path) if workers is None else workers
        countries: set[str] = set()
        if count > 0:
            for data in company_copy_chunks(records, report.version_id, count, countries):
                writer.write_text(data, data.count(b"\n"))
        else:
            for record in records:
                countries.add(record.country)
                writer.write(company_values(record, report.version_id))
        return countries, None


def _basic_chunks(
    path: Path,
    report: RegistryLoadReport,
    progress: Progress | None,
    workers: int,
    words: Counter[str],
) -> Iterator[tuple[bytes, int]]:
    """COPY text of a BasicCompanyData source by the raw-cells fast path, with ``workers``
    extra processes converting rows."""
    assert report.version_id is not None
    if workers > 0:
        return split_copy_chunks(path, report.version_id, report, progress, workers, words)
    return bulk_basic.basic_copy_chunks(path, report.version_id, report, progress, words)


def _build_indexes(
    db: Database,
    connection: Connection,
    indexes: list[load_swap.TableIndex],
    report: RegistryLoadReport,
) -> None:
    """Every index of the stored table, on the committed staging table, in two lanes."""
    with ThreadPoolExecutor(max_workers=1) as lane:
        other = lane.submit(_build_gin, db, indexes)
        with connection.begin():
            connection.exec_driver_sql(_MAINTENANCE_MEMORY)
            for duplicate in load_swap.build_primary_key(connection, STAGE, indexes):
                report.add_issue(duplicate_issue(duplicate))
        with connection.begin():
            connection.exec_driver_sql(_MAINTENANCE_MEMORY)
            load_swap.build_secondary_indexes(connection, STAGE, indexes, gin=False)
        other.result()


def _build_gin(db: Database, indexes: list[load_swap.TableIndex]) -> None:
    with db.engine.connect() as connection, connection.begin():
        connection.exec_driver_sql(_MAINTENANCE_MEMORY)
        load_swap.build_secondary_indexes(connection, STAGE, indexes, gin=True)


def _swap(
    connection: Connection,
    report: RegistryLoadReport,
    path: Path,
    indexes: list[load_swap.TableIndex],
    words: Counter[str] | None,
) -> None:
    """The diff, the version row, the table swap and the vocabulary: one transaction."""
    connection.exec_driver_sql("SET LOCAL work_mem = '256MB'")  # the diff joins two registers
    with report.phase("diff"):
        diff(connection, report, postgres=True)
    insert_version(connection, report, path)
    with report.phase("swap"):
        load_swap.swap(
            connection,
            TABLE,
            STAGE,
            COMPANY_COLUMNS,
            indexes,
            "NOT (country = ANY(:countries))",  # the other countries' registers stay
            {"countries": report.countries},
            built=True,
        )
    with report.phase("search_vocabulary"):  # swapped in with the register it describes
        counts = _keyed(words, report.countries)
        replace_vocabulary_pg(connection, TABLE, report.countries, counts)


def _keyed(words: Counter[str] | None, countries: list[str]) -> dict[tuple[str, str], int] | None:
    """The name-key words counted while staging (one country's), keyed by country."""
    if words is None or len(countries) != 1:
        return None  # not counted: the vocabulary counts them from the table
    return {(countries[0], word): count for word, count in words.items()}


def _vacuum(db: Database) -> None:
    """VACUUM the swapped-in table, outside the load's transactions.

    Index-only scans (counting the companies at an address) need the visibility map set.
    The staged rows were COPYed with FREEZE, which sets it, so this only visits the pages
    written otherwise (other countries carried over, duplicates removed): a fraction of a
    second at 5 million companies. The swap has already analysed the table.
    """
    with db.engine.connect() as connection:
        connection.execution_options(isolation_level="AUTOCOMMIT").exec_driver_sql(
            f"VACUUM {TABLE}"
        )
