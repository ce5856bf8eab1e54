"""Liveness and readiness probes."""

from __future__ import annotations

from typing import Any

from fastapi import APIRouter, Request
from sqlalchemy import text
from starlette.responses import JSONResponse

from openkyb.api.deps import DatabaseDep
from openkyb.checks import load_reference
from openkyb.store.migrate import current_revision, head_revision
from openkyb.watchlists.screener import LocalScreener

router = APIRouter(tags=["health"])


@router.get("/healthz", summary="Liveness")
def healthz() -> dict[str, str]:
    """The process is up. It checks nothing else, so a slow database never restarts pods."""
    return {"status": "ok"}


@router.get("/readyz", summary="Readiness", responses={503: {"description": "Not ready"}})
def readyz(db: DatabaseDep, request: Request) -> JSONResponse:
    """Ready when the database answers and its schema is at the packaged revision."""
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
    screener = request.app.state.screener
    components["watchlists"] = (
        screener.datasets() if isinstance(screener, LocalScreener) else "remote service"
    )
    return JSONResponse(
        {"status": "ready" if ready else "not_ready", "components": components},
        status_code=200 if ready else 503,
    )
