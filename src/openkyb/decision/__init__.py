"""Risk policy and decision: turns check results into a score, a decision and its reasons."""

from openkyb.decision.engine import Decision, ScoredReason, decide
from openkyb.decision.policy import Policy, PolicyError, default_policy, parse_policy

__all__ = [
    "Decision",
    "Policy",
    "PolicyError",
    "ScoredReason",
    "decide",
    "default_policy",
    "parse_policy",
]
