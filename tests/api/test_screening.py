"""Screening through the API, the standalone service, and inside verifications."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import httpx
import pytest
from fastapi.testclient import TestClient
from tests.helpers import auth, new_tenant_key, shared_data

from openkyb.api.screening_app import create_screening_app
from openkyb.app import create_app
from openkyb.settings import Settings
from openkyb.sources.registry import get_format
from openkyb.store.db import Database
from openkyb.watchlists.catalog import iter_entities
from openkyb.watchlists.loader import load_dataset
from openkyb.watchlists.screener import RemoteScreener


@pytest.fixture
def listed_db(db: Database) -> Database:
    """The test's database with the real UN list (2024-11) loaded."""
    load_dataset(
        db, get_format("un-xml"), shared_data("sanctions/un_consolidated_2024-11/consolidated.xml")
    )
    return db


def _listed_person(db: Database) -> tuple[str, str]:
    for _, entity in iter_entities(db):
        if entity.schema == "Person" and len(entity.primary_name.split()) >= 3:
            return entity.id, entity.primary_name
    raise AssertionError("no listed person")


@pytest.fixture
def listed_client(listed_db: Database) -> Iterator[TestClient]:
    app = create_app(Settings(database_url=listed_db.url), database=listed_db)
    with TestClient(app, raise_server_exceptions=False) as client:
        yield client


def test_tenant_screens_names(listed_client: TestClient, listed_db: Database):
    key = new_tenant_key(listed_db, "screener")
    entity_id, name = _listed_person(listed_db)
    body = {
        "queries": [
            {"name": name, "schema": "person"},
            {"name": "Harbour Lane Textiles", "schema": "company"},
        ]
    }
    response = listed_client.post("/v1/screen", json=body, headers=auth(key))
    assert response.status_code == 200, response.text
    listed, clean = response.json()["results"]
    assert listed["hits"][0]["entity_id"] == entity_id
    assert listed["hits"][0]["score"] >= 0.9
    assert listed["hits"][0]["explanation"]["name"]["alignment"]
    assert clean["hits"] == []
    assert response.json()["datasets"][0]["dataset"] == "un_sc_sanctions"
    ready = listed_client.get("/readyz").json()["components"]
    assert [w["dataset"] for w in ready["watchlists"]] == ["un_sc_sanctions"]
    assert listed_client.post("/v1/screen", json=body).status_code == 401
    too_many = {"queries": [{"name": "x"}] * 101}
    assert listed_client.post("/v1/screen", json=too_many, headers=auth(key)).status_code == 422


def _application(officer: str) -> dict[str, Any]:
    return {
        "legal_name": "Harbour Lane Textiles Ltd",
        "country": "GB",
        "officers": [{"name": officer, "role": "director"}],
        "owners": [{"kind": "person", "name": "Priya Raman", "ownership_pct": 100}],
    }


def test_verification_flags_a_listed_officer(listed_client: TestClient, listed_db: Database):
    key = new_tenant_key(listed_db, "market")
    entity_id, name = _listed_person(listed_db)
    result = listed_client.post(
        "/v1/verifications", json=_application(name), headers=auth(key)
    ).json()
    sanctions = next(c for c in result["checks"] if c["key"] == "compliance.sanctions")
    assert sanctions["status"] == "fail"
    assert sanctions["reason_code"] == "SANCTIONS_HIT"
    hit = sanctions["facts"]["hits"][0]
    assert (hit["party"], hit["entity_id"]) == ("officers[0]", entity_id)
    assert sanctions["sources"][0]["record_id"] == entity_id
    assert sanctions["sources"][0]["version"].startswith("dsv_")
    assert result["decision"] in {"review", "decline"}
    assert any(d["dataset"] == "un_sc_sanctions" for d in result["datasets"])

    clean = listed_client.post(
        "/v1/verifications", json=_application("Priya Raman"), headers=auth(key)
    )
    checks = {c["key"]: c for c in clean.json()["checks"]}
    assert checks["compliance.sanctions"]["reason_code"] == "SANCTIONS_CLEAR"


