"""A full company register into PostgreSQL: stage by COPY, index, swap in, in one transaction.

1. **Stage**: the records are COPYed, ``FREEZE``, into a new table,
   ``registry_companies_next`` (frozen rows need no VACUUM before index-only scans).
   BasicCompanyData takes the raw-cells fast path (:mod:`bulk_basic`, with a converting
   process on 2+ CPUs), which also counts the words of the name keys for the search
   vocabulary.
2. **Index**: the primary key (duplicates removed, first record kept), then every other index
   of the stored table, read from the catalog. Building an index once over the loaded rows
   is several times faster than maintaining it row by row; PostgreSQL builds the B-trees with
   parallel workers. (Building the GIN index on a second connection beside the B-trees was
   measured: no faster on 2 cores, which the B-tree builds already fill.)
3. **Swap**: the diff against the stored register goes to ``registry_changes``, the dataset
   version is recorded, the other countries' rows are carried over, the tables are renamed,
   and the vocabulary is replaced. Readers see the old register or the new one.

A transaction-level advisory lock serialises loads of the table (daily change loads take the
same lock).
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterator
from pathlib import Path

from sqlalchemy import Connection

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


def load_companies_pg(
    db: Database,
    registry_format: RegistryFormat,
    path: Path,
    report: RegistryLoadReport,
    progress: Progress | None,
    workers: int | None,
) -> None:
    """Replace the register of every country in ``path`` (see the module's steps)."""
    with db.engine.begin() as connection:
        load_swap.lock(connection, TABLE)
        with report.phase("stage"):
            seen, words = _stage(connection, registry_format, path, report, progress, workers)
        if not seen:
            raise NoRecordsError(report)
        report.countries = sorted(seen)
        indexes = load_swap.table_indexes(connection, TABLE)
        with report.phase("indexes"):
            duplicates = load_swap.build_primary_key(connection, STAGE, indexes)
            for duplicate in duplicates:
                report.add_issue(duplicate_issue(duplicate))
            load_swap.build_secondary_indexes(connection, STAGE, indexes)
        if duplicates:  # the words were counted with the rows now deleted: count them again
            words = None
        _swap(connection, report, path, indexes, words)
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
