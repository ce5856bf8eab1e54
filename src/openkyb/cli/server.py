"""``openkyb serve`` and ``openkyb demo``."""

from __future__ import annotations

import shlex
import socket
from typing import Annotated

import orjson
import typer
import uvicorn

from openkyb.cli.common import console, fail, open_database
from openkyb.examples import load_example
from openkyb.gateway import tenants as tenant_service
from openkyb.gateway.tenants import IssuedKey, TenantError
from openkyb.settings import get_settings
from openkyb.store.db import Database
from openkyb.telemetry.logging import logging_config
from openkyb.telemetry.metrics import prepare_multiprocess
from openkyb.watchlists.catalog import entity_count

DEMO_TENANT = "demo"

HostOption = Annotated[str, typer.Option(help="Interface to listen on")]
PortOption = Annotated[int, typer.Option(help="TCP port", min=1, max=65535)]


def _port_free(host: str, port: int) -> bool:
    with socket.socket(socket.AF_INET6 if ":" in host else socket.AF_INET) as probe:
        probe.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
        try:
            probe.bind((host, port))
        except OSError:
            return False
    return True


def _run(host: str, port: int, workers: int) -> None:
    if not _port_free(host, port):
        fail(f"port {port} on {host} is already in use; pick another with --port")
    settings = get_settings()
    prepare_multiprocess(workers)  # /metrics sums every worker
    uvicorn.run(
        "openkyb.app:create_app",
        factory=True,
        host=host,
        port=port,
        workers=workers,
        log_level=settings.log_level.lower(),
        # Applied in every worker: JSON (or text) lines for uvicorn's loggers and ours; the
        # openkyb.access line (route, status, tenant, duration) replaces uvicorn's access log.
        log_config=logging_config(settings.log_level, settings.log_format),
        access_log=False,
        proxy_headers=False,
    )


def serve(
    host: HostOption = "127.0.0.1",
    port: PortOption = 8000,
    workers: Annotated[int, typer.Option(help="Worker processes", min=1)] = 1,
) -> None:
    """Run the API server (migrates the database first)."""
    open_database().dispose()
    _run(host, port, workers)


def demo_curl(key: str, host: str, port: int) -> str:
    """A curl line that verifies the packaged demo application."""
    body = orjson.dumps(load_example("demo")).decode()
    url_host = f"[{host}]" if ":" in host else ("127.0.0.1" if host == "0.0.0.0" else host)
    return (
        f"curl -s -X POST http://{url_host}:{port}/v1/verifications "
        f"-H 'Authorization: Bearer {key}' -H 'Content-Type: application/json' "
        f"-d {shlex.quote(body)}"
    )


def prepare_demo(db: Database) -> IssuedKey:
    """Create the demo tenant with a key, or a new key for it when it already exists."""
    try:
        with db.session() as session:
            return tenant_service.create_tenant(session, DEMO_TENANT)
    except TenantError:  # a previous demo made it: the failed session is gone, use a new one
        with db.session() as session:
            return tenant_service.create_key(session, DEMO_TENANT)


def demo(host: HostOption = "127.0.0.1", port: PortOption = 8000) -> None:
    """Set up a demo tenant on the embedded database, print a working curl line, serve."""
    db = open_database()
    try:
        issued = prepare_demo(db)
        listed = entity_count(db)
    except TenantError as exc:
        fail(str(exc))
    finally:
        db.dispose()
    console.print(f"[bold]openkyb demo[/] on {db.backend} ({db.url})")
    console.print(f"tenant [bold]{issued.tenant_name}[/], new API key [green]{issued.secret}[/]")
    console.print("\nTry it (in another terminal):\n")
    console.print(demo_curl(issued.secret, host, port), soft_wrap=True, highlight=False)
    console.print(f"\nAPI docs: http://{host}:{port}/docs")
    if listed == 0:
        console.print(
            "[dim]No sanctions or PEP list is loaded, so the compliance checks will say "
            "not_applicable. Load one first, e.g. `openkyb data load un-xml consolidated.xml` "
            "(see `openkyb data formats`).[/]"
        )
    console.print()
    _run(host, port, 1)
