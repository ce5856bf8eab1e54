"""Rate-limit correctness across processes: N API servers sharing one Redis.

    python benchmarks/ratelimit.py [--servers 4] [--requests 1000] [--limit 100]
                                   [--redis-url redis://127.0.0.1:6379/0] [--database-url URL]

It creates a fresh database (a temporary SQLite file unless --database-url is given), a
tenant limited to ``LIMIT/minute``, starts ``--servers`` separate ``openkyb serve``
processes on their own ports, all pointed at the same Redis, and fires ``--requests``
concurrent requests spread over them with httpx. Exactly ``LIMIT`` must be accepted (one
more is tolerated, as the issue allows): the exit code is 1 otherwise.
"""

from __future__ import annotations

import argparse
import asyncio
import os
import subprocess
import sys
import tempfile
import time
from collections import Counter
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path

import httpx

from openkyb.gateway import plans
from openkyb.gateway import tenants as tenant_service
from openkyb.store import migrate
from openkyb.store.db import Database

USER_AGENT = "openkyb-ratelimit-benchmark/1.0"


@dataclass(frozen=True)
class Outcome:
    """What the servers answered."""

    statuses: Counter[int]
    seconds: float
    limit: int

    @property
    def accepted(self) -> int:
        """Requests answered 200."""
        return self.statuses[200]

    @property
    def correct(self) -> bool:
        """Between LIMIT and LIMIT + 1 accepted, and every other one refused with 429."""
        refused = sum(n for status, n in self.statuses.items() if status == 429)
        total = sum(self.statuses.values())
        return self.limit <= self.accepted <= self.limit + 1 and self.accepted + refused == total


def _free_port() -> int:
    import socket

    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port: int = probe.getsockname()[1]
        return port


def prepare(database_url: str, limit: int) -> str:
    """Migrate the database and create a tenant limited to ``limit``/minute; its key."""
    db = Database(database_url)
    try:
        migrate.upgrade(db)
        with db.session() as session:
            issued = tenant_service.create_tenant(session, f"ratelimit-{time.time_ns()}")
            tenant = tenant_service.get_tenant(session, issued.tenant_id)
            plans.set_gateway_policy(tenant, plans.GatewayPolicy(rate_limits=(f"{limit}/minute",)))
        return issued.secret
    finally:
        db.dispose()


@contextmanager
def servers(count: int, database_url: str, redis_url: str) -> Iterator[list[str]]:
    """``count`` separate ``openkyb serve`` processes; yields their base URLs."""
    env = {
        **os.environ,
        "OPENKYB_DATABASE_URL": database_url,
        "OPENKYB_REDIS_URL": redis_url,
        "OPENKYB_RATE_LIMIT_FAILURE": "closed",  # a Redis problem must not pass as a success
        "OPENKYB_THREADS": "8",
        "OPENKYB_LOG_LEVEL": "warning",
    }
    ports = [_free_port() for _ in range(count)]
    processes = [
        subprocess.Popen(
            [sys.executable, "-m", "openkyb.cli", "serve", "--port", str(port)],
            env=env,
            stdout=subprocess.DEVNULL,
            stderr=subprocess.PIPE,
        )
        for port in ports
    ]
    urls = [f"http://127.0.0.1:{port}" for port in ports]
    try:
        _wait_ready(urls, processes)
        yield urls
    finally:
        for process in processes:
            process.terminate()
        for process in processes:
            try:
                process.wait(timeout=15)
            except subprocess.TimeoutExpired:
                process.kill()


def _wait_ready(urls: list[str], processes: list[subprocess.Popen[bytes]]) -> None:
    deadline = time.monotonic() + 90
    pending = set(urls)
    while pending:
        for process in processes:
            if process.poll() is not None:
                error = process.stderr.read().decode() if process.stderr else ""
                raise RuntimeError(f"a server exited early:\n{error[-2000:]}")
        for url in list(pending):
            try:
                if httpx.get(f"{url}/healthz", timeout=1).status_code == 200:
                    pending.discard(url)
            except httpx.HTTPError:
                pass
        if time.monotonic() > deadline:
            raise RuntimeError(f"servers not ready: {sorted(pending)}")
        time.sleep(0.2)


async def fire(urls: list[str], key: str, count: int) -> Counter[int]:
    """``count`` concurrent GETs spread round-robin over the servers."""
    headers = {"Authorization": f"Bearer {key}", "User-Agent": USER_AGENT}
    limits = httpx.Limits(max_connections=count, max_keepalive_connections=0)
    async with httpx.AsyncClient(headers=headers, limits=limits, timeout=60) as client:
        start = asyncio.Event()

        async def one(index: int) -> int:
            await start.wait()
            response = await client.get(f"{urls[index % len(urls)]}/v1/verifications?limit=1")
            return response.status_code

        tasks = [asyncio.create_task(one(i)) for i in range(count)]
        await asyncio.sleep(0)
        start.set()
        return Counter(await asyncio.gather(*tasks))


def run(
    servers_count: int = 4,
    requests: int = 1000,
    limit: int = 100,
    redis_url: str = "redis://127.0.0.1:6379/0",
    database_url: str | None = None,
) -> Outcome:
    """Start the servers, fire the requests, and return what was answered."""
    with tempfile.TemporaryDirectory() as tmp:
        url = database_url or f"sqlite:///{Path(tmp) / 'ratelimit.db'}"
        key = prepare(url, limit)
        with servers(servers_count, url, redis_url) as urls:
            began = time.perf_counter()
            statuses = asyncio.run(fire(urls, key, requests))
            return Outcome(statuses, time.perf_counter() - began, limit)


def main() -> int:
    """Command-line entry point: print the outcome, exit 1 when it is wrong."""
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--servers", type=int, default=4)
    parser.add_argument("--requests", type=int, default=1000)
    parser.add_argument("--limit", type=int, default=100)
    parser.add_argument(
        "--redis-url", default=os.environ.get("OPENKYB_REDIS_URL", "redis://127.0.0.1:6379/0")
    )
    parser.add_argument("--database-url", default=None)
    args = parser.parse_args()
    outcome = run(args.servers, args.requests, args.limit, args.redis_url, args.database_url)
    print(
        f"{args.servers} servers sharing {args.redis_url}, tenant limited to {args.limit}/minute, "
        f"{args.requests} concurrent requests in {outcome.seconds:.2f} s"
    )
    print(
        f"accepted {outcome.accepted}, answers by status {dict(sorted(outcome.statuses.items()))}"
    )
    print("OK" if outcome.correct else f"WRONG: expected {args.limit} to {args.limit + 1} accepted")
    return 0 if outcome.correct else 1


if __name__ == "__main__":
    sys.exit(main())
