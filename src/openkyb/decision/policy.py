"""The risk policy: a versioned YAML document of weights, thresholds and hard rules."""

from __future__ import annotations

import hashlib
from decimal import Decimal
from functools import cache, cached_property
from importlib import resources
from typing import Any, Literal

import orjson
import yaml
from pydantic import (
    BaseModel,
    ConfigDict,
    Field,
    ValidationError,
    field_validator,
    model_validator,
)

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


Verdict = Literal["pass", "warn", "fail"]

# What each normalised registry status (CompanyRecord.status_code) is worth by default.
DEFAULT_REGISTRY_STATUS: dict[str, Verdict] = {
    "active": "pass",
    "dissolved": "fail",
    "liquidation": "fail",
    "administration": "fail",
    "receivership": "fail",
    "voluntary_arrangement": "warn",
    "proposal_to_strike_off": "warn",
    "closed": "fail",
    "converted": "warn",
    "other": "warn",
}

# Rough monthly-volume thresholds for currencies far from GBP/EUR/USD in value; any other
# currency uses ``large_monthly_volume`` as is (see docs/policy.md).
DEFAULT_VOLUME_BY_CURRENCY: dict[str, Decimal] = {
    "JPY": Decimal(15_000_000),
    "CNY": Decimal(700_000),
    "INR": Decimal(8_000_000),
    "SEK": Decimal(1_000_000),
    "NOK": Decimal(1_000_000),
    "DKK": Decimal(700_000),
    "PLN": Decimal(400_000),
    "CZK": Decimal(2_500_000),
    "HUF": Decimal(40_000_000),
    "HKD": Decimal(800_000),
    "ZAR": Decimal(2_000_000),
    "TRY": Decimal(3_000_000),
    "BRL": Decimal(500_000),
    "MXN": Decimal(2_000_000),
}


@cache
def default_high_risk_sic() -> dict[str, str]:
    """The shipped high-risk SIC 2007 prefixes with their labels (checks/data)."""
    text = resources.files("openkyb.checks").joinpath("data/high_risk_sic.yaml").read_text("utf-8")
    return {str(k): str(v) for k, v in yaml.safe_load(text)["prefixes"].items()}


class OverdueRule(_Frozen):
    """A filing overdue by more than ``warn_after_days`` warns, by more than ``fail_after_days``
    fails."""

    warn_after_days: int = Field(default=0, ge=0, le=3650)
    fail_after_days: int = Field(default=90, ge=0, le=3650)

    @model_validator(mode="after")
    def _ordered(self) -> OverdueRule:
        if self.warn_after_days > self.fail_after_days:
            raise ValueError("warn_after_days must not exceed fail_after_days")
        return self


class RegistryPolicy(_Frozen):
    """Thresholds of the company-registry checks (identity, solvency, capability, ownership)."""

    status: dict[str, Verdict] = Field(default_factory=lambda: dict(DEFAULT_REGISTRY_STATUS))
    mass_registration_threshold: int = Field(default=100, ge=1)
    accounts_overdue: OverdueRule = Field(default_factory=OverdueRule)
    confirmation_overdue: OverdueRule = Field(default_factory=OverdueRule)
    young_company_months: int = Field(default=12, ge=0, le=600)
    large_monthly_volume: Decimal = Field(default=Decimal(100_000), gt=0)
    large_monthly_volume_by_currency: dict[str, Decimal] = Field(
        default_factory=lambda: dict(DEFAULT_VOLUME_BY_CURRENCY)
    )
    insolvency_recent_years: int = Field(default=6, ge=0, le=100)
    undeclared_psc: Literal["warn", "fail"] = "warn"
    high_risk_sic: dict[str, str] = Field(default_factory=default_high_risk_sic)

    @field_validator("status")
    @classmethod
    def _known_statuses(cls, value: dict[str, Verdict]) -> dict[str, Verdict]:
        unknown = set(value) - set(DEFAULT_REGISTRY_STATUS)
        if unknown:
            known = ", ".join(DEFAULT_REGISTRY_STATUS)
            raise ValueError(f"unknown registry status {', '.join(sorted(unknown))} ({known})")
        return {**DEFAULT_REGISTRY_STATUS, **value}  # a partial map keeps the other defaults

    @field_validator("high_risk_sic")
    @classmethod
    def _sic_prefixes(cls, value: dict[str, str]) -> dict[str, str]:
        bad = [k for k in value if not (k.isdigit() and 1 <= len(k) <= 5)]
        if bad:
            raise ValueError(f"SIC prefixes must be 1 to 5 digits: {', '.join(bad)}")
        return value

    def large_volume(self, currency: str) -> Decimal:
        """The monthly volume counted as large in ``currency``."""
        return self.large_monthly_volume_by_currency.get(currency, self.large_monthly_volume)


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
    registry: RegistryPolicy = Field(default_factory=RegistryPolicy)

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
