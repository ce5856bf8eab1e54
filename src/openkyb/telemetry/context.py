"""What telemetry knows about the request being served: its id and, once known, its tenant.

The middleware puts a :class:`RequestInfo` in a context variable at the start of each
request. It is a mutable holder on purpose: route code runs in worker threads with a *copy*
of the context, so a value set there would never reach the middleware's access log, while a
field written on the shared holder does.
"""

from __future__ import annotations

import re
import uuid
from collections.abc import Iterator
from contextlib import contextmanager
from contextvars import ContextVar
from dataclasses import dataclass

from opentelemetry import trace

TENANT_ID_ATTRIBUTE = "openkyb.tenant.id"
TENANT_NAME_ATTRIBUTE = "openkyb.tenant.name"

# A caller's X-Request-ID is kept only when it is a short token: it is echoed in a header and
# written to every log line, so anything else (newlines, huge values) is replaced.
_REQUEST_ID = re.compile(r"[A-Za-z0-9._:@/+=-]{1,128}")


@dataclass(slots=True)
class RequestInfo:
    """The request id, and the tenant once authentication has found it."""

    request_id: str
    tenant_id: str | None = None
    tenant_name: str | None = None


_current: ContextVar[RequestInfo | None] = ContextVar("openkyb_request", default=None)


def current_request() -> RequestInfo | None:
    """The request being served in this context, if any."""
    return _current.get()


def bind_request(info: RequestInfo | None) -> object:
    """Make ``info`` the current request; returns a token for :func:`unbind_request`."""
    return _current.set(info)


def unbind_request(token: object) -> None:
    """Restore the request that was current before :func:`bind_request`."""
    _current.reset(token)  # type: ignore[arg-type]


def request_id_from(header: str | None) -> str:
    """The caller's request id when it is a sane token, else a new random one."""
    if header and _REQUEST_ID.fullmatch(header):
        return header
    return uuid.uuid4().hex


def set_tenant_attribute(tenant_id: str, tenant_name: str | None = None) -> None:
    """Record the authenticated tenant on the request's span, access log and later spans.

    Call it once the API key is resolved (from the event loop or a worker thread): it sets
    ``openkyb.tenant.id`` (and ``openkyb.tenant.name``) on the current span, and remembers the
    tenant so the access log line and the verification and screening spans carry it too.
    """
    info = _current.get()
    if info is not None:
        info.tenant_id, info.tenant_name = tenant_id, tenant_name
    span = trace.get_current_span()
    if span.is_recording():
        span.set_attribute(TENANT_ID_ATTRIBUTE, tenant_id)
        if tenant_name:
            span.set_attribute(TENANT_NAME_ATTRIBUTE, tenant_name)


_muted: ContextVar[bool] = ContextVar("openkyb_telemetry_muted", default=False)


@contextmanager
def muted() -> Iterator[None]:
    """Record no span and no metric inside (the start-up warm-up verification is not traffic)."""
    token = _muted.set(True)
    try:
        yield
    finally:
        _muted.reset(token)


def is_muted() -> bool:
    """Whether telemetry is switched off in this context."""
    return _muted.get()
