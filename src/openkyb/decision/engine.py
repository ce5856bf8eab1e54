"""Score check results against a policy and decide, keeping every point traceable."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from openkyb.checks.base import SEVERITY, CheckResult, Pillar, Reason, Status
from openkyb.decision.policy import DECISION_RANK, Policy, Rule

TOP_REASONS_PER_PILLAR = 3


@dataclass(frozen=True, slots=True)
class ScoredReason:
    """A reason with the points it added to the risk score."""

    check: str
    pillar: Pillar
    reason: Reason
    points: int

    def as_dict(self) -> dict[str, Any]:
        """JSON form."""
        return {
            "check": self.check,
            "pillar": self.pillar.value,
            "reason_code": self.reason.code,
            "status": self.reason.status.value,
            "points": self.points,
            "message": self.reason.message,
        }


@dataclass(frozen=True, slots=True)
class Decision:
    """The verdict: decision, score, per-pillar summaries and the trail behind them."""

    decision: str
    risk_score: int
    score_uncapped: int
    breakdown: list[ScoredReason]
    pillars: dict[str, dict[str, Any]]
    rules_applied: list[dict[str, str]]


def _rule_matches(rule: Rule, check: CheckResult, reason: Reason) -> bool:
    when = rule.when
    return (
        (when.reason_codes is None or reason.code in when.reason_codes)
        and (when.pillars is None or check.pillar in when.pillars)
        and (when.statuses is None or reason.status in when.statuses)
        and (when.checks is None or check.key in when.checks)
    )


def _decision_for_score(score: int, policy: Policy) -> str:
    if score >= policy.thresholds.decline:
        return "decline"
    if score >= policy.thresholds.review:
        return "review"
    return "approve"


def _pillar_summaries(results: list[CheckResult], scored: list[ScoredReason]) -> dict[str, Any]:
    summaries: dict[str, dict[str, Any]] = {}
    for pillar in Pillar:
        checks = [r for r in results if r.pillar is pillar]
        statuses = [c.status for c in checks] or [Status.NOT_APPLICABLE]
        mine = [s for s in scored if s.pillar is pillar]
        # Top reasons: the costliest first, then the most severe, so an analyst reads the
        # finding that moved the score before the ones that did not.
        ranked = sorted(mine, key=lambda s: (-s.points, -SEVERITY[s.reason.status]))
        top = [s for s in ranked if s.reason.status is not Status.NOT_APPLICABLE]
        summaries[pillar.value] = {
            "status": max(statuses, key=SEVERITY.__getitem__).value,
            "score": min(100, sum(s.points for s in mine)),
            "checks": len(checks),
            "top_reasons": [
                {"check": s.check, "reason_code": s.reason.code, "message": s.reason.message}
                for s in (top or ranked)[:TOP_REASONS_PER_PILLAR]
            ],
        }
    return summaries


def decide(results: list[CheckResult], policy: Policy) -> Decision:
    """Score every reason, apply thresholds, then let hard rules raise the decision."""
    scored = [
        ScoredReason(r.key, r.pillar, reason, policy.points_for(reason.code, reason.status))
        for r in results
        for reason in r.reasons
    ]
    uncapped = sum(s.points for s in scored)
    score = min(100, uncapped)
    decision = _decision_for_score(score, policy)
    applied: list[dict[str, str]] = []
    for rule in policy.rules:
        hit = next(
            (
                (r, reason)
                for r in results
                for reason in r.reasons
                if _rule_matches(rule, r, reason)
            ),
            None,
        )
        if hit is None:
            continue
        applied.append(
            {
                "rule": rule.name,
                "decision": rule.decision,
                "check": hit[0].key,
                "reason_code": hit[1].code,
            }
        )
        if DECISION_RANK[rule.decision] > DECISION_RANK[decision]:
            decision = rule.decision
    return Decision(
        decision=decision,
        risk_score=score,
        score_uncapped=uncapped,
        breakdown=[s for s in scored if s.points],
        pillars=_pillar_summaries(results, scored),
        rules_applied=applied,
    )
