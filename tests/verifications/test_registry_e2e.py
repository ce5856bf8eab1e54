"""End to end: real Companies House samples loaded, a company verified against them.

The companies (``company-data-1.json``, BasicCompanyData as JSON) and the PSC snapshot lines
(``psc-data-*.json``) are the real 2024-12 extracts in the shared data; "! LTD" (08209948) is
in both. Runs on SQLite and PostgreSQL.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

import orjson
import pytest
from fastapi.testclient import TestClient
from tests.helpers import auth, shared_data
from typer.testing import CliRunner

from openkyb.applications import Application
from openkyb.checks.evidence import RegistryEvidence
from openkyb.cli import app as cli
from openkyb.decision import default_policy
from openkyb.registry.evidence import RegistryGatherer
from openkyb.registry.formats import get_registry_format
from openkyb.registry.load import load_registry
from openkyb.registry.model import CompanyRecord, Psc
from openkyb.settings import get_settings
from openkyb.store import migrate
from openkyb.store.db import Database
from openkyb.verifications.orchestrator import evaluate
from openkyb.verifications.parties import party_queries
from openkyb.watchlists.screener import ScreenQuery, ScreenResult

SAMPLES = "registries/uk_companies_house/psc_and_company_openownership"
REGISTRY_CHECKS = {
    "identity.registry_match",
    "identity.registry_status",
    "identity.incorporation_date",
    "location.registered_address",
    "location.mass_registration_address",
    "solvency.accounts_overdue",
    "solvency.confirmation_overdue",
    "solvency.charges_outstanding",
    "solvency.company_age",
    "capability.industry_match",
    "capability.dormant",
    "capability.high_risk_industry",
    "ownership.psc_match",
}
BANG = {
    "legal_name": "! Ltd",
    "registration_number": "8209948",
    "country": "GB",
    "company_type": "Private Limited Company",
    "incorporation_date": "2012-09-11",
    "registered_address": {"lines": ["9 Princes Square"], "city": "Harrogate",
                           "postcode": "HG1 1ND", "country": "GB"},
    "industry": {"code_system": "SIC2007", "code": "99999"},
    "officers": [{"name": "Marc Feldman", "role": "director"}],
    "owners": [{"kind": "person", "name": "Marc Feldman", "ownership_pct": 100,
                "date_of_birth": "1961-12", "nationality": "GB"}],
}  # fmt: skip


def load_samples(db: Database, tmp_path: Path) -> dict[str, str]:
    """Load the sample companies and PSCs; the version id of each dataset."""
    folder = shared_data(SAMPLES)
    pscs = tmp_path / "psc"
    pscs.mkdir()
    for part in sorted(folder.glob("psc-data-*.json")):
        (pscs / part.name).symlink_to(part)
    companies = load_registry(db, _format("uk-ch-basic"), folder / "company-data-1.json")
    psc = load_registry(db, _format("uk-ch-psc"), pscs)
    assert companies.version_id and psc.version_id
    return {companies.dataset: companies.version_id, psc.dataset: psc.version_id}


def _format(name: str) -> Any:
    found = get_registry_format(name)
    assert found is not None, f"registry format {name} is not registered"
    return found


def test_verify_a_sample_company_through_the_api(
    client: TestClient, api_key: str, db: Database, tmp_path: Path
) -> None:
    versions = load_samples(db, tmp_path)
    response = client.post("/v1/verifications", json=BANG, headers=auth(api_key))
    assert response.status_code == 201, response.text
    checks = {c["key"]: c for c in response.json()["checks"]}

    match = checks["ownership.psc_match"]
    assert (match["status"], match["reason_code"]) == ("pass", "PSC_MATCH")
    matched = match["facts"]["owners"][0]["matched"]
    assert [m["name"] for m in matched] == ["Mr Marc Anthony Feldman"]
    psc_version = versions["gb-companies-house-psc"]
    psc_id = matched[0]["psc_id"]
    assert {"dataset": "gb-companies-house-psc", "version": psc_version,
            "record_id": psc_id} in match["sources"]  # fmt: skip

    company_source = {
        "dataset": "gb-companies-house",
        "version": versions["gb-companies-house"],
        "record_id": "GB/08209948",
    }
    for key in REGISTRY_CHECKS:
        assert checks[key]["status"] != "not_applicable", (key, checks[key]["message"])
        assert company_source in checks[key]["sources"], key
        for source in checks[key]["sources"]:
            assert source["version"] and source["version"] != "unknown", (key, source)
    assert checks["identity.registry_match"]["reason_code"] == "REGISTRY_NAME_MATCH"
    assert checks["identity.incorporation_date"]["reason_code"] == "INCORPORATION_DATE_MATCH"
    assert checks["location.registered_address"]["reason_code"] == "REGISTERED_ADDRESS_MATCH"
    assert checks["capability.dormant"]["reason_code"] == "DORMANT_COMPANY"
    assert checks["solvency.insolvency_history"]["reason_code"] == "NO_LIVE_REGISTRY"
    datasets = {d["dataset"] for d in response.json()["datasets"]}
    assert {"gb-companies-house", "gb-companies-house-psc"} <= datasets


class RecordingScreener:
    """A screener that remembers what it was asked and finds nobody."""

    def __init__(self) -> None:
        self.queries: list[ScreenQuery] = []

    def screen(self, queries: list[ScreenQuery], threshold: float, limit: int) -> ScreenResult:
        self.queries += queries
        return ScreenResult([[] for _ in queries], [{"dataset": "t", "version": "1"}], 1,
                            frozenset({"sanction", "pep"}))  # fmt: skip


def test_registry_people_are_screened_and_count_for_pep(db: Database, tmp_path: Path) -> None:
    load_samples(db, tmp_path)
    application = Application.model_validate({**BANG, "owners": [], "officers": []})
    screener = RecordingScreener()
    evaluation = evaluate(
        application, default_policy(), screener=screener, registry=RegistryGatherer(db)
    )
    screened = {(q.name, q.schema, q.birth_date) for q in screener.queries}
    assert ("Mr Marc Anthony Feldman", "person", "1961-12") in screened
    pep = next(c for c in evaluation.checks if c.key == "compliance.pep")
    assert (pep.status.value, pep.facts["screened"]) == ("pass", ["Mr Marc Anthony Feldman"])


def _psc(psc_id: str, name: str, kind: str = "individual-person-with-significant-control") -> Psc:
    return Psc("GB", "01234567", psc_id, kind, name)


@pytest.mark.parametrize(
    ("pscs", "expected"),
    [
        ((), []),
        ((_psc("a", "Mr Marc Feldman"),), []),  # already declared, titles aside
        ((_psc("a", "Ada Lovelace"), _psc("b", "Mrs Ada Lovelace")), [("Ada Lovelace", "person")]),
        ((_psc("c", "Acme Holdings Ltd", "corporate-entity-person-with-significant-control"),),
         [("Acme Holdings Ltd", "company")]),
    ],
)  # fmt: skip
def test_party_queries_add_undeclared_registry_people(pscs, expected):
    application = Application.model_validate(
        {"legal_name": "Acme Ltd", "country": "GB", "officers": [{"name": "Marc Feldman"}]}
    )
    found = RegistryEvidence("GB", True, company=CompanyRecord("GB", "01234567", "ACME LTD"),
                             pscs=pscs)  # fmt: skip
    added = [(q.name, q.schema) for party, role, q in party_queries(application, found)
             if role == "psc"]  # fmt: skip
    assert added == expected


def test_cli_verify_uses_the_loaded_registry(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    url = f"sqlite:///{tmp_path / 'cli.db'}"
    database = Database(url)
    migrate.upgrade(database)
    load_samples(database, tmp_path)
    database.dispose()
    monkeypatch.setenv("OPENKYB_DATABASE_URL", url)
    get_settings.cache_clear()
    try:
        file = tmp_path / "bang.json"
        file.write_bytes(orjson.dumps(BANG))
        with_registry = CliRunner().invoke(cli, ["verify", str(file), "--json"])
        without = CliRunner().invoke(cli, ["verify", str(file), "--json", "--no-registry"])
    finally:
        get_settings.cache_clear()
    checks = {c["key"]: c for c in orjson.loads(with_registry.stdout)["checks"]}
    assert checks["ownership.psc_match"]["reason_code"] == "PSC_MATCH"
    checks = {c["key"]: c for c in orjson.loads(without.stdout)["checks"]}
    assert checks["ownership.psc_match"]["reason_code"] == "NO_REGISTRY_DATA"
