"""Response models, for the OpenAPI document. Routes return pre-rendered JSON for speed."""

from __future__ import annotations

from typing import Any, Literal

from pydantic import BaseModel, Field

from openkyb.checks.base import Pillar, Status

DecisionLiteral = Literal["approve", "review", "decline"]


class SourceOut(BaseModel):
    """A record a check relied on."""

    dataset: str
    version: str
    record_id: str | None


class ReasonOut(BaseModel):
    """One finding of a check and the risk points it added."""

    code: str
    status: Status
    message: str
    points: int


class CheckOut(BaseModel):
    """One check's result."""

    key: str = Field(examples=["identity.identifier_format"])
    pillar: Pillar
    status: Status
    reason_code: str
    message: str
    reasons: list[ReasonOut]
    facts: dict[str, Any]
    sources: list[SourceOut]
    duration_ms: float


class TopReasonOut(BaseModel):
    """A reason that weighed most in a pillar."""

    check: str
    reason_code: str
    message: str


class PillarOut(BaseModel):
    """The summary of one pillar."""

    status: Status
    score: int = Field(ge=0, le=100)
    checks: int
    top_reasons: list[TopReasonOut]


class ScoredReasonOut(BaseModel):
    """A reason that added points to the risk score."""

    check: str
    pillar: Pillar
    reason_code: str
    status: Status
    points: int
    message: str


class RuleAppliedOut(BaseModel):
    """A hard rule of the policy that matched, and what it forced."""

    rule: str
    decision: Literal["review", "decline"]
    check: str
    reason_code: str


class DatasetOut(BaseModel):
    """A dataset version used by the verification."""

    dataset: str
    version: str


class PolicyOut(BaseModel):
    """The risk policy that decided."""

    name: str
    version: str
    digest: str


class VerificationOut(BaseModel):
    """A complete, explained verdict."""

    id: str = Field(examples=["vrf_01JF3Z8Q4W5V6X7Y8Z9A0B1C2D"])
    object: Literal["verification"]
    created_at: str
    external_ref: str | None
    decision: DecisionLiteral
    risk_score: int = Field(ge=0, le=100)
    pillars: dict[str, PillarOut]
    checks: list[CheckOut]
    score_breakdown: list[ScoredReasonOut]
    rules_applied: list[RuleAppliedOut]
    datasets: list[DatasetOut]
    policy: PolicyOut
    duration_ms: float
    application: dict[str, Any]


class VerificationSummary(BaseModel):
    """A verification as listed."""

    id: str
    object: Literal["verification"]
    created_at: str
    decision: DecisionLiteral
    risk_score: int
    external_ref: str | None
    legal_name: str
    country: str


class VerificationPage(BaseModel):
    """A page of verifications, newest first."""

    object: Literal["list"]
    data: list[VerificationSummary]
    next_cursor: str | None = Field(description="Pass as `cursor` for the next page")


class ProblemOut(BaseModel):
    """RFC 9457 problem details."""

    type: str
    title: str
    status: int
    detail: str
    instance: str | None = None
    errors: list[dict[str, Any]] | None = None
