"""ownership.psc_match: declared owners against the PSC register, up the corporate chain."""

from __future__ import annotations

from datetime import date

import pytest
from tests.checks.registry_helpers import PSC_SOURCE, codes, company, policy, psc, registry, run

from openkyb.checks import Source, Status
from openkyb.checks.evidence import CorporateOwner

PRIYA = psc("Mrs Priya Raman", "p1", ownership_min=50, ownership_max=75, birth_year=1981,
            birth_month=6)  # fmt: skip
THOMAS = psc("Mr Thomas James Hale", "p2")
HOLDCO = psc(
    "HARBOUR HOLDINGS LIMITED",
    "c1",
    kind="corporate-entity-person-with-significant-control",
    registration_number="7654321",
    registration_country="England",
    ownership_min=75,
    ownership_max=100,
)
GONE = psc("Mr Old Owner", "p3", ceased_on=date(2020, 1, 1))
NOBODY = psc(None, "s1", kind="persons-with-significant-control-statement", ownership_min=None,
             statement="no-individual-or-entity-with-signficant-control")  # fmt: skip
ULTIMATE = psc("Ms Ada Lovelace", "u1", ownership_min=75, ownership_max=100)
CHAIN = CorporateOwner(HOLDCO, company(number="07654321", name="HARBOUR HOLDINGS LIMITED"),
                       (ULTIMATE,), 1)  # fmt: skip

P = {"kind": "person"}
OWNERS = [
    {**P, "name": "Priya Raman", "ownership_pct": 60, "date_of_birth": "1981-06"},
    {**P, "name": "Thomas Hale", "ownership_pct": 40},
]


@pytest.mark.parametrize(
    ("pscs", "owners", "expected", "status"),
    [
        ((PRIYA, THOMAS), OWNERS, ["PSC_MATCH"], Status.PASS),
        ((PRIYA, THOMAS, GONE), OWNERS, ["PSC_MATCH"], Status.PASS),
        ((PRIYA,), OWNERS, ["PSC_OWNER_NOT_ON_REGISTER"], Status.WARN),
        ((PRIYA, THOMAS), OWNERS[:1], ["PSC_UNDECLARED"], Status.WARN),
        ((PRIYA, THOMAS), [], ["PSC_UNDECLARED", "PSC_UNDECLARED"], Status.WARN),
        ((PRIYA, THOMAS), [{**OWNERS[0], "date_of_birth": "1990-01"}, OWNERS[1]],
         ["PSC_OWNER_NOT_ON_REGISTER", "PSC_UNDECLARED"], Status.WARN),
        ((PRIYA, THOMAS), [{**OWNERS[0], "ownership_pct": 30}, OWNERS[1]],
         ["PSC_OWNERSHIP_BAND_MISMATCH"], Status.WARN),
        ((PRIYA,), [OWNERS[0], {**P, "name": "Small Holder", "ownership_pct": 10}],
         ["PSC_MATCH"], Status.PASS),
        ((PRIYA,), [OWNERS[0], {**P, "name": "Exactly Quarter", "ownership_pct": 25}],
         ["PSC_MATCH"], Status.PASS),
        ((NOBODY,), [], ["PSC_STATEMENT"], Status.WARN),
        ((PRIYA, NOBODY), OWNERS[:1], ["PSC_MATCH"], Status.PASS),
    ],
)  # fmt: skip
def test_psc_match(pscs, owners, expected, status):
    result = run("ownership.psc_match", registry(pscs=pscs), owners=owners)
    assert (codes(result), result.status) == (expected, status)
    assert result.sources[0].record_id == "GB/01234567"


def test_matches_and_undeclared_are_cited_by_psc_id():
    result = run("ownership.psc_match", registry(pscs=(PRIYA, THOMAS)), owners=OWNERS[:1])
    cited = {s.record_id for s in result.sources if s.dataset == PSC_SOURCE.dataset}
    assert cited == {"p1", "p2"}
    assert Source(PSC_SOURCE.dataset, PSC_SOURCE.version, "p1") in result.sources
    matched = result.facts["owners"][0]["matched"]
    assert [m["psc_id"] for m in matched] == ["p1"]


def test_undeclared_follows_the_policy():
    chosen = policy(undeclared_psc="fail")
    result = run("ownership.psc_match", registry(pscs=(PRIYA, THOMAS)), chosen=chosen,
                 owners=OWNERS[:1])  # fmt: skip
    assert result.status is Status.FAIL


def test_corporate_owner_matched_by_number_and_chain_compared():
    owners = [
        {"kind": "company", "name": "Harbour Holdings", "registration_number": "07654321",
         "ownership_pct": 100},
        {**P, "name": "Ada Lovelace"},
    ]  # fmt: skip
    found = registry(pscs=(HOLDCO,), corporate_owners=(CHAIN,))
    result = run("ownership.psc_match", found, owners=owners)
    assert (codes(result), result.status) == (["PSC_MATCH"], Status.PASS)
    registered = {(r["name"], r["depth"], r["via"]) for r in result.facts["registered"]}
    assert ("Ms Ada Lovelace", 2, "HARBOUR HOLDINGS LIMITED") in registered
    ada = result.facts["owners"][1]["matched"][0]
    assert (ada["psc_id"], ada["depth"]) == ("u1", 2)


def test_person_is_not_matched_to_a_corporate_psc():
    owners = [{**P, "name": "Harbour Holdings Limited", "ownership_pct": 100}]
    result = run("ownership.psc_match", registry(pscs=(HOLDCO,)), owners=owners)
    assert "PSC_OWNER_NOT_ON_REGISTER" in codes(result)


@pytest.mark.parametrize(
    ("found", "message"),
    [
        (registry(psc_available=False), "No GB PSC register data is loaded."),
        (registry(pscs=()), "The PSC register holds nothing for company 01234567."),
    ],
)
def test_no_psc_data_says_so(found, message):
    result = run("ownership.psc_match", found, owners=OWNERS)
    assert (result.reason_code, result.message) == ("NO_PSC_DATA", message)


def test_declaring_the_people_behind_a_corporate_psc_declares_it():
    found = registry(pscs=(HOLDCO,), corporate_owners=(CHAIN,))
    result = run("ownership.psc_match", found, owners=[{**P, "name": "Ada Lovelace"}])
    assert (codes(result), result.status) == (["PSC_MATCH"], Status.PASS)
    result = run("ownership.psc_match", found, owners=[{**P, "name": "Someone Else"}])
    assert codes(result) == ["PSC_OWNER_NOT_ON_REGISTER", "PSC_UNDECLARED"]
