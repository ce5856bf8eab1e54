"""``/v1/companies``: a company by number and fuzzy search, on both backends."""

from __future__ import annotations

import pytest
from fastapi.testclient import TestClient
from tests.helpers import auth
from tests.registry.search_fixtures import DATASET, VERSION, seed_companies

from openkyb.store.db import Database


@pytest.fixture
def seeded(db: Database) -> Database:
    seed_companies(db)
    return db


def test_read_company_by_number(client: TestClient, api_key: str, seeded: Database):
    response = client.get("/v1/companies/gb/4475590", headers=auth(api_key))
    assert response.status_code == 200, response.text
    body = response.json()
    assert (body["key"], body["name"], body["number"]) == ("GB/04475590", "YOU LIMITED", "04475590")
    assert body["address"]["postcode"] == "NW1 6XE"
    assert body["dataset"] == DATASET
    assert body["version"]["id"] == VERSION
    assert body["version"]["published"] == "2026-12-01"
    assert body["incorporation_date"] is None
    assert body["sic_codes"] == [] and body["previous_names"] == []


def test_unknown_company_and_unloaded_country(client: TestClient, api_key: str, seeded: Database):
    missing = client.get("/v1/companies/GB/99999999", headers=auth(api_key))
    assert missing.status_code == 404
    assert missing.headers["content-type"] == "application/problem+json"
    assert missing.json()["type"].endswith(":not-found")
    unloaded = client.get("/v1/companies/DE/HRB1234", headers=auth(api_key))
    assert unloaded.status_code == 404
    assert unloaded.json()["type"].endswith(":registry-not-loaded")
    assert "DE" in unloaded.json()["detail"]


@pytest.mark.parametrize(
    "path",
    [
        "/v1/companies/GBR/04475590",  # not alpha-2
        "/v1/companies/G1/04475590",
        "/v1/companies/GB/04-475590",  # not a company number
        "/v1/companies/GB/123456789",
        "/v1/companies/search?q=",
        "/v1/companies/search?q=%20%20",
        "/v1/companies/search?q=acme&limit=0",
        "/v1/companies/search?q=acme&limit=101",
        "/v1/companies/search?q=acme&country=England",
        "/v1/companies/search",
    ],
)
def test_bad_parameters_are_422_problems(client: TestClient, api_key: str, path: str):
    response = client.get(path, headers=auth(api_key))
    assert response.status_code == 422, response.text
    assert response.headers["content-type"] == "application/problem+json"


def test_search_ranks_and_explains(client: TestClient, api_key: str, seeded: Database):
    response = client.get(
        "/v1/companies/search",
        params={"q": "Orchard Bakery", "postcode": "BS1 4DJ", "country": "gb", "limit": 5},
        headers=auth(api_key),
    )
    assert response.status_code == 200, response.text
    body = response.json()
    assert body["object"] == "list" and body["query"] == "Orchard Bakery"
    first, second = body["data"][:2]
    assert first["company"]["number"] == "00000014"
    assert first["explanation"]["postcode_match"] is True
    assert first["score"] > second["score"]
    assert first["company"]["dataset"] == DATASET
    assert len(body["data"]) <= 5
    assert body["unambiguous"] is True


def test_search_typo_and_no_result(client: TestClient, api_key: str, seeded: Database):
    found = client.get("/v1/companies/search?q=acme%20tradng%20ltd", headers=auth(api_key))
    assert found.json()["data"][0]["company"]["name"] == "ACME TRADING LTD"
    nothing = client.get("/v1/companies/search?q=xyzzyplugh", headers=auth(api_key))
    assert nothing.status_code == 200
    assert nothing.json()["data"] == [] and nothing.json()["unambiguous"] is False


def test_routes_need_a_valid_key(client: TestClient):
    for path in ("/v1/companies/GB/04475590", "/v1/companies/search?q=acme"):
        assert client.get(path).status_code == 401
        assert client.get(path, headers=auth("okb_wrong")).status_code == 401


def test_documented_in_openapi(client: TestClient):
    paths = client.get("/openapi.json").json()["paths"]
    assert "/v1/companies/{country}/{number}" in paths
    assert "/v1/companies/search" in paths
    read = paths["/v1/companies/{country}/{number}"]["get"]["responses"]
    assert "404" in read and "application/problem+json" in read["404"]["content"]
