"""Render a /metrics scrape: the recorded metrics plus gauges computed at scrape time."""

from __future__ import annotations

import logging
from collections.abc import Iterable, Iterator

from prometheus_client import CollectorRegistry, generate_latest
from prometheus_client.core import GaugeMetricFamily, Metric
from prometheus_client.multiprocess import MultiProcessCollector
from prometheus_client.registry import Collector

from openkyb import __version__
from openkyb.clock import utc_now
from openkyb.store.db import Database
from openkyb.telemetry.datasets import LoadedDataset, loaded_datasets
from openkyb.telemetry.metrics import REGISTRY, multiprocess_dir

logger = logging.getLogger("openkyb.telemetry")

# Computed at scrape time, by the scraping process (so they are right in multiprocess mode).
SCRAPE_TIME_NAMES = frozenset(
    {
        "openkyb_build_info",
        "openkyb_dataset_age_seconds",
        "openkyb_dataset_published_age_seconds",
        "openkyb_dataset_info",
        "openkyb_dataset_scrape_error",
    }
)


class DatasetCollector(Collector):
    """Age of each loaded dataset, read from the database when scraped."""

    def __init__(self, db: Database) -> None:
        self._db = db

    def collect(self) -> Iterable[Metric]:
        """One gauge sample per dataset (and build info)."""
        build = GaugeMetricFamily(
            "openkyb_build_info", "The running openkyb version", labels=["version"]
        )
        build.add_metric([__version__], 1)
        yield build
        error = GaugeMetricFamily(
            "openkyb_dataset_scrape_error", "1 when the datasets could not be read"
        )
        try:
            datasets = loaded_datasets(self._db)
        except Exception as exc:  # a scrape must not fail because the database is down
            logger.warning("dataset ages unavailable: %s", type(exc).__name__)
            error.add_metric([], 1)
            yield error
            return
        error.add_metric([], 0)
        yield error
        yield from self._families(datasets)

    @staticmethod
    def _families(datasets: list[LoadedDataset]) -> Iterator[Metric]:
        now = utc_now()
        labels = ["dataset", "kind"]
        age = GaugeMetricFamily(
            "openkyb_dataset_age_seconds", "Seconds since the dataset was loaded", labels=labels
        )
        published = GaugeMetricFamily(
            "openkyb_dataset_published_age_seconds",
            "Seconds since the publication date of the loaded dataset version",
            labels=labels,
        )
        info = GaugeMetricFamily(
            "openkyb_dataset_info",
            "The loaded version of each dataset",
            labels=[*labels, "version", "format"],
        )
        for item in datasets:
            age.add_metric([item.dataset, item.kind], item.age_seconds(now))
            published_age = item.published_age_seconds(now)
            if published_age is not None:
                published.add_metric([item.dataset, item.kind], published_age)
            info.add_metric([item.dataset, item.kind, item.version, item.format], 1)
        yield from (age, published, info)


class _Forward(Collector):
    """Yield another registry's metrics (this process's, in single-process mode)."""

    def __init__(self, registry: CollectorRegistry) -> None:
        self._registry = registry

    def collect(self) -> Iterable[Metric]:
        return self._registry.collect()


def render_metrics(db: Database | None) -> bytes:
    """The Prometheus text exposition of every openkyb metric."""
    registry = CollectorRegistry()
    path = multiprocess_dir()
    if path:
        MultiProcessCollector(registry, path=path)  # type: ignore[no-untyped-call]
    else:
        registry.register(_Forward(REGISTRY))
    if db is not None:
        registry.register(DatasetCollector(db))
    return generate_latest(registry)
