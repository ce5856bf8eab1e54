"""compliance.sanctions and compliance.pep over screening evidence (pure, no engine)."""

from __future__ import annotations

from typing import Any

import pytest

from openkyb.applications import Application
from openkyb.checks import compliance, load_reference
from openkyb.checks.base import Evidence
from openkyb.checks.evidence import PartyScreening, ScreeningEvidence

APPLICATION = Application.model_validate(
    {
        "legal_name": "Acme Trading Ltd",
        "country": "GB",
        "officers": [{"name": "Jane Doe"}],
        "owners": [{"kind": "person", "name": "John Roe", "ownership_pct": 100}],
    }
)
DATASETS = [
    {"dataset": "us_ofac_sdn", "version": "dsv_1"},
    {"dataset": "pep_us", "version": "dsv_2"},
]


def hit(
    topics: list[str], dataset: str = "us_ofac_sdn", name: str = "LISTED NAME"
) -> dict[str, Any]:
    return {
        "dataset": dataset,
        "entity_id": "123",
        "name": name,
        "score": 0.97,
        "topics": topics,
        "list_name": "OFAC SDN",
        "programs": ["SDGT"],
        "explanation": {"name": {"score": 0.97}},
    }


def evidence(
    company: list[dict[str, Any]], officer: list[dict[str, Any]], **extra: Any
) -> Evidence:
    parties = [
        PartyScreening("company", "company", "Acme Trading Ltd", company),
        PartyScreening("officers[0]", "officer", "Jane Doe", officer),
        PartyScreening("owners[0]", "owner", "John Roe", []),
    ]
    values = {
        "datasets": DATASETS,
        "entities": 100,
        "topics": frozenset({"sanction", "pep"}),
        "threshold": 0.8,
    }
    values.update(extra)
    screening = ScreeningEvidence(parties=parties, **values)
    return Evidence(APPLICATION, load_reference(), screening)


@pytest.mark.parametrize(
    ("company", "officer", "code", "status"),
    [
        ([], [], "SANCTIONS_CLEAR", "pass"),
        ([hit(["sanction"])], [], "SANCTIONS_HIT", "fail"),
        ([], [hit([])], "SANCTIONS_HIT", "fail"),  # a list without topics counts as sanctions
        ([hit(["export_control"])], [], "EXPORT_CONTROL_HIT", "warn"),
        ([], [hit(["pep"], "pep_us")], "SANCTIONS_CLEAR", "pass"),  # a PEP is not sanctioned
        ([hit(["sanction_counter"])], [], "SANCTIONS_CLEAR", "pass"),  # China's counter-list
        ([hit(["sanction_linked"])], [], "SANCTIONS_HIT", "fail"),
    ],
)
def test_sanctions(company, officer, code, status):
    outcome = compliance.sanctions(evidence(company, officer))
    assert (outcome.reasons[0].code, outcome.status) == (code, status)
    if status != "pass":
        (fact,) = outcome.facts["hits"]
        assert fact["listed_name"] == "LISTED NAME"
        assert fact["explanation"]
        assert outcome.sources[0].record_id == "123"
        assert outcome.sources[0].version in {"dsv_1", "dsv_2"}
    else:
        assert {s.dataset for s in outcome.sources} == {"us_ofac_sdn", "pep_us"}


@pytest.mark.parametrize(
    ("officer", "code", "status"),
    [
        ([], "PEP_CLEAR", "pass"),
        ([hit(["pep"], "pep_us")], "PEP_MATCH", "warn"),
        ([hit(["sanction"])], "PEP_CLEAR", "pass"),
    ],
)
def test_pep(officer, code, status):
    outcome = compliance.pep(evidence([], officer))
    assert (outcome.reasons[0].code, outcome.status) == (code, status)


def test_without_lists_nothing_is_guessed():
    assert (
        compliance.sanctions(Evidence(APPLICATION, load_reference())).reasons[0].code
        == "NO_SANCTIONS_DATA"
    )
    empty = evidence([], [], entities=0, datasets=[], topics=frozenset())
    assert compliance.sanctions(empty).status == "not_applicable"
    no_pep = evidence([], [], topics=frozenset({"sanction"}))
    assert compliance.pep(no_pep).reasons[0].code == "NO_PEP_DATA"


def test_an_unreachable_engine_is_an_error_not_a_pass():
    broken = Evidence(
        APPLICATION, load_reference(), ScreeningEvidence(error="ConnectError: refused")
    )
    for check, code in (
        (compliance.sanctions, "SANCTIONS_SCREENING_UNAVAILABLE"),
        (compliance.pep, "PEP_SCREENING_UNAVAILABLE"),
    ):
        outcome = check(broken)
        assert (outcome.status, outcome.reasons[0].code) == ("error", code)
