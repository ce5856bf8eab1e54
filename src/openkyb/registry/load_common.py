"""What every registry load shares: the report, the parse loop, the dataset version row."""

from __future__ import annotations

import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path
from typing import Any, TypeVar

from sqlalchemy import Connection, insert

from openkyb.clock import utc_now
from openkyb.registry.formats import RegistryFormat
from openkyb.sources.model import ParseIssue
from openkyb.sources.registry import Published
from openkyb.store.models import DatasetVersion

ISSUES_KEPT = 1000  # issues stored with the version; the count is always exact
PROGRESS_EVERY = 1000
Progress = Callable[[int], None]  # called with the number of records parsed so far
T = TypeVar("T")


@dataclass
class RegistryLoadReport:
    """What a registry load did."""

    dataset: str
    format: str
    kind: str
    version_id: str | None = None
    records: int = 0
    issues: list[ParseIssue] = field(default_factory=list)
    issue_count: int = 0
    published: str | None = None
    added: int = 0
    changed: int = 0
    removed: int = 0
    countries: list[str] = field(default_factory=list)
    first_load: bool = False  # no per-company changes recorded: nothing to compare with
    delta: bool = False  # applied on top of the stored records (GLEIF update files)
    unchanged_file: bool = False
    sha256: str = ""
    seconds: float = 0.0  # wall-clock time of the load, parse to commit
    phases: dict[str, float] = field(default_factory=dict)  # seconds per step, in order

    @property
    def rate(self) -> float:
        """Records stored per second."""
        return self.records / self.seconds if self.seconds > 0 else 0.0

    @contextmanager
    def phase(self, name: str) -> Iterator[None]:
        """Time a step of the load into ``phases`` (shown by the CLI and the benchmark)."""
        started = time.perf_counter()
        try:
            yield
        finally:
            self.phases[name] = round(time.perf_counter() - started, 2)

    def add_issue(self, issue: ParseIssue) -> None:
        """Count an issue and keep it if the sample is not full."""
        self.issue_count += 1
        if len(self.issues) < ISSUES_KEPT:
            self.issues.append(issue)

    @property
    def effective(self) -> date | None:
        """The file's publication date, the date its changes took effect."""
        return date.fromisoformat(self.published) if self.published else None


class NoRecordsError(ValueError):
    """The file held no usable record: nothing is stored (an empty file must not erase a
    register). ``report`` carries the issues that explain why."""

    def __init__(self, report: RegistryLoadReport) -> None:
        super().__init__(
            f"no usable {report.kind} record in the file ({report.issue_count} issue(s))"
        )
        self.report = report


def records_of(
    registry_format: RegistryFormat,
    path: Path,
    wanted: type[T] | tuple[type[Any], ...],
    report: RegistryLoadReport,
    progress: Progress | None,
) -> Iterator[T]:
    """The records of the wanted type(s) the parser yields; issues and dates go to the report."""
    seen = 0
    for item in registry_format.parse(path):
        if isinstance(item, ParseIssue):
            report.add_issue(item)
            continue
        if isinstance(item, Published):
            report.published = item.date
            continue
        seen += 1
        if progress is not None and seen % PROGRESS_EVERY == 0:
            progress(seen)
        if isinstance(item, wanted):
            yield item
        else:
            report.add_issue(
                ParseIssue(f"record {seen}", f"a {type(item).__name__} in a {report.kind} file")
            )
    if progress is not None:
        progress(seen)


def insert_version(connection: Connection, report: RegistryLoadReport, origin: Path) -> None:
    """Record the load in ``dataset_versions`` (inside the load's transaction)."""
    version = {
        "id": report.version_id,
        "dataset": report.dataset,
        "format": report.format,
        "origin": str(origin)[:1000],
        "sha256": report.sha256,
        "published": report.published,
        "loaded_at": utc_now(),
        "entities": report.records,
        "names": report.records if report.kind in ("companies", "lei") else 0,
        "issues": report.issue_count,
        "added": report.added,
        "changed": report.changed,
        "removed": report.removed,
        "report": {
            "kind": report.kind,
            "countries": report.countries,
            "first_load": report.first_load,
            "delta": report.delta,
            "issues": [{"location": i.location, "reason": i.reason} for i in report.issues],
        },
    }
    connection.execute(insert(DatasetVersion), [version])
