"""/readyz: the database, Redis when configured, and the loaded datasets with their age."""

from __future__ import annotations

import os
import socket
from datetime import timedelta

import pytest
from fastapi.testclient import TestClient

from openkyb.app import create_app
from openkyb.settings import Settings
from openkyb.store.db import Database
from tests.telemetry.test_metrics import add_version

REDIS_URL = os.environ.get("OPENKYB_TEST_REDIS_URL", "redis://127.0.0.1:6379/0")


def _closed_port() -> int:
    with socket.socket() as probe:  # bound then closed: nothing listens there
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


def require_redis() -> None:
    """Skip without Redis on a laptop; in CI a missing server is a failure."""
    import redis

    try:
        redis.Redis.from_url(REDIS_URL, socket_connect_timeout=1).ping()
    except redis.RedisError as exc:
        if os.environ.get("CI") == "true":
            pytest.fail(f"Redis must be reachable in CI at {REDIS_URL}: {exc}")
        pytest.skip(f"Redis not reachable at {REDIS_URL} ({exc})")


def ready(db: Database, **settings: object) -> tuple[int, dict[str, object]]:
    app = create_app(Settings(database_url=db.url, **settings), database=db)  # type: ignore[arg-type]
    with TestClient(app) as client:
        response = client.get("/readyz")
    return response.status_code, response.json()


def test_datasets_with_their_age(db: Database):
    add_version(db, "un_sc_sanctions", "un-xml", timedelta(minutes=30), "2024-11-01")
    add_version(db, "gb_companies_house", "uk-ch-basic", timedelta(days=2), "2024-12-01")
    status, body = ready(db)
    assert status == 200 and body["status"] == "ready"
    components = body["components"]
    assert isinstance(components, dict)
    assert components["database"]["status"] == "ok"
    assert "redis" not in components  # not configured
    assert components["datasets"]  # the packaged reference data, as before
    (watchlist,) = components["watchlists"]
    assert watchlist["dataset"] == "un_sc_sanctions"
    assert watchlist["version"] == "v_un_sc_sanctions"
    assert watchlist["loaded_at"].endswith("Z")
    assert 1800 <= watchlist["age_seconds"] < 1900
    (registry,) = components["registries"]
    assert registry["dataset"] == "gb_companies_house"
    assert registry["kind"] == "registry"
    assert registry["published"] == "2024-12-01"
    assert 2 * 86400 <= registry["age_seconds"] < 2 * 86400 + 100


def test_redis_is_pinged_when_configured(sqlite_db: Database):
    require_redis()
    status, body = ready(sqlite_db, redis_url=REDIS_URL)
    assert status == 200
    redis_status = body["components"]["redis"]  # type: ignore[index]
    assert redis_status["status"] == "ok" and redis_status["latency_ms"] >= 0


@pytest.mark.parametrize(("failure", "expected"), [("open", 200), ("closed", 503)])
def test_redis_down_fails_readiness_only_when_limits_fail_closed(
    sqlite_db: Database, failure: str, expected: int
):
    url = f"redis://127.0.0.1:{_closed_port()}/0"
    status, body = ready(sqlite_db, redis_url=url, rate_limit_failure=failure)
    assert status == expected
    redis_status = body["components"]["redis"]  # type: ignore[index]
    assert redis_status["status"] == "unavailable"
    assert redis_status["failure"] == failure
    assert body["components"]["database"]["status"] == "ok"  # type: ignore[index]
