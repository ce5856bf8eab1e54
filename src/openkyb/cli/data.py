"""``openkyb data``: load watchlist and registry files, list dataset versions, diffs, update."""

from __future__ import annotations

import time
from pathlib import Path
from typing import Annotated

import httpx
import orjson
import typer
from rich.progress import Progress, SpinnerColumn, TextColumn, TimeElapsedColumn
from rich.table import Table

from openkyb.cli.common import EXIT_BAD_INPUT, console, fail, open_database
from openkyb.clock import iso_utc
from openkyb.registry.formats import RegistryFormat, all_registry_formats, get_registry_format
from openkyb.registry.load import check_delta, load_registry
from openkyb.registry.load_common import NoRecordsError, RegistryLoadReport
from openkyb.sources.registry import all_formats, get_format
from openkyb.watchlists.catalog import current_versions, list_versions, version_changes
from openkyb.watchlists.loader import LoadReport, load_dataset
from openkyb.watchlists.update import load_sources, update_all

data_app = typer.Typer(
    help="Datasets: watchlists (sanctions, PEP) and company registries.", no_args_is_help=True
)

ISSUES_SHOWN = 10
_RECORDS = {
    "companies": "companies",
    "changes": "company changes",
    "psc": "PSC records",
    "lei": "LEI records",
    "relationships": "relationships",
}


@data_app.command("formats")
def formats() -> None:
    """List the file formats `data load` understands, and where each is published."""
    table = Table("format", "kind", "description", "published at")
    for source in all_formats():
        table.add_row(
            source.name, "watchlist", source.description, source.url or "(licensed export)"
        )
    for registry in all_registry_formats():
        table.add_row(
            registry.name, f"registry {registry.kind}", registry.description, registry.url or ""
        )
    console.print(table)


def _print_issues(report: LoadReport | RegistryLoadReport, issues_file: Path | None) -> None:
    if report.issue_count:
        console.print(f"  [yellow]{report.issue_count} record(s) skipped[/]:")
        for issue in report.issues[:ISSUES_SHOWN]:
            console.print(f"    {issue.location}: {issue.reason}", highlight=False)
        if report.issue_count > ISSUES_SHOWN and issues_file is None:
            console.print("    … write them all with --issues-file FILE")
    if issues_file is not None:
        lines = [f"{i.location}\t{i.reason}" for i in report.issues]
        issues_file.write_text("\n".join(lines) + ("\n" if lines else ""), "utf-8")


def _print_registry_report(report: RegistryLoadReport, issues_file: Path | None) -> None:
    if report.unchanged_file:
        console.print(f"{report.dataset}: this file is already the latest version (use --force)")
        return
    countries = ", ".join(report.countries)
    console.print(
        f"[bold]{report.dataset}[/] version {report.version_id}: {report.records:,} "
        f"{_RECORDS[report.kind]}{f' ({countries})' if countries else ''}, "
        f"published {report.published or 'unknown'}; "
        f"stored in {report.seconds:.1f} s ({report.rate:,.0f} records/s)"
    )
    if report.phases:
        steps = ", ".join(f"{name} {seconds:.1f} s" for name, seconds in report.phases.items())
        console.print(f"  steps: {steps}", highlight=False)
    console.print(
        f"  changes: [green]+{report.added:,}[/] added, [yellow]~{report.changed:,}[/] changed, "
        f"[red]-{report.removed:,}[/] removed"
        + ("  (first load: not recorded per company)" if report.first_load else "")
        + ("  (delta: applied on top of the stored records)" if report.delta else "")
    )
    _print_issues(report, issues_file)


def _load_registry(
    registry_format: RegistryFormat,
    path: Path,
    dataset: str | None,
    force: bool,
    issues_file: Path | None,
    workers: int | None,
    delta: bool | None = None,
) -> None:
    try:
        check_delta(registry_format, delta)
    except ValueError as exc:
        fail(str(exc), EXIT_BAD_INPUT)
    db = open_database()
    columns = (SpinnerColumn(), TextColumn("{task.description}"), TimeElapsedColumn())
    started = time.monotonic()
    with Progress(*columns, console=console, transient=True) as progress:
        task = progress.add_task(f"loading {path.name}", total=None)

        def advance(records: int) -> None:
            rate = records / max(time.monotonic() - started, 1e-6)
            progress.update(
                task, description=f"loading {path.name}: {records:,} records ({rate:,.0f}/s)"
            )

        try:
            report = load_registry(
                db,
                registry_format,
                path,
                dataset,
                force=force,
                progress=advance,
                workers=workers,
                delta=delta,
            )
        except NoRecordsError as exc:
            _print_issues(exc.report, issues_file)
            fail(f"{path}: {exc}; nothing was stored", EXIT_BAD_INPUT)
        except ValueError as exc:
            fail(f"{path} is not a valid {registry_format.name} file: {exc}", EXIT_BAD_INPUT)
    _print_registry_report(report, issues_file)


def _print_report(report: LoadReport, issues_file: Path | None) -> None:
    if report.unchanged_file:
        console.print(f"{report.dataset}: this file is already the latest version (use --force)")
        return
    console.print(
        f"[bold]{report.dataset}[/] version {report.version_id}: {report.entities} entities, "
        f"{report.names} names, published {report.published or 'unknown'}"
    )
    console.print(
        f"  changes: [green]+{report.added}[/] added, [yellow]~{report.changed}[/] changed, "
        f"[red]-{report.removed}[/] removed;  schemas: "
        + ", ".join(f"{k} {v}" for k, v in sorted(report.schemas.items()))
    )
    _print_issues(report, issues_file)


