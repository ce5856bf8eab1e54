"""``GET /v1/usage``: the calling tenant's own daily usage."""

from __future__ import annotations

from datetime import date
from typing import Annotated, Any

from fastapi import APIRouter, Query, Request
from fastapi.concurrency import run_in_threadpool
from starlette.responses import Response

from openkyb.api.deps import ApiKeyDep, DatabaseDep, require_tenant
from openkyb.api.problems import Problem
from openkyb.api.schemas import ProblemOut
from openkyb.gateway.caching import etag_json_response
from openkyb.gateway.pipeline import current_call
from openkyb.gateway.usage import default_range, read_usage
from openkyb.store.db import Database

router = APIRouter(tags=["usage"])
MAX_DAYS = 366


def usage_document(db: Database, tenant_id: str, start: date | None, end: date | None) -> Any:
    """The usage answer for a tenant and range (blocking), or a 400 problem."""
    first, last = default_range(start, end)
    if first > last:
        raise Problem(400, "invalid-range", "'from' must not be after 'to'.")
    if (last - first).days >= MAX_DAYS:
        raise Problem(400, "invalid-range", f"Ask for at most {MAX_DAYS} days at a time.")
    call = current_call.get()
    if call is not None:  # this process's unflushed counts first: the answer is up to date
        call.gateway.usage.flush()
    return {"object": "usage", "tenant_id": tenant_id, **read_usage(db, tenant_id, first, last)}


@router.get(
    "/v1/usage",
    summary="Your usage per day",
    responses={
        400: {"model": ProblemOut, "description": "'from' after 'to', or too long a range"},
        401: {"model": ProblemOut, "description": "Missing, unknown or revoked API key"},
    },
)
async def tenant_usage(
    request: Request,
    key: ApiKeyDep,
    db: DatabaseDep,
    start: Annotated[date | None, Query(alias="from", description="First day (UTC)")] = None,
    end: Annotated[date | None, Query(alias="to", description="Last day, inclusive")] = None,
) -> Response:
    """Requests, verifications, screenings and rejections by reason, per UTC day.

    Counts from other processes reach the database within a few seconds.
    """

    def fetch() -> Any:
        return usage_document(db, require_tenant(db, key).tenant_id, start, end)

    return etag_json_response(request, await run_in_threadpool(fetch))
