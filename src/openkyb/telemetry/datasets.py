"""The loaded datasets (watchlists and registries) with their age, for /readyz and /metrics.

One query over ``dataset_versions`` (a few rows per dataset): cheap enough for every scrape
and every readiness probe.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, date, datetime

from sqlalchemy import select

from openkyb.clock import as_utc, iso_utc
from openkyb.registry.formats import get_registry_format
from openkyb.store.db import Database
from openkyb.store.models import DatasetVersion


@dataclass(frozen=True, slots=True)
class LoadedDataset:
    """The current (latest loaded) version of one dataset."""

    dataset: str
    kind: str  # "watchlist" | "registry"
    version: str
    format: str
    published: str | None
    loaded_at: datetime

    def age_seconds(self, now: datetime) -> float:
        """Seconds since this version was loaded."""
        return max(0.0, (now - self.loaded_at).total_seconds())

    def age(self, now: datetime) -> float:
        """:meth:`age_seconds` rounded to a tenth, as /readyz reports it."""
        return round(self.age_seconds(now), 1)

    def published_age_seconds(self, now: datetime) -> float | None:
        """Seconds since the publisher's stated date (midnight UTC), when it is known."""
        if not self.published:
            return None
        try:
            day = date.fromisoformat(self.published)
        except ValueError:
            return None
        published = datetime(day.year, day.month, day.day, tzinfo=UTC)
        return max(0.0, (now - published).total_seconds())

    def as_dict(self, now: datetime) -> dict[str, object]:
        """JSON form for /readyz."""
        return {
            "dataset": self.dataset,
            "kind": self.kind,
            "version": self.version,
            "format": self.format,
            "published": self.published,
            "loaded_at": iso_utc(self.loaded_at),
            "age_seconds": self.age(now),
        }


def _kind(format_name: str) -> str:
    return "registry" if get_registry_format(format_name) is not None else "watchlist"


def loaded_datasets(db: Database) -> list[LoadedDataset]:
    """The latest version of every loaded dataset, by dataset name."""
    query = select(
        DatasetVersion.dataset,
        DatasetVersion.id,
        DatasetVersion.format,
        DatasetVersion.published,
        DatasetVersion.loaded_at,
    ).order_by(DatasetVersion.loaded_at.desc())
    latest: dict[str, LoadedDataset] = {}
    with db.connection() as connection:
        for dataset, version, fmt, published, loaded_at in connection.execute(query):
            if dataset not in latest:
                latest[dataset] = LoadedDataset(
                    dataset, _kind(fmt), version, fmt, published, as_utc(loaded_at)
                )
    return [latest[name] for name in sorted(latest)]
