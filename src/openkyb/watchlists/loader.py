"""``openkyb data load``: parse a publisher's file, diff it against the stored version, store.

Every load records a dataset version (source, sha256, counts, publication date, loaded_at) and
the entities added, changed and removed since the previous version: monitoring reacts to
those changes. One bad record never stops a load: it is counted and reported with its place.
"""

from __future__ import annotations

import hashlib
from collections import Counter
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from sqlalchemy import delete, insert, select

from openkyb.clock import utc_now
from openkyb.ids import new_id
from openkyb.sources.model import Entity, ParseIssue
from openkyb.sources.registry import Published, SourceFormat
from openkyb.store.db import Database
from openkyb.store.models import DatasetChange, DatasetVersion, WatchlistEntity

ISSUES_KEPT = 1000  # issues stored with the version; the count is always exact
BATCH = 2000

Progress = Callable[[int], None]  # called with the number of records parsed so far


@dataclass
class LoadReport:
    """What a load did."""

    dataset: str
    version_id: str | None
    entities: int = 0
    names: int = 0
    issues: list[ParseIssue] = field(default_factory=list)
    issue_count: int = 0
    published: str | None = None
    added: int = 0
    changed: int = 0
    removed: int = 0
    schemas: dict[str, int] = field(default_factory=dict)
    unchanged_file: bool = False
    sha256: str = ""


def file_digest(path: Path) -> str:
    """sha256 over the file, or over every file of a folder in name order."""
    digest = hashlib.sha256()
    files = sorted(p for p in path.rglob("*") if p.is_file()) if path.is_dir() else [path]
    for file in files:
        if path.is_dir():
            digest.update(str(file.relative_to(path)).encode())
        with file.open("rb") as handle:
            while chunk := handle.read(1 << 20):
                digest.update(chunk)
    return digest.hexdigest()


def _parse(
    source: SourceFormat, path: Path, report: LoadReport, progress: Progress | None
) -> dict[str, Entity]:
    entities: dict[str, Entity] = {}
    seen = 0
    for item in source.parse(path):
        seen += 1
        if progress is not None and seen % 500 == 0:
            progress(seen)
        if isinstance(item, Published):
            report.published = item.date
        elif isinstance(item, ParseIssue):
            _add_issue(report, item)
        elif item.id in entities:
            _add_issue(report, ParseIssue(f"entity {item.id}", "duplicate id; first record kept"))
        else:
            entities[item.id] = item
    if progress is not None:
        progress(seen)
    return entities


def _add_issue(report: LoadReport, issue: ParseIssue) -> None:
    report.issue_count += 1
    if len(report.issues) < ISSUES_KEPT:
        report.issues.append(issue)


def _current(db: Database, dataset: str) -> dict[str, tuple[str, str]]:
    with db.connection() as connection:
        rows = connection.execute(
            select(
                WatchlistEntity.entity_id, WatchlistEntity.fingerprint, WatchlistEntity.name
            ).where(WatchlistEntity.dataset == dataset)
        )
        return {row[0]: (row[1], row[2]) for row in rows}


def last_sha(db: Database, dataset: str) -> str | None:
    """The sha256 of the dataset's latest version (watchlist or registry)."""
    with db.connection() as connection:
        return connection.scalar(
            select(DatasetVersion.sha256)
            .where(DatasetVersion.dataset == dataset)
            .order_by(DatasetVersion.loaded_at.desc())
            .limit(1)
        )


def _changes(
    version_id: str, dataset: str, new: dict[str, tuple[str, str]], old: dict[str, tuple[str, str]]
) -> list[dict[str, Any]]:
    changes = []
    for entity_id, (fingerprint, name) in new.items():
        before = old.get(entity_id)
        if before is None or before[0] != fingerprint:
            kind = "added" if before is None else "changed"
            changes.append(_change(version_id, dataset, entity_id, kind, name))
    for entity_id, (_, name) in old.items():
        if entity_id not in new:
            changes.append(_change(version_id, dataset, entity_id, "removed", name))
    return changes


def _change(version: str, dataset: str, entity_id: str, kind: str, name: str) -> dict[str, Any]:
    return {
        "version_id": version,
        "dataset": dataset,
        "entity_id": entity_id,
        "change": kind,
        "name": name[:1000],
    }


def _batched(rows: list[dict[str, Any]]) -> list[list[dict[str, Any]]]:
    return [rows[i : i + BATCH] for i in range(0, len(rows), BATCH)]


def load_dataset(
    db: Database,
    source: SourceFormat,
    path: Path,
    dataset: str | None = None,
    *,
    force: bool = False,
    progress: Progress | None = None,
) -> LoadReport:
    """Parse ``path`` as ``source``, store it as a new version of ``dataset``, return a report.

    A file identical (by sha256) to the dataset's latest version is not loaded again unless
    ``force`` is set: the report says so and nothing changes.
    """
    name = dataset or source.dataset_for(path)
    report = LoadReport(dataset=name, version_id=None, sha256=file_digest(path))
    if not force and last_sha(db, name) == report.sha256:
        report.unchanged_file = True
        return report
    entities = _parse(source, path, report, progress)
    version_id = new_id("dsv")
    report.version_id = version_id
    rows = [_entity_row(name, version_id, entity) for entity in entities.values()]
    new = {row["entity_id"]: (row["fingerprint"], row["name"]) for row in rows}
    changes = _changes(version_id, name, new, _current(db, name))
    counts = Counter(c["change"] for c in changes)
    report.entities, report.names = len(entities), sum(len(e.names) for e in entities.values())
    report.added, report.changed, report.removed = (
        counts[k] for k in ("added", "changed", "removed")
    )
    report.schemas = dict(Counter(e.schema.value for e in entities.values()))
    _store(db, source, path, report, rows, changes)
    return report


def _entity_row(dataset: str, version_id: str, entity: Entity) -> dict[str, Any]:
    return {
        "dataset": dataset,
        "entity_id": entity.id[:200],
        "version_id": version_id,
        "schema": entity.schema.value,
        "name": entity.primary_name[:1000],
        "fingerprint": entity.fingerprint(),
        "data": entity.to_dict(),
    }


def _store(
    db: Database,
    source: SourceFormat,
    path: Path,
    report: LoadReport,
    rows: list[dict[str, Any]],
    changes: list[dict[str, Any]],
) -> None:
    version = {
        "id": report.version_id,
        "dataset": report.dataset,
        "format": source.name,
        "origin": str(path)[:1000],
        "sha256": report.sha256,
        "published": report.published,
        "loaded_at": utc_now(),
        "entities": report.entities,
        "names": report.names,
        "issues": report.issue_count,
        "added": report.added,
        "changed": report.changed,
        "removed": report.removed,
        "report": {
            "schemas": report.schemas,
            "issues": [{"location": i.location, "reason": i.reason} for i in report.issues],
        },
    }
    # One transaction: readers see the old version or the new one, never half of each.
    with db.engine.begin() as connection:
        connection.execute(insert(DatasetVersion), [version])
        connection.execute(delete(WatchlistEntity).where(WatchlistEntity.dataset == report.dataset))
        for batch in _batched(rows):
            connection.execute(insert(WatchlistEntity), batch)
        for batch in _batched(changes):
            connection.execute(insert(DatasetChange), batch)
