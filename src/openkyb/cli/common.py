"""Helpers shared by the CLI commands: console, database, readable failures."""

from __future__ import annotations

from typing import NoReturn

import typer
from rich.console import Console

from openkyb.settings import get_settings
from openkyb.store import migrate
from openkyb.store.db import Database

console = Console()
errors = Console(stderr=True)

EXIT_BAD_INPUT = 2


def fail(message: str, code: int = 1) -> NoReturn:
    """Print a readable error to stderr and exit with ``code``."""
    errors.print(f"[bold red]error:[/] {message}", highlight=False)
    raise typer.Exit(code)


def open_database(upgrade: bool = True) -> Database:
    """The configured database, migrated to the packaged schema unless told otherwise."""
    settings = get_settings()
    try:
        db = Database.from_settings(settings)
        if upgrade:
            migrate.upgrade(db)
    except Exception as exc:  # no traceback for a wrong URL or an unreachable server
        fail(f"cannot open the database {settings.database_url!r}: {exc}")
    return db
