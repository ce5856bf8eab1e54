"""Screening speed: index build time, queries per second, latency and memory on one core.

    python benchmarks/screening_speed.py [--queries 12000] [--baseline-queries 2000]
                                         [--logic-v2-queries 500] [--seed 11]

Loads every list under shared/data/sanctions and shared/data/pep with the registered parsers,
builds the openkyb index, then screens a fixed-seed mix of person and company names in
several scripts (Latin, Cyrillic, Arabic, CJK): about 40 % listed names as written or
corrupted, 60 % unlisted names, as a KYB workload sees them. Everything runs pinned to one
core. Peers measured in the same run: rapidfuzz ``cdist`` with ``token_sort_ratio`` over all
listed names (brute force in batches of 100 queries, on a subsample) and nomenklatura logic-v2
scoring 10 candidates per query as yente does (candidates from the openkyb index; the time
is scoring only, before any index lookup).
"""

from __future__ import annotations

import argparse
import gc
import os
import random
import re
import resource
import statistics
import sys
import time
from collections import Counter
from collections.abc import Sequence
from pathlib import Path

from anyascii import anyascii
from rapidfuzz import fuzz, process, utils

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "src"))
sys.path.insert(0, str(ROOT))

from benchmarks.screening_quality import (  # noqa: E402
    PEP,
    SANCTIONS,
    LogicV2Engine,
    cyrillic,
    load_lists,
    negative_cases,
    positive_cases,
)
from openkyb.screening import DEFAULT_THRESHOLD, Query, ScreeningIndex  # noqa: E402
from openkyb.sources.model import Entity, Schema  # noqa: E402


def rss_mb() -> tuple[float, float]:
    """(current RSS, peak RSS) of this process in MB."""
    status = Path("/proc/self/status").read_text()
    rss = int(re.search(r"VmRSS:\s+(\d+)", status).group(1))  # type: ignore[union-attr]
    peak = int(re.search(r"VmHWM:\s+(\d+)", status).group(1))  # type: ignore[union-attr]
    return rss / 1024, peak / 1024


def script_of(text: str) -> str:
    """The script a name is written in, roughly."""
    for char in text:
        code = ord(char)
        if 0x0400 <= code <= 0x04FF:
            return "cyrillic"
        if 0x0600 <= code <= 0x06FF:
            return "arabic"
        if 0x3040 <= code <= 0x9FFF or 0xAC00 <= code <= 0xD7AF:
            return "cjk"
    return "latin"


