"""``openkyb companies show`` and ``openkyb companies search``: registry lookups.

Exit codes: 0 found, 1 not found (no such company, or no candidate), 2 bad input.
"""

from __future__ import annotations

import re
from dataclasses import asdict
from typing import Annotated, Any

import orjson
import typer
from rich.table import Table

from openkyb.cli.common import EXIT_BAD_INPUT, console, fail, open_database
from openkyb.registry.model import CompanyRecord
from openkyb.registry.search import (
    MAX_LIMIT,
    InvalidNumber,
    find_company,
    has_registry_data,
    is_unambiguous,
    search_companies,
)

EXIT_NOT_FOUND = 1
_COUNTRY = re.compile(r"^[A-Za-z]{2}$")


def _country(value: str) -> str:
    if not _COUNTRY.match(value):
        fail(f"'{value}' is not a two-letter country code (such as GB)", EXIT_BAD_INPUT)
    return value.upper()


def _json(value: Any) -> str:
    return orjson.dumps(value, option=orjson.OPT_INDENT_2).decode()


def _record_table(record: CompanyRecord) -> Table:
    table = Table(title=f"{record.name} ({record.key})", show_header=False, title_justify="left")
    table.add_column("field", style="bold")
    table.add_column("value")
    rows = [
        ("Status", record.status),
        ("Category", record.category),
        ("Incorporated", record.incorporation_date),
        ("Dissolved", record.dissolution_date),
        ("Address", ", ".join(record.address.lines())),
        ("Accounts", record.accounts_category),
        ("Accounts due", record.accounts_next_due),
        ("Confirmation due", record.confirmation_next_due),
        ("SIC", "; ".join(s.text or s.code for s in record.sic_codes)),
        ("Previous names", "; ".join(p.name for p in record.previous_names)),
    ]
    for label, value in rows:
        if value:
            table.add_row(label, str(value))
    return table


def show(
    country: Annotated[str, typer.Argument(help="ISO 3166-1 alpha-2, such as GB")],
    number: Annotated[str, typer.Argument(help="The company number (spaces and case ignored)")],
    as_json: Annotated[bool, typer.Option("--json", help="Print the record as JSON")] = False,
) -> None:
    """Show one company of a loaded registry by its number."""
    country = _country(country)
    db = open_database()
    try:
        found = find_company(db, country, number)
        loaded = found is not None or has_registry_data(db, country)
    except InvalidNumber as exc:
        fail(str(exc), EXIT_BAD_INPUT)
    finally:
        db.dispose()
    if found is None:
        if not loaded:
            fail(f"no registry data is loaded for {country} (see 'openkyb data load')", 1)
        fail(f"no company {number} in the {country} registry", EXIT_NOT_FOUND)
    if as_json:
        body = {**asdict(found.record), "key": found.record.key, "version": found.version_id}
        typer.echo(_json(body))
        return
    console.print(_record_table(found.record))


def search(
    query: Annotated[str, typer.Argument(help="A company name, legal form optional")],
    country: Annotated[str | None, typer.Option(help="ISO alpha-2 of the registry")] = None,
    postcode: Annotated[str | None, typer.Option(help="Lifts companies at this postcode")] = None,
    city: Annotated[str | None, typer.Option(help="Lifts companies in this town")] = None,
    limit: Annotated[int, typer.Option(help=f"At most this many (1-{MAX_LIMIT})")] = 10,
    as_json: Annotated[bool, typer.Option("--json", help="Print the candidates as JSON")] = False,
) -> None:
    """Search loaded registries for companies by name, typo tolerant, best first."""
    if not query.strip():
        fail("the search text is blank", EXIT_BAD_INPUT)
    if not 1 <= limit <= MAX_LIMIT:
        fail(f"--limit must be between 1 and {MAX_LIMIT}", EXIT_BAD_INPUT)
    wanted = _country(country) if country else None
    db = open_database()
    try:
        candidates = search_companies(db, query, wanted, postcode, city, limit)
    finally:
        db.dispose()
    if as_json:
        items = [
            {
                "score": c.score,
                "explanation": c.explanation.as_dict(),
                "company": {**asdict(c.record), "key": c.record.key},
            }
            for c in candidates
        ]
        typer.echo(_json({"unambiguous": is_unambiguous(candidates), "data": items}))
    else:
        _print_candidates(query, candidates)
    if not candidates:
        raise typer.Exit(EXIT_NOT_FOUND)


def _print_candidates(query: str, candidates: list[Any]) -> None:
    if not candidates:
        console.print(f"No company found for [bold]{query}[/].", highlight=False)
        return
    table = Table(title=f"Companies like '{query}'", title_justify="left")
    for column in ("Score", "Company", "Number", "Status", "Postcode", "Why"):
        table.add_column(column)
    for c in candidates:
        why = c.explanation
        notes = [f"name {why.name_score:.2f}"]
        notes += [f"legal form {why.legal_form}"] if why.legal_form else []
        notes += [f"postcode {'match' if why.postcode_match else 'differs'}"] * (
            why.postcode_match is not None
        )
        notes += ["town match"] * bool(why.city_match)
        table.add_row(
            f"{c.score:.2f}",
            c.record.name,
            c.record.key,
            c.record.status or "",
            c.record.address.postcode or "",
            ", ".join(notes),
        )
    console.print(table)
    if is_unambiguous(candidates):
        console.print("The first candidate is an unambiguous match.")


def register(app: typer.Typer) -> None:
    """Add ``show`` and ``search`` to the ``companies`` command group."""
    app.command("show")(show)
    app.command("search")(search)
