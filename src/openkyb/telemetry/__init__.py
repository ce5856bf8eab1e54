"""Telemetry: OpenTelemetry traces, Prometheus metrics, structured logs.

Other modules call the small helpers re-exported here; none of them does work when the
matching signal is off (no tracer provider: spans are no-ops).
"""

from openkyb.telemetry.context import current_request, muted, set_tenant_attribute
from openkyb.telemetry.metrics import (
    observe_check,
    observe_screening,
    observe_verification,
    record_rejection,
)
from openkyb.telemetry.tracing import span, tracing_active

__all__ = [
    "current_request",
    "muted",
    "observe_check",
    "observe_screening",
    "observe_verification",
    "record_rejection",
    "set_tenant_attribute",
    "span",
    "tracing_active",
]
