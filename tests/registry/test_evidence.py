"""RegistryGatherer: registry and LEI evidence from the database and the live adapters."""

from __future__ import annotations

from datetime import date
from typing import Any

import pytest
from sqlalchemy import insert

from openkyb.applications import Application
from openkyb.checks.evidence import DatasetRef
from openkyb.clock import utc_now
from openkyb.registry.evidence import RegistryGatherer
from openkyb.registry.live import RegistryUnavailable
from openkyb.registry.model import (
    CompanyRecord,
    LeiRecord,
    LeiRelationship,
    Psc,
    RegisteredAddress,
)
from openkyb.registry.rows import company_to_row, lei_to_row, psc_to_row, relationship_to_row
from openkyb.store.db import Database
from openkyb.store.models import DatasetVersion
from openkyb.store.registry_models import (
    LeiRecordRow,
    LeiRelationshipRow,
    RegistryCompany,
    RegistryPsc,
)

OFFICE = RegisteredAddress(line1="20-22 WENLOCK ROAD", post_town="LONDON", postcode="N1 7GU")
ACME = CompanyRecord("GB", "01234567", "ACME WIDGETS LIMITED", status_code="active",
                     address=OFFICE)  # fmt: skip
HOLDCO = CompanyRecord("GB", "02222222", "ACME HOLDINGS LIMITED", address=OFFICE)
TOPCO = CompanyRecord("GB", "03333333", "ACME TOPCO LIMITED")
NEIGHBOURS = [
    CompanyRecord(
        "GB",
        f"0900000{i}",
        f"NEIGHBOUR {i} LIMITED",
        address=RegisteredAddress(line1=f"Suite {i}, 20-22 Wenlock Road", postcode="N17GU"),
    )
    for i in range(3)
]
LEI = "213800D1EI4B9WTWWD28"
PARENT = "5493001KJTIIGC8Y1R12"


def _psc(company: str, psc_id: str, name: str | None, **fields: Any) -> Psc:
    kind = fields.pop("kind", "individual-person-with-significant-control")
    return Psc("GB", company, psc_id, kind, name, **fields)


def _corporate(company: str, psc_id: str, name: str, number: str) -> Psc:
    kind = "corporate-entity-person-with-significant-control"
    return _psc(
        company,
        psc_id,
        name,
        kind=kind,
        registration_number=number,
        registration_country="England And Wales",
        ownership_min=75,
        ownership_max=100,
    )


PSCS = [
    _psc("01234567", "p1", "Mr Marc Anthony Feldman", ownership_min=25, ownership_max=50),
    _psc("01234567", "p2", "Gone Person", ceased_on=date(2020, 1, 1)),
    _corporate("01234567", "c1", "Acme Holdings Ltd", "2222222"),
    _corporate("02222222", "c2", "Acme Topco Ltd", "3333333"),
    _psc("03333333", "p3", "Ms Ada Lovelace", ownership_min=75, ownership_max=100),
    _corporate("03333333", "c3", "Acme Widgets Limited", "01234567"),  # a cycle
]


def _version(version: str, dataset: str) -> dict[str, Any]:
    return {
        "id": version, "dataset": dataset, "format": "test", "origin": "test", "sha256": "0" * 64,
        "published": None, "loaded_at": utc_now(), "entities": 1, "names": 0, "issues": 0,
        "added": 0, "changed": 0, "removed": 0, "report": {},
    }  # fmt: skip


def load(db: Database, companies: bool = True, pscs: bool = True, leis: bool = True) -> None:
    """Store the test registry: companies, PSCs, an LEI with its parent."""
    with db.connection(write=True) as conn:
        if companies:
            conn.execute(insert(DatasetVersion), [_version("dsv_co", "gb-companies-house")])
            rows = [company_to_row(c, "dsv_co") for c in (ACME, HOLDCO, TOPCO, *NEIGHBOURS)]
            conn.execute(insert(RegistryCompany), rows)
        if pscs:
            conn.execute(insert(DatasetVersion), [_version("dsv_psc", "gb-companies-house-psc")])
            conn.execute(insert(RegistryPsc), [psc_to_row(p, "dsv_psc") for p in PSCS])
        if leis:
            conn.execute(insert(DatasetVersion), [_version("dsv_lei", "gleif-lei")])
            records = [LeiRecord(LEI, "ACME WIDGETS LIMITED"), LeiRecord(PARENT, "ACME TOPCO")]
            conn.execute(insert(LeiRecordRow), [lei_to_row(r, "dsv_lei") for r in records])
            link = LeiRelationship(LEI, PARENT, "ultimate", "ACTIVE")
            conn.execute(insert(LeiRelationshipRow), [relationship_to_row(link, "dsv_lei")])


def app(**fields: Any) -> Application:
    return Application.model_validate({"legal_name": "Acme Widgets Ltd", "country": "GB", **fields})


def test_nothing_loaded_costs_nothing_and_says_so(db):
    gatherer = RegistryGatherer(db)
    found, lei = gatherer.gather(app(registration_number="1234567", lei=LEI))
    assert (found.available, found.error, found.company) == (False, None, None)
    assert (lei.available, lei.record) == (False, None)
    assert not gatherer.has_data()


