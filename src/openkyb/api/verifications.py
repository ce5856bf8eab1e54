"""Routes of ``/v1/verifications``: thin wrappers over the verification service."""

from __future__ import annotations

from datetime import datetime
from typing import Annotated, Any, Literal

from fastapi import APIRouter, Header, Path, Query, Request
from fastapi.concurrency import run_in_threadpool
from pydantic import ValidationError
from starlette.responses import Response

from openkyb.api.deps import ApiKeyDep, DatabaseDep, SettingsDep, require_tenant
from openkyb.api.problems import Problem, validation_problem
from openkyb.api.schemas import ProblemOut, VerificationOut, VerificationPage
from openkyb.applications import Application
from openkyb.gateway.cached_verifications import answer_from_cache
from openkyb.gateway.caching import etag_json_response
from openkyb.gateway.pipeline import count_usage
from openkyb.gateway.usage import VERIFICATIONS_CACHED
from openkyb.store.db import Database
from openkyb.verifications.orchestrator import RegistrySource
from openkyb.verifications.service import (
    Created,
    IdempotencyConflict,
    InvalidCursor,
    ListFilters,
    create_verification,
    get_verification,
    list_verifications,
)
from openkyb.watchlists.screener import Screener

router = APIRouter(prefix="/v1/verifications", tags=["verifications"])

_ERRORS: dict[int | str, dict[str, Any]] = {
    401: {"model": ProblemOut, "description": "Missing, unknown or revoked API key"},
    422: {"model": ProblemOut, "description": "Invalid input, with a pointer to each field"},
}


def _require_json(content_type: str) -> None:
    media_type = content_type.split(";")[0].strip().lower()
    if media_type != "application/json" and not media_type.endswith("+json"):
        raise Problem(
            415,
            "unsupported-media-type",
            f"Send the application as JSON (Content-Type: application/json), not '{media_type}'.",
        )


def _parse_application(body: bytes) -> Application:
    try:
        return Application.model_validate_json(body)
    except ValidationError as exc:
        if any(e["type"] == "json_invalid" for e in exc.errors()):
            raise Problem(400, "malformed-json", "The request body is not valid JSON.") from exc
        raise validation_problem(exc, "application") from exc


_IDEMPOTENCY_KEY = Header(
    alias="Idempotency-Key",
    min_length=1,
    max_length=255,
    pattern=r"^[\x21-\x7e]+$",
    description="Replays return the original result; the same key with another body is 409.",
)


@router.post(
    "",
    status_code=201,
    response_model=VerificationOut,
    summary="Verify a business",
    responses={
        **_ERRORS,
        409: {"model": ProblemOut, "description": "Idempotency key reused with another body"},
        413: {"model": ProblemOut, "description": "Body over the size limit"},
        415: {"model": ProblemOut, "description": "Body is not JSON"},
    },
    openapi_extra={
        "requestBody": {
            "required": True,
            "content": {
                "application/json": {"schema": {"$ref": "#/components/schemas/Application"}}
            },
        }
    },
)
async def create(
    request: Request,
    key: ApiKeyDep,
    db: DatabaseDep,
    idempotency_key: Annotated[str | None, _IDEMPOTENCY_KEY] = None,
) -> Response:
    """Run every check on the business synchronously, store the verdict and return it."""
    body = await request.body()
    content_type = request.headers.get("content-type", "")
    screener = request.app.state.screener
    registry = getattr(request.app.state, "registry", None)
    created = await run_in_threadpool(
        _create, db, screener, key, content_type, body, idempotency_key, registry
    )
    headers = {"Location": f"/v1/verifications/{created.result['id']}"}
    if created.replayed:
        headers["Idempotent-Replayed"] = "true"
    return Response(created.body(), 201, headers, media_type="application/json")


def _create(
    db: Database,
    screener: Screener,
    key: str,
    content_type: str,
    body: bytes,
    idempotency_key: str | None,
    registry: RegistrySource | None = None,
) -> Created:
    # One thread-pool call for the whole request: authenticate first (401 before anything
    # else), then the body (415, 400, 422), then verify and store.
    tenant = require_tenant(db, key)
    _require_json(content_type)
    application = _parse_application(body)
    cached = answer_from_cache(
        db, tenant.tenant_id, application, tenant.policy, tenant.gateway.cache_ttl, idempotency_key
    )
    if cached is not None:
        count_usage(VERIFICATIONS_CACHED)
        return cached
    try:
        return create_verification(
            db, tenant.tenant_id, application, tenant.policy, idempotency_key, screener, registry
        )
    except IdempotencyConflict as exc:
        raise Problem(
            409,
            "idempotency-conflict",
            "This Idempotency-Key was already used with a different request body.",
        ) from exc


@router.get(
    "/{verification_id}",
    response_model=VerificationOut,
    summary="Read a verification",
    responses={**_ERRORS, 404: {"model": ProblemOut, "description": "No such verification"}},
)
async def read(
    request: Request,
    verification_id: Annotated[str, Path(max_length=64)],
    key: ApiKeyDep,
    db: DatabaseDep,
) -> Response:
    """The stored verdict. Another tenant's id is answered exactly like an unknown id."""

    def fetch() -> dict[str, Any] | None:
        return get_verification(db, require_tenant(db, key).tenant_id, verification_id)

    result = await run_in_threadpool(fetch)
    if result is None:
        raise Problem(404, "not-found", f"No verification '{verification_id}'.")
    return etag_json_response(request, result)


@router.get(
    "",
    response_model=VerificationPage,
    summary="List verifications",
    responses={**_ERRORS, 400: {"model": ProblemOut, "description": "Bad cursor"}},
)
async def index(
    request: Request,
    key: ApiKeyDep,
    db: DatabaseDep,
    settings: SettingsDep,
    decision: Literal["approve", "review", "decline"] | None = None,
    created_after: Annotated[datetime | None, Query(description="Inclusive, RFC 3339")] = None,
    created_before: Annotated[datetime | None, Query(description="Exclusive, RFC 3339")] = None,
    external_ref: Annotated[str | None, Query(max_length=128)] = None,
    limit: Annotated[int, Query(ge=1, le=200)] = 50,
    cursor: Annotated[str | None, Query(max_length=100)] = None,
) -> Response:
    """The tenant's verifications, newest first, with cursor pagination."""
    filters = ListFilters(decision, created_after, created_before, external_ref)

    def fetch() -> tuple[list[dict[str, Any]], str | None]:
        tenant = require_tenant(db, key)
        size = min(limit, settings.page_size_max)
        return list_verifications(db, tenant.tenant_id, filters, size, cursor)

    try:
        page, next_cursor = await run_in_threadpool(fetch)
    except InvalidCursor as exc:
        raise Problem(400, "invalid-cursor", str(exc)) from exc
    document = {"object": "list", "data": page, "next_cursor": next_cursor}
    return etag_json_response(request, document)
