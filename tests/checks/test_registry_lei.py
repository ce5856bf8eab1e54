"""identity.lei: the claimed LEI against GLEIF records."""

from __future__ import annotations

from dataclasses import replace

import pytest
from tests.checks.registry_helpers import codes, run

from openkyb.checks import Source, Status
from openkyb.checks.evidence import DatasetRef, LeiEvidence
from openkyb.registry.model import LeiRecord, LeiRelationship

LEI = "213800D1EI4B9WTWWD28"
PARENT = "5493001KJTIIGC8Y1R12"
SOURCE = DatasetRef("gleif-lei", "dsv_lei")
RECORD = LeiRecord(
    lei=LEI,
    legal_name="ACME WIDGETS LIMITED",
    jurisdiction="GB",
    entity_status="ACTIVE",
    registration_status="ISSUED",
    registered_as="01234567",
)
PARENT_RECORD = LeiRecord(lei=PARENT, legal_name="ACME GROUP PLC", jurisdiction="GB")
FOUND = LeiEvidence(
    available=True,
    source=SOURCE,
    record=RECORD,
    relationships=(
        LeiRelationship(LEI, PARENT, "direct", "ACTIVE"),
        LeiRelationship(LEI, PARENT, "ultimate", "ACTIVE"),
    ),
    parents=(PARENT_RECORD,),
)


def found(**changes: object) -> LeiEvidence:
    return replace(FOUND, record=replace(RECORD, **changes))


@pytest.mark.parametrize(
    ("evidence", "fields", "expected", "status"),
    [
        (FOUND, {}, ["LEI_CONSISTENT"], Status.PASS),
        (found(registration_status="LAPSED"), {}, ["LEI_LAPSED"], Status.WARN),
        (found(registration_status="PENDING_TRANSFER"), {}, ["LEI_CONSISTENT"], Status.PASS),
        (found(registration_status="RETIRED"), {}, ["LEI_NOT_ISSUED"], Status.FAIL),
        (found(registration_status="ANNULLED"), {}, ["LEI_NOT_ISSUED"], Status.FAIL),
        (found(registration_status="MERGED"), {}, ["LEI_NOT_ISSUED"], Status.FAIL),
        (found(entity_status="INACTIVE"), {}, ["LEI_ENTITY_INACTIVE"], Status.WARN),
        (found(legal_name="Zebra Holdings Inc"), {}, ["LEI_NAME_MISMATCH"], Status.FAIL),
        (found(legal_name="Zebra Inc", other_names=("Acme Widgets Ltd",)), {},
         ["LEI_CONSISTENT"], Status.PASS),
        (found(legal_name="ACME WIDGET LIMITED"), {}, ["LEI_NAME_SIMILAR"], Status.WARN),
        (found(jurisdiction="US-DE"), {}, ["LEI_JURISDICTION_MISMATCH"], Status.WARN),
        (FOUND, {"registration_number": "1234567"}, ["LEI_CONSISTENT"], Status.PASS),
        (FOUND, {"registration_number": "07654321"}, ["LEI_REGISTRATION_NUMBER_MISMATCH"],
         Status.WARN),
        (found(registration_status="LAPSED", jurisdiction="FR"), {},
         ["LEI_LAPSED", "LEI_JURISDICTION_MISMATCH"], Status.WARN),
        (replace(FOUND, record=None, relationships=(), parents=()), {}, ["LEI_NOT_FOUND"],
         Status.WARN),
        (LeiEvidence(available=True, error="OperationalError"), {}, ["LEI_LOOKUP_UNAVAILABLE"],
         Status.ERROR),
        (LeiEvidence(available=False), {}, ["NO_LEI_DATA"], Status.NOT_APPLICABLE),
        (None, {}, ["NO_LEI_DATA"], Status.NOT_APPLICABLE),
    ],
)  # fmt: skip
def test_lei(evidence, fields, expected, status):
    result = run("identity.lei", None, evidence, lei=LEI, **fields)
    assert (codes(result), result.status) == (expected, status)


def test_lei_cites_the_record_and_lists_parents():
    result = run("identity.lei", None, FOUND, lei=LEI.lower())
    assert result.sources[0] == Source("gleif-lei", "dsv_lei", LEI)
    assert Source("gleif-lei", "dsv_lei", PARENT) in result.sources
    parents = result.facts["parents"]
    assert {(p["kind"], p["lei"], p["name"]) for p in parents} == {
        ("direct", PARENT, "ACME GROUP PLC"),
        ("ultimate", PARENT, "ACME GROUP PLC"),
    }


@pytest.mark.parametrize(
    ("lei", "code"), [(None, "NO_LEI"), ("213800D1EI4B9WTWWD29", "LEI_NOT_VALID")]
)
def test_lei_missing_or_invalid_is_not_applicable(lei, code):
    fields = {"lei": lei} if lei else {}
    result = run("identity.lei", None, FOUND, **fields)
    assert (result.reason_code, result.status) == (code, Status.NOT_APPLICABLE)
