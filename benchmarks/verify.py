"""Verification throughput and latency: in-process, and over HTTP with persistence.

    python benchmarks/verify.py [--duration 10] [--connections 32] [--skip-http]

In-process: ``evaluate()`` (evidence, checks, decision) plus the JSON rendering, on the
sample applications in ``examples/``. Over HTTP: ``POST /v1/verifications`` under wrk (``apt-get
install wrk``), on SQLite (1 worker) and PostgreSQL (2 workers), each compared with the plain
FastAPI + SQLAlchemy ORM app of ``benchmarks/peer_app.py`` run the same way in the same run.
Targets (issue 2): in-process p50 <= 2 ms; over HTTP on PostgreSQL >= 300 verifications/s.
"""

from __future__ import annotations

import argparse
import os
import platform
import re
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
import uuid
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import httpx
import orjson
import psycopg

from openkyb.applications import Application
from openkyb.clock import utc_now
from openkyb.decision import default_policy
from openkyb.gateway.tenants import create_tenant
from openkyb.store import migrate
from openkyb.store.db import Database
from openkyb.verifications.orchestrator import evaluate, render_result
from openkyb.watchlists.screener import LocalScreener, Screener

ROOT = Path(__file__).resolve().parents[1]
PG_ADMIN = os.environ.get("OPENKYB_TEST_PG_URL", "postgresql://postgres@127.0.0.1:5432/postgres")


def examples() -> list[bytes]:
    return [p.read_bytes() for p in sorted((ROOT / "examples").glob("*.json"))]


def percentile(values: list[float], pct: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(len(ordered) * pct / 100))]


SHARED = Path(os.environ.get("OPENKYB_SHARED_DATA", ROOT.parent / "shared" / "data"))
LISTS = [  # (format, path under shared/data): every sanctions and PEP file
    ("ofac-csv", "sanctions/ofac_sdn_2021"),
    ("ofac-xml", "sanctions/ofac_consolidated_2025/CONS_ENHANCED.ZIP"),
    ("us-csl", "sanctions/us_csl_2025-01/consolidated.csv.gz"),
    ("bis-dpl", "sanctions/bis_dpl_2022/dpl.txt"),
    ("uk-ofsi", "sanctions/uk_ofsi_2020_excerpt/ConList.csv"),
    ("un-xml", "sanctions/un_consolidated_2026-02/UN_consolidated.xml"),
    ("au-dfat", "sanctions/au_dfat_2024-12/regulation8_consolidated.xlsx"),
    ("ca-sema", "sanctions/ca_sema_2020/sema-lmes.xml"),
    ("eu-journal", "sanctions/eu_journal_2026-08/consolidated"),
    ("senzing", "pep/opensanctions_us_congress_senzing/us_congress_senzing.json"),
]


def load_lists(db: Database) -> int:
    """Load every shared sanctions and PEP list; the number of entities loaded."""
    from openkyb.sources.registry import get_format
    from openkyb.watchlists.loader import load_dataset

    total = 0
    for name, relative in LISTS:
        if (SHARED / relative).exists():
            total += load_dataset(db, get_format(name), SHARED / relative).entities
    return total


def in_process_screener(with_lists: bool) -> Screener | None:
    if not with_lists:
        return None
    folder = tempfile.mkdtemp()
    db = Database(f"sqlite:///{folder}/lists.db")
    migrate.upgrade(db)
    load_lists(db)
    screener = LocalScreener(db)
    screener.ensure_built()
    return screener


def bench_in_process(iterations: int, with_lists: bool) -> dict[str, float]:
    bodies = examples()
    policy = default_policy()
    screener = in_process_screener(with_lists)
    for body in bodies:  # warm caches (reference data, phone metadata)
        evaluate(Application.model_validate_json(body), policy, screener=screener)
    timings = []
    for i in range(iterations):
        body = bodies[i % len(bodies)]
        started = time.perf_counter()
        application = Application.model_validate_json(body)
        evaluation = evaluate(application, policy, screener=screener)
        result = render_result(evaluation, "vrf_bench", utc_now())
        orjson.dumps(result)
        timings.append((time.perf_counter() - started) * 1000)
    return {
        "per_second": 1000 / statistics.mean(timings),
        "p50": percentile(timings, 50),
        "p99": percentile(timings, 99),
    }


@contextmanager
def database(backend: str) -> Iterator[str]:
    if backend == "sqlite":
        with tempfile.TemporaryDirectory() as folder:
            yield f"sqlite:///{folder}/bench.db"
        return
    name = f"okb_bench_{uuid.uuid4().hex[:8]}"
    with psycopg.connect(PG_ADMIN, autocommit=True) as admin:
        admin.execute(f'CREATE DATABASE "{name}"')
    try:
        yield f"{PG_ADMIN.rsplit('/', 1)[0]}/{name}"
    finally:
        with psycopg.connect(PG_ADMIN, autocommit=True) as admin:
            admin.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')


