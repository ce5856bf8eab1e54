"""ETags, the verification cache and usage metering, on SQLite and PostgreSQL."""

from __future__ import annotations

from typing import Any

from fastapi.testclient import TestClient
from tests.helpers import auth, new_tenant_key

from openkyb.gateway import plans
from openkyb.gateway import tenants as tenant_service
from openkyb.store.db import Database

URL = "/v1/verifications"


def set_gateway(db: Database, tenant: str, **changes: Any) -> None:
    with db.session() as session:
        row = tenant_service.get_tenant(session, tenant)
        plans.set_gateway_policy(
            row, plans.updated_policy(plans.tenant_gateway_policy(row), **changes)
        )


def test_get_answers_carry_etags_and_304(client: TestClient, api_key: str, demo_application):
    created = client.post(URL, json=demo_application, headers=auth(api_key)).json()
    # Usage over a closed range (today's counts move with every request, this one included).
    past_usage = "/v1/usage?from=2020-01-01&to=2020-01-31"
    for path in (f"{URL}/{created['id']}", URL, past_usage):
        first = client.get(path, headers=auth(api_key))
        assert first.status_code == 200
        etag = first.headers["ETag"]
        assert first.headers["Cache-Control"] == "private, no-cache"
        again = client.get(path, headers={**auth(api_key), "If-None-Match": etag})
        assert again.status_code == 304, path
        assert again.content == b""
        assert again.headers["ETag"] == etag
        stale = client.get(path, headers={**auth(api_key), "If-None-Match": '"stale"'})
        assert stale.status_code == 200
    # A new verification changes the list, so its tag changes too.
    before = client.get(URL, headers=auth(api_key)).headers["ETag"]
    client.post(URL, json=demo_application, headers=auth(api_key))
    assert client.get(URL, headers=auth(api_key)).headers["ETag"] != before


def test_identical_verifications_are_cached_when_enabled(
    client: TestClient, db: Database, api_key: str, demo_application
):
    first = client.post(URL, json=demo_application, headers=auth(api_key)).json()
    uncached = client.post(URL, json=demo_application, headers=auth(api_key)).json()
    assert "cached" not in uncached
    set_gateway(db, "acme-market", cache_ttl=300)
    cached = client.post(URL, json=demo_application, headers=auth(api_key))
    assert cached.status_code == 201
    body = cached.json()
    assert body["cached"] is True
    assert body["cached_from"] == uncached["id"]  # the newest real evaluation
    assert body["id"] not in (first["id"], uncached["id"])
    assert cached.headers["Location"] == f"{URL}/{body['id']}"
    assert body["decision"] == uncached["decision"]
    assert body["checks"] == uncached["checks"]
    # A copy is never an original: the next one points at the same real evaluation.
    again = client.post(URL, json=demo_application, headers=auth(api_key)).json()
    assert again["cached_from"] == uncached["id"]
    stored = client.get(f"{URL}/{body['id']}", headers=auth(api_key)).json()
    assert stored["cached_from"] == uncached["id"]
    # A different application is verified for real.
    other = {**demo_application, "legal_name": "Another Trading Ltd"}
    assert "cached" not in client.post(URL, json=other, headers=auth(api_key)).json()


def test_cache_keeps_idempotency(client: TestClient, db: Database, api_key, demo_application):
    client.post(URL, json=demo_application, headers=auth(api_key))
    set_gateway(db, "acme-market", cache_ttl=300)
    headers = {**auth(api_key), "Idempotency-Key": "order-1"}
    first = client.post(URL, json=demo_application, headers=headers)
    assert first.json()["cached"] is True
    replay = client.post(URL, json=demo_application, headers=headers)
    assert replay.headers["Idempotent-Replayed"] == "true"
    assert replay.json()["id"] == first.json()["id"]
    other = {**demo_application, "legal_name": "Another Trading Ltd"}
    assert client.post(URL, json=other, headers=headers).status_code == 409


def test_cache_is_per_tenant(client: TestClient, db: Database, api_key, demo_application):
    other_key = new_tenant_key(db, "other")
    client.post(URL, json=demo_application, headers=auth(api_key))
    set_gateway(db, "other", cache_ttl=300)
    answer = client.post(URL, json=demo_application, headers=auth(other_key)).json()
    assert "cached" not in answer


def test_usage_is_counted_per_tenant_and_day(
    client: TestClient, db: Database, api_key: str, demo_application
):
    other_key = new_tenant_key(db, "other")
    set_gateway(db, "acme-market", cache_ttl=300, rate_limits=["5/minute"])
    client.post(URL, json=demo_application, headers=auth(api_key))
    client.post(URL, json=demo_application, headers=auth(api_key))  # cached
    replay_headers = {**auth(api_key), "Idempotency-Key": "k"}
    client.post(URL, json={**demo_application, "legal_name": "B Ltd"}, headers=replay_headers)
    client.post(URL, json={**demo_application, "legal_name": "B Ltd"}, headers=replay_headers)
    client.post("/v1/screen", json={"queries": [{"name": "Nobody"}]}, headers=auth(api_key))
    client.get(URL, headers={**auth(api_key), "User-Agent": "Googlebot/2.1"})
    # A refused bot uses no slot of the limit: this is the sixth counted request.
    assert client.get(URL, headers=auth(api_key)).status_code == 429
    client.get(URL, headers=auth(other_key))
    set_gateway(db, "acme-market", rate_limits_clear=True)

    usage = client.get("/v1/usage", headers=auth(other_key)).json()
    assert usage["totals"]["requests"] == 2  # its GET and this one: never the other tenant's
    usage = client.get("/v1/usage", headers=auth(api_key)).json()
    totals = usage["totals"]
    assert totals["requests"] == 8  # seven above, and this one
    assert totals["verifications"] == 3  # a replay is not a new verification
    assert totals["verifications_cached"] == 1
    assert totals["screenings"] == 1
    assert totals["rejected_bot"] == 1
    assert totals["rejected_rate_limit"] == 1
    assert len(usage["days"]) == 1
    assert usage["days"][0]["requests"] == totals["requests"]


def test_usage_range_is_validated(client: TestClient, api_key: str):
    bad = client.get("/v1/usage?from=2026-02-01&to=2026-01-01", headers=auth(api_key))
    assert bad.status_code == 400
    assert (
        client.get("/v1/usage?from=2020-01-01&to=2026-01-01", headers=auth(api_key)).status_code
        == 400
    )
    empty = client.get("/v1/usage?from=2020-01-01&to=2020-01-31", headers=auth(api_key)).json()
    assert (empty["days"], empty["totals"]["requests"]) == ([], 0)
