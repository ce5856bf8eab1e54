"""Measurements of the registry benchmark on a loaded PostgreSQL database.

openkyb's lookup and search against the plain pg_trgm peer (``%`` on a trigram GIN of
``name_key``, ORDER BY similarity LIMIT 10), on the same queries in the same run.
"""

from __future__ import annotations

import random
import time
from dataclasses import dataclass, field
from typing import Any

from sqlalchemy import text

from benchmarks.registry_queries import Latency, Quality, Sample, quality, timed, typo_queries
from openkyb.registry.names import name_key
from openkyb.registry.search import get_company, search_companies
from openkyb.store.db import Database

PEER_INDEX = "bench_registry_name_trgm"


@dataclass
class Results:
    """Everything measured, for the table and the JSON line."""

    figures: dict[str, Any] = field(default_factory=dict)

    def put(self, key: str, value: Any) -> None:
        """Record one figure."""
        self.figures[key] = value


def sample_companies(db: Database, count: int, seed: int) -> list[Sample]:
    """About ``count`` companies drawn at random (a seeded sample of the table's pages)."""
    with db.engine.connect() as conn:
        total = (
            conn.execute(
                text("SELECT reltuples FROM pg_class WHERE relname = :t"),
                {"t": "registry_companies"},
            ).scalar()
            or 1
        )
        percent = min(100.0, 100.0 * count * 3 / max(total, 1))
        rows = conn.execute(
            text(
                "SELECT number, name, address_key FROM registry_companies "
                f"TABLESAMPLE BERNOULLI ({percent}) REPEATABLE ({seed})"
            )
        ).all()
    random.Random(seed).shuffle(rows)
    return [Sample(r.number, r.name, r.address_key) for r in rows]


def measure_lookup(db: Database, samples: list[Sample], results: Results) -> None:
    """By-number lookups through ``get_company``."""
    millis, found = timed([s.number for s in samples], lambda n: get_company(db, "GB", n))
    assert all(found), "a sampled company was not found by number"
    results.put("lookup_ms", Latency.of(millis).as_dict())
    results.put("lookups", len(samples))


def measure_address(db: Database, samples: list[Sample], results: Results) -> None:
    """Counts of companies sharing a normalised address (formation agents hold thousands)."""
    keys = [s.address_key for s in samples if s.address_key]
    statement = text(
        "SELECT count(*) FROM registry_companies WHERE country = 'GB' AND address_key = :k"
    )

    def count(key: str) -> int:
        with db.connection() as conn:
            return int(conn.execute(statement, {"k": key}).scalar() or 0)

    millis, counts = timed(keys, count)
    results.put("address_count_ms", Latency.of(millis).as_dict())
    results.put("address_count_max", max(counts, default=0))


def measure_search(
    db: Database, samples: list[Sample], count: int, seed: int, results: Results
) -> list[tuple[Sample, str]]:
    """One-typo name queries through ``search_companies``; returns the queries."""
    queries = typo_queries(samples, count, seed)
    for _, typo in queries[:20]:  # warm caches and prepared statements
        search_companies(db, typo, "GB")
    millis, found = timed(
        [q for _, q in queries], lambda q: search_companies(db, q, "GB", limit=10)
    )
    hits = [[(c.record.number, c.record.name) for c in candidates] for candidates in found]
    _report_search("search", millis, quality([s for s, _ in queries], hits), results)
    return queries


def _report_search(prefix: str, millis: list[float], q: Quality, results: Results) -> None:
    results.put(f"{prefix}_ms", Latency.of(millis).as_dict())
    results.put(f"{prefix}_top1", round(q.top1, 4))
    results.put(f"{prefix}_top10", round(q.top10, 4))


def build_peer_index(db: Database, results: Results) -> None:
    """The plain trigram GIN the peer searches (timed: part of its cost)."""
    start = time.perf_counter()
    with db.engine.begin() as conn:
        conn.execute(text("SET LOCAL maintenance_work_mem = '1GB'"))
        conn.execute(
            text(
                f"CREATE INDEX IF NOT EXISTS {PEER_INDEX} ON registry_companies "
                "USING gin (name_key gin_trgm_ops)"
            )
        )
    results.put("peer_index_s", round(time.perf_counter() - start, 1))


def drop_peer_index(db: Database) -> None:
    """Remove the peer's index (the database may be kept)."""
    with db.engine.begin() as conn:
        conn.execute(text(f"DROP INDEX IF EXISTS {PEER_INDEX}"))


def measure_peer(db: Database, queries: list[tuple[Sample, str]], results: Results) -> None:
    """pg_trgm ``%`` (similarity >= 0.5) ORDER BY similarity LIMIT 10 on the same queries."""
    statement = text(
        "SELECT number, name FROM registry_companies WHERE country = 'GB' AND name_key % :q "
        "ORDER BY similarity(name_key, :q) DESC LIMIT 10"
    )
    with db.engine.connect() as conn:
        conn.execute(text("SELECT set_config('pg_trgm.similarity_threshold', '0.5', false)"))

        def run(query: str) -> list[tuple[str, str]]:
            return [(r.number, r.name) for r in conn.execute(statement, {"q": name_key(query)})]

        for _, typo in queries[:20]:
            run(typo)
        millis, hits = timed([q for _, q in queries], run)
        conn.rollback()
    _report_search("peer", millis, quality([s for s, _ in queries], hits), results)
