"""RFC 9457 problem details for every error the API returns."""

from __future__ import annotations

import logging
from typing import Any

import orjson
from fastapi import FastAPI, Request
from fastapi.exceptions import RequestValidationError
from pydantic import ValidationError
from starlette.exceptions import HTTPException as StarletteHTTPException
from starlette.requests import ClientDisconnect
from starlette.responses import Response

logger = logging.getLogger("openkyb.api")

PROBLEM_MEDIA_TYPE = "application/problem+json"
PROBLEM_BASE = "urn:openkyb:problem:"

_TITLES = {
    400: "Bad request",
    401: "Unauthorized",
    403: "Forbidden",
    404: "Not found",
    405: "Method not allowed",
    409: "Conflict",
    413: "Content too large",
    415: "Unsupported media type",
    422: "Unprocessable content",
    429: "Too many requests",
    500: "Internal server error",
    503: "Service unavailable",
}


class Problem(Exception):
    """An error to answer with problem JSON; raise it from routes and dependencies."""

    def __init__(
        self,
        status: int,
        slug: str,
        detail: str,
        *,
        errors: list[dict[str, Any]] | None = None,
        headers: dict[str, str] | None = None,
    ) -> None:
        super().__init__(detail)
        self.status = status
        self.slug = slug
        self.detail = detail
        self.errors = errors
        self.headers = headers or {}


def problem_response(problem: Problem, instance: str | None = None) -> Response:
    """Render a Problem as ``application/problem+json``."""
    body: dict[str, Any] = {
        "type": PROBLEM_BASE + problem.slug,
        "title": _TITLES.get(problem.status, "Error"),
        "status": problem.status,
        "detail": problem.detail,
    }
    if instance:
        body["instance"] = instance
    if problem.errors is not None:
        body["errors"] = problem.errors
    return Response(
        orjson.dumps(body),
        status_code=problem.status,
        media_type=PROBLEM_MEDIA_TYPE,
        headers=problem.headers,
    )


def _pointer(location: tuple[Any, ...] | list[Any]) -> str:
    """A JSON Pointer (RFC 6901) to the offending field."""
    parts = [str(p).replace("~", "~0").replace("/", "~1") for p in location]
    return "/" + "/".join(parts)


def field_errors(errors: list[Any], drop_prefix: int = 0) -> list[dict[str, Any]]:
    """Pydantic errors as ``{pointer, field, message, type}`` items."""
    items = []
    for error in errors:
        location = list(error.get("loc", ()))[drop_prefix:]
        items.append(
            {
                "pointer": _pointer(location),
                "field": ".".join(str(p) for p in location),
                "message": error.get("msg", "invalid"),
                "type": error.get("type", "value_error"),
            }
        )
    return items


def validation_problem(exc: ValidationError | RequestValidationError, where: str) -> Problem:
    """A 422 problem listing every invalid field."""
    drop = 0 if isinstance(exc, ValidationError) else 1
    errors = field_errors(list(exc.errors()), drop_prefix=drop)
    if isinstance(exc, RequestValidationError):
        for item, raw in zip(errors, exc.errors(), strict=False):
            item["in"] = str(raw.get("loc", ("body",))[0])
    summary = "; ".join(f"{e['field'] or where}: {e['message']}" for e in errors[:5])
    return Problem(422, "validation-error", f"Invalid {where}: {summary}", errors=errors)


def install_problem_handlers(app: FastAPI) -> None:
    """Answer every error, expected or not, with problem JSON."""

    async def on_problem(request: Request, exc: Exception) -> Response:
        assert isinstance(exc, Problem)
        return problem_response(exc, request.url.path)

    async def on_http(request: Request, exc: Exception) -> Response:
        assert isinstance(exc, StarletteHTTPException)
        slug = _TITLES.get(exc.status_code, "error").lower().replace(" ", "-")
        problem = Problem(exc.status_code, slug, str(exc.detail), headers=dict(exc.headers or {}))
        return problem_response(problem, request.url.path)

    async def on_validation(request: Request, exc: Exception) -> Response:
        assert isinstance(exc, RequestValidationError)
        return problem_response(validation_problem(exc, "request"), request.url.path)

    async def on_disconnect(request: Request, _exc: Exception) -> Response:
        # The client went away mid-body: nobody will read an answer, and it is no server fault.
        logger.info("client disconnected during %s", request.url.path)
        return Response(status_code=400)

    async def on_unexpected(request: Request, exc: Exception) -> Response:
        logger.exception("unhandled error on %s", request.url.path, exc_info=exc)
        problem = Problem(500, "internal-error", "An unexpected error occurred; it was logged.")
        return problem_response(problem, request.url.path)

    app.add_exception_handler(Problem, on_problem)
    app.add_exception_handler(StarletteHTTPException, on_http)
    app.add_exception_handler(RequestValidationError, on_validation)
    app.add_exception_handler(ClientDisconnect, on_disconnect)
    app.add_exception_handler(Exception, on_unexpected)
