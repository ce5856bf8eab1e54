"""The Companies House adapter against a real local server replaying saved API answers."""

from __future__ import annotations

import base64
import socket
from datetime import date

import pytest

from openkyb.registry.live import CompaniesHouseClient, RateLimited, RegistryUnavailable
from openkyb.registry.live.profile import status_of
from tests.registry.live.replay import Replay, Response


def _client(replay: Replay, **options: object) -> CompaniesHouseClient:
    return CompaniesHouseClient(replay.url, "test-key", **options)  # type: ignore[arg-type]


def test_company_profile_maps_onto_the_shared_record(ch_server: Replay) -> None:
    company = _client(ch_server).company("8957400")
    assert company is not None
    assert (company.key, company.name) == ("GB/08957400", "CANDOUR GROUP LIMITED")
    assert (company.status, company.status_code) == ("Active", "active")
    assert company.category == "Private Limited Company"
    assert company.incorporation_date == date(2014, 3, 25)
    assert (company.accounts_ref_day, company.accounts_ref_month) == (31, 3)
    assert company.accounts_next_due == date(2024, 12, 31)
    assert company.accounts_last_made_up == date(2023, 3, 31)
    assert company.accounts_category == "TOTAL EXEMPTION FULL"
    assert company.confirmation_next_due == date(2024, 4, 8)
    assert company.confirmation_last_made_up == date(2023, 3, 25)
    assert [s.code for s in company.sic_codes] == ["68100"]
    assert company.previous_names[0].name == "LONDON & KENT ESTATES LIMITED"
    assert company.previous_names[0].changed_on == date(2020, 4, 20)
    assert company.address.line1 == "Victoria Court"
    assert company.address.postcode == "ME14 5DA"
    assert company.address.post_town == "Maidstone"


def test_key_is_sent_as_basic_auth_user_name(ch_server: Replay) -> None:
    _client(ch_server).company("08957400")
    expected = "Basic " + base64.b64encode(b"test-key:").decode()
    assert ch_server.authorization == [expected]


@pytest.mark.parametrize(
    ("status", "detail", "expected"),
    [
        ("active", None, ("Active", "active")),
        (
            "active",
            "active-proposal-to-strike-off",
            ("Active - Proposal to Strike off", "proposal_to_strike_off"),
        ),
        ("dissolved", None, ("Dissolved", "dissolved")),
        ("liquidation", None, ("Liquidation", "liquidation")),
        ("administration", None, ("In Administration", "administration")),
        ("receivership", None, ("Receiver Action", "receivership")),
        ("voluntary-arrangement", None, ("Voluntary Arrangement", "voluntary_arrangement")),
        ("converted-closed", None, ("Converted/Closed", "converted")),
        ("closed", None, ("Closed", "closed")),
        ("something-new", None, ("Something new", "other")),
        (None, None, (None, None)),
    ],
)
def test_status_is_normalised(
    status: str | None, detail: str | None, expected: tuple[str | None, str | None]
) -> None:
    assert status_of(status, detail) == expected


def test_officers_pscs_charges_filings_search(ch_server: Replay) -> None:
    client = _client(ch_server)
    officers = client.officers("04475590")
    assert len(officers) == 7 and officers[0]["name"] == "STEVENSON, Elizabeth Mary"
    pscs = client.pscs("04053514")
    assert len(pscs) == 5
    assert {p.company_number for p in pscs} == {"04053514"}
    assert sum(p.active for p in pscs) == 1
    assert pscs[0].psc_id == "UE6nGAIKMtS64uN3PJWNMNog1jg"
    charges = client.charges("07310390")
    assert (charges["total_count"], len(charges["items"])) == (9, 9)
    assert len(client.filing_history("07310390")) == 47
    assert len(client.filing_history("14190543")) == 3
    results = client.search("you")
    assert len(results) == 15 and results[0]["company_number"] == "04475590"  # as saved


def test_insolvency_cases_and_none(ch_server: Replay) -> None:
    client = _client(ch_server)
    cases = client.insolvency("01234567")
    assert len(cases) == 1
    assert cases[0]["type"] == "compulsory-liquidation"
    assert cases[0]["dates"] == {"wound-up-on": "1995-01-18", "petitioned-on": "1994-12-12"}
    assert cases[0]["practitioners"][0]["name"] == "Alan Redvers Price"
    assert client.insolvency("08957400") == []  # the API answers 404: no cases


def test_unknown_company_is_none_and_empty_lists(ch_server: Replay) -> None:
    client = _client(ch_server)
    assert client.company("99999999") is None
    assert client.officers("99999999") == []
    assert client.pscs("99999999") == []
    assert client.charges("99999999")["items"] == []


def test_bad_number_is_refused_before_any_request(ch_server: Replay) -> None:
    with pytest.raises(ValueError, match="company number"):
        _client(ch_server).company("../../search")
    assert not ch_server.hits


def test_second_call_is_served_from_the_cache(ch_server: Replay) -> None:
    client = _client(ch_server)
    first, second = client.company("08957400"), client.company("08957400")
    assert first == second
    assert ch_server.hits["/company/08957400"] == 1
    assert client.company("99999999") is None and client.company("99999999") is None
    assert ch_server.hits["/company/99999999"] == 1  # 404s are cached too


def test_cache_can_be_disabled(ch_server: Replay) -> None:
    client = _client(ch_server, cache_seconds=0)
    client.company("08957400")
    client.company("08957400")
    assert ch_server.hits["/company/08957400"] == 2


def test_client_side_budget_raises_rate_limited(ch_server: Replay) -> None:
    client = _client(ch_server, rate_limit="2 per 5 minutes")
    client.company("08957400")
    client.insolvency("08957400")
    client.company("08957400")  # cached: costs nothing
    with pytest.raises(RateLimited) as raised:
        client.search("you")
    assert raised.value.retry_after is not None and 0 < raised.value.retry_after <= 300
    assert "/search/companies" not in ch_server.hits


def test_server_429_raises_with_retry_after(ch_server: Replay) -> None:
    ch_server.set("/company/08957400", 429, b'{"error": "too many"}', **{"Retry-After": "30"})
    with pytest.raises(RateLimited, match="retry after 30 s") as raised:
        _client(ch_server).company("08957400")
    assert raised.value.retry_after == 30


@pytest.mark.parametrize("status", [500, 502, 503, 401])
def test_server_errors_raise_registry_unavailable(ch_server: Replay, status: int) -> None:
    ch_server.set("/company/08957400", status, b"oops")
    with pytest.raises(RegistryUnavailable, match="Companies House"):
        _client(ch_server).company("08957400")


def test_errors_are_not_cached(ch_server: Replay) -> None:
    client = _client(ch_server)
    ch_server.set("/company/08957400", 503)
    with pytest.raises(RegistryUnavailable):
        client.company("08957400")
    ch_server.routes.pop("/company/08957400")
    ch_server.set("/company/08957400", 200, b'{"company_number": "08957400", "company_name": "X"}')
    assert client.company("08957400") is not None


def test_slow_server_times_out(ch_server: Replay) -> None:
    ch_server.routes["/company/08957400"] = Response(delay=1.0)
    with pytest.raises(RegistryUnavailable, match="no answer within"):
        _client(ch_server, timeout=0.2).company("08957400")


def test_server_down_raises_registry_unavailable() -> None:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        port = sock.getsockname()[1]  # closed when the block ends: nothing listens there
    client = CompaniesHouseClient(f"http://127.0.0.1:{port}", "key")
    with pytest.raises(RegistryUnavailable, match="cannot reach"):
        client.company("08957400")
