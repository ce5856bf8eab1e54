"""The checks framework: results, reasons and the registry of checks.

A check is a small pure function that reads an :class:`Evidence` bundle and returns a
:class:`Outcome`: a status, one or more reasons with stable codes, the facts it compared
(claimed vs found) and the sources it used. The runner adds the key, pillar and timing, and
turns an unexpected exception into an ``error`` result instead of failing the verification.
"""

from __future__ import annotations

import time
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from datetime import date
from enum import StrEnum
from typing import TYPE_CHECKING, Any

from openkyb import telemetry
from openkyb.applications import Application
from openkyb.checks.evidence import LeiEvidence, RegistryEvidence, ScreeningEvidence

if TYPE_CHECKING:  # the policy module imports this one
    from openkyb.decision.policy import Policy


class Pillar(StrEnum):
    """The five questions a KYB verdict answers."""

    IDENTITY = "identity"
    LOCATION = "location"
    SOLVENCY = "solvency"
    CAPABILITY = "capability"
    COMPLIANCE = "compliance"


class Status(StrEnum):
    """The outcome of one check."""

    PASS = "pass"
    WARN = "warn"
    FAIL = "fail"
    NOT_APPLICABLE = "not_applicable"
    ERROR = "error"


# Worst first: a pillar or check takes the status of its worst finding.
SEVERITY: dict[Status, int] = {
    Status.FAIL: 4,
    Status.ERROR: 3,
    Status.WARN: 2,
    Status.PASS: 1,
    Status.NOT_APPLICABLE: 0,
}


@dataclass(frozen=True, slots=True)
class Source:
    """A record a check relied on: which dataset, which version, which record."""

    dataset: str
    version: str
    record_id: str | None = None

    def as_dict(self) -> dict[str, str | None]:
        """JSON form."""
        return {"dataset": self.dataset, "version": self.version, "record_id": self.record_id}


@dataclass(frozen=True, slots=True)
class Reason:
    """One finding of a check, with a stable code the risk policy weighs."""

    code: str
    status: Status
    message: str


@dataclass(slots=True)
class Outcome:
    """What a check function returns."""

    reasons: list[Reason]
    facts: dict[str, Any] = field(default_factory=dict)
    sources: list[Source] = field(default_factory=list)

    @property
    def status(self) -> Status:
        """The status of the worst reason."""
        return max((r.status for r in self.reasons), key=SEVERITY.__getitem__)


@dataclass(slots=True)
class CheckResult:
    """A check's outcome as reported in a verification."""

    key: str
    pillar: Pillar
    status: Status
    reasons: list[Reason]
    facts: dict[str, Any]
    sources: list[Source]
    duration_ms: float

    @property
    def reason_code(self) -> str:
        """The code of the most severe reason."""
        return self.reasons[0].code

    @property
    def message(self) -> str:
        """The message of the most severe reason."""
        return self.reasons[0].message


@dataclass(frozen=True, slots=True)
class Evidence:
    """Everything the checks may read for one verification.

    ``reference`` holds the project's own reference data (jurisdiction lists, e-mail domain
    lists); ``screening`` the watchlist hits of every party (None when not screened);
    ``registry`` and ``lei`` what the company registry and GLEIF hold (None when not looked up).
    ``policy`` is the risk policy the verification is decided with (the checks read its
    ``registry`` thresholds; None means the defaults); ``as_of`` the date due dates and ages
    are measured against (None means today, UTC).
    """

    application: Application
    reference: Any
    screening: ScreeningEvidence | None = None
    registry: RegistryEvidence | None = None
    lei: LeiEvidence | None = None
    policy: Policy | None = None
    as_of: date | None = None


CheckFunc = Callable[[Evidence], Outcome]


@dataclass(frozen=True, slots=True)
class CheckSpec:
    """A registered check: its stable key, pillar, the evidence it needs and its reason codes."""

    key: str
    pillar: Pillar
    needs: tuple[str, ...]
    reason_codes: dict[str, str]
    func: CheckFunc

    @property
    def description(self) -> str:
        """The first paragraph of the check function's docstring."""
        return " ".join((self.func.__doc__ or "").strip().split("\n\n")[0].split())


_REGISTRY: dict[str, CheckSpec] = {}

# Reason codes shared by every check, emitted by the runner rather than a check.
CHECK_ERROR = "CHECK_ERROR"


def check(
    key: str, pillar: Pillar, needs: Iterable[str], reason_codes: dict[str, str]
) -> Callable[[CheckFunc], CheckFunc]:
    """Register a check function under a stable key (decorator)."""

    def register(func: CheckFunc) -> CheckFunc:
        if key in _REGISTRY:
            raise ValueError(f"check {key} registered twice")
        _REGISTRY[key] = CheckSpec(key, pillar, tuple(needs), dict(reason_codes), func)
        return func

    return register


def registered_checks() -> list[CheckSpec]:
    """All registered checks, ordered by pillar (identity first), then by key."""
    order = list(Pillar)
    return sorted(_REGISTRY.values(), key=lambda spec: (order.index(spec.pillar), spec.key))


def known_reason_codes() -> dict[str, str]:
    """Every reason code any check can emit, with its description."""
    codes = {CHECK_ERROR: "The check raised an unexpected error; nothing was concluded."}
    for spec in _REGISTRY.values():
        codes.update(spec.reason_codes)
    return codes


def run_check(spec: CheckSpec, evidence: Evidence) -> CheckResult:
    """Run one check, timing it and turning an exception into an ``error`` result.

    Traced as a ``check <key>`` span; its latency is recorded by check key.
    """
    attributes = {"openkyb.check.key": spec.key, "openkyb.check.pillar": spec.pillar.value}
    with telemetry.span(f"check {spec.key}", attributes) as current:
        result = _run_check(spec, evidence)
        if current is not None:
            current.set_attribute("openkyb.check.status", result.status.value)
    telemetry.observe_check(spec.key, result.status.value, result.duration_ms / 1000)
    return result


def _run_check(spec: CheckSpec, evidence: Evidence) -> CheckResult:
    started = time.perf_counter()
    try:
        outcome = spec.func(evidence)
        if not outcome.reasons:
            raise ValueError(f"check {spec.key} returned no reason")
    except Exception as exc:  # a broken check must not break the verification
        outcome = Outcome(
            reasons=[Reason(CHECK_ERROR, Status.ERROR, f"{type(exc).__name__}: {exc}")]
        )
    reasons = sorted(outcome.reasons, key=lambda r: -SEVERITY[r.status])
    return CheckResult(
        key=spec.key,
        pillar=spec.pillar,
        status=outcome.status,
        reasons=reasons,
        facts=outcome.facts,
        sources=outcome.sources,
        duration_ms=round((time.perf_counter() - started) * 1000, 3),
    )


def not_applicable(code: str, message: str, **facts: Any) -> Outcome:
    """An outcome for a check whose evidence is missing: it says why, and never guesses."""
    return Outcome(reasons=[Reason(code, Status.NOT_APPLICABLE, message)], facts=facts)