def test_remote_screening_service_gives_the_same_answer(listed_db: Database):
    service = create_screening_app(
        Settings(database_url=listed_db.url, screening_token="s3cret"), listed_db
    )
    _, name = _listed_person(listed_db)
    with TestClient(service) as service_client:
        assert (
            service_client.post("/v1/screen", json={"queries": [{"name": name}]}).status_code == 401
        )
        service_client.headers["Authorization"] = "Bearer s3cret"
        assert (
            service_client.get("/v1/datasets").json()["datasets"][0]["dataset"] == "un_sc_sanctions"
        )
        app = create_app(Settings(database_url=listed_db.url), database=listed_db)
        app.state.screener = RemoteScreener("http://testserver", client=service_client)
        key = new_tenant_key(listed_db, "remote")
        with TestClient(app) as client:
            result = client.post(
                "/v1/verifications", json=_application(name), headers=auth(key)
            ).json()
    sanctions = next(c for c in result["checks"] if c["key"] == "compliance.sanctions")
    assert sanctions["reason_code"] == "SANCTIONS_HIT"


def test_unreachable_screening_is_an_error_and_a_review(listed_db: Database):
    dead = httpx.Client(base_url="http://127.0.0.1:9", timeout=0.5)
    app = create_app(Settings(database_url=listed_db.url), database=listed_db)
    app.state.screener = RemoteScreener("http://127.0.0.1:9", client=dead)
    key = new_tenant_key(listed_db, "offline")
    with TestClient(app) as client:
        response = client.post(
            "/v1/verifications", json=_application("Priya Raman"), headers=auth(key)
        )
    assert response.status_code == 201
    result = response.json()
    sanctions = next(c for c in result["checks"] if c["key"] == "compliance.sanctions")
    assert (sanctions["status"], sanctions["reason_code"]) == (
        "error",
        "SANCTIONS_SCREENING_UNAVAILABLE",
    )
    assert result["decision"] == "review"


def test_pep_officer_and_tenant_threshold(listed_db: Database):
    pep_file = shared_data("pep/opensanctions_us_congress_senzing/us_congress_senzing.json")
    load_dataset(listed_db, get_format("senzing"), pep_file)
    from openkyb.checks import known_reason_codes
    from openkyb.gateway import tenants as tenant_service

    app = create_app(Settings(database_url=listed_db.url), database=listed_db)
    lenient, strict = new_tenant_key(listed_db, "lenient"), new_tenant_key(listed_db, "strict")
    with listed_db.session() as session:
        tenant_service.set_policy(
            session,
            "strict",
            "name: strict\nversion: '1'\nthresholds: {review: 25, decline: 70}\n"
            "screening_threshold: 0.99\n",
            set(known_reason_codes()),
        )
    body = _application("Jenifer McClelan")  # listed as "Jennifer L. McClellan"; two typos
    body["officers"][0]["date_of_birth"] = "1972-03"
    with TestClient(app) as client:
        result = client.post("/v1/verifications", json=body, headers=auth(lenient)).json()
        strict_result = client.post("/v1/verifications", json=body, headers=auth(strict)).json()
    checks = {c["key"]: c for c in result["checks"]}
    assert checks["compliance.pep"]["reason_code"] == "PEP_MATCH"
    assert checks["compliance.sanctions"]["reason_code"] == "SANCTIONS_CLEAR"
    hit = checks["compliance.pep"]["facts"]["hits"][0]
    assert hit["dataset"] == "pep_us_congress_senzing"
    assert {"name", "adjustments"} <= set(hit["explanation"])
    assert hit["score"] < 0.99
    strict_checks = {c["key"]: c for c in strict_result["checks"]}
    assert strict_checks["compliance.sanctions"]["facts"]["threshold"] == 0.99
    assert strict_checks["compliance.pep"]["reason_code"] == "PEP_CLEAR"
