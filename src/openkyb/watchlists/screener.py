"""Screening as the API and the checks use it: in-process over the loaded lists, or remote.

Both screeners take the same queries and return the same JSON-shaped results, so the
verification does not care whether the engine runs in its process or behind
``openkyb screening serve`` (set ``OPENKYB_SCREENING_URL``).
"""

from __future__ import annotations

import functools
import logging
import threading
import time
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from typing import Any, Protocol, TypeVar

import httpx
from opentelemetry import propagate

from openkyb import telemetry
from openkyb.screening import Query as EngineQuery
from openkyb.screening import ScreeningIndex
from openkyb.settings import Settings
from openkyb.sources.model import Entity
from openkyb.store.db import Database
from openkyb.watchlists.catalog import current_watchlist_versions, iter_entities

logger = logging.getLogger("openkyb.screening")
MAX_QUERIES = 100


@dataclass(frozen=True, slots=True)
class ScreenQuery:
    """One name to screen, with the qualifiers that sharpen the score."""

    name: str
    schema: str | None = None  # person | company | None
    birth_date: str | None = None
    countries: tuple[str, ...] = ()
    identifiers: tuple[str, ...] = ()

    def as_dict(self) -> dict[str, Any]:
        """JSON form (the screening service's request item)."""
        return {
            "name": self.name,
            "schema": self.schema,
            "birth_date": self.birth_date,
            "countries": list(self.countries),
            "identifiers": list(self.identifiers),
        }


@dataclass(frozen=True, slots=True)
class ScreenResult:
    """The hits for each query, and the dataset versions they were screened against."""

    hits: list[list[dict[str, Any]]]
    datasets: list[dict[str, str]]
    entities: int = 0
    topics: frozenset[str] = frozenset()


class Screener(Protocol):
    """Anything that screens a batch of queries."""

    def screen(self, queries: list[ScreenQuery], threshold: float, limit: int) -> ScreenResult:
        """Hits per query at or above ``threshold``, best first, at most ``limit`` each."""
        ...


_S = TypeVar("_S")


def _observed(
    mode: str,
) -> Callable[
    [Callable[[_S, list[ScreenQuery], float, int], ScreenResult]],
    Callable[[_S, list[ScreenQuery], float, int], ScreenResult],
]:
    """Trace a screener's ``screen`` as a ``screening`` span and record its latency."""

    def decorate(
        method: Callable[[_S, list[ScreenQuery], float, int], ScreenResult],
    ) -> Callable[[_S, list[ScreenQuery], float, int], ScreenResult]:
        @functools.wraps(method)
        def observed(
            self: _S, queries: list[ScreenQuery], threshold: float, limit: int
        ) -> ScreenResult:
            started = time.perf_counter()
            with telemetry.span(
                "screening",
                {"openkyb.screening.mode": mode, "openkyb.screening.queries": len(queries)},
            ) as current:
                result = method(self, queries, threshold, limit)
                if current is not None:
                    current.set_attribute(
                        "openkyb.screening.hits", sum(len(hits) for hits in result.hits)
                    )
            telemetry.observe_screening(mode, time.perf_counter() - started)
            return result

        return observed

    return decorate


@dataclass
class _Built:
    index: ScreeningIndex
    datasets: list[dict[str, str]]
    key: tuple[str, ...]
    entities: int = field(default=0)
    topics: frozenset[str] = frozenset()


