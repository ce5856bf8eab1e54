"""ASGI middleware: request id, request metrics by route template, and the access log line."""

from __future__ import annotations

import logging
import time

from opentelemetry import trace
from starlette.types import ASGIApp, Message, Receive, Scope, Send

from openkyb.telemetry.context import RequestInfo, bind_request, request_id_from, unbind_request
from openkyb.telemetry.metrics import observe_request

access_logger = logging.getLogger("openkyb.access")

REQUEST_ID_HEADER = b"x-request-id"
UNMATCHED_ROUTE = "unmatched"
# Probes and scrapes are logged at DEBUG: at INFO they would bury the traffic every few seconds.
QUIET_ROUTES = frozenset({"/healthz", "/readyz", "/metrics"})
# Any other method is labelled OTHER, so a client cannot mint label values.
METHODS = frozenset({"GET", "HEAD", "POST", "PUT", "PATCH", "DELETE", "OPTIONS"})


def route_template(scope: Scope) -> str:
    """The matched route's path template (``/v1/verifications/{verification_id}``).

    Labelling by the raw path would make one time series per id; a request that matched no
    route (404, or refused before routing) is ``unmatched``.
    """
    route = scope.get("route")
    path = getattr(route, "path", None)
    return path if isinstance(path, str) else UNMATCHED_ROUTE


def _header(scope: Scope, name: bytes) -> str | None:
    for key, value in scope.get("headers", ()):
        if key == name:
            return bytes(value).decode("latin-1")
    return None


class TelemetryMiddleware:
    """Tag each request with an id (the caller's ``X-Request-ID`` or a new one), echo it in
    the response, and record its latency and one access-log line when it ends.
    """

    def __init__(self, app: ASGIApp) -> None:
        self.app = app

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        started = time.perf_counter()
        info = RequestInfo(request_id_from(_header(scope, REQUEST_ID_HEADER)))
        token = bind_request(info)
        span = trace.get_current_span()
        if span.is_recording():
            span.set_attribute("openkyb.request_id", info.request_id)
        status = 500  # what the server answers when the app raises before responding
        header = (REQUEST_ID_HEADER, info.request_id.encode("latin-1"))

        async def send_with_id(message: Message) -> None:
            nonlocal status
            if message["type"] == "http.response.start":
                status = message["status"]
                message["headers"] = [*message.get("headers", ()), header]
            await send(message)

        try:
            await self.app(scope, receive, send_with_id)
        finally:
            elapsed = time.perf_counter() - started
            route = route_template(scope)
            method = scope["method"] if scope["method"] in METHODS else "OTHER"
            observe_request(method, route, status, elapsed)
            if span.is_recording():
                span.set_attribute("http.route", route)
            _log_access(scope, route, status, elapsed, info)
            unbind_request(token)


def _log_access(scope: Scope, route: str, status: int, elapsed: float, info: RequestInfo) -> None:
    level = logging.DEBUG if route in QUIET_ROUTES else logging.INFO
    if not access_logger.isEnabledFor(level):
        return
    method, path = scope["method"], scope.get("path", "")
    duration_ms = round(elapsed * 1000, 3)
    client = scope.get("client")
    access_logger.log(
        level,
        "%s %s %d %.1f ms",
        method,
        path,
        status,
        duration_ms,
        extra={
            "method": method,
            "route": route,
            "path": path,
            "status": status,
            "duration_ms": duration_ms,
            "tenant": info.tenant_name or info.tenant_id,
            "tenant_id": info.tenant_id,
            "client": client[0] if client else None,
        },
    )
