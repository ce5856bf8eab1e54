"""Latency telemetry adds to a request, in-process (target: p50 added well under 1 ms).

    python benchmarks/telemetry_overhead.py [--requests 1000]

Two routes are called through ASGI on a temporary SQLite file, so only the app's own work
is timed: ``GET /v1/verifications?limit=1`` (key lookup and one indexed query: a light
request, traced and logged like any other) and ``POST /v1/verifications`` (key lookup,
every check, the decision, one insert: a check span and histogram per check, the
verification span, SQL spans). Rounds interleave the
configurations so that drift on the shared machine hits them all alike.

- ``off``: the telemetry middleware removed and recording muted (no metric, no span);
- ``metrics + logs``: the default (Prometheus histograms, request id, one JSON access log
  line per request written to /dev/null; tracing off as no ``OTEL_*`` is set);
- ``+ tracing``: as above with an SDK tracer provider, a batch processor and an exporter
  that drops the spans (the cost of making spans, not of shipping them).

Tracing is measured in a second phase (the tracer provider is process-wide), against its
own ``off`` baseline. Prints p50/p90 per configuration and the p50 added.
"""

from __future__ import annotations

import argparse
import asyncio
import logging
import os
import statistics
import sys
import tempfile
import time
from collections.abc import Sequence
from pathlib import Path
from typing import Any

import orjson
from fastapi import FastAPI
from opentelemetry import trace
from opentelemetry.sdk.trace import ReadableSpan, TracerProvider
from opentelemetry.sdk.trace.export import BatchSpanProcessor, SpanExporter, SpanExportResult

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from benchmarks.asgi_call import asgi_call
from openkyb.app import create_app
from openkyb.examples import load_example
from openkyb.gateway import tenants as tenant_service
from openkyb.settings import Settings
from openkyb.store import migrate
from openkyb.store.db import Database
from openkyb.telemetry import muted
from openkyb.telemetry.logging import configure_logging
from openkyb.telemetry.middleware import TelemetryMiddleware

BODY = orjson.dumps(load_example("demo"))
Case = tuple[FastAPI, bool]  # the app, and whether telemetry is muted around the call


class _Drop(SpanExporter):
    def export(self, spans: Sequence[ReadableSpan]) -> SpanExportResult:  # noqa: ARG002
        return SpanExportResult.SUCCESS


def _scope(method: str, path: str, key: str, query: bytes = b"") -> dict[str, Any]:
    headers = [(b"host", b"bench"), (b"authorization", f"Bearer {key}".encode())]
    headers += [(b"user-agent", b"acme-marketplace/2.3 (+https://acme.example)")]
    if method == "POST":
        headers += [(b"content-type", b"application/json")]
        headers += [(b"content-length", str(len(BODY)).encode())]
    return {
        "type": "http",
        "asgi": {"version": "3.0"},
        "http_version": "1.1",
        "method": method,
        "scheme": "http",
        "path": path,
        "raw_path": path.encode(),
        "root_path": "",
        "query_string": query,
        "headers": headers,
        "client": ("203.0.113.10", 50000),
        "server": ("bench", 80),
    }


async def _call(app: FastAPI, scope: dict[str, Any]) -> int:
    return await asgi_call(app, scope, BODY if scope["method"] == "POST" else b"")


async def _timed(app: FastAPI, scope: dict[str, Any], quiet: bool) -> float:
    began = time.perf_counter_ns()
    if quiet:
        with muted():
            status = await _call(app, scope)
    else:
        status = await _call(app, scope)
    if status >= 400:
        raise RuntimeError(f"{scope['method']} {scope['path']}: status {status}")
    return (time.perf_counter_ns() - began) / 1e6


async def _measure(
    cases: dict[str, Case], scope: dict[str, Any], requests: int
) -> dict[str, list[float]]:
    timings: dict[str, list[float]] = {name: [] for name in cases}
    for app, quiet in cases.values():  # warm up: pools, caches, lazy imports
        for _ in range(30):
            await _timed(app, scope, quiet)
    for _ in range(requests):
        for name, (app, quiet) in cases.items():
            timings[name].append(await _timed(app, scope, quiet))
    return timings


def _bare(app: FastAPI) -> FastAPI:
    app.user_middleware = [m for m in app.user_middleware if m.cls is not TelemetryMiddleware]
    return app


def _report(title: str, timings: dict[str, list[float]]) -> None:
    base = statistics.median(timings["off"])
    print(f"\n{title}")
    print(f"{'configuration':<18}{'p50 ms':>9}{'p90 ms':>9}{'added p50 ms':>14}")
    for name, values in timings.items():
        p50, p90 = statistics.median(values), statistics.quantiles(values, n=10)[-1]
        print(f"{name:<18}{p50:>9.3f}{p90:>9.3f}{p50 - base:>14.3f}")


def _routes(key: str) -> dict[str, dict[str, Any]]:
    return {
        "GET /v1/verifications": _scope("GET", "/v1/verifications", key, b"limit=1"),
        "POST /v1/verifications": _scope("POST", "/v1/verifications", key),
    }


def main() -> int:
    """Measure both phases and print the figures."""
    parser = argparse.ArgumentParser(description=(__doc__ or "").split("\n\n")[0])
    parser.add_argument("--requests", type=int, default=1000)
    args = parser.parse_args()
    configure_logging("info", "json")
    devnull = open(os.devnull, "w")  # noqa: SIM115 - lives as long as the process
    for handler in logging.getLogger().handlers:
        if isinstance(handler, logging.StreamHandler):
            handler.setStream(devnull)
    with tempfile.TemporaryDirectory(ignore_cleanup_errors=True) as tmp:
        url = f"sqlite:///{Path(tmp) / 'telemetry.db'}"
        setup = Database(url)
        migrate.upgrade(setup)
        setup.dispose()
        dbs = [Database(url) for _ in range(3)]  # one engine each: SQL spans only when traced
        with dbs[0].session() as session:
            key = tenant_service.create_tenant(session, "bench").secret
        settings = Settings(database_url=url)
        off = _bare(create_app(settings, database=dbs[0]))
        default = create_app(settings, database=dbs[1])
        print(f"{args.requests} requests per configuration and route, SQLite, in-process")
        for route, scope in _routes(key).items():
            cases = {"off": (off, True), "metrics + logs": (default, False)}
            _report(route, asyncio.run(_measure(cases, scope, args.requests)))
        provider = TracerProvider()
        provider.add_span_processor(BatchSpanProcessor(_Drop()))
        trace.set_tracer_provider(provider)
        traced = create_app(settings, database=dbs[2])
        for route, scope in _routes(key).items():
            cases = {"off": (off, True), "+ tracing": (traced, False)}
            _report(f"{route} (tracing on)", asyncio.run(_measure(cases, scope, args.requests)))
        provider.shutdown()
        for db in dbs:
            db.dispose()
    return 0


if __name__ == "__main__":
    sys.exit(main())
