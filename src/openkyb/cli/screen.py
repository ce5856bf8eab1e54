"""``openkyb screen`` (one name, or a whole CSV file) and ``openkyb screening serve``."""

from __future__ import annotations

import csv
import sys
from collections.abc import Iterator
from pathlib import Path
from typing import Annotated, Any

import orjson
import typer
from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeRemainingColumn
from rich.table import Table

from openkyb.cli.common import EXIT_BAD_INPUT, console, errors, fail, open_database
from openkyb.screening import DEFAULT_THRESHOLD
from openkyb.settings import get_settings
from openkyb.sources.countries import country_code
from openkyb.sources.util import parse_date
from openkyb.watchlists.screener import (
    MAX_QUERIES,
    LocalScreener,
    Screener,
    ScreenQuery,
    make_screener,
)

screening_app = typer.Typer(help="The screening service.", no_args_is_help=True)

_TYPES = {
    "person": "person",
    "individual": "person",
    "company": "company",
    "entity": "company",
    "organisation": "company",
    "organization": "company",
    "": None,
}


def screener() -> Screener:
    """The configured screener, its index built (with a status line while it builds)."""
    settings = get_settings()
    found = make_screener(settings, open_database())
    if isinstance(found, LocalScreener):
        with errors.status("building the screening index…"):
            found.ensure_built()
    return found


def _row_query(row: dict[str, str]) -> ScreenQuery:
    """A query from a CSV row, or ValueError naming the bad column."""
    name = (row.get("name") or "").strip()
    if not name:
        raise ValueError("name is empty")
    if len(name) > 300:
        raise ValueError("name is longer than 300 characters")
    kind = (row.get("type") or "").strip().lower()
    if kind not in _TYPES:
        raise ValueError(f"type '{kind}' is not person or company")
    birth_text = (row.get("date_of_birth") or "").strip()
    birth_date = parse_date(birth_text) if birth_text else None
    if birth_text and birth_date is None:
        raise ValueError(f"date_of_birth '{birth_text}' is not a date")
    country_text = (row.get("country") or "").strip()
    country = country_code(country_text) if country_text else None
    if country_text and country is None:
        raise ValueError(f"country '{country_text}' is not a known country")
    return ScreenQuery(name, _TYPES[kind], birth_date, (country,) if country else ())


def _read_rows(path: Path) -> Iterator[tuple[int, dict[str, str]]]:
    with path.open(newline="", encoding="utf-8-sig") as handle:
        reader = csv.DictReader(handle)
        if not reader.fieldnames or "name" not in [f.strip().lower() for f in reader.fieldnames]:
            raise ValueError("the CSV needs a header with a 'name' column")
        for number, row in enumerate(reader, start=1):
            yield number, {(k or "").strip().lower(): (v or "") for k, v in row.items()}


def _batch(
    engine: Screener, input_path: Path, output: Path, threshold: float
) -> tuple[int, int, int]:
    rows = list(_read_rows(input_path))
    bad = hit_rows = 0
    columns = (TextColumn("screening"), BarColumn(), MofNCompleteColumn(), TimeRemainingColumn())
    with output.open("wb") as out, Progress(*columns, console=errors) as progress:
        task = progress.add_task("rows", total=len(rows))
        for start in range(0, len(rows), MAX_QUERIES):
            chunk = rows[start : start + MAX_QUERIES]
            parsed: list[tuple[int, dict[str, str], ScreenQuery | str]] = []
            for number, row in chunk:
                try:
                    parsed.append((number, row, _row_query(row)))
                except ValueError as exc:
                    parsed.append((number, row, str(exc)))
            queries = [q for _, _, q in parsed if isinstance(q, ScreenQuery)]
            found = iter(engine.screen(queries, threshold, 10).hits)
            for number, row, query in parsed:
                line: dict[str, Any] = {"row": number, "input": row}
                if isinstance(query, str):
                    bad += 1
                    line |= {"hits": [], "error": query}
                    errors.print(f"row {number}: {query}", highlight=False)
                else:
                    line["hits"] = next(found)
                    hit_rows += bool(line["hits"])
                out.write(orjson.dumps(line) + b"\n")
            progress.advance(task, len(chunk))
    return len(rows), hit_rows, bad


