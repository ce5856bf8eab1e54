"""Gateway policies through the real app: allowlists, bots, rate limits, Redis down."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from typing import Any

import pytest
from fastapi.testclient import TestClient
from tests.gateway.support import DOWN_REDIS_URL, require_redis
from tests.helpers import auth, new_tenant_key

from openkyb.app import create_app
from openkyb.gateway import plans
from openkyb.gateway import tenants as tenant_service
from openkyb.gateway.audit import KEY_BLOCKED, list_events
from openkyb.settings import Settings
from openkyb.store.db import Database

ClientFactory = Callable[..., TestClient]
LIST = "/v1/verifications"


@pytest.fixture
def make_client(sqlite_db: Database) -> Iterator[ClientFactory]:
    """Apps over one database, each with its own settings and peer address."""
    opened: list[TestClient] = []

    def make(peer: str = "203.0.113.10", **settings: Any) -> TestClient:
        app = create_app(Settings(database_url=sqlite_db.url, **settings), database=sqlite_db)
        client = TestClient(app, raise_server_exceptions=False, client=(peer, 50000))
        client.__enter__()
        opened.append(client)
        return client

    yield make
    for client in opened:
        client.__exit__(None, None, None)


def set_gateway(db: Database, tenant: str, **changes: Any) -> None:
    with db.session() as session:
        row = tenant_service.get_tenant(session, tenant)
        policy = plans.updated_policy(plans.tenant_gateway_policy(row), **changes)
        plans.set_gateway_policy(row, policy)


def problem_type(response) -> str:
    assert response.headers["content-type"] == "application/problem+json"
    return response.json()["type"].removeprefix("urn:openkyb:problem:")


@pytest.mark.parametrize(
    ("allow", "peer", "status"),
    [
        ("203.0.113.0/24", "203.0.113.10", 200),
        ("203.0.113.0/24", "198.51.100.1", 403),
        ("2001:db8::/32", "2001:db8::5", 200),
        ("2001:db8::/32", "2001:db9::1", 403),
        ("2001:db8::/32", "203.0.113.10", 403),
    ],
)
def test_ip_allowlist(make_client, sqlite_db, allow, peer, status):
    key = new_tenant_key(sqlite_db, "t")
    set_gateway(sqlite_db, "t", ip_allow=[allow])
    response = make_client(peer).get(LIST, headers=auth(key))
    assert response.status_code == status
    if status == 403:
        assert problem_type(response) == "ip-not-allowed"


@pytest.mark.parametrize(
    ("peer", "forwarded", "status"),
    [
        ("10.0.0.2", "203.0.113.10", 200),  # trusted proxy, allowed client
        ("10.0.0.2", "198.51.100.1", 403),  # trusted proxy, other client
        ("10.0.0.2", "203.0.113.10, 198.51.100.1", 403),  # right-most untrusted wins
        ("198.51.100.1", "203.0.113.10", 403),  # untrusted peer cannot forge the header
    ],
)
def test_forwarded_for_only_from_trusted_proxies(make_client, sqlite_db, peer, forwarded, status):
    key = new_tenant_key(sqlite_db, "t")
    set_gateway(sqlite_db, "t", ip_allow=["203.0.113.0/24"])
    client = make_client(peer, trusted_proxies=["10.0.0.0/8"])
    response = client.get(LIST, headers={**auth(key), "X-Forwarded-For": forwarded})
    assert response.status_code == status


@pytest.mark.parametrize(
    ("user_agent", "status"),
    [
        ("acme-market/1.0", 200),
        ("curl/8.5.0", 200),
        ("python-requests/2.32", 200),
        ("", 403),
        ("Mozilla/5.0 (compatible; Googlebot/2.1)", 403),
        ("Scrapy/2.11", 403),
    ],
)
def test_bots_are_blocked_by_default(make_client, sqlite_db, user_agent, status):
    key = new_tenant_key(sqlite_db, "t")
    response = make_client().get(LIST, headers={**auth(key), "User-Agent": user_agent})
    assert response.status_code == status
    if status == 403:
        assert problem_type(response) == "bot-blocked"


def test_a_tenant_may_allow_bots(make_client, sqlite_db):
    key = new_tenant_key(sqlite_db, "t")
    set_gateway(sqlite_db, "t", allow_bots=True)
    response = make_client().get(LIST, headers={**auth(key), "User-Agent": "Googlebot/2.1"})
    assert response.status_code == 200


def _rate_limited(client: TestClient, key: str) -> None:
    seen = [client.get(LIST, headers=auth(key)) for _ in range(4)]
    assert [r.status_code for r in seen] == [200, 200, 200, 429]
    assert [r.headers["RateLimit-Remaining"] for r in seen] == ["2", "1", "0", "0"]
    assert all(r.headers["RateLimit-Limit"] == "3" for r in seen)
    refused = seen[-1]
    assert problem_type(refused) == "rate-limited"
    assert 1 <= int(refused.headers["Retry-After"]) <= 60
    assert 0 <= int(refused.headers["RateLimit-Reset"]) <= 60


def test_rate_limit_in_memory(make_client, sqlite_db):
    key = new_tenant_key(sqlite_db, "t")
    set_gateway(sqlite_db, "t", rate_limits=["3/minute"])
    _rate_limited(make_client(), key)


def test_rate_limit_in_redis_is_shared_by_apps(make_client, sqlite_db):
    url = require_redis()
    key = new_tenant_key(sqlite_db, "t")
    set_gateway(sqlite_db, "t", rate_limits=["3/minute"])
    first, second = make_client(redis_url=url), make_client(redis_url=url)
    assert first.get(LIST, headers=auth(key)).status_code == 200
    assert second.get(LIST, headers=auth(key)).status_code == 200
    assert first.get(LIST, headers=auth(key)).status_code == 200
    assert second.get(LIST, headers=auth(key)).status_code == 429


def test_redis_down_fails_open(make_client, sqlite_db, caplog):
    key = new_tenant_key(sqlite_db, "t")
    set_gateway(sqlite_db, "t", rate_limits=["1/minute"])
    client = make_client(redis_url=DOWN_REDIS_URL, rate_limit_failure="open")
    responses = [client.get(LIST, headers=auth(key)) for _ in range(3)]
    assert [r.status_code for r in responses] == [200, 200, 200]
    assert "RateLimit-Limit" not in responses[0].headers
    assert "rate-limit store unreachable" in caplog.text


def test_redis_down_fails_closed(make_client, sqlite_db):
    key = new_tenant_key(sqlite_db, "t")
    set_gateway(sqlite_db, "t", rate_limits=["1/minute"])
    client = make_client(redis_url=DOWN_REDIS_URL, rate_limit_failure="closed")
    response = client.get(LIST, headers=auth(key))
    assert response.status_code == 503
    assert problem_type(response) == "rate-limit-unavailable"
    assert response.headers["Retry-After"] == "5"
    # A tenant without limits never needs Redis, so it is not refused.
    free = new_tenant_key(sqlite_db, "free")
    assert client.get(LIST, headers=auth(free)).status_code == 200


def test_a_bursting_key_is_blocked_and_audited(make_client, sqlite_db):
    key = new_tenant_key(sqlite_db, "t")
    set_gateway(sqlite_db, "t", rate_limits=["2/minute"])
    client = make_client()
    statuses = [client.get(LIST, headers=auth(key)) for _ in range(9)]
    assert [r.status_code for r in statuses] == [200, 200] + [429] * 7
    kinds = [problem_type(r) for r in statuses[2:]]
    # Attempt 7 passes 3 x 2: from then on the key is blocked for minutes.
    assert kinds == ["rate-limited"] * 4 + ["key-blocked"] * 3
    assert int(statuses[-1].headers["Retry-After"]) > 200
    events = list_events(sqlite_db, kind=KEY_BLOCKED)
    assert len(events) == 1
    with sqlite_db.session() as session:
        tenant_id = tenant_service.get_tenant(session, "t").id
    assert events[0]["tenant_id"] == tenant_id
    assert events[0]["detail"]["limit"] == 2


def test_the_policy_change_applies_at_once(make_client, sqlite_db):
    key = new_tenant_key(sqlite_db, "t")
    client = make_client("198.51.100.1")
    assert client.get(LIST, headers=auth(key)).status_code == 200
    set_gateway(sqlite_db, "t", ip_allow=["203.0.113.0/24"])
    assert client.get(LIST, headers=auth(key)).status_code == 403
    set_gateway(sqlite_db, "t", ip_allow_clear=True)
    assert client.get(LIST, headers=auth(key)).status_code == 200
