"""location.registered_address and location.mass_registration_address."""

from __future__ import annotations

import pytest
from tests.checks.registry_helpers import codes, policy, registry, run

from openkyb.checks import Status

OFFICE = {
    "lines": ["Unit 4, Riverside Works", "Mill Lane"],
    "city": "Leeds",
    "postcode": "LS10 1HQ",
}


@pytest.mark.parametrize(
    ("address", "expected", "status"),
    [
        (OFFICE, ["REGISTERED_ADDRESS_MATCH"], Status.PASS),
        ({**OFFICE, "postcode": "ls101hq"}, ["REGISTERED_ADDRESS_MATCH"], Status.PASS),
        ({**OFFICE, "lines": ["4 Riverside Works, Mill Lane"]}, ["REGISTERED_ADDRESS_MATCH"],
         Status.PASS),
        ({**OFFICE, "lines": ["99 High Street"]}, ["REGISTERED_ADDRESS_PARTIAL_MATCH"],
         Status.WARN),
        ({**OFFICE, "city": "Bradford"}, ["REGISTERED_ADDRESS_PARTIAL_MATCH"], Status.WARN),
        ({**OFFICE, "postcode": "LS1 4AP"}, ["REGISTERED_ADDRESS_PARTIAL_MATCH"], Status.WARN),
        ({"lines": ["Unit 4, Riverside Works", "Mill Lane"], "city": "Leeds"},
         ["REGISTERED_ADDRESS_PARTIAL_MATCH"], Status.WARN),
        ({"lines": ["1 Canada Square"], "city": "London", "postcode": "E14 5AB"},
         ["REGISTERED_ADDRESS_MISMATCH"], Status.FAIL),
        ({"lines": ["1 Canada Square"], "city": "London"}, ["REGISTERED_ADDRESS_MISMATCH"],
         Status.FAIL),
        ({**OFFICE, "postcode": "LS10 1HQX"},
         ["REGISTERED_ADDRESS_PARTIAL_MATCH", "POSTCODE_INVALID_FORMAT"], Status.WARN),
        ({**OFFICE, "lines": ["1 Canada Square"], "postcode": "QQ1 1QQ"},
         ["REGISTERED_ADDRESS_MISMATCH", "POSTCODE_INVALID_FORMAT"], Status.FAIL),
    ],
)  # fmt: skip
def test_registered_address(address, expected, status):
    result = run("location.registered_address", registry(), registered_address=address)
    assert (codes(result), result.status) == (expected, status)
    assert result.sources[0].record_id == "GB/01234567"
    assert result.facts["registered"][-1] == "LS10 1HQ"


def test_registered_address_not_claimed_reports_the_registered_one():
    result = run("location.registered_address", registry())
    assert result.reason_code == "NO_REGISTERED_ADDRESS_CLAIMED"
    assert "MILL LANE" in result.message


def test_postcode_format_is_only_checked_for_uk_addresses():
    address = {**OFFICE, "postcode": "75008", "country": "FR"}
    result = run("location.registered_address", registry(), registered_address=address)
    assert "POSTCODE_INVALID_FORMAT" not in codes(result)


@pytest.mark.parametrize(
    ("own", "claimed", "threshold", "code", "status"),
    [
        (3, 3, 100, "ADDRESS_NOT_MASS_REGISTRATION", Status.PASS),
        (100, None, 100, "ADDRESS_NOT_MASS_REGISTRATION", Status.PASS),
        (101, None, 100, "MASS_REGISTRATION_ADDRESS", Status.WARN),
        (2, 4500, 100, "MASS_REGISTRATION_ADDRESS", Status.WARN),
        (30, None, 20, "MASS_REGISTRATION_ADDRESS", Status.WARN),
        (None, None, 100, "ADDRESS_COUNT_UNKNOWN", Status.NOT_APPLICABLE),
    ],
)
def test_mass_registration_address(own, claimed, threshold, code, status):
    found = registry(address_companies=own, claimed_address_companies=claimed)
    chosen = policy(mass_registration_threshold=threshold)
    result = run("location.mass_registration_address", found, chosen=chosen)
    assert (result.reason_code, result.status) == (code, status)
    if status is Status.WARN:
        assert str(max(own or 0, claimed or 0)) in result.message
    assert result.facts["threshold"] == threshold
