"""Prometheus metrics the code records: requests, checks, decisions, screening, rejections.

Works with several worker processes: when ``PROMETHEUS_MULTIPROC_DIR`` is set *before this
module is imported* (``openkyb serve --workers N`` sets it), prometheus_client writes every
value to memory-mapped files in that folder and the scrape sums them over all workers.
Otherwise values live in :data:`REGISTRY` of this process.

The dataset-age gauges are not recorded here: they are computed at scrape time
(:mod:`openkyb.telemetry.exposition`).
"""

from __future__ import annotations

import os
import tempfile
from pathlib import Path

from prometheus_client import CollectorRegistry, Counter, Histogram

from openkyb.telemetry.context import is_muted

NAMESPACE = "openkyb"
MULTIPROC_ENV = "PROMETHEUS_MULTIPROC_DIR"

# Our own registry, not prometheus_client's global one: a host application's metrics do not
# leak into /metrics, and ours do not collide with theirs.
REGISTRY = CollectorRegistry(auto_describe=True)

# Latency buckets (seconds): requests span ~1 ms (a cached GET) to seconds (a slow database);
# a single check runs in microseconds to a few milliseconds.
REQUEST_BUCKETS = (0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1.0, 2.5, 5.0, 10.0)
CHECK_BUCKETS = (0.00005, 0.0001, 0.00025, 0.0005, 0.001, 0.0025, 0.005, 0.01, 0.05, 0.25, 1.0)

HTTP_REQUEST_DURATION = Histogram(
    "http_request_duration_seconds",
    "HTTP requests by method, route template and status code, with their latency",
    ["method", "route", "status"],
    namespace=NAMESPACE,
    buckets=REQUEST_BUCKETS,
    registry=REGISTRY,
)
CHECK_DURATION = Histogram(
    "check_duration_seconds",
    "Latency of each check, by check key",
    ["check"],
    namespace=NAMESPACE,
    buckets=CHECK_BUCKETS,
    registry=REGISTRY,
)
CHECK_RESULTS = Counter(
    "check_results",
    "Check results by check key and status",
    ["check", "status"],
    namespace=NAMESPACE,
    registry=REGISTRY,
)
VERIFICATION_DURATION = Histogram(
    "verification_duration_seconds",
    "Latency of a whole evaluation (evidence, screening, checks and decision)",
    namespace=NAMESPACE,
    buckets=REQUEST_BUCKETS,
    registry=REGISTRY,
)
DECISIONS = Counter(
    "decisions",
    "Verification decisions by outcome",
    ["decision"],
    namespace=NAMESPACE,
    registry=REGISTRY,
)
SCREENING_DURATION = Histogram(
    "screening_duration_seconds",
    "Latency of a screening call (a batch of names), by screener mode (local or remote)",
    ["mode"],
    namespace=NAMESPACE,
    buckets=REQUEST_BUCKETS,
    registry=REGISTRY,
)
GATEWAY_REJECTIONS = Counter(
    "gateway_rejections",
    "Requests the gateway refused, by reason (rate_limit, ip_not_allowed, bot, ...) and tenant",
    ["reason", "tenant"],
    namespace=NAMESPACE,
    registry=REGISTRY,
)

# Metric names as scraped (counters gain "_total", histograms "_bucket", "_sum", "_count").
EXPORTED_NAMES = frozenset(
    {
        "openkyb_http_request_duration_seconds",
        "openkyb_check_duration_seconds",
        "openkyb_check_results_total",
        "openkyb_verification_duration_seconds",
        "openkyb_decisions_total",
        "openkyb_screening_duration_seconds",
        "openkyb_gateway_rejections_total",
    }
)


def multiprocess_dir() -> str | None:
    """The multiprocess folder when prometheus_client runs in multiprocess mode."""
    return os.environ.get(MULTIPROC_ENV) or None


def prepare_multiprocess(workers: int) -> str | None:
    """Before starting ``workers`` processes: the folder their metrics share, emptied.

    With several workers and no ``PROMETHEUS_MULTIPROC_DIR``, a new temporary folder is
    used (each worker is a fresh interpreter that inherits the variable). Files left by an
    earlier run are deleted, or its counts would be added to this one's.
    """
    path = multiprocess_dir()
    if path is None and workers > 1:
        path = tempfile.mkdtemp(prefix="openkyb-metrics-")
        os.environ[MULTIPROC_ENV] = path
    if path is not None:
        folder = Path(path)
        folder.mkdir(parents=True, exist_ok=True)
        for stale in folder.glob("*.db"):
            stale.unlink(missing_ok=True)
    return path


def observe_request(method: str, route: str, status: int, seconds: float) -> None:
    """One HTTP request served."""
    HTTP_REQUEST_DURATION.labels(method, route, str(status)).observe(seconds)


# A verification runs every check: the labelled children are looked up once, not each time
# (``labels()`` takes a lock and builds a key on every call).
_check_children: dict[tuple[str, str], tuple[Histogram, Counter]] = {}


def observe_check(key: str, status: str, seconds: float) -> None:
    """One check run."""
    if is_muted():
        return
    children = _check_children.get((key, status))
    if children is None:
        children = CHECK_DURATION.labels(key), CHECK_RESULTS.labels(key, status)
        _check_children[(key, status)] = children
    children[0].observe(seconds)
    children[1].inc()


def observe_verification(decision: str, seconds: float) -> None:
    """One evaluation decided."""
    if is_muted():
        return
    VERIFICATION_DURATION.observe(seconds)
    DECISIONS.labels(decision).inc()


def observe_screening(mode: str, seconds: float) -> None:
    """One screening call (a batch of queries)."""
    if is_muted():
        return
    SCREENING_DURATION.labels(mode).observe(seconds)


def record_rejection(reason: str, tenant: str | None = None) -> None:
    """A request refused by the gateway: ``reason`` is a short code such as ``rate_limit``,
    ``ip_not_allowed``, ``bot`` or ``burst_blocked``; ``tenant`` the tenant name when known.
    """
    GATEWAY_REJECTIONS.labels(reason, tenant or "").inc()