def test_company_by_number_with_address_pscs_and_chain(db):
    load(db)
    gatherer = RegistryGatherer(db)
    claimed = {"lines": ["Office 9", "20 - 22 Wenlock Road"], "postcode": "n1 7gu"}
    found, _ = gatherer.gather(app(registration_number="1234567", registered_address=claimed))
    assert found.company == ACME and found.matched_by == "number"
    assert found.source == DatasetRef("gb-companies-house", "dsv_co")
    assert found.psc_source == DatasetRef("gb-companies-house-psc", "dsv_psc")
    assert found.address_companies == 5  # Acme, the holding and three neighbours' suites
    assert found.claimed_address_companies == 5
    assert {p.psc_id for p in found.pscs} == {"p1", "p2", "c1"}
    chain = [(o.psc.psc_id, o.depth, o.company.number if o.company else None)
             for o in found.corporate_owners]  # fmt: skip
    assert chain == [("c1", 1, "02222222"), ("c2", 2, "03333333"), ("c3", 3, None)]
    assert {p.psc_id for p in found.corporate_owners[1].pscs} == {"p3", "c3"}
    assert found.insolvency is None and gatherer.has_data()


@pytest.mark.parametrize("number", ["7654321", "not a number!"])
def test_unknown_number_finds_nothing(db, number):
    load(db)
    found, _ = RegistryGatherer(db).gather(app(registration_number=number))
    assert found.available and found.company is None and found.matched_by is None


def test_company_by_unambiguous_name(db):
    load(db)
    found, _ = RegistryGatherer(db).gather(app(legal_name="ACME WIDGETS LTD"))
    assert (found.company, found.matched_by) == (ACME, "name")


def test_other_country_is_not_available(db):
    load(db)
    found, _ = RegistryGatherer(db).gather(app(country="FR", registration_number="1"))
    assert not found.available


def test_psc_availability_is_per_country_and_refreshed(db):
    load(db, pscs=False, leis=False)
    gatherer = RegistryGatherer(db, refresh_seconds=0)
    found, _ = gatherer.gather(app(registration_number="01234567"))
    assert not found.psc_available and found.pscs == ()
    load(db, companies=False, leis=False)
    found, _ = gatherer.gather(app(registration_number="01234567"))
    assert found.psc_available and len(found.pscs) == 3


def test_lei_with_parents_from_the_loaded_golden_copy(db):
    load(db)
    _, lei = RegistryGatherer(db).gather(app(lei=LEI.lower()))
    assert lei.available and lei.record is not None and lei.record.lei == LEI
    assert lei.source == DatasetRef("gleif-lei", "dsv_lei")
    assert [r.parent for r in lei.relationships] == [PARENT]
    assert [p.legal_name for p in lei.parents] == ["ACME TOPCO"]
    _, missing = RegistryGatherer(db).gather(app(lei=PARENT[:-2] + "00"))
    assert missing.available and missing.record is None


class FakeCompaniesHouse:
    def __init__(self, answer: list[dict[str, Any]] | Exception) -> None:
        self.answer = answer
        self.asked: list[str] = []

    def insolvency(self, number: str) -> list[dict[str, Any]]:
        self.asked.append(number)
        if isinstance(self.answer, Exception):
            raise self.answer
        return self.answer


class FakeGleif:
    def lei_record(self, lei: str) -> LeiRecord | None:
        return LeiRecord(lei, "FROM THE API")

    def parents(self, lei: str) -> tuple[list[LeiRelationship], list[LeiRecord]]:
        return [LeiRelationship(lei, PARENT, "direct")], [LeiRecord(PARENT, "ACME TOPCO")]


def test_insolvency_from_the_live_adapter(db):
    load(db)
    case = {"type": "compulsory-liquidation", "dates": {"wound-up-on": "1995-01-18"}}
    client = FakeCompaniesHouse([case])
    found, _ = RegistryGatherer(db, client).gather(app(registration_number="1234567"))  # type: ignore[arg-type]
    assert found.insolvency == (case,) and client.asked == ["01234567"]
    assert found.live_source is not None and found.live_source.dataset == "companies-house-api"


def test_live_failures_become_evidence(db):
    load(db)
    client = FakeCompaniesHouse(RegistryUnavailable("companies-house", "503 Service Unavailable"))
    found, _ = RegistryGatherer(db, client).gather(app(registration_number="1234567"))  # type: ignore[arg-type]
    assert found.insolvency is None and found.company == ACME
    assert found.live_error is not None and "503" in found.live_error


def test_gleif_adapter_fills_in_lei_records_not_loaded(db):
    load(db)
    gatherer = RegistryGatherer(db, gleif_client=FakeGleif())  # type: ignore[arg-type]
    _, loaded = gatherer.gather(app(lei=LEI))
    assert loaded.source == DatasetRef("gleif-lei", "dsv_lei")  # loaded: the golden copy wins
    assert loaded.record is not None and loaded.record.legal_name == "ACME WIDGETS LIMITED"
    _, live = gatherer.gather(app(lei="5299000J2N45DDNE4Y28"))
    assert live.record is not None and live.record.legal_name == "FROM THE API"
    assert live.source is not None and live.source.dataset == "gleif-api"
    assert [p.lei for p in live.parents] == [PARENT]


def test_a_broken_database_is_an_error_not_an_exception(tmp_path):
    broken = Database(f"sqlite:///{tmp_path / 'empty.db'}")  # never migrated: no tables
    found, lei = RegistryGatherer(broken).gather(app(registration_number="1", lei=LEI))
    assert found.error is not None and lei.error is not None
    assert not RegistryGatherer(broken).has_data()
    broken.dispose()
