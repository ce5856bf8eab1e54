"""Liveness and readiness probes."""

from __future__ import annotations

from typing import Any

from fastapi import APIRouter, Request
from sqlalchemy import text
from starlette.responses import JSONResponse

from openkyb.api.deps import DatabaseDep
from openkyb.checks import load_reference
from openkyb.settings import Settings
from openkyb.store.migrate import current_revision, head_revision
from openkyb.telemetry.readiness import dataset_components, redis_component
from openkyb.watchlists.screener import LocalScreener

router = APIRouter(tags=["health"])


@router.get("/healthz", summary="Liveness")
def healthz() -> dict[str, str]:
    """The process is up. It checks nothing else, so a slow database never restarts pods."""
    return {"status": "ok"}


@router.get("/readyz", summary="Readiness", responses={503: {"description": "Not ready"}})
def readyz(db: DatabaseDep, request: Request) -> JSONResponse:
    """Ready when the database answers and its schema is at the packaged revision.

    Also reports Redis when configured (not ready if it is down and rate limits fail
    closed) and the loaded watchlists and registries with their age.
    """
    components: dict[str, Any] = {}
    ready = True
    try:
        with db.engine.connect() as connection:
            connection.execute(text("SELECT 1"))
        revision, head = current_revision(db), head_revision()
        components["database"] = {
            "status": "ok" if revision == head else "migrations_pending",
            "backend": db.backend,
            "revision": revision,
            "head": head,
        }
        ready = revision == head
    except Exception as exc:
        components["database"] = {"status": "unavailable", "error": type(exc).__name__}
        ready = False
    components["datasets"] = [
        {"dataset": d.dataset, "version": d.version} for d in load_reference().datasets()
    ]
    settings: Settings = request.app.state.settings
    if settings.redis_url:
        components["redis"], redis_ready = redis_component(
            settings.redis_url, settings.rate_limit_failure
        )
        ready = ready and redis_ready
    screener = request.app.state.screener
    indexed = screener.datasets() if isinstance(screener, LocalScreener) else None
    components.update(dataset_components(db, indexed))
    return JSONResponse(
        {"status": "ready" if ready else "not_ready", "components": components},
        status_code=200 if ready else 503,
    )
