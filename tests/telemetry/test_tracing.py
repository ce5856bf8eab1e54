"""Traces: off by default, configured by OTEL_*, and request -> verification -> check spans."""

from __future__ import annotations

from typing import Any

import pytest
from fastapi.testclient import TestClient
from opentelemetry import trace
from opentelemetry.sdk.trace import ReadableSpan, TracerProvider
from opentelemetry.sdk.trace.export.in_memory_span_exporter import InMemorySpanExporter
from opentelemetry.trace import SpanKind

from openkyb.app import create_app
from openkyb.checks import registered_checks
from openkyb.settings import Settings
from openkyb.store.db import Database
from openkyb.telemetry import context, tracing
from openkyb.telemetry.context import TENANT_ID_ATTRIBUTE, RequestInfo
from tests.helpers import auth, new_tenant_key


@pytest.mark.parametrize(
    ("env", "expected"),
    [
        ({}, []),
        ({"OTEL_TRACES_EXPORTER": "otlp"}, ["otlp"]),
        ({"OTEL_TRACES_EXPORTER": "console, otlp"}, ["console", "otlp"]),
        ({"OTEL_EXPORTER_OTLP_ENDPOINT": "http://collector:4318"}, ["otlp"]),
        ({"OTEL_EXPORTER_OTLP_TRACES_ENDPOINT": "http://c:4318/v1/traces"}, ["otlp"]),
        ({"OTEL_TRACES_EXPORTER": "none", "OTEL_EXPORTER_OTLP_ENDPOINT": "http://c:4318"}, []),
        ({"OTEL_SDK_DISABLED": "true", "OTEL_TRACES_EXPORTER": "otlp"}, []),
        ({"OTEL_SDK_DISABLED": "false", "OTEL_TRACES_EXPORTER": "console"}, ["console"]),
    ],
)
def test_exporters_follow_the_otel_variables(env: dict[str, str], expected: list[str]):
    assert tracing.wanted_exporters(env) == expected


def test_tracing_is_off_by_default(fresh_tracing_config: None, sqlite_db: Database):
    assert tracing.configure_tracing({}) is False
    assert not tracing.tracing_active()
    with tracing.span("anything") as current:
        assert current is None
    app = create_app(Settings(database_url=sqlite_db.url), database=sqlite_db)
    assert not getattr(app, "_is_instrumented_by_opentelemetry", False)


def test_otel_variables_install_a_provider(fresh_tracing_config: None):
    env = {"OTEL_TRACES_EXPORTER": "console", "OTEL_SERVICE_NAME": "kyb-test"}
    assert tracing.configure_tracing(env) is True
    provider = trace.get_tracer_provider()
    assert isinstance(provider, TracerProvider)
    assert provider.resource.attributes["service.name"] == "kyb-test"
    with tracing.span("probe") as current:
        assert current is not None and current.is_recording()


def _one(spans: list[ReadableSpan], name: str | None = None, kind: SpanKind | None = None):
    found = [s for s in spans if name in (None, s.name) and kind in (None, s.kind)]
    assert len(found) == 1, [(s.name, s.attributes) for s in spans]
    return found[0]


def test_request_verification_check_and_database_spans(
    spans: InMemorySpanExporter, db: Database, demo_application: dict[str, Any]
):
    key = new_tenant_key(db, "traced")
    app = create_app(Settings(database_url=db.url), database=db)
    with TestClient(app) as client:
        spans.clear()  # start-up (migrations, warm-up) is not part of the request
        response = client.post("/v1/verifications", json=demo_application, headers=auth(key))
    assert response.status_code == 201, response.text
    finished = list(spans.get_finished_spans())
    server = _one(finished, kind=SpanKind.SERVER)
    assert server.attributes is not None
    assert server.attributes["http.route"] == "/v1/verifications"
    assert server.attributes["openkyb.request_id"] == response.headers["x-request-id"]
    verification = _one(finished, name="verification")
    assert verification.parent is not None
    assert verification.parent.span_id == server.context.span_id
    assert verification.attributes is not None
    assert verification.attributes["openkyb.decision"] == response.json()["decision"]
    checks = [s for s in finished if s.name.startswith("check ")]
    assert {s.attributes["openkyb.check.key"] for s in checks if s.attributes} == {
        spec.key for spec in registered_checks()
    }
    assert all(s.parent and s.parent.span_id == verification.context.span_id for s in checks)
    statuses = {s.attributes.get("openkyb.check.status") for s in checks if s.attributes}
    assert statuses <= {"pass", "warn", "fail", "not_applicable", "error"}
    # The key lookup and the insert run in the request's trace (background work, such as
    # usage metering flushes, may run outside it).
    statements = [
        (str(s.attributes["db.statement"]), s)
        for s in finished
        if s.attributes and "db.statement" in s.attributes
    ]
    lookup = next(s for sql, s in statements if sql.startswith("SELECT") and "api_keys" in sql)
    insert = next(s for sql, s in statements if sql.startswith("INSERT INTO verifications"))
    for query in (lookup, insert):
        assert query.kind == SpanKind.CLIENT
        assert query.context.trace_id == server.context.trace_id
        assert query.attributes is not None
        assert query.attributes["db.system"] == db.backend
    screening = [s for s in finished if s.name == "screening"]
    assert all(s.parent and s.parent.span_id == verification.context.span_id for s in screening)


def test_probes_are_not_traced(spans: InMemorySpanExporter, sqlite_db: Database):
    app = create_app(Settings(database_url=sqlite_db.url), database=sqlite_db)
    with TestClient(app) as client:
        spans.clear()
        assert client.get("/healthz").status_code == 200
    assert not [s for s in spans.get_finished_spans() if s.kind == SpanKind.SERVER]


def test_tenant_attribute_reaches_the_request_and_later_spans(spans: InMemorySpanExporter):
    tracer = trace.get_tracer_provider().get_tracer("test")
    info = RequestInfo("req-1")
    token = context.bind_request(info)
    try:
        with tracer.start_as_current_span("request"):
            context.set_tenant_attribute("tnt_1", "acme")
            with tracing.span("verification"):
                pass
    finally:
        context.unbind_request(token)
    request = _one(list(spans.get_finished_spans()), name="request")
    later = _one(list(spans.get_finished_spans()), name="verification")
    assert request.attributes == {TENANT_ID_ATTRIBUTE: "tnt_1", "openkyb.tenant.name": "acme"}
    assert later.attributes == {TENANT_ID_ATTRIBUTE: "tnt_1"}
    assert (info.tenant_id, info.tenant_name) == ("tnt_1", "acme")


def test_muted_records_no_span(spans: InMemorySpanExporter):
    with context.muted(), tracing.span("warm-up") as current:
        assert current is None
    assert not spans.get_finished_spans()
