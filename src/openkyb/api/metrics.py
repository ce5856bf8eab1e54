"""Prometheus ``/metrics``: on by default, behind a Bearer token when one is configured."""

from __future__ import annotations

import hmac

import anyio.to_thread
from fastapi import APIRouter, Request
from prometheus_client import CONTENT_TYPE_LATEST
from starlette.responses import Response

from openkyb.api.problems import Problem
from openkyb.settings import Settings
from openkyb.telemetry.exposition import render_metrics

router = APIRouter(tags=["operations"])


def _authorize(settings: Settings, authorization: str | None) -> None:
    if not settings.metrics_enabled:
        raise Problem(404, "not-found", "Metrics are disabled (OPENKYB_METRICS_ENABLED=false).")
    token = settings.metrics_token
    if token is None:
        return
    scheme, _, presented = (authorization or "").partition(" ")
    # compare_digest: the time taken does not tell how much of the token was right.
    if scheme.lower() != "bearer" or not hmac.compare_digest(
        presented.strip().encode(), token.encode()
    ):
        raise Problem(
            401,
            "unauthorized",
            "Send the metrics token as 'Authorization: Bearer <token>'.",
            headers={"WWW-Authenticate": 'Bearer realm="openkyb-metrics"'},
        )


@router.get(
    "/metrics",
    summary="Prometheus metrics",
    include_in_schema=False,
    response_class=Response,
)
async def metrics(request: Request) -> Response:
    """The Prometheus text exposition (the dataset ages are read from the database)."""
    _authorize(request.app.state.settings, request.headers.get("authorization"))
    body = await anyio.to_thread.run_sync(render_metrics, request.app.state.db)
    return Response(body, media_type=CONTENT_TYPE_LATEST)
