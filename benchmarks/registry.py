"""Company registry at scale: load, lookup by number, fuzzy name search, shared addresses.

    python benchmarks/registry.py [--rows 5000000] [--database-url URL] [--queries 1000]
                                  [--lookups 2000] [--seed 7] [--keep] [--no-load] [--no-peer]
                                  [--peer-load-rows 1000000]

Generates N synthetic BasicCompanyData rows (openkyb.registry.synthetic), loads them with
openkyb's registry loader into a fresh PostgreSQL database (created on 127.0.0.1 and dropped
at the end unless ``--database-url`` names one or ``--keep`` is given), timing the load end to
end and by step, then measures:

- by-number lookup through ``get_company`` (target p99 <= 2 ms);
- fuzzy search through ``search_companies``: real names of loaded companies with one typo in
  a core word (target p95 <= 25 ms, top-1 >= 95 %), and the plain pg_trgm peer on the same
  queries (``%`` at similarity >= 0.5 on a trigram GIN of name_key, ORDER BY similarity
  LIMIT 10), with the ratios;
- counts of companies sharing a normalised address;
- the plain load (``benchmarks/registry_load_peer.py``: csv.reader, a simple name key,
  ``write_row``) on the first ``--peer-load-rows`` rows of the same file, against openkyb's
  staging step (parse, normalise, COPY).

Prints a table and one JSON line (prefixed ``JSON``). Top-1 counts a hit when the first
result is the company, or a company of the very same name.
"""

from __future__ import annotations

import argparse
import sys
import tempfile
import time
import uuid
from pathlib import Path

import orjson
import psycopg
from rich.console import Console
from rich.table import Table

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "src"))
sys.path.insert(0, str(ROOT))

from benchmarks.registry_load_peer import measure_plain_load  # noqa: E402
from benchmarks.registry_measure import (  # noqa: E402
    Results,
    build_peer_index,
    drop_peer_index,
    measure_address,
    measure_lookup,
    measure_peer,
    measure_search,
    sample_companies,
)
from openkyb.registry.formats import get_registry_format  # noqa: E402
from openkyb.registry.load import load_registry  # noqa: E402
from openkyb.registry.synthetic import write_basic_company_data  # noqa: E402
from openkyb.store import migrate  # noqa: E402
from openkyb.store.db import Database  # noqa: E402

ADMIN_URL = "postgresql://postgres@127.0.0.1:5432/postgres"
console = Console()


def _arguments() -> argparse.Namespace:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--rows", type=int, default=5_000_000)
    parser.add_argument("--database-url", help="an existing PostgreSQL database to use")
    parser.add_argument("--queries", type=int, default=1000, help="fuzzy name queries")
    parser.add_argument("--lookups", type=int, default=2000, help="by-number lookups")
    parser.add_argument("--seed", type=int, default=7)
    parser.add_argument("--keep", action="store_true", help="keep the created database")
    parser.add_argument("--no-load", action="store_true", help="measure what is loaded")
    parser.add_argument("--no-peer", action="store_true", help="skip both peers")
    parser.add_argument(
        "--peer-load-rows",
        type=int,
        default=1_000_000,
        help="rows the plain-load peer loads (from the same file)",
    )
    return parser.parse_args()


def _create_database() -> str:
    name = f"okb_bench_registry_{uuid.uuid4().hex[:8]}"
    with psycopg.connect(ADMIN_URL, autocommit=True) as admin:
        admin.execute(f'CREATE DATABASE "{name}"')
    return f"{ADMIN_URL.rsplit('/', 1)[0]}/{name}"


def _drop_database(url: str) -> None:
    name = url.rsplit("/", 1)[1]
    with psycopg.connect(ADMIN_URL, autocommit=True) as admin:
        admin.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')


