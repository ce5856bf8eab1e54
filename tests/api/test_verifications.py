"""The verification API through the real app, on SQLite and PostgreSQL."""

from __future__ import annotations

import copy
from typing import Any

from fastapi.testclient import TestClient
from tests.helpers import auth, new_tenant_key

from openkyb.gateway import tenants as tenant_service
from openkyb.store.db import Database

PROBLEM = "application/problem+json"


def post(client: TestClient, key: str, body: Any, **headers: str) -> Any:
    return client.post("/v1/verifications", json=body, headers={**auth(key), **headers})


def test_create_returns_explained_verdict(client: TestClient, api_key: str, demo_application):
    response = post(client, api_key, demo_application)
    assert response.status_code == 201, response.text
    result = response.json()
    assert result["id"].startswith("vrf_")
    assert response.headers["location"] == f"/v1/verifications/{result['id']}"
    assert result["decision"] in {"approve", "review", "decline"}
    assert 0 <= result["risk_score"] <= 100
    assert set(result["pillars"]) == {
        "identity",
        "location",
        "solvency",
        "capability",
        "compliance",
    }
    assert len(result["checks"]) >= 6
    for check in result["checks"]:
        assert check["reason_code"]
        assert check["message"]
        assert check["status"] in {"pass", "warn", "fail", "not_applicable", "error"}
        assert isinstance(check["facts"], dict)
        assert isinstance(check["sources"], list)
    assert result["application"]["legal_name"] == demo_application["legal_name"]
    assert result["policy"]["version"]
    # every point of the score is traced to a reason code
    assert min(100, sum(r["points"] for r in result["score_breakdown"])) == result["risk_score"]


def test_clean_demo_application_is_approved(client: TestClient, api_key: str, demo_application):
    result = post(client, api_key, demo_application).json()
    assert result["decision"] == "approve", result["score_breakdown"]
    assert all(c["status"] != "error" for c in result["checks"])


def test_read_back_is_identical(client: TestClient, api_key: str, demo_application):
    created = post(client, api_key, demo_application).json()
    response = client.get(f"/v1/verifications/{created['id']}", headers=auth(api_key))
    assert response.status_code == 200
    assert response.json() == created


def test_sanctioned_jurisdiction_declines(client: TestClient, api_key: str, demo_application):
    body = copy.deepcopy(demo_application)
    body["owners"][1]["nationality"] = "IR"
    result = post(client, api_key, body).json()
    assert result["decision"] == "decline"
    assert any(r["rule"] for r in result["rules_applied"])


def test_missing_bad_and_revoked_keys_are_401(client: TestClient, db: Database, demo_application):
    assert client.get("/v1/verifications").status_code == 401
    bad = client.get("/v1/verifications", headers=auth("okb_not-a-real-key"))
    assert bad.status_code == 401
    assert bad.headers["content-type"] == PROBLEM
    assert bad.headers["www-authenticate"].startswith("Bearer")
    basic = client.get("/v1/verifications", headers={"Authorization": "Basic dXNlcjpwYXNz"})
    assert basic.status_code == 401
    with db.session() as session:
        issued = tenant_service.create_tenant(session, "revoked-co")
    assert client.get("/v1/verifications", headers=auth(issued.secret)).status_code == 200
    with db.session() as session:
        tenant_service.revoke_key(session, issued.key_id)
    assert client.get("/v1/verifications", headers=auth(issued.secret)).status_code == 401


def test_tenants_never_see_each_other(client: TestClient, db: Database, demo_application):
    key_a, key_b = new_tenant_key(db, "market-a"), new_tenant_key(db, "market-b")
    created = post(client, key_a, demo_application, **{"Idempotency-Key": "shared-key"}).json()

    # read by id: another tenant's id looks exactly like an unknown id
    theirs = client.get(f"/v1/verifications/{created['id']}", headers=auth(key_b))
    unknown = client.get("/v1/verifications/vrf_00000000000000000000000000", headers=auth(key_b))
    assert theirs.status_code == unknown.status_code == 404
    assert theirs.json()["type"] == unknown.json()["type"]

    # listing, with and without filters
    for params in ({}, {"external_ref": demo_application["external_ref"]}, {"decision": "approve"}):
        page = client.get("/v1/verifications", params=params, headers=auth(key_b)).json()
        assert page["data"] == []
    assert len(client.get("/v1/verifications", headers=auth(key_a)).json()["data"]) == 1

    # idempotency keys are per tenant: B's identical key makes B's own verification
    mine = post(client, key_b, demo_application, **{"Idempotency-Key": "shared-key"})
    assert mine.status_code == 201
    assert mine.json()["id"] != created["id"]
    assert "idempotent-replayed" not in mine.headers


def test_idempotency_replays_and_conflicts(client: TestClient, api_key: str, demo_application):
    headers = {"Idempotency-Key": "order-77"}
    first = post(client, api_key, demo_application, **headers)
    again = post(client, api_key, demo_application, **headers)
    assert first.status_code == again.status_code == 201
    assert again.json() == first.json()
    assert again.headers["idempotent-replayed"] == "true"

    changed = dict(demo_application, legal_name="Another Name Ltd")
    conflict = post(client, api_key, changed, **headers)
    assert conflict.status_code == 409
    assert conflict.headers["content-type"] == PROBLEM
    listed = client.get("/v1/verifications", headers=auth(api_key)).json()["data"]
    assert len(listed) == 1


