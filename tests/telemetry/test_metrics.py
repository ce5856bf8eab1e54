"""/metrics: a real scrape parsed with prometheus_client's parser."""

from __future__ import annotations

import os
import subprocess
import sys
import textwrap
from datetime import timedelta
from pathlib import Path
from typing import Any

import pytest
from fastapi.testclient import TestClient
from prometheus_client.parser import text_string_to_metric_families

from openkyb.app import create_app
from openkyb.checks import registered_checks
from openkyb.clock import utc_now
from openkyb.settings import Settings
from openkyb.store.db import Database
from openkyb.store.models import DatasetVersion
from openkyb.telemetry import record_rejection
from tests.helpers import auth, new_tenant_key

Samples = dict[tuple[str, frozenset[tuple[str, str]]], float]


def scrape(client: TestClient, **headers: str) -> Samples:
    """Every sample of a /metrics scrape, by name and labels."""
    response = client.get("/metrics", headers=headers)
    assert response.status_code == 200, response.text
    assert response.headers["content-type"].startswith("text/plain")
    return {
        (sample.name, frozenset(sample.labels.items())): sample.value
        for family in text_string_to_metric_families(response.text)
        for sample in family.samples
    }


def value(samples: Samples, name: str, **labels: str) -> float:
    return samples.get((name, frozenset(labels.items())), 0.0)


def add_version(db: Database, dataset: str, fmt: str, loaded_ago: timedelta, published: str):
    with db.session() as session:
        session.add(
            DatasetVersion(
                id=f"v_{dataset}",
                dataset=dataset,
                format=fmt,
                origin="test",
                sha256="0" * 64,
                published=published,
                loaded_at=utc_now() - loaded_ago,
                entities=0,
                names=0,
                issues=0,
                added=0,
                changed=0,
                removed=0,
                report={},
            )
        )


@pytest.fixture
def app_client(db: Database) -> Any:
    app = create_app(Settings(database_url=db.url), database=db)
    with TestClient(app, raise_server_exceptions=False) as client:
        yield client


def test_requests_checks_and_decisions_are_counted(
    app_client: TestClient, db: Database, demo_application: dict[str, Any]
):
    key = new_tenant_key(db, "metered")
    before = scrape(app_client)
    created = app_client.post("/v1/verifications", json=demo_application, headers=auth(key))
    assert created.status_code == 201
    read = app_client.get(f"/v1/verifications/{created.json()['id']}", headers=auth(key))
    assert read.status_code == 200
    assert app_client.get("/v1/verifications/nope", headers=auth(key)).status_code == 404
    assert app_client.get("/no/such/route").status_code == 404
    after = scrape(app_client)

    def delta(name: str, **labels: str) -> float:
        return value(after, name, **labels) - value(before, name, **labels)

    count = "openkyb_http_request_duration_seconds_count"
    by_id = "/v1/verifications/{verification_id}"
    assert delta(count, method="POST", route="/v1/verifications", status="201") == 1
    assert delta(count, method="GET", route=by_id, status="200") == 1
    assert delta(count, method="GET", route=by_id, status="404") == 1
    assert delta(count, method="GET", route="unmatched", status="404") == 1
    assert not [k for k in after if "nope" in str(k) or "/no/such" in str(k)]  # no raw paths
    # The histogram has buckets up to +Inf, consistent with the count.
    inf = value(after, "openkyb_http_request_duration_seconds_bucket", method="POST",
                route="/v1/verifications", status="201", le="+Inf")  # fmt: skip
    assert inf == value(after, count, method="POST", route="/v1/verifications", status="201")
    decision = created.json()["decision"]
    assert delta("openkyb_decisions_total", decision=decision) == 1
    assert delta("openkyb_verification_duration_seconds_count") == 1
    for spec in registered_checks():
        assert delta("openkyb_check_duration_seconds_count", check=spec.key) == 1
    statuses = {c["key"]: c["status"] for c in created.json()["checks"]}
    for check_key, status in statuses.items():
        assert delta("openkyb_check_results_total", check=check_key, status=status) == 1


