"""Wire telemetry into the app: tracing (when configured), the middleware, the engine."""

from __future__ import annotations

from fastapi import FastAPI

from openkyb.store.db import Database
from openkyb.telemetry.middleware import TelemetryMiddleware
from openkyb.telemetry.tracing import configure_tracing, instrument_app, instrument_engine


def install_telemetry(app: FastAPI, db: Database) -> None:
    """Add request ids, metrics and access logs; trace requests and SQL when tracing is on.

    Call it after every other ``add_middleware``: the middleware added last runs outermost,
    and telemetry must see every response, including the ones other middleware refuses.
    """
    app.add_middleware(TelemetryMiddleware)
    if configure_tracing():
        instrument_app(app)
        instrument_engine(db.engine)