@data_app.command("load")
def load(
    format_name: Annotated[str, typer.Argument(metavar="FORMAT", help="See `data formats`")],
    path: Annotated[Path, typer.Argument(help="The file or folder as published")],
    dataset: Annotated[str | None, typer.Option(help="Dataset name (default per format)")] = None,
    force: Annotated[bool, typer.Option(help="Load even if identical to the latest")] = False,
    issues_file: Annotated[
        Path | None, typer.Option(help="Write every skipped record here (TSV)")
    ] = None,
    workers: Annotated[
        int | None,
        typer.Option(min=0, help="Registry bulk loads: row-deriving processes (default: auto)"),
    ] = None,
    delta: Annotated[
        bool | None,
        typer.Option(
            "--delta/--full",
            help="GLEIF files: apply on top of the stored records, or replace them"
            " (default: by the file name, e.g. ...-last-day.xml is a delta)",
        ),
    ] = None,
) -> None:
    """Load a published file as a new version of its dataset, with the diff from the last."""
    if not path.exists():
        fail(f"{path} does not exist", EXIT_BAD_INPUT)
    registry_format = get_registry_format(format_name)
    if registry_format is not None:
        _load_registry(registry_format, path, dataset, force, issues_file, workers, delta)
        return
    try:
        source = get_format(format_name)
    except ValueError as exc:
        registries = ", ".join(f.name for f in all_registry_formats())
        fail(f"{exc}; registry formats: {registries}", EXIT_BAD_INPUT)
    db = open_database()
    columns = (SpinnerColumn(), TextColumn("{task.description}"), TimeElapsedColumn())
    with Progress(*columns, console=console, transient=True) as progress:
        task = progress.add_task(f"parsing {path.name}", total=None)

        def advance(records: int) -> None:
            progress.update(task, description=f"parsing {path.name}: {records:,} records")

        try:
            report = load_dataset(db, source, path, dataset, force=force, progress=advance)
        except ValueError as exc:
            fail(f"{path} is not a valid {format_name} file: {exc}", EXIT_BAD_INPUT)
    _print_report(report, issues_file)


@data_app.command("list")
def list_datasets(
    history: Annotated[
        bool, typer.Option("--all", help="Every version, not only the latest")
    ] = False,
    as_json: Annotated[bool, typer.Option("--json")] = False,
) -> None:
    """The loaded datasets (latest version of each, or all versions)."""
    db = open_database()
    versions = list_versions(db) if history else current_versions(db)
    if as_json:
        typer.echo(orjson.dumps([v.as_dict() for v in versions], option=orjson.OPT_INDENT_2))
        return
    table = Table(
        "dataset", "version", "format", "published", "loaded", "entities", "issues", "+/~/-"
    )
    for v in versions:
        table.add_row(
            v.dataset,
            v.id,
            v.format,
            v.published or "",
            iso_utc(v.loaded_at)[:19],
            f"{v.entities:,}",
            str(v.issues),
            f"+{v.added} ~{v.changed} -{v.removed}",
        )
    console.print(table)


@data_app.command("diff")
def diff(
    dataset: str,
    version: Annotated[str | None, typer.Option(help="A version id (default: latest)")] = None,
    limit: Annotated[int, typer.Option(min=1)] = 200,
    as_json: Annotated[bool, typer.Option("--json")] = False,
) -> None:
    """What a version of a dataset added, changed and removed."""
    db = open_database()
    info, changes = version_changes(db, dataset, version, limit)
    if info is None:
        fail(f"no version of dataset '{dataset}'" + (f" with id {version}" if version else ""))
    if as_json:
        typer.echo(orjson.dumps({"version": info.as_dict(), "changes": changes}))
        return
    console.print(
        f"[bold]{dataset}[/] {info.id} (loaded {iso_utc(info.loaded_at)[:19]}): "
        f"+{info.added} ~{info.changed} -{info.removed}"
    )
    styles = {"added": "green", "changed": "yellow", "removed": "red"}
    for change in changes:
        style = styles[change["change"]]
        console.print(
            f"  [{style}]{change['change']:8s}[/] {change['entity_id']:>14s}  {change['name']}"
        )


@data_app.command("update")
def update(
    sources_file: Annotated[
        Path | None, typer.Option("--sources", help="Sources YAML (default: official URLs)")
    ] = None,
    only: Annotated[list[str] | None, typer.Option(help="Only these datasets")] = None,
    timeout: Annotated[float, typer.Option(help="Seconds per download")] = 120.0,
) -> None:
    """Download every configured source from its URL and load it."""
    try:
        sources = load_sources(sources_file)
    except (OSError, ValueError) as exc:
        fail(str(exc), EXIT_BAD_INPUT)
    if only:
        sources = [s for s in sources if s.dataset in only]
    db = open_database()
    with httpx.Client(timeout=timeout, follow_redirects=True) as client:
        results = update_all(
            db, sources, client, on_source=lambda s: console.print(f"updating {s.dataset}…")
        )
    failed = 0
    for result in results:
        if result.report is not None:
            _print_report(result.report, None)
        else:
            failed += 1
            console.print(f"[red]{result.source.dataset} failed:[/] {result.error}")
    if failed:
        raise typer.Exit(1)