@contextmanager
def server(target: str, env: dict[str, str], workers: int, port: int) -> Iterator[str]:
    command = [sys.executable, "-m", "uvicorn", target, "--port", str(port)]
    command += ["--workers", str(workers), "--no-access-log", "--log-level", "warning"]
    if target.endswith("create_app"):
        command.append("--factory")
    process = subprocess.Popen(command, env={**os.environ, **env}, cwd=ROOT)
    url = f"http://127.0.0.1:{port}"
    try:
        for _ in range(900):
            try:
                if httpx.get(url + "/openapi.json", timeout=1).status_code == 200:
                    break
            except httpx.HTTPError:
                pass
            time.sleep(0.1)
        else:
            raise RuntimeError(f"{target} did not start")
        yield url
    finally:
        process.terminate()
        process.wait(10)


def wrk(url: str, body: bytes, key: str, duration: int, connections: int) -> dict[str, float]:
    script = Path(tempfile.mkstemp(suffix=".lua")[1])
    script.write_text(
        'wrk.method = "POST"\n'
        f"wrk.body = [==[{body.decode()}]==]\n"
        'wrk.headers["Content-Type"] = "application/json"\n'
        f'wrk.headers["Authorization"] = "Bearer {key}"\n'
        "done = function(summary, latency, requests)\n"
        '  io.write(string.format("P50 %d\\nP99 %d\\n", latency:percentile(50), '
        "latency:percentile(99)))\nend\n"
    )
    command = ["wrk", "-t2", f"-c{connections}", f"-d{duration}s", "-s", str(script), url]
    output = subprocess.run(command, capture_output=True, text=True, check=True).stdout
    script.unlink()
    errors = re.search(r"Non-2xx or 3xx responses: (\d+)", output)
    return {
        "per_second": float(re.search(r"Requests/sec:\s+([\d.]+)", output)[1]),  # type: ignore[index]
        "p50": int(re.search(r"P50 (\d+)", output)[1]) / 1000,  # type: ignore[index]
        "p99": int(re.search(r"P99 (\d+)", output)[1]) / 1000,  # type: ignore[index]
        "errors": float(errors[1]) if errors else 0.0,
    }


def bench_http(
    backend: str, workers: int, duration: int, connections: int, with_lists: bool
) -> dict[str, dict[str, float]]:
    body = (ROOT / "examples" / "uk_ltd_clean.json").read_bytes()
    results = {}
    with database(backend) as url:
        db = Database(url)
        migrate.upgrade(db)
        with db.session() as session:
            key = create_tenant(session, "bench").secret
        if with_lists:
            load_lists(db)
        db.dispose()
        env = {"OPENKYB_DATABASE_URL": url}
        with server("openkyb.app:create_app", env, workers, 8765) as base:
            wrk(base + "/v1/verifications", body, key, 2, connections)  # warm-up
            results["openkyb"] = wrk(base + "/v1/verifications", body, key, duration, connections)
        peer_env = {"PEER_DATABASE_URL": url, "PYTHONPATH": str(ROOT)}
        with server("benchmarks.peer_app:app", peer_env, workers, 8766) as base:
            wrk(base + "/v1/verifications", body, key, 2, connections)
            results["peer"] = wrk(base + "/v1/verifications", body, key, duration, connections)
    return results


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--iterations", type=int, default=5000)
    parser.add_argument("--duration", type=int, default=10, help="seconds of load per run")
    parser.add_argument("--connections", type=int, default=32)
    parser.add_argument("--skip-http", action="store_true")
    parser.add_argument("--backends", default="sqlite,postgresql", help="comma-separated")
    parser.add_argument(
        "--with-lists", action="store_true", help="load every shared list: screen every party"
    )
    args = parser.parse_args()

    print(
        f"machine: {platform.machine()}, {os.cpu_count()} cores, Python {platform.python_version()}"
    )
    local = bench_in_process(args.iterations, args.with_lists)
    if args.with_lists:
        print("with every shared sanctions and PEP list loaded: each party is screened")
    print(
        f"in-process  {local['per_second']:8.0f} verifications/s  p50 {local['p50']:.3f} ms  "
        f"p99 {local['p99']:.3f} ms   (target p50 <= 2 ms: {2 / local['p50']:.1f}x headroom)"
    )
    if args.skip_http:
        return
    if shutil.which("wrk") is None:
        sys.exit("wrk is not installed: apt-get install wrk (or pass --skip-http)")
    for backend, workers in (("sqlite", 1), ("postgresql", 2)):
        if backend not in args.backends.split(","):
            continue
        runs = bench_http(backend, workers, args.duration, args.connections, args.with_lists)
        ours, peer = runs["openkyb"], runs["peer"]
        print(
            f"http {backend:10s} ({workers} worker{'s' if workers > 1 else ''}) "
            f"openkyb {ours['per_second']:7.0f}/s p50 {ours['p50']:6.1f} ms "
            f"p99 {ours['p99']:6.1f} ms errors {ours['errors']:.0f} | "
            f"peer (FastAPI+ORM insert) {peer['per_second']:7.0f}/s p99 {peer['p99']:6.1f} ms | "
            f"ratio {ours['per_second'] / peer['per_second']:.2f}x"
        )


if __name__ == "__main__":
    main()