class LocalScreener:
    """Screens in-process over every dataset loaded in the database.

    The index is built once, then rebuilt in the background when a newer dataset version is
    loaded (checked at most every ``refresh_seconds``); queries keep using the old index
    until the new one is ready, so a reload never pauses screening.
    """

    def __init__(self, db: Database, refresh_seconds: float = 60.0) -> None:
        self._db = db
        self._refresh_seconds = refresh_seconds
        self._built: _Built | None = None
        self._checked_at = 0.0
        self._lock = threading.Lock()
        self._rebuilding = False

    def _version_key(self) -> tuple[list[dict[str, str]], tuple[str, ...]]:
        versions = current_watchlist_versions(self._db)
        datasets = [{"dataset": v.dataset, "version": v.id} for v in versions]
        return datasets, tuple(v.id for v in versions)

    def _build(self) -> _Built:
        datasets, key = self._version_key()
        started = time.perf_counter()
        topics: set[str] = set()

        def entities() -> Iterator[tuple[str, Entity]]:
            for dataset, entity in iter_entities(self._db):
                topics.update(entity.topics)
                yield dataset, entity

        index = ScreeningIndex.build(entities())
        count = index.size[0]
        logger.info("screening index: %d entities in %.1f s", count, time.perf_counter() - started)
        return _Built(index, datasets, key, count, frozenset(topics))

    def ensure_built(self) -> None:
        """Build the index now if there is none (start-up calls this)."""
        with self._lock:
            if self._built is None:
                self._built = self._build()
                self._checked_at = time.monotonic()

    def _refresh_if_stale(self) -> None:
        if time.monotonic() - self._checked_at < self._refresh_seconds or self._rebuilding:
            return
        self._checked_at = time.monotonic()
        _, key = self._version_key()
        if self._built is not None and key == self._built.key:
            return
        self._rebuilding = True

        def rebuild() -> None:
            try:
                self._built = self._build()
            finally:
                self._rebuilding = False

        threading.Thread(target=rebuild, name="screening-index", daemon=True).start()

    @_observed("local")
    def screen(self, queries: list[ScreenQuery], threshold: float, limit: int) -> ScreenResult:
        """Screen each query against the current index."""
        self.ensure_built()
        self._refresh_if_stale()
        built = self._built
        assert built is not None
        hits = [
            [
                hit.as_dict()
                for hit in built.index.screen(
                    _engine_query(query), threshold=threshold, limit=limit
                )
            ]
            for query in queries
        ]
        return ScreenResult(hits, built.datasets, built.entities, built.topics)

    def datasets(self) -> list[dict[str, str]]:
        """The dataset versions in the index."""
        self.ensure_built()
        assert self._built is not None
        return self._built.datasets


def _engine_query(query: ScreenQuery) -> EngineQuery:
    return EngineQuery(
        name=query.name,
        schema=query.schema,
        birth_date=query.birth_date,
        countries=list(query.countries),
        identifiers=list(query.identifiers),
    )


class RemoteScreener:
    """Screens through ``openkyb screening serve`` over HTTP."""

    def __init__(
        self,
        base_url: str,
        token: str | None = None,
        timeout: float = 5.0,
        client: httpx.Client | None = None,
    ) -> None:
        headers = {"Authorization": f"Bearer {token}"} if token else {}
        # A client can be passed in (tests hand over the service's ASGI test client).
        self._client = client or httpx.Client(
            base_url=base_url.rstrip("/"), timeout=timeout, headers=headers
        )

    @_observed("remote")
    def screen(self, queries: list[ScreenQuery], threshold: float, limit: int) -> ScreenResult:
        """Screen in batches of at most 100 queries (the service's limit)."""
        hits: list[list[dict[str, Any]]] = []
        datasets: list[dict[str, str]] = []
        entities = 0
        topics: frozenset[str] = frozenset()
        for start in range(0, len(queries), MAX_QUERIES):
            batch = queries[start : start + MAX_QUERIES]
            response = self._client.post(
                "/v1/screen",
                json={
                    "queries": [q.as_dict() for q in batch],
                    "threshold": threshold,
                    "limit": limit,
                },
                headers=_trace_headers(),
            )
            response.raise_for_status()
            body = response.json()
            hits += [result["hits"] for result in body["results"]]
            datasets, entities = body["datasets"], body.get("entities", 0)
            topics = frozenset(body.get("topics", []))
        return ScreenResult(hits, datasets, entities, topics)

    def close(self) -> None:
        """Close the HTTP connection pool."""
        self._client.close()


def _trace_headers() -> dict[str, str]:
    """``traceparent`` for the screening service, so its spans join the caller's trace."""
    headers: dict[str, str] = {}
    if telemetry.tracing_active():
        propagate.inject(headers)
    return headers


def make_screener(settings: Settings, db: Database) -> LocalScreener | RemoteScreener:
    """The remote screening service when configured, else the in-process engine."""
    if settings.screening_url:
        return RemoteScreener(settings.screening_url, settings.screening_token)
    return LocalScreener(db, settings.screening_refresh_seconds)
