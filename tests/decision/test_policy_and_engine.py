"""The risk policy and the decision engine."""

from __future__ import annotations

import pytest

from openkyb.checks.base import CheckResult, Pillar, Reason, Status
from openkyb.decision import PolicyError, decide, default_policy, parse_policy

POLICY = """
name: test
version: "1"
thresholds: {review: 20, decline: 50}
default_points: {warn: 10, fail: 30}
weights: {BAD_VAT: 25, FREE_MAIL: 5}
rules:
  - name: sanctions-review
    when: {pillars: [compliance], statuses: [fail]}
    decision: review
  - name: embargo-declines
    when: {reason_codes: [EMBARGO]}
    decision: decline
"""


def result(key: str, pillar: Pillar, *reasons: tuple[str, Status]) -> CheckResult:
    return CheckResult(
        key=key,
        pillar=pillar,
        status=max((s for _, s in reasons), key=lambda s: s != Status.PASS),
        reasons=[Reason(code, status, code.lower()) for code, status in reasons],
        facts={},
        sources=[],
        duration_ms=0.0,
    )


@pytest.mark.parametrize(
    ("reasons", "decision", "score"),
    [
        ([("ALL_GOOD", Status.PASS)], "approve", 0),
        ([("FREE_MAIL", Status.WARN)], "approve", 5),
        ([("UNLISTED_WARN", Status.WARN), ("FREE_MAIL", Status.WARN)], "approve", 15),
        ([("BAD_VAT", Status.FAIL)], "review", 25),
        ([("BAD_VAT", Status.FAIL), ("UNLISTED_FAIL", Status.FAIL)], "decline", 55),
        ([("NO_DATA", Status.NOT_APPLICABLE)], "approve", 0),
        ([("EMBARGO", Status.WARN)], "decline", 10),
    ],
)
def test_score_and_thresholds(reasons, decision, score):
    policy = parse_policy(POLICY)
    verdict = decide([result("identity.x", Pillar.IDENTITY, *reasons)], policy)
    assert (verdict.decision, verdict.risk_score) == (decision, score)
    assert sum(s.points for s in verdict.breakdown) == score


def test_rules_raise_but_never_lower():
    policy = parse_policy(POLICY)
    hit = result("compliance.sanctions", Pillar.COMPLIANCE, ("SANCTIONS_HIT", Status.FAIL))
    verdict = decide([hit], policy)
    assert verdict.decision == "review"  # 30 points alone would be review; the rule agrees
    assert verdict.rules_applied[0]["rule"] == "sanctions-review"
    heavy = result("identity.x", Pillar.IDENTITY, ("A", Status.FAIL), ("B", Status.FAIL))
    assert decide([hit, heavy], policy).decision == "decline"


def test_score_is_capped_and_pillars_summarised():
    policy = parse_policy(POLICY)
    many = [result(f"identity.c{i}", Pillar.IDENTITY, (f"X{i}", Status.FAIL)) for i in range(5)]
    verdict = decide(many, policy)
    assert verdict.risk_score == 100
    assert verdict.score_uncapped == 150
    identity = verdict.pillars["identity"]
    assert identity["status"] == "fail"
    assert len(identity["top_reasons"]) == 3
    assert verdict.pillars["solvency"]["status"] == "not_applicable"


def test_error_adds_no_points_but_default_policy_reviews():
    broken = result("identity.x", Pillar.IDENTITY, ("CHECK_ERROR", Status.ERROR))
    verdict = decide([broken], default_policy())
    assert verdict.risk_score == 0
    assert verdict.decision == "review"


@pytest.mark.parametrize(
    ("document", "message"),
    [
        ("not: [valid", "not valid YAML"),
        ("- a list", "must be a mapping"),
        ("name: x\nversion: '1'\nthresholds: {review: 60, decline: 50}", "below"),
        ("name: x\nversion: '1'\nthresholds: {review: 10, decline: 50}\nsurprise: 1", "surprise"),
        (
            "name: x\nversion: '1'\nthresholds: {review: 10, decline: 50}\nweights: {TYPO_CODE: 5}",
            "unknown reason codes: TYPO_CODE",
        ),
        (
            "name: x\nversion: '1'\nthresholds: {review: 10, decline: 50}\n"
            "rules: [{name: r, when: {}, decision: review}]",
            "at least one condition",
        ),
    ],
)
def test_invalid_policies_are_explained(document, message):
    with pytest.raises(PolicyError, match=message):
        parse_policy(document, known_codes={"BAD_VAT"})


def test_default_policy_names_only_known_codes():
    from openkyb.checks import known_reason_codes

    policy = default_policy()
    parse_policy(policy.model_dump(mode="json"), set(known_reason_codes()))
    assert policy.digest == parse_policy(policy.model_dump(mode="json")).digest
