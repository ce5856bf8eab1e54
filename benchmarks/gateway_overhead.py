"""Latency the gateway layer adds to a request (target: p50 <= 1 ms).

    python benchmarks/gateway_overhead.py [--requests 3000] [--redis-url redis://...]

The same app and route (``GET /v1/verifications?limit=1``: key lookup plus one indexed
query, on a temporary SQLite file) is called in-process through ASGI, so only the app's own
work is timed. Each configuration is a tenant with another gateway policy; rounds
interleave the configurations so drift hits them all alike:

- ``no gateway``: the app without the gateway middleware (the baseline);
- ``policies off``: middleware on, a tenant with nothing to enforce;
- ``bot check``: the default policy (user agent checked against the crawler list);
- ``allowlist``: ten IPv4 and IPv6 CIDRs, plus the bot check;
- ``rate limit (memory)`` / ``rate limit (redis)``: a per-second and a per-day limit;
- ``everything (redis)``: allowlist, bot check and both limits in Redis.

It prints p50/p90 per configuration and the p50 added over the baseline, and exits 1 if
an added p50 is over 1 ms.
"""

from __future__ import annotations

import argparse
import asyncio
import os
import statistics
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

from fastapi import FastAPI

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from benchmarks.asgi_call import asgi_call
from openkyb.app import create_app
from openkyb.gateway import plans
from openkyb.gateway import tenants as tenant_service
from openkyb.gateway.middleware import GatewayMiddleware
from openkyb.settings import Settings
from openkyb.store import migrate
from openkyb.store.db import Database

PATH = "/v1/verifications"
ALLOW = (
    "192.0.2.0/24", "198.51.100.0/24", "10.0.0.0/8", "172.16.0.0/12", "2001:db8::/32",
    "fd00::/8", "100.64.0.0/10", "192.168.0.0/16", "2001:db8:1::/48", "203.0.113.0/24",
)  # fmt: skip
# Realistic plan limits, far above the rate the rounds reach (~30 requests/s per tenant).
LIMITS = ("200/second", "5000/day")
TARGET_MS = 1.0


def _tenant(db: Database, name: str, policy: plans.GatewayPolicy) -> str:
    with db.session() as session:
        issued = tenant_service.create_tenant(session, name)
        plans.set_gateway_policy(tenant_service.get_tenant(session, issued.tenant_id), policy)
    return issued.secret


def _scope(key: str) -> dict[str, Any]:
    return {
        "type": "http",
        "asgi": {"version": "3.0"},
        "http_version": "1.1",
        "method": "GET",
        "scheme": "http",
        "path": PATH,
        "raw_path": PATH.encode(),
        "root_path": "",
        "query_string": b"limit=1",
        "headers": [
            (b"host", b"bench"),
            (b"authorization", f"Bearer {key}".encode()),
            (b"user-agent", b"acme-marketplace/2.3 (+https://acme.example)"),
        ],
        "client": ("203.0.113.10", 50000),
        "server": ("bench", 80),
    }


def _without_gateway(app: FastAPI) -> FastAPI:
    app.user_middleware = [m for m in app.user_middleware if m.cls is not GatewayMiddleware]
    return app


async def _measure(cases: dict[str, tuple[FastAPI, str]], requests: int) -> dict[str, list[float]]:
    timings: dict[str, list[float]] = {name: [] for name in cases}
    scopes = {name: _scope(key) for name, (_, key) in cases.items()}
    for name, (app, _) in cases.items():  # warm up: caches, pools, compiled patterns
        for _ in range(50):
            status = await asgi_call(app, scopes[name])
            if status != 200:
                raise RuntimeError(f"{name}: status {status}")
    for _ in range(requests):
        for name, (app, _) in cases.items():
            began = time.perf_counter_ns()
            await asgi_call(app, scopes[name])
            timings[name].append((time.perf_counter_ns() - began) / 1e6)
    return timings


def main() -> int:
    """Run every configuration and print the figures."""
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--requests", type=int, default=3000)
    parser.add_argument(
        "--redis-url", default=os.environ.get("OPENKYB_REDIS_URL", "redis://127.0.0.1:6379/0")
    )
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        db = Database(f"sqlite:///{Path(tmp) / 'overhead.db'}")
        migrate.upgrade(db)
        policy = plans.GatewayPolicy
        keys = {
            "off": _tenant(db, "off", policy(allow_bots=True)),
            "bots": _tenant(db, "bots", policy()),
            "allow": _tenant(db, "allow", policy(ip_allow=ALLOW)),
            "limits": _tenant(db, "limits", policy(rate_limits=LIMITS, allow_bots=True)),
            "all": _tenant(db, "all", policy(rate_limits=LIMITS, ip_allow=ALLOW)),
        }
        url = db.url
        memory = create_app(Settings(database_url=url), database=db)
        redis = create_app(Settings(database_url=url, redis_url=args.redis_url), database=db)
        bare = _without_gateway(create_app(Settings(database_url=url), database=db))
        cases = {
            "no gateway": (bare, keys["off"]),
            "policies off": (memory, keys["off"]),
            "bot check": (memory, keys["bots"]),
            "allowlist": (memory, keys["allow"]),
            "rate limit (memory)": (memory, keys["limits"]),
            "rate limit (redis)": (redis, keys["limits"]),
            "everything (redis)": (redis, keys["all"]),
        }
        timings = asyncio.run(_measure(cases, args.requests))
        db.dispose()
    base = statistics.median(timings["no gateway"])
    print(f"{args.requests} requests per configuration, GET {PATH}?limit=1, SQLite, in-process")
    print(f"{'configuration':<22}{'p50 ms':>9}{'p90 ms':>9}{'added p50 ms':>14}")
    worst = 0.0
    for name, values in timings.items():
        p50 = statistics.median(values)
        p90 = statistics.quantiles(values, n=10)[-1]
        added = p50 - base
        worst = max(worst, added)
        print(f"{name:<22}{p50:>9.3f}{p90:>9.3f}{added:>14.3f}")
    verdict = "OK" if worst <= TARGET_MS else "OVER TARGET"
    print(f"largest added p50: {worst:.3f} ms (target <= {TARGET_MS} ms): {verdict}")
    return 0 if worst <= TARGET_MS else 1


if __name__ == "__main__":
    sys.exit(main())