def screen(
    name: Annotated[str, typer.Argument(help="A name to screen, or 'batch' with --input")],
    kind: Annotated[str | None, typer.Option("--type", help="person or company")] = None,
    dob: Annotated[
        str | None, typer.Option(help="Date of birth: YYYY, YYYY-MM or YYYY-MM-DD")
    ] = None,
    country: Annotated[list[str] | None, typer.Option(help="Country or nationality")] = None,
    threshold: Annotated[float, typer.Option(min=0.5, max=1.0)] = DEFAULT_THRESHOLD,
    as_json: Annotated[bool, typer.Option("--json")] = False,
    input_path: Annotated[Path | None, typer.Option("--input", help="batch: a CSV file")] = None,
    output: Annotated[Path | None, typer.Option(help="batch: the JSON-lines output")] = None,
) -> None:
    """Screen a name against the loaded watchlists, or a whole CSV file with `screen batch`.

    A batch CSV has a `name` column and optionally `type`, `date_of_birth` and `country`; the
    output has one JSON line per input row, in order. Bad rows are reported and skipped.
    """
    if name == "batch" and input_path is not None:
        if output is None:
            fail("screen batch needs --output FILE.jsonl", EXIT_BAD_INPUT)
        if not input_path.exists():
            fail(f"{input_path} does not exist", EXIT_BAD_INPUT)
        engine = screener()
        try:
            total, with_hits, bad = _batch(engine, input_path, output, threshold)
        except (ValueError, UnicodeDecodeError, csv.Error) as exc:
            fail(f"{input_path}: {exc}", EXIT_BAD_INPUT)
        console.print(f"{total} rows screened: {with_hits} with hits, {bad} bad rows → {output}")
        return
    try:
        query = _row_query({"name": name, "type": kind or "", "date_of_birth": dob or ""})
    except ValueError as exc:
        fail(str(exc), EXIT_BAD_INPUT)
    codes = tuple(c for c in (country_code(text) for text in country or []) if c)
    query = ScreenQuery(query.name, query.schema, query.birth_date, codes)
    result = screener().screen([query], threshold, 10)
    hits = result.hits[0]
    if as_json:
        sys.stdout.write(
            orjson.dumps(
                {"query": query.as_dict(), "hits": hits, "datasets": result.datasets}
            ).decode()
            + "\n"
        )
        return
    _print_hits(query, hits, result.entities)


def _print_hits(query: ScreenQuery, hits: list[dict[str, Any]], entities: int) -> None:
    if not hits:
        console.print(f"no match for [bold]{query.name}[/] among {entities:,} listed entities")
        return
    table = Table("score", "listed name", "schema", "list", "programs", "why")
    for hit in hits:
        why = "; ".join(
            f"{a['query']}~{a['listed']} {a['similarity']:.2f}"
            for a in hit.get("explanation", {}).get("name", {}).get("alignment", [])[:4]
        )
        adjustments = hit.get("explanation", {}).get("adjustments", [])
        why += "".join(f"; {a['feature']} {a['effect']:+.2f}" for a in adjustments)
        table.add_row(
            f"{hit['score']:.3f}",
            hit["name"],
            hit["schema"],
            hit.get("list_name", hit["dataset"]),
            ", ".join(hit.get("programs", [])[:3]),
            why,
        )
    console.print(table)


@screening_app.command("serve")
def serve_screening(
    host: Annotated[str, typer.Option()] = "127.0.0.1",
    port: Annotated[int, typer.Option(min=1, max=65535)] = 8001,
    workers: Annotated[int, typer.Option(min=1)] = 1,
) -> None:
    """Run the screening engine as its own HTTP service (POST /v1/screen, GET /v1/datasets)."""
    import uvicorn

    open_database().dispose()
    uvicorn.run(
        "openkyb.api.screening_app:create_screening_app",
        factory=True,
        host=host,
        port=port,
        workers=workers,
    )
