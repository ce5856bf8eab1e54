"""Query sets and timing for the registry benchmark: sampled companies, one-typo names.

The typo lands in a word of the name's core, never in its legal form (that would test the
legal-form table, not search): one insertion, deletion, substitution or transposition of
letters, as a person typing a company name makes them.
"""

from __future__ import annotations

import random
import statistics
import time
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from typing import Any

from openkyb.registry.names import name_key, normalise_name

_LETTERS = "abcdefghijklmnopqrstuvwxyz"


@dataclass(frozen=True, slots=True)
class Sample:
    """A stored company: what a query should find."""

    number: str
    name: str
    address_key: str | None = None


def _mutate(word: str, rng: random.Random) -> str:
    lower = word.lower()
    i = rng.randrange(len(lower))
    op = rng.choice(("insert", "delete", "substitute", "transpose"))
    if op == "delete" and len(lower) > 2:
        return lower[:i] + lower[i + 1 :]
    if op == "transpose" and i + 1 < len(lower) and lower[i] != lower[i + 1]:
        return lower[:i] + lower[i + 1] + lower[i] + lower[i + 2 :]
    if op == "insert":
        return lower[:i] + rng.choice(_LETTERS) + lower[i:]
    others = _LETTERS.replace(lower[i], "") if lower[i] in _LETTERS else _LETTERS
    return lower[:i] + rng.choice(others) + lower[i + 1 :]


def with_typo(name: str, rng: random.Random) -> str | None:
    """``name`` with one typo in a core word, or None when it has no word fit to change."""
    core = set(normalise_name(name).core)
    words = name.split()
    positions = [
        i for i, w in enumerate(words) if w.isalpha() and len(w) >= 3 and w.lower() in core
    ]
    if not positions:
        return None
    original = name_key(name)
    for _ in range(10):
        i = rng.choice(positions)
        changed = [*words[:i], _mutate(words[i], rng).upper(), *words[i + 1 :]]
        candidate = " ".join(changed)
        if name_key(candidate) != original:
            return candidate
    return None


def typo_queries(samples: Sequence[Sample], count: int, seed: int) -> list[tuple[Sample, str]]:
    """Up to ``count`` (company, misspelt name) pairs."""
    rng = random.Random(seed)
    queries = []
    for sample in samples:
        typo = with_typo(sample.name, rng)
        if typo is not None:
            queries.append((sample, typo))
        if len(queries) == count:
            break
    return queries


def percentile(values: Sequence[float], q: float) -> float:
    """The q-th percentile (0..100) of ``values``, nearest rank."""
    ordered = sorted(values)
    if not ordered:
        return float("nan")
    rank = max(0, min(len(ordered) - 1, round(q / 100 * len(ordered) + 0.5) - 1))
    return ordered[rank]


@dataclass(frozen=True, slots=True)
class Latency:
    """Latencies in milliseconds."""

    p50: float
    p95: float
    p99: float
    mean: float

    @classmethod
    def of(cls, millis: Sequence[float]) -> Latency:
        """Summarise a list of timings."""
        return cls(
            percentile(millis, 50),
            percentile(millis, 95),
            percentile(millis, 99),
            statistics.fmean(millis) if millis else float("nan"),
        )

    def as_dict(self) -> dict[str, float]:
        """Rounded figures for the JSON line."""
        return {k: round(getattr(self, k), 3) for k in ("p50", "p95", "p99", "mean")}


def timed(calls: Sequence[Any], run: Callable[[Any], Any]) -> tuple[list[float], list[Any]]:
    """Run ``run`` on each item; (milliseconds, results)."""
    millis, results = [], []
    for item in calls:
        start = time.perf_counter()
        results.append(run(item))
        millis.append((time.perf_counter() - start) * 1000)
    return millis, results


@dataclass(frozen=True, slots=True)
class Quality:
    """Share of queries whose company came first / in the first ten."""

    top1: float
    top10: float


def quality(expected: Sequence[Sample], found: Sequence[Sequence[tuple[str, str]]]) -> Quality:
    """Top-1 and top-10 accuracy; ``found`` holds (number, name) lists, best first.

    A hit is the company's number, or a company with the very same name (registries hold a
    few exact duplicates: no search can tell them apart by name).
    """
    top1 = top10 = 0
    for sample, hits in zip(expected, found, strict=True):
        ok = [number == sample.number or name == sample.name for number, name in hits[:10]]
        top1 += bool(ok and ok[0])
        top10 += any(ok)
    total = max(1, len(expected))
    return Quality(top1 / total, top10 / total)
