"""The risk policy: a versioned YAML document of weights, thresholds and hard rules."""

from __future__ import annotations

import hashlib
from functools import cache, cached_property
from importlib import resources
from typing import Any, Literal

import orjson
import yaml
from pydantic import BaseModel, ConfigDict, Field, ValidationError, model_validator

from openkyb.checks.base import Pillar, Status

DecisionName = Literal["approve", "review", "decline"]
DECISION_RANK: dict[str, int] = {"approve": 0, "review": 1, "decline": 2}


class PolicyError(ValueError):
    """A policy document that cannot be used, with a readable explanation."""


class _Frozen(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)


class Thresholds(_Frozen):
    """Score thresholds: at or above ``review`` the decision is review, at ``decline`` decline."""

    review: int = Field(ge=1, le=100)
    decline: int = Field(ge=1, le=100)

    @model_validator(mode="after")
    def _ordered(self) -> Thresholds:
        if self.review >= self.decline:
            raise ValueError("thresholds.review must be below thresholds.decline")
        return self


class RuleCondition(_Frozen):
    """A rule matches a reason when every given list contains the reason's value."""

    reason_codes: list[str] | None = None
    pillars: list[Pillar] | None = None
    statuses: list[Status] | None = None
    checks: list[str] | None = None

    @model_validator(mode="after")
    def _not_empty(self) -> RuleCondition:
        if not (self.reason_codes or self.pillars or self.statuses or self.checks):
            raise ValueError("a rule needs at least one condition")
        return self


class Rule(_Frozen):
    """A hard rule: when it matches, the decision is at least ``decision``."""

    name: str = Field(min_length=1, max_length=100)
    description: str = ""
    when: RuleCondition
    decision: Literal["review", "decline"]


class Policy(_Frozen):
    """A complete risk policy."""

    name: str = Field(min_length=1, max_length=100)
    version: str = Field(min_length=1, max_length=50)
    thresholds: Thresholds
    default_points: dict[Status, int] = Field(default_factory=dict)
    weights: dict[str, int] = Field(default_factory=dict)
    rules: list[Rule] = Field(default_factory=list, max_length=200)
    screening_threshold: float | None = Field(
        default=None,
        ge=0.5,
        le=1.0,
        description="Watchlist match threshold; engine default if unset",
    )

    def points_for(self, code: str, status: Status) -> int:
        """Risk points a reason carries: its code's weight, else its status's default."""
        if status in (Status.PASS, Status.NOT_APPLICABLE):
            return 0
        weight = self.weights.get(code)
        return weight if weight is not None else self.default_points.get(status, 0)

    @cached_property
    def digest(self) -> str:
        """A short content hash, so two documents with the same version can be told apart."""
        canonical = orjson.dumps(self.model_dump(mode="json"), option=orjson.OPT_SORT_KEYS)
        return hashlib.sha256(canonical).hexdigest()[:12]


def _check_codes(policy: Policy, known_codes: set[str]) -> None:
    unknown = set(policy.weights) - known_codes
    for rule in policy.rules:
        unknown |= set(rule.when.reason_codes or []) - known_codes
    if unknown:
        raise PolicyError(f"unknown reason codes: {', '.join(sorted(unknown))}")
    for code, points in policy.weights.items():
        if not 0 <= points <= 100:
            raise PolicyError(f"weight of {code} must be between 0 and 100, got {points}")


def parse_policy(document: str | dict[str, Any], known_codes: set[str] | None = None) -> Policy:
    """Parse and validate a policy from YAML text or a mapping; raise PolicyError if unusable.

    With ``known_codes``, every reason code the policy names must be one the checks can emit,
    which catches typos that would silently weigh nothing.
    """
    if isinstance(document, str):
        try:
            document = yaml.safe_load(document)
        except yaml.YAMLError as exc:
            raise PolicyError(f"not valid YAML: {exc}") from exc
    if not isinstance(document, dict):
        raise PolicyError("a policy must be a mapping with name, version, thresholds, ...")
    try:
        policy = Policy.model_validate(document)
    except ValidationError as exc:
        problems = "; ".join(
            f"{'.'.join(str(p) for p in err['loc']) or '(root)'}: {err['msg']}"
            for err in exc.errors()
        )
        raise PolicyError(problems) from exc
    if known_codes is not None:
        _check_codes(policy, known_codes)
    return policy


@cache
def default_policy() -> Policy:
    """The policy shipped with openkyb."""
    text = resources.files("openkyb.decision").joinpath("default_policy.yaml").read_text("utf-8")
    return parse_policy(text)
