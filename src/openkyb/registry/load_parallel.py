"""Company rows converted in worker processes, for bulk loads of millions of companies.

Per company the loader spends about as long deriving the row (name key, address key,
fingerprint) as the parser spends reading it, all in Python under one GIL. With workers, the
main process only parses and flattens each record to a tuple of plain values (cheap to
pickle); workers derive the rows and return them as ready COPY text, which the main process
streams to PostgreSQL. Chunks come back in file order, so "first record kept" still holds,
and at most a few chunks per worker are in flight, so memory stays flat.
"""

from __future__ import annotations

import multiprocessing
import os
from collections import deque
from collections.abc import Iterator
from multiprocessing.pool import AsyncResult
from pathlib import Path
from typing import Any

from openkyb.registry.copy_text import copy_line
from openkyb.registry.model import CompanyRecord
from openkyb.registry.rows import company_content, company_values_from_content

CHUNK = 2000
IN_FLIGHT_PER_WORKER = 3
AUTO_MIN_BYTES = 64 * 1024 * 1024  # below this, starting workers costs more than it saves
MAX_AUTO_WORKERS = 4
MIN_AUTO_CPUS = 4


def auto_workers(path: Path) -> int:
    """Worker processes worth starting for ``path``: none for small files or few CPUs."""
    files = [p for p in path.rglob("*") if p.is_file()] if path.is_dir() else [path]
    size = sum(p.stat().st_size for p in files)
    cpus = os.cpu_count() or 1
    # One CPU stays with the parser and one with PostgreSQL: on 2 CPUs a worker only adds
    # pickling (measured slower: docs/registries.md).
    if size < AUTO_MIN_BYTES or cpus < MIN_AUTO_CPUS:
        return 0
    return min(MAX_AUTO_WORKERS, cpus - 2)


def _convert(contents: list[tuple[Any, ...]], version_id: str) -> bytes:
    rows = (company_values_from_content(c, version_id) for c in contents)
    return "".join(map(copy_line, rows)).encode()


def _chunks(records: Iterator[CompanyRecord], countries: set[str]) -> Iterator[list[Any]]:
    chunk: list[tuple[Any, ...]] = []
    for record in records:
        countries.add(record.country)
        chunk.append(company_content(record))
        if len(chunk) >= CHUNK:
            yield chunk
            chunk = []
    if chunk:
        yield chunk


def company_copy_chunks(
    records: Iterator[CompanyRecord], version_id: str, workers: int, countries: set[str]
) -> Iterator[bytes]:
    """COPY text for ``records`` in order, converted by ``workers`` processes.

    ``countries`` receives the country of every record.
    """
    # spawn, not fork: the parent holds database connections and progress-bar threads.
    context = multiprocessing.get_context("spawn")
    with context.Pool(workers) as pool:
        pending: deque[AsyncResult[bytes]] = deque()
        for chunk in _chunks(records, countries):
            pending.append(pool.apply_async(_convert, (chunk, version_id)))
            if len(pending) >= workers * IN_FLIGHT_PER_WORKER:
                yield pending.popleft().get()
        while pending:
            yield pending.popleft().get()
