"""OpenTelemetry traces: off unless the standard ``OTEL_*`` variables ask for an exporter.

When tracing is off, no SDK tracer provider is installed, the app and the engine are not
instrumented, and :func:`span` returns a shared ``nullcontext``: the cost is one type check.

Tracing is on when ``OTEL_TRACES_EXPORTER`` names an exporter (``otlp``, ``console``) or an
OTLP endpoint is set (``OTEL_EXPORTER_OTLP_ENDPOINT`` / ``OTEL_EXPORTER_OTLP_TRACES_ENDPOINT``),
and ``OTEL_SDK_DISABLED`` is not ``true``. The SDK reads the rest itself: ``OTEL_SERVICE_NAME``,
``OTEL_RESOURCE_ATTRIBUTES``, ``OTEL_TRACES_SAMPLER``, ``OTEL_EXPORTER_OTLP_HEADERS``,
``OTEL_BSP_*``, ``OTEL_PROPAGATORS``.
"""

from __future__ import annotations

import logging
import os
import weakref
from collections.abc import Mapping
from contextlib import AbstractContextManager, nullcontext
from typing import TYPE_CHECKING, Any

from opentelemetry import metrics, trace
from opentelemetry.trace import NoOpTracerProvider, ProxyTracerProvider, Span, Tracer
from opentelemetry.util.types import AttributeValue

from openkyb import __version__
from openkyb.telemetry.context import TENANT_ID_ATTRIBUTE, current_request, is_muted

if TYPE_CHECKING:  # the checks import this module: no database import at run time
    from sqlalchemy import Engine

logger = logging.getLogger("openkyb.telemetry")

SCOPE = "openkyb"
DEFAULT_SERVICE_NAME = "openkyb"
# Probes and scrapes would drown the traces: they are not traced.
EXCLUDED_URLS = "/healthz,/readyz,/metrics"

_NULL: AbstractContextManager[None] = nullcontext()
_tracer_cache: tuple[trace.TracerProvider, Tracer] | None = None
_instrumented_engines: weakref.WeakSet[Engine] = weakref.WeakSet()
_configured = False


def _truthy(value: str | None) -> bool:
    return (value or "").strip().lower() == "true"


def wanted_exporters(env: Mapping[str, str]) -> list[str]:
    """The span exporters the environment asks for; empty means tracing stays off."""
    if _truthy(env.get("OTEL_SDK_DISABLED")):
        return []
    named = [e.strip().lower() for e in env.get("OTEL_TRACES_EXPORTER", "").split(",")]
    named = [e for e in named if e]
    if named:
        return [e for e in named if e != "none"]
    endpoint = env.get("OTEL_EXPORTER_OTLP_TRACES_ENDPOINT") or env.get(
        "OTEL_EXPORTER_OTLP_ENDPOINT"
    )
    return ["otlp"] if endpoint else []


def _exporter(name: str, env: Mapping[str, str]) -> Any:
    if name == "console":
        from opentelemetry.sdk.trace.export import ConsoleSpanExporter

        return ConsoleSpanExporter()
    if name == "otlp":
        protocol = env.get("OTEL_EXPORTER_OTLP_TRACES_PROTOCOL") or env.get(
            "OTEL_EXPORTER_OTLP_PROTOCOL", "http/protobuf"
        )
        if protocol == "grpc":
            try:  # optional: the gRPC exporter is not a dependency
                from opentelemetry.exporter.otlp.proto.grpc.trace_exporter import (  # type: ignore[import-not-found]
                    OTLPSpanExporter as GrpcExporter,
                )
            except ImportError:
                logger.warning("OTLP over gRPC needs opentelemetry-exporter-otlp-proto-grpc")
                return None
            return GrpcExporter()
        from opentelemetry.exporter.otlp.proto.http.trace_exporter import OTLPSpanExporter

        return OTLPSpanExporter()
    logger.warning("unknown OTEL_TRACES_EXPORTER %r ignored", name)
    return None


def configure_tracing(env: Mapping[str, str] | None = None) -> bool:
    """Install the SDK tracer provider once per process when ``OTEL_*`` asks for it.

    Returns whether tracing is active. A provider installed by the host (a test, or
    ``opentelemetry-instrument``) is kept as it is.
    """
    global _configured
    if _configured or tracing_active():
        return tracing_active()
    _configured = True
    env = os.environ if env is None else env
    exporters = [e for e in (_exporter(n, env) for n in wanted_exporters(env)) if e is not None]
    if not exporters:
        return False
    from opentelemetry.sdk.resources import SERVICE_NAME, Resource
    from opentelemetry.sdk.trace import TracerProvider
    from opentelemetry.sdk.trace.export import BatchSpanProcessor

    service = env.get("OTEL_SERVICE_NAME") or DEFAULT_SERVICE_NAME
    provider = TracerProvider(resource=Resource.create({SERVICE_NAME: service}))
    for exporter in exporters:
        provider.add_span_processor(BatchSpanProcessor(exporter))
    trace.set_tracer_provider(provider)
    logger.info("tracing on: service %s, exporters %s", service, wanted_exporters(env))
    return True


def active_tracer() -> Tracer | None:
    """openkyb's tracer from the installed provider, or None when tracing is off."""
    global _tracer_cache
    provider = trace.get_tracer_provider()
    if isinstance(provider, ProxyTracerProvider | NoOpTracerProvider):
        return None
    cached = _tracer_cache
    if cached is None or cached[0] is not provider:
        cached = (provider, provider.get_tracer(SCOPE, __version__))
        _tracer_cache = cached
    return cached[1]


def tracing_active() -> bool:
    """Whether a real tracer provider is installed."""
    return active_tracer() is not None


def span(
    name: str, attributes: Mapping[str, AttributeValue] | None = None
) -> AbstractContextManager[Span | None]:
    """A current span named ``name`` (with the request's tenant), or a no-op when off."""
    tracer = active_tracer()
    if tracer is None or is_muted():
        return _NULL
    info = current_request()
    if info is not None and info.tenant_id:
        attributes = {**(attributes or {}), TENANT_ID_ATTRIBUTE: info.tenant_id}
    return tracer.start_as_current_span(name, attributes=attributes)


def instrument_app(app: Any) -> None:
    """Trace every request of the FastAPI ``app`` (server span per request, by route)."""
    from opentelemetry.instrumentation.fastapi import FastAPIInstrumentor

    FastAPIInstrumentor.instrument_app(
        app,
        tracer_provider=trace.get_tracer_provider(),
        excluded_urls=EXCLUDED_URLS,
        exclude_spans=["receive", "send"],
    )


def instrument_engine(engine: Engine) -> None:
    """Trace every SQL statement the engine runs (once per engine)."""
    if engine in _instrumented_engines:
        return
    from opentelemetry.instrumentation.sqlalchemy.engine import EngineTracer
    from opentelemetry.instrumentation.sqlalchemy.version import __version__ as sqla_version

    # EngineTracer is what SQLAlchemyInstrumentor(engine=...) builds; used directly so only
    # this engine is instrumented (the instrumentor would also patch create_engine globally).
    tracer = trace.get_tracer("opentelemetry.instrumentation.sqlalchemy", sqla_version)
    usage = metrics.get_meter("opentelemetry.instrumentation.sqlalchemy").create_up_down_counter(
        "db.client.connections.usage", unit="connections"
    )
    EngineTracer(tracer, engine, usage)  # type: ignore[no-untyped-call]
    _instrumented_engines.add(engine)
