"""Run a verification in-process: gather evidence, run the checks, decide.

This is pure orchestration: no HTTP and no database. The API and the CLI both call it, and the
persistence layer stores what it returns.
"""

from __future__ import annotations

import functools
import time
from collections.abc import Callable
from dataclasses import dataclass
from datetime import date, datetime
from typing import Any, ParamSpec, Protocol

from openkyb import telemetry
from openkyb.applications import Application
from openkyb.checks import load_reference, registered_checks, run_check
from openkyb.checks.base import CheckResult, CheckSpec, Evidence
from openkyb.checks.evidence import LeiEvidence, RegistryEvidence
from openkyb.clock import iso_utc
from openkyb.decision import Decision, Policy, decide
from openkyb.verifications.parties import screen_parties
from openkyb.watchlists.screener import Screener


@dataclass(frozen=True, slots=True)
class Evaluation:
    """The checks' results and the decision for one application."""

    application: Application
    checks: list[CheckResult]
    decision: Decision
    policy: Policy
    duration_ms: float


class RegistrySource(Protocol):
    """What gathers registry evidence (openkyb.registry.evidence.RegistryGatherer)."""

    def gather(self, application: Application) -> tuple[RegistryEvidence, LeiEvidence]:
        """The registry and LEI evidence of an application."""
        ...


def gather_evidence(
    application: Application,
    policy: Policy,
    screener: Screener | None = None,
    registry: RegistrySource | None = None,
    as_of: date | None = None,
) -> Evidence:
    """Collect what the checks read: reference data, the registry, every party's screening.

    The registry comes first: the persons with significant control it names behind the
    company are screened with the declared officers and owners.
    """
    found, lei = registry.gather(application) if registry is not None else (None, None)
    screening = None if screener is None else screen_parties(application, screener, policy, found)
    return Evidence(
        application=application,
        reference=load_reference(),
        screening=screening,
        registry=found,
        lei=lei,
        policy=policy,
        as_of=as_of,
    )


_P = ParamSpec("_P")


def _traced(func: Callable[_P, Evaluation]) -> Callable[_P, Evaluation]:
    """Trace an evaluation as a ``verification`` span and count its decision."""

    @functools.wraps(func)
    def traced(*args: _P.args, **kwargs: _P.kwargs) -> Evaluation:
        with telemetry.span("verification") as current:
            evaluation = func(*args, **kwargs)
            if current is not None:
                current.set_attributes(
                    {
                        "openkyb.decision": evaluation.decision.decision,
                        "openkyb.risk_score": evaluation.decision.risk_score,
                        "openkyb.application.country": evaluation.application.country,
                    }
                )
        telemetry.observe_verification(evaluation.decision.decision, evaluation.duration_ms / 1000)
        return evaluation

    return traced


@_traced
def evaluate(
    application: Application,
    policy: Policy,
    checks: list[CheckSpec] | None = None,
    screener: Screener | None = None,
    registry: RegistrySource | None = None,
    as_of: date | None = None,
) -> Evaluation:
    """Run every registered check (or ``checks``) on the application and decide."""
    started = time.perf_counter()
    evidence = gather_evidence(application, policy, screener, registry, as_of)
    results = [run_check(spec, evidence) for spec in (checks or registered_checks())]
    decision = decide(results, policy)
    elapsed = round((time.perf_counter() - started) * 1000, 3)
    return Evaluation(application, results, decision, policy, elapsed)


def _check_as_dict(result: CheckResult, points: dict[tuple[str, str], int]) -> dict[str, Any]:
    return {
        "key": result.key,
        "pillar": result.pillar.value,
        "status": result.status.value,
        "reason_code": result.reason_code,
        "message": result.message,
        "reasons": [
            {
                "code": r.code,
                "status": r.status.value,
                "message": r.message,
                "points": points.get((result.key, r.code), 0),
            }
            for r in result.reasons
        ],
        "facts": result.facts,
        "sources": [s.as_dict() for s in result.sources],
        "duration_ms": result.duration_ms,
    }


def datasets_used(checks: list[CheckResult]) -> list[dict[str, str]]:
    """Each dataset version any check cited, once."""
    seen: dict[tuple[str, str], None] = {}
    for result in checks:
        for source in result.sources:
            seen.setdefault((source.dataset, source.version), None)
    return [{"dataset": d, "version": v} for d, v in seen]


def render_result(
    evaluation: Evaluation,
    verification_id: str,
    created_at: datetime,
    application_document: dict[str, Any] | None = None,
) -> dict[str, Any]:
    """The verification as returned by the API and stored: the complete, explained verdict.

    ``application_document`` is the application's JSON form when the caller already has it.
    """
    decision = evaluation.decision
    points = {(s.check, s.reason.code): s.points for s in decision.breakdown}
    application = evaluation.application
    return {
        "id": verification_id,
        "object": "verification",
        "created_at": iso_utc(created_at),
        "external_ref": application.external_ref,
        "decision": decision.decision,
        "risk_score": decision.risk_score,
        "pillars": decision.pillars,
        "checks": [_check_as_dict(c, points) for c in evaluation.checks],
        "score_breakdown": [s.as_dict() for s in decision.breakdown],
        "rules_applied": decision.rules_applied,
        "datasets": datasets_used(evaluation.checks),
        "policy": {
            "name": evaluation.policy.name,
            "version": evaluation.policy.version,
            "digest": evaluation.policy.digest,
        },
        "duration_ms": evaluation.duration_ms,
        "application": application_document
        if application_document is not None
        else application.model_dump(mode="json", exclude_none=True),
    }


def warm_up() -> None:
    """Load reference data and the validators' lazy tables before the first request.

    The first verification otherwise pays tens of milliseconds for stdnum modules, phone
    metadata and the reference lists.
    """
    from openkyb.checks.registry_capability import sic_reference
    from openkyb.decision import default_policy
    from openkyb.examples import load_example

    sic_reference()  # the registry checks' SIC 2007 tables, read only when a company is found
    with telemetry.muted():  # not traffic: no span, no decision counted
        evaluate(Application.model_validate(load_example("demo")), default_policy())
