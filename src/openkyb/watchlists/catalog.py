"""Reading watchlist datasets back: versions, their changes, and the current entities."""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from sqlalchemy import func, select

from openkyb.registry.formats import get_registry_format
from openkyb.sources.model import Entity
from openkyb.store.db import Database
from openkyb.store.models import DatasetChange, DatasetVersion, WatchlistEntity


@dataclass(frozen=True, slots=True)
class VersionInfo:
    """A stored dataset version."""

    id: str
    dataset: str
    format: str
    origin: str
    sha256: str
    published: str | None
    loaded_at: datetime
    entities: int
    names: int
    issues: int
    added: int
    changed: int
    removed: int

    def as_dict(self) -> dict[str, Any]:
        """JSON form."""
        from openkyb.clock import iso_utc

        values = {k: getattr(self, k) for k in self.__slots__}
        values["loaded_at"] = iso_utc(self.loaded_at)
        return values


_VERSION_COLUMNS = [getattr(DatasetVersion, name) for name in VersionInfo.__slots__]


def list_versions(db: Database, dataset: str | None = None) -> list[VersionInfo]:
    """Every stored version (of one dataset if given), newest first."""
    query = select(*_VERSION_COLUMNS).order_by(DatasetVersion.loaded_at.desc())
    if dataset:
        query = query.where(DatasetVersion.dataset == dataset)
    with db.connection() as connection:
        return [VersionInfo(*row) for row in connection.execute(query)]


def current_versions(db: Database) -> list[VersionInfo]:
    """The latest version of every dataset, by dataset name."""
    latest: dict[str, VersionInfo] = {}
    for version in list_versions(db):
        latest.setdefault(version.dataset, version)
    return [latest[name] for name in sorted(latest)]


def current_watchlist_versions(db: Database) -> list[VersionInfo]:
    """The latest version of every watchlist dataset (company registries left out)."""
    return [v for v in current_versions(db) if get_registry_format(v.format) is None]


def version_changes(
    db: Database, dataset: str, version_id: str | None = None, limit: int = 1000
) -> tuple[VersionInfo | None, list[dict[str, str]]]:
    """A version (the latest by default) and the entities it added, changed or removed."""
    versions = [v for v in list_versions(db, dataset) if version_id in (None, v.id)]
    if not versions:
        return None, []
    version = versions[0]
    query = (
        select(DatasetChange.change, DatasetChange.entity_id, DatasetChange.name)
        .where(DatasetChange.version_id == version.id)
        .order_by(DatasetChange.change, DatasetChange.name)
        .limit(limit)
    )
    with db.connection() as connection:
        rows = connection.execute(query).all()
    return version, [{"change": r[0], "entity_id": r[1], "name": r[2]} for r in rows]


def iter_entities(db: Database) -> Iterator[tuple[str, Entity]]:
    """Every current entity with its dataset name, streamed."""
    query = select(WatchlistEntity.dataset, WatchlistEntity.data).execution_options(yield_per=5000)
    # A server-side cursor (yield_per) needs a transaction, so not the autocommit connection.
    with db.engine.connect() as connection:
        for dataset, data in connection.execute(query):
            yield dataset, Entity.from_dict(data)


def entity_count(db: Database) -> int:
    """How many entities are loaded across all datasets."""
    with db.connection() as connection:
        return int(connection.scalar(select(func.count()).select_from(WatchlistEntity)) or 0)
