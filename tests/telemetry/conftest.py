"""Fixtures for telemetry tests: an in-memory span exporter as the global tracer provider."""

from __future__ import annotations

from collections.abc import Iterator

import pytest
from opentelemetry import trace
from opentelemetry.sdk.trace import TracerProvider
from opentelemetry.sdk.trace.export import SimpleSpanProcessor
from opentelemetry.sdk.trace.export.in_memory_span_exporter import InMemorySpanExporter
from opentelemetry.util._once import Once

from openkyb.telemetry import tracing


def _install(provider: trace.TracerProvider | None) -> None:
    # The API allows one global provider per process; tests swap it (as OpenTelemetry's own
    # test utilities do) so that every other test keeps running with tracing off.
    trace._TRACER_PROVIDER_SET_ONCE = Once()
    trace._TRACER_PROVIDER = None
    if provider is not None:
        trace.set_tracer_provider(provider)


@pytest.fixture
def spans() -> Iterator[InMemorySpanExporter]:
    """Tracing on for this test; the exporter holds every finished span."""
    exporter = InMemorySpanExporter()
    provider = TracerProvider()
    provider.add_span_processor(SimpleSpanProcessor(exporter))
    _install(provider)
    yield exporter
    provider.shutdown()
    _install(None)


@pytest.fixture
def fresh_tracing_config(monkeypatch: pytest.MonkeyPatch) -> Iterator[None]:
    """Let configure_tracing run again, and leave no provider behind."""
    monkeypatch.setattr(tracing, "_configured", False)
    yield
    provider = trace.get_tracer_provider()
    shutdown = getattr(provider, "shutdown", None)
    if shutdown is not None:
        shutdown()
    _install(None)