def foreign_unlisted(
    entities: Sequence[tuple[str, Entity]], count: int, rng: random.Random
) -> list[Query]:
    """Unlisted names in Arabic and CJK script: listed tokens of that script recombined."""
    words: dict[str, list[str]] = {"arabic": [], "cjk": []}
    for _, entity in entities:
        for name in entity.names:
            script = script_of(name.value)
            if script in words:
                words[script].extend(name.value.split() if script == "arabic" else [name.value[:2]])
    queries = []
    for script, pool in words.items():
        for _ in range(count // 2 if pool else 0):
            parts = rng.sample(pool, min(len(pool), 3 if script == "arabic" else 2))
            joined = " ".join(parts) if script == "arabic" else "".join(parts)
            queries.append(Query(joined, schema=rng.choice(("person", None))))
    return queries


def workload(
    entities: Sequence[tuple[str, Entity]], peps: Sequence[Entity], count: int, seed: int
) -> list[Query]:
    """A fixed-seed mix: 40 % listed (as written, corrupted, other scripts), 60 % unlisted."""
    rng = random.Random(seed)
    listed = [c.query for c in positive_cases(entities, count // 4, rng)]
    rng.shuffle(listed)
    listed = listed[: int(count * 0.4)]
    unlisted = [c.query for c in negative_cases(entities, peps, count // 8, rng)]
    unlisted += [
        Query(name, schema=q.schema)
        for q in rng.sample(unlisted, min(len(unlisted), count // 10))
        if (name := cyrillic(q.name, rng))
    ]
    unlisted += foreign_unlisted(entities, count // 10, rng)
    rng.shuffle(unlisted)
    queries = listed + unlisted[: count - len(listed)]
    while len(queries) < count:  # top up with more unlisted names if the data is small
        queries.append(rng.choice(unlisted))
    rng.shuffle(queries)
    return queries


def percentiles(latencies_ms: Sequence[float]) -> tuple[float, float, float]:
    """p50, p95, p99."""
    ordered = sorted(latencies_ms)
    pick = lambda p: ordered[min(len(ordered) - 1, int(len(ordered) * p))]  # noqa: E731
    return pick(0.50), pick(0.95), pick(0.99)


def bench_openkyb(index: ScreeningIndex, queries: Sequence[Query]) -> dict[str, float]:
    """Per-query latency of ``screen`` at the default threshold (limit 10)."""
    for query in queries[:200]:  # warm the lookup caches a production process would have
        index.screen(query)
    gc.collect()
    latencies = []
    hits = 0
    started = time.perf_counter()
    for query in queries:
        t0 = time.perf_counter_ns()
        hits += bool(index.screen(query, DEFAULT_THRESHOLD, 10))
        latencies.append((time.perf_counter_ns() - t0) / 1e6)
    elapsed = time.perf_counter() - started
    p50, p95, p99 = percentiles(latencies)
    return {"qps": len(queries) / elapsed, "p50": p50, "p95": p95, "p99": p99,
            "mean": statistics.fmean(latencies), "hit_rate": hits / len(queries)}  # fmt: skip


def bench_token_sort(
    entities: Sequence[tuple[str, Entity]], queries: Sequence[Query]
) -> dict[str, float]:
    """rapidfuzz cdist token_sort_ratio of the queries against every listed name, in batches
    of 100 queries (one call per query would spend most of its time converting the 100,000+
    listed names again); latency is each batch's time per query."""
    names = [utils.default_process(anyascii(n.value)) for _, e in entities for n in e.names]
    probes = [utils.default_process(anyascii(q.name)) for q in queries]
    latencies = []
    started = time.perf_counter()
    for start in range(0, len(probes), 100):
        batch = probes[start : start + 100]
        t0 = time.perf_counter_ns()
        process.cdist(batch, names, scorer=fuzz.token_sort_ratio, score_cutoff=85, workers=1)
        latencies.extend([(time.perf_counter_ns() - t0) / 1e6 / len(batch)] * len(batch))
    elapsed = time.perf_counter() - started
    p50, p95, p99 = percentiles(latencies)
    return {"qps": len(probes) / elapsed, "p50": p50, "p95": p95, "p99": p99,
            "mean": statistics.fmean(latencies), "names": len(names)}  # fmt: skip


def bench_logic_v2(
    index: ScreeningIndex, entities: Sequence[tuple[str, Entity]], queries: Sequence[Query]
) -> dict[str, float]:
    """logic-v2 scoring 10 candidates per query (the openkyb index's best, padded at random)."""
    scorer = LogicV2Engine(entities)
    positions = {(d, e.id): i for i, (d, e) in enumerate(entities)}
    rng = random.Random(5)
    plans = []
    for query in queries:
        found = [positions[(h.dataset, h.entity_id)] for h in index.screen(query, 0.5, 10)]
        while len(found) < 10:
            found.append(rng.randrange(len(entities)))
        plans.append((query, found))
    people = [i for i, (_, e) in enumerate(entities) if e.schema is Schema.PERSON]
    scorer.score(Query("Warm Up", "person"), people[:2])  # loads name data: 6-8 s, once
    latencies = []
    for query, candidates in plans:
        for position in candidates:
            scorer.proxy(position)  # convert outside the timing, as yente indexes FtM already
        t0 = time.perf_counter_ns()
        scorer.score(query, candidates)
        latencies.append((time.perf_counter_ns() - t0) / 1e6)
    p50, p95, p99 = percentiles(latencies)
    mean = statistics.fmean(latencies)
    return {"qps": 1000 / mean, "p50": p50, "p95": p95, "p99": p99, "mean": mean}


def main() -> None:
    """Load, build, measure, print."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--queries", type=int, default=12_000)
    parser.add_argument("--baseline-queries", type=int, default=2_000)
    parser.add_argument("--logic-v2-queries", type=int, default=500)
    parser.add_argument("--seed", type=int, default=11)
    args = parser.parse_args()
    os.sched_setaffinity(0, {0})

    lists = load_lists(SANCTIONS, PEP)
    print(f"formats: {', '.join(lists.formats)}; unreadable: {sorted(lists.failed) or 'none'}")
    entities = lists.entities
    print(f"{len(entities)} entities, {sum(len(e.names) for _, e in entities)} names parsed")
    gc.collect()
    before, _ = rss_mb()
    started = time.perf_counter()
    index = ScreeningIndex.build(entities)
    build = time.perf_counter() - started
    after, _ = rss_mb()
    print(f"index: {index.size[0]} entities, {index.size[1]} names; build {build:.2f} s; "
          f"index memory {after - before:.0f} MB")  # fmt: skip

    peps = [e for d, e in entities if d.startswith("pep") or "pep" in e.topics]
    queries = workload(entities, peps, args.queries, args.seed)
    mix = Counter((q.schema or "any", script_of(q.name)) for q in queries)
    print(
        f"{len(queries)} queries: "
        + ", ".join(f"{k[0]}/{k[1]} {v}" for k, v in sorted(mix.items()))
    )

    ours = bench_openkyb(index, queries)
    _, peak = rss_mb()
    print(f"openkyb peak RSS (VmHWM, whole process incl. parsed lists): {peak:.0f} MB")
    rng = random.Random(args.seed)
    sample = rng.sample(queries, min(args.baseline_queries, len(queries)))
    token_sort = bench_token_sort(entities, sample)
    rows = [("openkyb ScreeningIndex.screen", ours, len(queries)),
            (f"rapidfuzz token_sort_ratio cdist ({token_sort['names']:.0f} names)", token_sort,
             len(sample))]  # fmt: skip
    try:
        logic = bench_logic_v2(index, entities, sample[: args.logic_v2_queries])
        rows.append(
            ("nomenklatura logic-v2, 10 candidates (scoring only)", logic, args.logic_v2_queries)
        )
    except ImportError as exc:
        print(f"logic-v2 skipped: {exc}")
    print(f"\nbuild: {build:.2f} s for {index.size[0]} entities / {index.size[1]} names; "
          f"peak RSS {peak:.0f} MB\n")  # fmt: skip
    print("| engine | queries | q/s (1 core) | mean ms | p50 ms | p95 ms | p99 ms |")
    print("|---|---|---|---|---|---|---|")
    for name, result, count in rows:
        print(f"| {name} | {count} | {result['qps']:,.0f} | {result['mean']:.2f} | "
              f"{result['p50']:.2f} | {result['p95']:.2f} | {result['p99']:.2f} |")  # fmt: skip
    print(f"\nopenkyb hit rate at {DEFAULT_THRESHOLD}: {ours['hit_rate']:.1%}; "
          f"max RSS (getrusage, after all engines): "
          f"{resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024:.0f} MB")  # fmt: skip


if __name__ == "__main__":
    main()
