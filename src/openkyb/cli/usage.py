"""``openkyb usage TENANT``: a tenant's usage per day."""

from __future__ import annotations

from datetime import datetime
from typing import Annotated

import orjson
import typer
from rich.table import Table

from openkyb.cli.common import EXIT_BAD_INPUT, console, fail, open_database
from openkyb.gateway import tenants as tenant_service
from openkyb.gateway.tenants import TenantError
from openkyb.gateway.usage import METRICS, default_range, read_usage


def usage(
    tenant: str,
    start: Annotated[
        datetime | None, typer.Option("--from", formats=["%Y-%m-%d"], help="First day (UTC)")
    ] = None,
    end: Annotated[
        datetime | None, typer.Option("--to", formats=["%Y-%m-%d"], help="Last day, inclusive")
    ] = None,
    as_json: Annotated[bool, typer.Option("--json", help="Print JSON for scripts")] = False,
) -> None:
    """Requests, verifications, screenings and rejections of a tenant, per UTC day.

    Running API processes add their counts every few seconds.
    """
    first, last = default_range(start.date() if start else None, end.date() if end else None)
    if first > last:
        fail("--from must not be after --to", EXIT_BAD_INPUT)
    db = open_database()
    try:
        with db.session() as session:
            tenant_id = tenant_service.get_tenant(session, tenant).id
    except TenantError as exc:
        fail(str(exc))
    document = {"tenant_id": tenant_id, **read_usage(db, tenant_id, first, last)}
    if as_json:
        typer.echo(orjson.dumps(document, option=orjson.OPT_INDENT_2).decode())
        return
    table = Table("day", *(m.replace("_", " ") for m in METRICS))
    for day in document["days"]:
        table.add_row(day["day"], *(str(day[m]) for m in METRICS))
    table.add_row("total", *(str(document["totals"][m]) for m in METRICS), style="bold")
    console.print(f"usage of [bold]{tenant}[/] from {first} to {last}")
    console.print(table)
