"""``POST /v1/screen``: screen names against the loaded watchlists.

The same handler serves tenants on the main API (bearer API key) and the standalone
screening service (``openkyb screening serve``, optional shared token).
"""

from __future__ import annotations

from typing import Annotated, Any, Literal

from fastapi import APIRouter, Request
from fastapi.concurrency import run_in_threadpool
from pydantic import BaseModel, ConfigDict, Field, StringConstraints
from starlette.responses import Response

from openkyb.api.deps import ApiKeyDep, DatabaseDep, require_tenant
from openkyb.api.responses import json_response
from openkyb.api.schemas import ProblemOut
from openkyb.applications.model import CountryCode
from openkyb.screening import DEFAULT_THRESHOLD
from openkyb.watchlists.screener import MAX_QUERIES, Screener, ScreenQuery, ScreenResult

BirthDate = Annotated[
    str, StringConstraints(pattern=r"^(19|20)\d\d(-(0[1-9]|1[0-2])(-(0[1-9]|[12]\d|3[01]))?)?$")
]


class QueryIn(BaseModel):
    """A name to screen, with optional qualifiers."""

    model_config = ConfigDict(extra="forbid", str_strip_whitespace=True)

    name: Annotated[str, StringConstraints(min_length=1, max_length=300)]
    schema_: Literal["person", "company"] | None = Field(default=None, alias="schema")
    birth_date: BirthDate | None = Field(default=None, description="YYYY, YYYY-MM or YYYY-MM-DD")
    countries: list[CountryCode] = Field(default_factory=list, max_length=10)
    identifiers: list[Annotated[str, StringConstraints(min_length=1, max_length=64)]] = Field(
        default_factory=list, max_length=10
    )

    def to_query(self) -> ScreenQuery:
        """The screener's query."""
        return ScreenQuery(
            self.name, self.schema_, self.birth_date, tuple(self.countries), tuple(self.identifiers)
        )


class ScreenRequest(BaseModel):
    """Up to 100 queries screened together."""

    model_config = ConfigDict(extra="forbid")

    queries: list[QueryIn] = Field(min_length=1, max_length=MAX_QUERIES)
    threshold: float | None = Field(default=None, ge=0.5, le=1.0)
    limit: int = Field(default=10, ge=1, le=50)


class ScreenResultOut(BaseModel):
    """The hits for one query, best first."""

    query: dict[str, Any]
    hits: list[dict[str, Any]]


class ScreenResponse(BaseModel):
    """Every query's hits, and the dataset versions screened against."""

    results: list[ScreenResultOut]
    datasets: list[dict[str, str]]
    entities: int
    topics: list[str]
    threshold: float


def screen_response(request: ScreenRequest, screener: Screener, threshold: float) -> dict[str, Any]:
    """Run the screening and shape the response (blocking: call from the thread pool)."""
    result: ScreenResult = screener.screen(
        [q.to_query() for q in request.queries], threshold, request.limit
    )
    return {
        "results": [
            {"query": q.to_query().as_dict(), "hits": hits}
            for q, hits in zip(request.queries, result.hits, strict=True)
        ],
        "datasets": result.datasets,
        "entities": result.entities,
        "topics": sorted(result.topics),
        "threshold": threshold,
    }


tenant_router = APIRouter(tags=["screening"])


@tenant_router.post(
    "/v1/screen",
    response_model=ScreenResponse,
    summary="Screen names against the watchlists",
    responses={
        401: {"model": ProblemOut, "description": "Missing, unknown or revoked API key"},
        422: {"model": ProblemOut, "description": "Invalid request"},
    },
)
async def screen_for_tenant(
    body: ScreenRequest, request: Request, key: ApiKeyDep, db: DatabaseDep
) -> Response:
    """Screen up to 100 names; the tenant's policy threshold applies unless one is given."""
    screener: Screener = request.app.state.screener

    def run() -> dict[str, Any]:
        policy = require_tenant(db, key).policy
        threshold = body.threshold or policy.screening_threshold or DEFAULT_THRESHOLD
        return screen_response(body, screener, threshold)

    return json_response(await run_in_threadpool(run))
