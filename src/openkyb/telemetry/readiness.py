"""Readiness pieces beyond the database: Redis and the loaded datasets with their age."""

from __future__ import annotations

import time
from typing import Any

import redis

from openkyb.clock import iso_utc, utc_now
from openkyb.store.db import Database
from openkyb.telemetry.datasets import LoadedDataset, loaded_datasets

REDIS_TIMEOUT_SECONDS = 0.5


def redis_component(url: str, failure_mode: str) -> tuple[dict[str, Any], bool]:
    """PING Redis with a short timeout: its status, and whether the API is still ready.

    Redis only holds the shared rate-limit counters. When it is down and the gateway fails
    open (the default), requests are still served, so the API stays ready and reports the
    outage; when it fails closed, every request would get 503, so the API is not ready.
    """
    client = redis.Redis.from_url(
        url, socket_timeout=REDIS_TIMEOUT_SECONDS, socket_connect_timeout=REDIS_TIMEOUT_SECONDS
    )
    started = time.perf_counter()
    try:
        client.ping()
    except (redis.RedisError, OSError) as exc:
        status = {"status": "unavailable", "error": type(exc).__name__, "failure": failure_mode}
        return status, failure_mode == "open"
    finally:
        client.close()
    latency = round((time.perf_counter() - started) * 1000, 2)
    return {"status": "ok", "latency_ms": latency}, True


def dataset_components(
    db: Database, screener_datasets: list[dict[str, str]] | None
) -> dict[str, Any]:
    """``watchlists`` (the screener's versions, with load time and age) and ``registries``.

    ``screener_datasets`` is what the in-process screener indexed, or None for a remote one
    (reported as before). A database failure leaves the ages out; the database component
    already says why.
    """
    try:
        loaded = loaded_datasets(db)
    except Exception:
        loaded = []
    now = utc_now()
    by_version: dict[tuple[str, str], LoadedDataset] = {(d.dataset, d.version): d for d in loaded}
    registries = [d.as_dict(now) for d in loaded if d.kind == "registry"]
    registry_names = {d["dataset"] for d in registries}
    watchlists: Any = "remote service"
    if screener_datasets is not None:
        watchlists = []
        for item in screener_datasets:
            if item["dataset"] in registry_names:  # listed under registries
                continue
            found = by_version.get((item["dataset"], item["version"]))
            extra = (
                {"loaded_at": iso_utc(found.loaded_at), "age_seconds": found.age(now)}
                if found
                else {}
            )
            watchlists.append({**item, **extra})
    return {"watchlists": watchlists, "registries": registries}
