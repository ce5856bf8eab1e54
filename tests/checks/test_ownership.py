"""Table-driven tests of the ownership-structure check."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import pytest

from openkyb.checks import CheckResult, Status, registered_checks

RunCheck = Callable[..., CheckResult]
KEY = "ownership.structure"
P, W, F, NA = Status.PASS, Status.WARN, Status.FAIL, Status.NOT_APPLICABLE


def person(name: str, pct: str | None = None) -> dict[str, Any]:
    """A person owner."""
    return {"kind": "person", "name": name, "ownership_pct": pct}


def company(name: str, pct: str | None = None, reg: str | None = "01234567") -> dict[str, Any]:
    """A company owner."""
    return {"kind": "company", "name": name, "ownership_pct": pct, "registration_number": reg}


DIRECTOR = [{"name": "Jane Smith", "role": "director"}]

CASES: list[Any] = [
    pytest.param(
        {"owners": [person("Jane", "60"), company("Holdco", "40")], "officers": DIRECTOR},
        P,
        {"OWNERSHIP_STRUCTURE_OK"},
        id="ok",
    ),
    pytest.param({"officers": DIRECTOR}, P, {"OWNERSHIP_STRUCTURE_OK"}, id="officers-only"),
    pytest.param({"owners": [person("Jane", "25")]}, P, {"OWNERSHIP_STRUCTURE_OK"}, id="25pct"),
    pytest.param({}, NA, {"NO_OWNERSHIP_DATA"}, id="nothing"),
    pytest.param(
        {"owners": [person("A", "60"), person("B", "40.001")], "officers": DIRECTOR},
        F,
        {"OWNERSHIP_OVER_100"},
        id="over-100",
    ),
    pytest.param(
        {"owners": [person("A"), person("B")], "officers": DIRECTOR},
        W,
        {"OWNERSHIP_PCT_MISSING"},
        id="pct-missing",
    ),
    pytest.param(
        {"owners": [person("A", "20"), person("B")], "officers": DIRECTOR},
        P,
        {"OWNERSHIP_STRUCTURE_OK"},
        id="some-pct",
    ),
    pytest.param(
        {"owners": [person(f"P{i}", "10") for i in range(5)]},
        W,
        {"NO_CONTROLLER_DECLARED"},
        id="no-controller",
    ),
    pytest.param(
        {"owners": [company("Shellco", "100", reg=None)], "officers": DIRECTOR},
        W,
        {"COMPANY_OWNER_UNIDENTIFIED"},
        id="company-unidentified",
    ),
    pytest.param(
        {"owners": [company("X", "80", reg=None), person("Y", "30")]},
        F,
        {"OWNERSHIP_OVER_100", "COMPANY_OWNER_UNIDENTIFIED"},
        id="over-and-unidentified",
    ),
]


@pytest.mark.parametrize(("fields", "status", "expected"), CASES)
def test_reason_codes(
    run: RunCheck, fields: dict[str, Any], status: Status, expected: set[str]
) -> None:
    result = run(KEY, **fields)
    assert {r.code for r in result.reasons} == expected, result.reasons
    assert result.status == status


def test_every_reason_code_is_tested() -> None:
    spec = next(s for s in registered_checks() if s.key == KEY)
    assert {code for p in CASES for code in p.values[2]} == set(spec.reason_codes)


def test_facts_show_the_sum_and_the_unidentified(run: RunCheck) -> None:
    result = run(KEY, owners=[person("A", "60.5"), company("Shellco", "40", reg=None)])
    assert result.facts["total_pct"] == 100.5
    assert result.facts["unidentified_company_owners"] == ["Shellco"]
    assert result.facts["controlling_owners"] == ["A", "Shellco"]
    assert "100.5%" in next(r.message for r in result.reasons if r.code == "OWNERSHIP_OVER_100")
