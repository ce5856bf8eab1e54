"""Which registry data is loaded: the checks cite these versions and skip absent countries."""

from __future__ import annotations

from sqlalchemy import select, text

from openkyb.checks.evidence import DatasetRef
from openkyb.store.db import Database
from openkyb.store.models import DatasetVersion

# A loose index scan: one primary-key probe per country instead of reading every company.
_COUNTRIES = text(
    "WITH RECURSIVE c(country) AS ("
    " SELECT min(country) FROM registry_companies"
    " UNION ALL"
    " SELECT (SELECT min(r.country) FROM registry_companies r WHERE r.country > c.country)"
    " FROM c WHERE c.country IS NOT NULL"
    ") SELECT country FROM c WHERE country IS NOT NULL"
)


def current_registry_version(db: Database, dataset: str) -> DatasetRef | None:
    """The latest loaded version of ``dataset`` ("gb-companies-house"), or None."""
    with db.connection() as connection:
        version = connection.scalar(
            select(DatasetVersion.id)
            .where(DatasetVersion.dataset == dataset)
            .order_by(DatasetVersion.loaded_at.desc())
            .limit(1)
        )
    return DatasetRef(dataset=dataset, version=version) if version else None


def countries_loaded(db: Database) -> set[str]:
    """The countries (ISO alpha-2) that have company registry data."""
    with db.connection() as connection:
        return {row[0] for row in connection.execute(_COUNTRIES)}