def load(db: Database, rows: int, seed: int, results: Results, peer_rows: int, url: str) -> None:
    """Generate the CSV and load it with openkyb's loader, timed end to end.

    The load covers everything a register needs before it is searched: the file's sha256,
    parsing and normalising, COPY, the index builds, the table swap and the search
    vocabulary. Its steps come from the load report; ``copy_rows_per_s`` is the staging step
    alone (parse, normalise, COPY), the figure ANCHORS.md calls the load rate.
    """
    registry_format = get_registry_format("uk-ch-basic")
    assert registry_format is not None
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / "BasicCompanyData-synthetic.csv"
        start = time.perf_counter()
        write_basic_company_data(path, rows, seed)
        results.put("generate_s", round(time.perf_counter() - start, 1))
        start = time.perf_counter()
        report = load_registry(db, registry_format, path, force=True)
        total = time.perf_counter() - start
        if peer_rows:  # the plain load on the same file (its first rows), same database
            peer = measure_plain_load(url.replace("+psycopg", ""), path, min(rows, peer_rows))
            results.put("peer_load", peer)
    results.put("rows", rows)
    results.put("load_s", round(total, 1))
    results.put("load_rows_per_s", round(rows / total))
    results.put("load_issues", report.issue_count)
    results.put("load_phases_s", report.phases)
    results.put("vocabulary_words", _vocabulary_words(db))
    if report.phases.get("stage"):
        results.put("copy_rows_per_s", round(rows / report.phases["stage"]))


def _vocabulary_words(db: Database) -> int:
    with db.engine.connect() as connection:
        return int(
            connection.exec_driver_sql("SELECT count(*) FROM registry_name_tokens").scalar() or 0
        )


def _table(figures: dict[str, object]) -> Table:
    table = Table(title="Company registry benchmark", title_justify="left")
    table.add_column("measure")
    table.add_column("openkyb", justify="right")
    table.add_column("pg_trgm peer", justify="right")
    table.add_column("ratio", justify="right")
    search, peer = figures.get("search_ms", {}), figures.get("peer_ms", {})
    assert isinstance(search, dict)
    assert isinstance(peer, dict)
    for pct in ("p50", "p95", "p99"):
        ours, theirs = search.get(pct), peer.get(pct)
        ratio = f"{theirs / ours:.1f}x faster" if ours and theirs else ""
        table.add_row(f"name search {pct} ms", f"{ours}", f"{theirs or ''}", ratio)
    for key in ("top1", "top10"):
        table.add_row(
            f"name search {key}",
            f"{figures.get(f'search_{key}')}",
            f"{figures.get(f'peer_{key}', '')}",
            "",
        )
    lookup, address = figures.get("lookup_ms", {}), figures.get("address_count_ms", {})
    assert isinstance(lookup, dict)
    assert isinstance(address, dict)
    for pct in ("p50", "p95", "p99"):
        table.add_row(f"lookup by number {pct} ms", f"{lookup.get(pct)}", "", "")
    table.add_row("companies at an address p95 ms", f"{address.get('p95')}", "", "")
    peer_load = figures.get("peer_load", {})
    assert isinstance(peer_load, dict)
    ours, theirs = figures.get("copy_rows_per_s"), peer_load.get("rows_per_s")
    ratio = f"{ours / theirs:.2f}x" if isinstance(ours, int) and theirs else ""
    table.add_row("COPY rows/s (parse, normalise)", f"{ours}", f"{theirs or ''}", ratio)
    for key in ("rows", "load_rows_per_s", "load_s", "peer_index_s"):
        if key in figures:
            table.add_row(key, f"{figures[key]}", "", "")
    return table


def main() -> None:
    """Run the benchmark."""
    args = _arguments()
    created = args.database_url is None
    url = args.database_url or _create_database()
    db = Database(url, pool_size=4)
    results = Results()
    try:
        migrate.upgrade(db)
        if not args.no_load:
            console.print(f"loading {args.rows:,} synthetic companies ...")
            peer_rows = 0 if args.no_peer else args.peer_load_rows
            load(db, args.rows, args.seed, results, peer_rows, url)
        samples = sample_companies(db, max(args.lookups, args.queries * 2), args.seed)
        measure_lookup(db, samples[: args.lookups], results)
        measure_address(db, samples[: args.lookups], results)
        queries = measure_search(db, samples, args.queries, args.seed, results)
        if not args.no_peer:
            build_peer_index(db, results)
            measure_peer(db, queries, results)
            drop_peer_index(db)
            search, peer = results.figures["search_ms"], results.figures["peer_ms"]
            results.put("peer_p95_over_ours", round(peer["p95"] / search["p95"], 1))
        results.put("queries", len(queries))
    finally:
        db.dispose()
        if created and not args.keep:
            _drop_database(url)
    console.print(_table(results.figures))
    print("JSON " + orjson.dumps(results.figures).decode())


if __name__ == "__main__":
    main()
