"""The Grafana dashboard queries only metrics and labels that a real /metrics scrape has."""

from __future__ import annotations

import json
import re
from datetime import timedelta
from pathlib import Path
from typing import Any

import pytest
from fastapi.testclient import TestClient
from prometheus_client.parser import text_string_to_metric_families

from openkyb.app import create_app
from openkyb.settings import Settings
from openkyb.store.db import Database
from openkyb.telemetry import record_rejection
from tests.helpers import auth, new_tenant_key
from tests.telemetry.test_metrics import add_version

DASHBOARD = Path(__file__).resolve().parents[2] / "deploy/observability/openkyb-dashboard.json"
METRIC = re.compile(r"\bopenkyb_[a-z0-9_]+")
BY = re.compile(r"\bby \(([^)]*)\)")
MATCHER = re.compile(r"\b([a-z_]+)=~?\"")
ADDED_BY_PROMETHEUS = {"job", "instance", "le"}


def _panels(dashboard: dict[str, Any]) -> list[dict[str, Any]]:
    panels = []
    for panel in dashboard["panels"]:
        panels.append(panel)
        panels.extend(panel.get("panels", []))
    return panels


@pytest.fixture(scope="module")
def dashboard() -> dict[str, Any]:
    document: dict[str, Any] = json.loads(DASHBOARD.read_text())
    return document


def test_dashboard_is_a_valid_grafana_dashboard(dashboard: dict[str, Any]):
    assert dashboard["uid"] and dashboard["title"]
    assert isinstance(dashboard["schemaVersion"], int)
    panels = _panels(dashboard)
    ids = [p["id"] for p in panels]
    assert len(ids) == len(set(ids))
    variables = {v["name"] for v in dashboard["templating"]["list"]}
    assert {"datasource", "job"} <= variables
    for panel in panels:
        assert {"h", "w", "x", "y"} <= panel["gridPos"].keys()
        assert panel["gridPos"]["x"] + panel["gridPos"]["w"] <= 24
        if panel["type"] != "row":
            assert panel["datasource"]["uid"] == "${datasource}"
            assert panel["targets"] and all(t["expr"] for t in panel["targets"])
    titles = " ".join(p["title"].lower() for p in panels)
    for topic in ("request rate", "error rate", "p95", "check latency", "decisions", "age"):
        assert topic in titles
    assert "rejections by reason" in titles


@pytest.fixture
def scraped(sqlite_db: Database, demo_application: dict[str, Any]) -> dict[str, set[str]]:
    """Every metric name in a scrape after real traffic, with the labels it carries."""
    add_version(sqlite_db, "un_sc_sanctions", "un-xml", timedelta(hours=1), "2024-11-01")
    key = new_tenant_key(sqlite_db, "dash")
    app = create_app(Settings(database_url=sqlite_db.url), database=sqlite_db)
    with TestClient(app) as client:
        client.post("/v1/verifications", json=demo_application, headers=auth(key))
        record_rejection("rate_limit", "dash")
        text = client.get("/metrics").text
    names: dict[str, set[str]] = {}
    for family in text_string_to_metric_families(text):
        for sample in family.samples:
            names.setdefault(sample.name, set()).update(sample.labels)
    return names


def test_every_query_uses_exported_metrics_and_labels(
    dashboard: dict[str, Any], scraped: dict[str, set[str]]
):
    expressions = [t["expr"] for p in _panels(dashboard) for t in p.get("targets", [])]
    assert len(expressions) >= 10
    for expr in expressions:
        metrics = METRIC.findall(expr)
        assert metrics, expr
        unknown = [m for m in metrics if m not in scraped]
        assert not unknown, f"{expr}: {unknown} not exported"
        available = set().union(*(scraped[m] for m in metrics)) | ADDED_BY_PROMETHEUS
        used = {label.strip() for group in BY.findall(expr) for label in group.split(",")}
        used |= set(MATCHER.findall(expr))
        assert used <= available, f"{expr}: labels {used - available} not exported"
