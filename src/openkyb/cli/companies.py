"""``openkyb companies``: company registry tools (synthetic data for benchmarks)."""

from __future__ import annotations

import time
from pathlib import Path
from typing import Annotated

import typer
from rich.progress import BarColumn, Progress, TextColumn, TimeElapsedColumn

from openkyb.cli.common import EXIT_BAD_INPUT, console, fail

companies_app = typer.Typer(help="Company registry data.", no_args_is_help=True)


@companies_app.command("generate")
def generate(
    rows: Annotated[int, typer.Option(min=1, help="How many companies to write")],
    output: Annotated[Path, typer.Option(help="The CSV file to write")],
    seed: Annotated[int, typer.Option(help="Same seed, same file")] = 0,
) -> None:
    """Write a synthetic Companies House BasicCompanyData CSV (load it with uk-ch-basic)."""
    from openkyb.registry.synthetic import write_basic_company_data

    if not output.parent.exists():
        fail(f"{output.parent} does not exist", EXIT_BAD_INPUT)
    columns = (
        TextColumn("{task.description}"),
        BarColumn(),
        TextColumn("{task.completed:,.0f}/{task.total:,.0f} rows"),
        TimeElapsedColumn(),
    )
    started = time.monotonic()
    with Progress(*columns, console=console, transient=True) as progress:
        task = progress.add_task(f"writing {output.name}", total=rows)
        written = write_basic_company_data(
            output, rows, seed, progress=lambda done: progress.update(task, completed=done)
        )
    seconds = time.monotonic() - started
    console.print(
        f"wrote {written:,} companies to {output} in {seconds:.1f} s "
        f"({written / max(seconds, 1e-6):,.0f} rows/s)"
    )
