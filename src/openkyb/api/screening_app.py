"""The standalone screening service: ``openkyb screening serve``.

It holds the watchlist index in memory and answers ``POST /v1/screen`` for the API replicas
(``OPENKYB_SCREENING_URL``), so the index is built once per screening pod rather than once
per API worker. Set ``OPENKYB_SCREENING_TOKEN`` to require a shared bearer token.
"""

from __future__ import annotations

import hmac
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from typing import Annotated, Any

import anyio.to_thread
from fastapi import Depends, FastAPI
from fastapi.concurrency import run_in_threadpool
from fastapi.security import HTTPAuthorizationCredentials, HTTPBearer
from starlette.responses import JSONResponse, Response

from openkyb import __version__
from openkyb.api.middleware import BodySizeLimit
from openkyb.api.problems import Problem, install_problem_handlers
from openkyb.api.responses import json_response
from openkyb.api.screening import ScreenRequest, ScreenResponse, screen_response
from openkyb.screening import DEFAULT_THRESHOLD
from openkyb.settings import Settings, get_settings
from openkyb.store.db import Database
from openkyb.watchlists.screener import LocalScreener

_bearer = HTTPBearer(auto_error=False, scheme_name="ServiceToken")


def create_screening_app(
    settings: Settings | None = None, database: Database | None = None
) -> FastAPI:
    """The screening service over the watchlists loaded in the configured database."""
    settings = settings or get_settings()
    db = database or Database.from_settings(settings)
    screener = LocalScreener(db, settings.screening_refresh_seconds)

    @asynccontextmanager
    async def lifespan(_app: FastAPI) -> AsyncIterator[None]:
        await anyio.to_thread.run_sync(screener.ensure_built)
        yield
        if database is None:
            db.dispose()

    async def authorized(
        credentials: Annotated[HTTPAuthorizationCredentials | None, Depends(_bearer)],
    ) -> None:
        token = settings.screening_token
        presented = credentials.credentials if credentials else ""
        if token and not hmac.compare_digest(presented.encode(), token.encode()):
            raise Problem(401, "unauthorized", "A valid service token is required.")

    app = FastAPI(title="openkyb screening", version=__version__, lifespan=lifespan)
    install_problem_handlers(app)
    app.add_middleware(BodySizeLimit, max_bytes=settings.max_body_bytes)

    @app.post("/v1/screen", response_model=ScreenResponse, dependencies=[Depends(authorized)])
    async def screen(body: ScreenRequest) -> Response:
        """Screen up to 100 names against every loaded list."""
        threshold = body.threshold or DEFAULT_THRESHOLD
        return json_response(await run_in_threadpool(screen_response, body, screener, threshold))

    @app.get("/v1/datasets", dependencies=[Depends(authorized)])
    async def datasets() -> dict[str, Any]:
        """The dataset versions in the index."""
        return {"datasets": await run_in_threadpool(screener.datasets)}

    @app.get("/healthz")
    async def healthz() -> dict[str, str]:
        """The process is up."""
        return {"status": "ok"}

    @app.get("/readyz")
    async def readyz() -> JSONResponse:
        """Ready once the index is built (start-up builds it before serving)."""
        found = await run_in_threadpool(screener.datasets)
        return JSONResponse({"status": "ready", "datasets": found})

    return app
