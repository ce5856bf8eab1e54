"""``openkyb data load`` for registry formats: parse a registry file and store it.

Like the watchlist loader, every load records a dataset version (format, origin, sha256,
publication date, counts, the issues sample) and what it added, changed and removed; an
identical file (same sha256 as the dataset's latest version) is not loaded again unless
forced; a bad record is reported with its place and never stops the load. How each kind is
stored: :mod:`load_companies` (full registers, diffed), :mod:`load_changes` (daily updates),
:mod:`load_tables` (PSCs, LEI records, relationships).
"""

from __future__ import annotations

import time
from pathlib import Path

from openkyb.ids import new_id
from openkyb.registry.formats import RegistryFormat
from openkyb.registry.load_changes import load_changes
from openkyb.registry.load_common import Progress, RegistryLoadReport
from openkyb.registry.load_companies import load_companies
from openkyb.registry.load_tables import DELTA_KINDS, is_delta_file, load_table
from openkyb.registry.search_vocab import refresh_search_vocabulary
from openkyb.store.db import Database
from openkyb.watchlists.loader import file_digest, last_sha

_LOADERS = {
    "companies": load_companies,
    "changes": load_changes,
    "psc": load_table,
    "lei": load_table,
    "relationships": load_table,
}

__all__ = ["RegistryLoadReport", "check_delta", "load_registry"]


def check_delta(registry_format: RegistryFormat, delta: bool | None) -> None:
    """Raise ``ValueError`` when a delta load is asked of a format that cannot take one."""
    if delta and registry_format.kind not in DELTA_KINDS:
        raise ValueError(
            f"{registry_format.name} files replace their dataset; only gleif-lei and gleif-rr"
            " files load as a delta (Companies House updates: uk-ch-changes)"
        )


def load_registry(
    db: Database,
    registry_format: RegistryFormat,
    path: Path,
    dataset: str | None = None,
    *,
    force: bool = False,
    progress: Progress | None = None,
    workers: int | None = None,
    delta: bool | None = None,
) -> RegistryLoadReport:
    """Parse ``path`` as ``registry_format`` and store it as a new version of its dataset.

    Raises ``ValueError`` when the file is not of the format or holds no usable record; the
    database is then unchanged. ``workers`` sets the processes that derive company rows in a
    PostgreSQL bulk load (0: none; None: chosen by file size and CPUs). ``delta``: apply a
    GLEIF file on top of the stored records instead of replacing them (None: when its name
    says it is an update file); other kinds refuse it.
    """
    check_delta(registry_format, delta)
    name = dataset or registry_format.dataset_for(path)
    report = RegistryLoadReport(
        dataset=name,
        format=registry_format.name,
        kind=registry_format.kind,
        sha256=file_digest(path),
    )
    if not force and last_sha(db, name) == report.sha256:
        report.unchanged_file = True
        return report
    report.version_id = new_id("dsv")
    started = time.monotonic()
    if registry_format.kind == "companies":
        load_companies(db, registry_format, path, report, progress, workers)
    elif registry_format.kind in DELTA_KINDS:
        report.delta = is_delta_file(path) if delta is None else delta
        load_table(db, registry_format, path, report, progress, delta=report.delta)
    else:
        _LOADERS[registry_format.kind](db, registry_format, path, report, progress)
    report.seconds = time.monotonic() - started
    # Fuzzy search corrects misspelt words from the name vocabulary: keep it current. A
    # register on PostgreSQL swaps its vocabulary in with the companies (load_companies).
    bulk_swap = registry_format.kind == "companies" and db.backend == "postgresql"
    if registry_format.kind in ("companies", "changes") and not bulk_swap:
        with report.phase("search_vocabulary"):
            refresh_search_vocabulary(db)
    return report
