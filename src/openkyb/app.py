"""The ASGI application: routers, problem handlers, body limits and lifespan."""

from __future__ import annotations

from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from typing import Any

import anyio.to_thread
from fastapi import FastAPI
from fastapi.openapi.utils import get_openapi

from openkyb import __version__
from openkyb.api import admin, companies, health, metrics, screening, usage, verifications
from openkyb.api.middleware import BodySizeLimit
from openkyb.api.problems import PROBLEM_MEDIA_TYPE, install_problem_handlers
from openkyb.applications import Application
from openkyb.gateway.middleware import GatewayMiddleware
from openkyb.gateway.pipeline import Gateway
from openkyb.registry.evidence import RegistryGatherer
from openkyb.registry.live import make_live_clients
from openkyb.settings import Settings, get_settings
from openkyb.store.db import Database
from openkyb.telemetry.install import install_telemetry
from openkyb.verifications.orchestrator import warm_up
from openkyb.watchlists.screener import LocalScreener, make_screener

DESCRIPTION = """
openkyb verifies a business for a B2B marketplace: identity, location, solvency, capability
and compliance, with a risk score, a decision and every reason behind it.

Authenticate with `Authorization: Bearer <API key>`. Errors are RFC 9457 problem JSON.
"""


def _openapi(app: FastAPI) -> dict[str, Any]:
    """The OpenAPI document, with the Application model the create route reads by hand."""
    if app.openapi_schema:
        return app.openapi_schema
    schema = get_openapi(
        title="openkyb", version=__version__, description=DESCRIPTION, routes=app.routes
    )
    application = Application.model_json_schema(ref_template="#/components/schemas/{model}")
    components = schema.setdefault("components", {}).setdefault("schemas", {})
    components.update(application.pop("$defs", {}))
    components["Application"] = application
    components.pop("HTTPValidationError", None)
    components.pop("ValidationError", None)
    _errors_as_problems(schema)
    app.openapi_schema = schema
    return schema


def _errors_as_problems(schema: dict[str, Any]) -> None:
    """Document every 4xx/5xx response as ``application/problem+json`` (what we send)."""
    problem = {"schema": {"$ref": "#/components/schemas/ProblemOut"}}
    for path in schema.get("paths", {}).values():
        for operation in path.values():
            for status, response in operation.get("responses", {}).items():
                if status[0] in "45":
                    response["content"] = {PROBLEM_MEDIA_TYPE: problem}
            operation["responses"].setdefault(
                "422",
                {"description": "Invalid parameters", "content": {PROBLEM_MEDIA_TYPE: problem}},
            )


def create_app(settings: Settings | None = None, database: Database | None = None) -> FastAPI:
    """Build the API for the given settings (the environment's by default)."""
    settings = settings or get_settings()
    db = database or Database.from_settings(settings)

    @asynccontextmanager
    async def lifespan(_app: FastAPI) -> AsyncIterator[None]:
        anyio.to_thread.current_default_thread_limiter().total_tokens = settings.threads
        warm_up()
        if isinstance(screener, LocalScreener):
            await anyio.to_thread.run_sync(screener.ensure_built)
        yield
        if database is None:  # we created it, we close it
            db.dispose()

    app = FastAPI(title="openkyb", version=__version__, description=DESCRIPTION, lifespan=lifespan)
    app.state.settings = settings
    app.state.db = db
    screener = make_screener(settings, db)
    app.state.screener = screener
    app.state.registry = RegistryGatherer(db, *make_live_clients(settings))
    install_problem_handlers(app)
    app.include_router(health.router)
    app.include_router(verifications.router)
    app.include_router(companies.router)
    app.include_router(screening.tenant_router)
    app.include_router(metrics.router)
    app.include_router(usage.router)
    app.include_router(admin.router)
    app.add_middleware(BodySizeLimit, max_bytes=settings.max_body_bytes)
    app.add_middleware(GatewayMiddleware, gateway=Gateway(settings, db))
    install_telemetry(app, db)  # last: its middleware must run outermost
    app.openapi = lambda: _openapi(app)  # type: ignore[method-assign]
    return app
