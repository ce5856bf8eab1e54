"""The admin API: its own keys, and no way in for tenants."""

from __future__ import annotations

import pytest
from fastapi.testclient import TestClient
from tests.helpers import auth

from openkyb.gateway.admin_keys import create_admin_key, revoke_admin_key
from openkyb.store.db import Database

ADMIN = "/admin/v1"


@pytest.fixture
def admin_key(db: Database) -> str:
    with db.session() as session:
        return create_admin_key(session, "ops").secret


def test_tenants_cannot_reach_the_admin_api(client: TestClient, api_key: str, admin_key: str):
    for method, path in [
        ("GET", f"{ADMIN}/tenants"),
        ("POST", f"{ADMIN}/tenants"),
        ("GET", f"{ADMIN}/tenants/acme-market"),
        ("PATCH", f"{ADMIN}/tenants/acme-market/gateway"),
        ("DELETE", f"{ADMIN}/keys/key_x"),
        ("GET", f"{ADMIN}/audit-events"),
    ]:
        response = client.request(method, path, headers=auth(api_key), json={"name": "x"})
        assert response.status_code == 403, path
        assert response.json()["type"].endswith("tenant-key")
        body = {"name": "x"}
        assert client.request(method, path, json=body).status_code == 401
        unknown = auth("okbadmin_nope")
        assert client.request(method, path, headers=unknown, json=body).status_code == 401
    # And an admin key opens no tenant route.
    refused = client.get("/v1/verifications", headers=auth(admin_key))
    assert refused.status_code == 403
    assert refused.json()["type"].endswith("admin-key")


def test_revoked_admin_keys_stop_working(client: TestClient, db: Database):
    with db.session() as session:
        issued = create_admin_key(session, "temp")
    assert client.get(f"{ADMIN}/tenants", headers=auth(issued.secret)).status_code == 200
    with db.session() as session:
        revoke_admin_key(session, issued.key_id)
    assert client.get(f"{ADMIN}/tenants", headers=auth(issued.secret)).status_code == 401


def test_manage_tenants_keys_and_gateway(client: TestClient, admin_key: str):
    headers = auth(admin_key)
    created = client.post(
        f"{ADMIN}/tenants",
        json={"name": "bazaar", "gateway": {"rate_limits": ["100/minute"], "cache_ttl": 60}},
        headers=headers,
    )
    assert created.status_code == 201, created.text
    body = created.json()
    secret = body["key"]["secret"]
    assert body["tenant"]["gateway"]["rate_limits"] == ["100/minute"]
    assert client.get("/v1/verifications", headers=auth(secret)).status_code == 200
    assert (
        client.post(f"{ADMIN}/tenants", json={"name": "bazaar"}, headers=headers).status_code == 409
    )

    patched = client.patch(
        f"{ADMIN}/tenants/bazaar/gateway",
        json={"rate_limits": ["10/second"], "ip_allow": ["2001:db8::/32"], "allow_bots": True},
        headers=headers,
    )
    assert patched.json() == {
        "rate_limits": ["10/second", "100/minute"],
        "ip_allow": ["2001:db8::/32"],
        "allow_bots": True,
        "cache_ttl": 60,
    }
    bad = client.patch(
        f"{ADMIN}/tenants/bazaar/gateway", json={"ip_allow": ["nope"]}, headers=headers
    )
    assert bad.status_code == 422
    assert "nope" in bad.json()["detail"]
    shown = client.get(f"{ADMIN}/tenants/bazaar", headers=headers).json()
    assert shown["gateway"]["allow_bots"] is True
    assert shown["active_keys"] == 1
    listed = client.get(f"{ADMIN}/tenants", headers=headers).json()["data"]
    assert [t["name"] for t in listed] == ["bazaar"]
    assert client.get(f"{ADMIN}/tenants/ghost", headers=headers).status_code == 404

    new_key = client.post(f"{ADMIN}/tenants/bazaar/keys", headers=headers).json()
    keys = client.get(f"{ADMIN}/tenants/bazaar/keys", headers=headers).json()["data"]
    assert new_key["id"] in [k["id"] for k in keys]
    assert client.delete(f"{ADMIN}/keys/{new_key['id']}", headers=headers).status_code == 204
    assert client.delete(f"{ADMIN}/keys/{new_key['id']}", headers=headers).status_code == 409


def test_manage_risk_policies(client: TestClient, api_key: str, admin_key: str):
    headers = auth(admin_key)
    path = f"{ADMIN}/tenants/acme-market/policy"
    default = client.get(path, headers=headers).json()
    document = "name: strict\nversion: '7'\nthresholds: {review: 5, decline: 40}\n"
    assert client.put(path, content=document, headers=headers).json() == {"policy": "strict@7"}
    assert client.get(path, headers=headers).json()["name"] == "strict"
    invalid = client.put(path, content="thresholds: nope", headers=headers)
    assert invalid.status_code == 422
    assert client.delete(path, headers=headers).status_code == 204
    assert client.get(path, headers=headers).json() == default


def test_admin_reads_usage_and_audit(client: TestClient, api_key: str, admin_key: str):
    client.get("/v1/verifications", headers=auth(api_key))
    usage = client.get(f"{ADMIN}/tenants/acme-market/usage", headers=auth(admin_key)).json()
    assert usage["totals"]["requests"] == 1
    events = client.get(f"{ADMIN}/audit-events?tenant=acme-market", headers=auth(admin_key))
    assert events.json() == {"object": "list", "data": []}
