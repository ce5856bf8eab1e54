"""Registry evidence from the live Companies House API when no register is loaded."""

from __future__ import annotations

import socket

from openkyb.applications import Application
from openkyb.checks import registered_checks, run_check
from openkyb.checks.base import Evidence, Status
from openkyb.checks.reference import load_reference
from openkyb.registry.evidence import RegistryGatherer
from openkyb.registry.evidence_live import CH_LIVE_DATASET, live_registry_evidence
from openkyb.registry.live import CompaniesHouseClient
from openkyb.store.db import Database
from tests.registry.live.replay import Replay


def _application(**fields: object) -> Application:
    return Application.model_validate({"legal_name": "Candour Limited", "country": "GB", **fields})


def test_a_company_is_read_from_the_api_by_number(ch_server: Replay) -> None:
    client = CompaniesHouseClient(ch_server.url, "key")
    evidence = live_registry_evidence(client, _application(registration_number="08957400"))
    assert evidence.available and evidence.error is None
    assert evidence.company is not None and evidence.company.number == "08957400"
    assert evidence.matched_by == "number"
    assert evidence.source is not None and evidence.source.dataset == CH_LIVE_DATASET
    assert evidence.insolvency == ()  # the API answers 404: no insolvency case


def test_the_registry_checks_cite_the_api(ch_server: Replay) -> None:
    client = CompaniesHouseClient(ch_server.url, "key")
    application = _application(registration_number="08957400")
    evidence = Evidence(
        application=application,
        reference=load_reference(),
        registry=live_registry_evidence(client, application),
    )
    match = next(s for s in registered_checks() if s.key == "identity.registry_match")
    result = run_check(match, evidence)
    assert result.status is not Status.NOT_APPLICABLE
    assert result.sources[0].dataset == CH_LIVE_DATASET
    assert result.sources[0].record_id == "GB/08957400"


def test_without_a_number_only_one_exact_name_is_accepted(ch_server: Replay) -> None:
    client = CompaniesHouseClient(ch_server.url, "key")
    evidence = live_registry_evidence(client, _application(legal_name="Nobody Such Trading Ltd"))
    assert evidence.company is None and evidence.error is None


def test_an_unreachable_api_is_an_error_not_an_exception() -> None:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        port = sock.getsockname()[1]
    client = CompaniesHouseClient(f"http://127.0.0.1:{port}", "key")
    evidence = live_registry_evidence(client, _application(registration_number="08957400"))
    assert evidence.available and evidence.error


def test_the_gatherer_falls_back_to_the_api_without_bulk_data(
    ch_server: Replay, sqlite_url: str
) -> None:
    from openkyb.store import migrate

    db = Database(sqlite_url)
    try:
        migrate.upgrade(db)
        gatherer = RegistryGatherer(db, CompaniesHouseClient(ch_server.url, "key"))
        registry, _ = gatherer.gather(_application(registration_number="08957400"))
        assert registry.available and registry.company is not None
        other, _ = gatherer.gather(_application(country="FR"))
        assert not other.available  # the API covers only the UK register
    finally:
        db.dispose()