def test_dataset_ages_are_computed_at_scrape_time(app_client: TestClient, db: Database):
    add_version(db, "un_sc_sanctions", "un-xml", timedelta(hours=2), "2024-11-01")
    add_version(db, "gb_companies_house", "uk-ch-basic", timedelta(days=3), "not-a-date")
    samples = scrape(app_client)
    watchlist = value(
        samples, "openkyb_dataset_age_seconds", dataset="un_sc_sanctions", kind="watchlist"
    )
    registry = value(
        samples, "openkyb_dataset_age_seconds", dataset="gb_companies_house", kind="registry"
    )
    assert 2 * 3600 <= watchlist < 2 * 3600 + 60
    assert 3 * 86400 <= registry < 3 * 86400 + 60
    published = value(
        samples,
        "openkyb_dataset_published_age_seconds",
        dataset="un_sc_sanctions",
        kind="watchlist",
    )
    assert published > watchlist  # published 2024-11-01, long before it was loaded
    assert (
        "openkyb_dataset_published_age_seconds",
        frozenset({("dataset", "gb_companies_house"), ("kind", "registry")}),
    ) not in samples
    info = {
        "dataset": "un_sc_sanctions",
        "kind": "watchlist",
        "version": "v_un_sc_sanctions",
        "format": "un-xml",
    }
    assert value(samples, "openkyb_dataset_info", **info) == 1
    assert value(samples, "openkyb_dataset_scrape_error") == 0


def test_rejections_are_counted_by_reason_and_tenant(app_client: TestClient):
    before = scrape(app_client)
    record_rejection("rate_limit", "acme")
    record_rejection("rate_limit", "acme")
    record_rejection("ip_not_allowed", None)
    after = scrape(app_client)
    name = "openkyb_gateway_rejections_total"
    for labels, expected in (
        ({"reason": "rate_limit", "tenant": "acme"}, 2),
        ({"reason": "ip_not_allowed", "tenant": ""}, 1),
    ):
        assert value(after, name, **labels) - value(before, name, **labels) == expected


def test_metrics_token_and_switch(sqlite_db: Database):
    guarded = Settings(database_url=sqlite_db.url, metrics_token="s3cret")
    with TestClient(create_app(guarded, database=sqlite_db)) as client:
        missing = client.get("/metrics")
        assert missing.status_code == 401
        assert missing.headers["content-type"] == "application/problem+json"
        assert client.get("/metrics", headers=auth("wrong")).status_code == 401
        assert client.get("/metrics", headers={"Authorization": "Basic s3cret"}).status_code == 401
        assert scrape(client, Authorization="Bearer s3cret")
    disabled = Settings(database_url=sqlite_db.url, metrics_enabled=False)
    with TestClient(create_app(disabled, database=sqlite_db)) as client:
        assert client.get("/metrics").status_code == 404


_WORKER = textwrap.dedent(
    """
    import sys
    from fastapi.testclient import TestClient
    from openkyb.app import create_app
    from openkyb.settings import Settings
    from openkyb.store.db import Database

    db = Database(sys.argv[1])
    with TestClient(create_app(Settings(database_url=sys.argv[1]), database=db)) as client:
        if sys.argv[2] == "scrape":
            print(client.get("/metrics").text)
        else:
            assert client.get("/healthz").status_code == 200
    """
)


def test_multiprocess_mode_sums_every_worker(sqlite_db: Database, tmp_path: Path):
    folder = tmp_path / "prometheus"
    folder.mkdir()
    env = {**os.environ, "PROMETHEUS_MULTIPROC_DIR": str(folder)}

    def run(mode: str) -> str:
        done = subprocess.run(
            [sys.executable, "-c", _WORKER, sqlite_db.url, mode],
            env=env,
            capture_output=True,
            text=True,
            timeout=120,
            check=True,
        )
        return done.stdout

    run("request")
    run("request")
    samples = {
        (s.name, frozenset(s.labels.items())): s.value
        for family in text_string_to_metric_families(run("scrape"))
        for s in family.samples
    }
    healthz = {"method": "GET", "route": "/healthz", "status": "200"}
    assert value(samples, "openkyb_http_request_duration_seconds_count", **healthz) == 2
    assert value(samples, "openkyb_dataset_scrape_error") == 0


def test_serve_prepares_a_shared_folder_for_several_workers(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
):
    from openkyb.telemetry.metrics import MULTIPROC_ENV, prepare_multiprocess

    monkeypatch.setenv(MULTIPROC_ENV, "")
    assert prepare_multiprocess(1) is None  # one process: plain registry
    made = prepare_multiprocess(2)
    assert made is not None and Path(made).is_dir()
    assert os.environ[MULTIPROC_ENV] == made  # inherited by the worker processes
    Path(made).rmdir()
    given = tmp_path / "metrics"
    given.mkdir()
    (given / "counter_123.db").write_bytes(b"stale")
    (given / "keep.txt").write_text("not ours")
    monkeypatch.setenv(MULTIPROC_ENV, str(given))
    assert prepare_multiprocess(1) == str(given)
    assert sorted(p.name for p in given.iterdir()) == ["keep.txt"]  # last run's values gone