def test_invalid_input_gives_422_with_field_pointers(client: TestClient, api_key: str):
    body = {
        "legal_name": "",
        "country": "XX",
        "surprise": 1,
        "officers": [{"name": "A", "date_of_birth": "2999-01"}],
        "expected_monthly_volume": {"amount": 5, "currency": "ZZZ"},
    }
    response = post(client, api_key, body)
    assert response.status_code == 422
    assert response.headers["content-type"] == PROBLEM
    pointers = {e["pointer"] for e in response.json()["errors"]}
    assert {
        "/legal_name",
        "/country",
        "/surprise",
        "/officers/0/date_of_birth",
        "/expected_monthly_volume/currency",
    } <= pointers


def test_too_many_officers_is_422(client: TestClient, api_key: str, demo_application):
    body = dict(demo_application, officers=[{"name": f"Person {i}"} for i in range(51)])
    response = post(client, api_key, body)
    assert response.status_code == 422
    assert response.json()["errors"][0]["pointer"] == "/officers"


def test_wrong_content_type_is_415(client: TestClient, api_key: str):
    response = client.post(
        "/v1/verifications",
        content=b"legal_name=x",
        headers={**auth(api_key), "Content-Type": "text/plain"},
    )
    assert response.status_code == 415
    assert response.headers["content-type"] == PROBLEM


def test_malformed_json_is_400(client: TestClient, api_key: str):
    response = client.post(
        "/v1/verifications",
        content=b'{"legal_name": ',
        headers={**auth(api_key), "Content-Type": "application/json"},
    )
    assert response.status_code == 400
    assert response.json()["type"].endswith("malformed-json")


def test_body_over_one_mebibyte_is_413(client: TestClient, api_key: str):
    big = b'{"legal_name": "' + b"x" * (1024 * 1024 + 10) + b'"}'
    headers = {**auth(api_key), "Content-Type": "application/json"}
    response = client.post("/v1/verifications", content=big, headers=headers)
    assert response.status_code == 413
    assert response.headers["content-type"] == PROBLEM

    def chunks():  # no Content-Length: the limit is enforced while streaming
        for _ in range(20):
            yield b"x" * 65536

    streamed = client.post("/v1/verifications", content=chunks(), headers=headers)
    assert streamed.status_code == 413


def test_list_filters_and_cursor_pagination(client: TestClient, api_key: str, demo_application):
    ids = []
    for i in range(5):
        body = dict(demo_application, external_ref=f"ref-{i}")
        if i == 4:
            body["email"] = "someone@mailinator.com"
        ids.append(post(client, api_key, body).json()["id"])
    seen, cursor = [], None
    while True:
        params = {"limit": 2} | ({"cursor": cursor} if cursor else {})
        page = client.get("/v1/verifications", params=params, headers=auth(api_key)).json()
        seen += [item["id"] for item in page["data"]]
        cursor = page["next_cursor"]
        if cursor is None:
            break
    assert seen == list(reversed(ids))

    by_ref = client.get(
        "/v1/verifications", params={"external_ref": "ref-3"}, headers=auth(api_key)
    )
    assert [i["id"] for i in by_ref.json()["data"]] == [ids[3]]

    decisions = client.get(
        "/v1/verifications", params={"decision": "approve"}, headers=auth(api_key)
    )
    assert ids[4] not in [i["id"] for i in decisions.json()["data"]]
    assert all(i["decision"] == "approve" for i in decisions.json()["data"])

    created = post(client, api_key, demo_application).json()["created_at"]
    window = client.get(
        "/v1/verifications", params={"created_after": created}, headers=auth(api_key)
    ).json()["data"]
    assert window
    assert all(item["created_at"] >= created for item in window)
    none_before = client.get(
        "/v1/verifications",
        params={"created_before": "2000-01-01T00:00:00Z"},
        headers=auth(api_key),
    ).json()["data"]
    assert none_before == []


def test_bad_cursor_and_bad_filter(client: TestClient, api_key: str):
    bad_cursor = client.get("/v1/verifications", params={"cursor": "!!"}, headers=auth(api_key))
    assert bad_cursor.status_code == 400
    bad_filter = client.get(
        "/v1/verifications", params={"decision": "maybe"}, headers=auth(api_key)
    )
    assert bad_filter.status_code == 422
    assert bad_filter.headers["content-type"] == PROBLEM


def test_health_and_readiness(client: TestClient):
    assert client.get("/healthz").json() == {"status": "ok"}
    ready = client.get("/readyz")
    assert ready.status_code == 200
    assert ready.json()["components"]["database"]["status"] == "ok"


def test_unknown_route_is_problem_json(client: TestClient):
    response = client.get("/v1/nothing-here")
    assert response.status_code == 404
    assert response.headers["content-type"] == PROBLEM


def test_tenant_policy_decides_over_the_api(client: TestClient, db: Database, demo_application):
    from openkyb.checks import known_reason_codes

    strict, lenient = new_tenant_key(db, "strict"), new_tenant_key(db, "lenient")
    with db.session() as session:
        tenant_service.set_policy(
            session,
            "strict",
            "name: strict\nversion: '3'\nthresholds: {review: 5, decline: 50}\n"
            "weights: {FREE_EMAIL_DOMAIN: 60}\n",
            set(known_reason_codes()),
        )
    body = dict(demo_application, email="harbourlane@gmail.com")
    strict_result = post(client, strict, body).json()
    lenient_result = post(client, lenient, body).json()
    assert (strict_result["policy"]["name"], strict_result["decision"]) == ("strict", "decline")
    assert lenient_result["decision"] == "approve"
    assert lenient_result["policy"]["name"] == "openkyb-default"
