"""Structured logs: JSON lines with request and trace ids, one access line per request."""

from __future__ import annotations

import json
import logging
from collections.abc import Iterator

import pytest
from fastapi.testclient import TestClient
from opentelemetry import trace
from opentelemetry.sdk.trace.export.in_memory_span_exporter import InMemorySpanExporter

from openkyb.app import create_app
from openkyb.settings import Settings
from openkyb.store.db import Database
from openkyb.telemetry import context
from openkyb.telemetry.logging import ContextFilter, JsonFormatter, configure_logging


def _record(message: str = "hello %s", *args: object, **extra: object) -> logging.LogRecord:
    record = logging.getLogger("openkyb.test").makeRecord(
        "openkyb.test", logging.WARNING, __file__, 1, message, args or ("world",), None
    )
    record.__dict__.update(extra)
    ContextFilter().filter(record)
    return record


def test_json_line_carries_request_and_trace_ids(spans: InMemorySpanExporter):
    token = context.bind_request(context.RequestInfo("req-42"))
    try:
        with trace.get_tracer_provider().get_tracer("t").start_as_current_span("s") as span:
            line = JsonFormatter().format(_record(route="/v1/x", status=201))
            ids = span.get_span_context()
    finally:
        context.unbind_request(token)
    document = json.loads(line)
    assert document["message"] == "hello world"
    assert document["level"] == "warning"
    assert document["logger"] == "openkyb.test"
    assert document["time"].endswith("Z")
    assert document["request_id"] == "req-42"
    assert document["trace_id"] == format(ids.trace_id, "032x")
    assert document["span_id"] == format(ids.span_id, "016x")
    assert (document["route"], document["status"]) == ("/v1/x", 201)


def test_json_line_outside_a_request_has_no_ids():
    document = json.loads(JsonFormatter().format(_record()))
    assert not {"request_id", "trace_id", "span_id"} & document.keys()


def test_exceptions_are_kept_in_one_line():
    try:
        raise ValueError("boom")
    except ValueError:
        record = logging.getLogger("x").makeRecord(
            "x", logging.ERROR, __file__, 1, "failed", (), exc_info=__import__("sys").exc_info()
        )
    line = JsonFormatter().format(record)
    assert "\n" not in line
    assert "ValueError: boom" in json.loads(line)["exception"]


@pytest.fixture
def restore_logging() -> Iterator[None]:
    names = ("", "uvicorn", "uvicorn.error", "uvicorn.access")
    saved = {n: (logging.getLogger(n).handlers[:], logging.getLogger(n).level) for n in names}
    yield
    for name, (handlers, level) in saved.items():
        logger = logging.getLogger(name)
        logger.handlers[:] = handlers
        logger.setLevel(level)
        logger.propagate = True


@pytest.mark.parametrize("fmt", ["json", "text"])
def test_configure_logging_routes_uvicorn_through_one_handler(
    fmt: str, restore_logging: None, capsys: pytest.CaptureFixture[str]
):
    configure_logging("debug", fmt)
    logging.getLogger("uvicorn.error").info("started %s", "server")
    logging.getLogger("uvicorn.access").info("not logged: our access log replaces it")
    err = capsys.readouterr().err.strip().splitlines()
    assert len(err) == 1, err
    if fmt == "json":
        assert json.loads(err[0])["message"] == "started server"
    else:
        assert "INFO" in err[0] and "uvicorn.error" in err[0] and "[-]" in err[0]


@pytest.fixture
def client(sqlite_db: Database) -> Iterator[TestClient]:
    app = create_app(Settings(database_url=sqlite_db.url), database=sqlite_db)
    with TestClient(app, raise_server_exceptions=False) as test_client:
        yield test_client


def test_request_id_is_generated_or_propagated(client: TestClient):
    generated = client.get("/healthz").headers["x-request-id"]
    assert len(generated) == 32
    assert client.get("/healthz").headers["x-request-id"] != generated
    given = client.get("/healthz", headers={"X-Request-ID": "abc-123"})
    assert given.headers["x-request-id"] == "abc-123"
    hostile = client.get("/healthz", headers={"X-Request-ID": "a b\tc" + "x" * 200})
    assert hostile.headers["x-request-id"] not in ("a b\tc" + "x" * 200, generated)
    problem = client.get("/v1/nothing")
    assert problem.status_code == 404 and problem.headers["x-request-id"]


class _Lines(logging.Handler):
    def __init__(self) -> None:
        super().__init__(logging.DEBUG)
        self.addFilter(ContextFilter())
        self.setFormatter(JsonFormatter())
        self.lines: list[dict[str, object]] = []

    def emit(self, record: logging.LogRecord) -> None:
        self.lines.append(json.loads(self.format(record)))


@pytest.fixture
def access_lines() -> Iterator[list[dict[str, object]]]:
    logger = logging.getLogger("openkyb.access")
    handler, level = _Lines(), logger.level
    logger.addHandler(handler)
    logger.setLevel(logging.DEBUG)
    yield handler.lines
    logger.removeHandler(handler)
    logger.setLevel(level)


def test_one_access_line_per_request(client: TestClient, access_lines: list[dict[str, object]]):
    response = client.get("/v1/verifications/v_1", headers={"X-Request-ID": "r-1"})
    client.get("/healthz")
    assert len(access_lines) == 2
    first, probe = access_lines
    assert (first["level"], probe["level"]) == ("info", "debug")  # probes stay quiet
    assert {k: first[k] for k in ("request_id", "method", "route", "path", "status")} == {
        "request_id": "r-1",
        "method": "GET",
        "route": "/v1/verifications/{verification_id}",
        "path": "/v1/verifications/v_1",
        "status": response.status_code,
    }
    assert isinstance(first["duration_ms"], float) and first["duration_ms"] >= 0
    assert first["tenant"] is None  # no valid key: no tenant
    assert probe["route"] == "/healthz"


def test_access_line_names_the_tenant_once_known(access_lines: list[dict[str, object]]):
    from starlette.applications import Starlette
    from starlette.responses import PlainTextResponse
    from starlette.routing import Route

    from openkyb.telemetry.middleware import TelemetryMiddleware

    def endpoint(_request: object) -> PlainTextResponse:
        context.set_tenant_attribute("tnt_9", "acme")  # what authentication calls
        return PlainTextResponse("ok")

    app = Starlette(routes=[Route("/t", endpoint)])
    app.add_middleware(TelemetryMiddleware)
    with TestClient(app) as client:
        assert client.get("/t").status_code == 200
    assert [(line["tenant"], line["tenant_id"]) for line in access_lines] == [("acme", "tnt_9")]
