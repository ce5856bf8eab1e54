"""The GLEIF adapter against a real local server replaying saved API answers."""

from __future__ import annotations

from datetime import date

import pytest

from openkyb.registry.live import GleifClient, RateLimited, RegistryUnavailable, make_live_clients
from openkyb.settings import Settings
from tests.registry.live.replay import Replay

BLOOMBERG_FINANCE = "5493001KJTIIGC8Y1R12"


def test_lei_record_maps_onto_the_shared_record(gleif_server: Replay) -> None:
    record = GleifClient(gleif_server.url).lei_record(BLOOMBERG_FINANCE.lower())
    assert record is not None
    assert (record.lei, record.legal_name) == (BLOOMBERG_FINANCE, "Bloomberg Finance L.P.")
    assert (record.jurisdiction, record.legal_form) == ("US-DE", "T91T")
    assert (record.entity_status, record.registration_status) == ("ACTIVE", "ISSUED")
    assert (record.registration_authority, record.registered_as) == ("RA000602", "4348344")
    assert record.legal_address["lines"] == [
        "c/o Corporation Service Company",
        "251 Little Falls Drive",
    ]
    assert record.legal_address["postal_code"] == "19808"
    assert record.headquarters_address["city"] == "New York"
    assert record.initial_registration == date(2012, 12, 6)
    assert record.next_renewal == date(2026, 1, 25)
    assert record.managing_lou == BLOOMBERG_FINANCE


def test_parents_direct_and_ultimate(gleif_server: Replay) -> None:
    relationships, parents = GleifClient(gleif_server.url).parents(BLOOMBERG_FINANCE)
    assert [(r.kind, r.child) for r in relationships] == [
        ("direct", BLOOMBERG_FINANCE),
        ("ultimate", BLOOMBERG_FINANCE),
    ]
    direct = relationships[0]
    assert (direct.parent, direct.status, direct.start) == (
        "549300B56MD0ZC402L06",
        "ACTIVE",
        date(2007, 6, 5),
    )
    assert parents[0].lei == "549300B56MD0ZC402L06" and parents[0].legal_name == "Bloomberg L.P."
    assert {p.lei for p in parents} == {r.parent for r in relationships}


def test_reporting_exception_means_no_parent(gleif_server: Replay) -> None:
    client = GleifClient(gleif_server.url)
    relationships, _parents = client.parents("254900LNRYNOQ9YPU758")  # direct: NON_PUBLIC
    assert [r.kind for r in relationships] == ["ultimate"]
    exceptions = client.reporting_exceptions("254900LNRYNOQ9YPU758")
    assert exceptions == [
        {
            "kind": "direct",
            "category": "DIRECT_ACCOUNTING_CONSOLIDATION_PARENT",
            "reason": "NON_PUBLIC",
        }
    ]


def test_unknown_lei_is_none(gleif_server: Replay) -> None:
    client = GleifClient(gleif_server.url)
    assert client.lei_record("00000000000000000000") is None
    assert client.parents("00000000000000000000") == ([], [])
    with pytest.raises(ValueError, match="not an LEI"):
        client.lei_record("../lei-records")


def test_search_returns_names_with_leis(gleif_server: Replay) -> None:
    results = GleifClient(gleif_server.url).search("facebook")
    assert results[0] == {"name": "FACEBOOK OPERATIONS, LLC", "lei": "549300BACZP326UOBH06"}
    assert gleif_server.hits["/autocompletions"] == 0


def test_search_falls_back_to_autocompletions(gleif_server: Replay) -> None:
    gleif_server.set("/fuzzycompletions", 200, b'{"data": []}')
    results = GleifClient(gleif_server.url).search("global")
    assert results[0] == {"name": "GLOBAL", "lei": None}
    assert {"name": "B GLOBAL", "lei": "984500B447P639364M33"} in results


def test_cache_and_budget(gleif_server: Replay) -> None:
    client = GleifClient(gleif_server.url, rate_limit="1 per minute")
    client.lei_record(BLOOMBERG_FINANCE)
    client.lei_record(BLOOMBERG_FINANCE)
    assert gleif_server.hits[f"/lei-records/{BLOOMBERG_FINANCE}"] == 1
    with pytest.raises(RateLimited):
        client.lei_record("549300O897ZC5H7CY412")


def test_server_error(gleif_server: Replay) -> None:
    gleif_server.set(f"/lei-records/{BLOOMBERG_FINANCE}", 500)
    with pytest.raises(RegistryUnavailable, match="GLEIF"):
        GleifClient(gleif_server.url).lei_record(BLOOMBERG_FINANCE)


def test_make_live_clients_follows_settings() -> None:
    assert make_live_clients(Settings(companies_house_api_key=None, gleif_api_url=None)) == (
        None,
        None,
    )
    settings = Settings(
        companies_house_api_key="k", gleif_api_url="http://127.0.0.1:9", registry_cache_seconds=5
    )
    companies_house, gleif = make_live_clients(settings)
    assert companies_house is not None and gleif is not None
    assert companies_house.api.cache.ttl == 5
    assert make_live_clients(settings) == (companies_house, gleif)  # one per process: shared budget
