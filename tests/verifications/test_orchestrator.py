"""Orchestration in-process: every registered check runs and the result is explained."""

from __future__ import annotations

from pathlib import Path

import orjson
import pytest

from openkyb.applications import Application
from openkyb.checks import registered_checks
from openkyb.checks.base import CheckSpec, Evidence, Outcome, Pillar
from openkyb.clock import utc_now
from openkyb.decision import default_policy
from openkyb.verifications.orchestrator import evaluate, render_result

EXAMPLES = sorted((Path(__file__).resolve().parents[2] / "examples").glob("*.json"))


@pytest.mark.parametrize("path", EXAMPLES, ids=lambda p: p.stem)
def test_examples_verify_with_reasons(path: Path):
    application = Application.model_validate_json(path.read_bytes())
    evaluation = evaluate(application, default_policy())
    assert len(evaluation.checks) == len(registered_checks()) >= 6
    assert all(c.status != "error" for c in evaluation.checks), evaluation.checks
    result = render_result(evaluation, "vrf_test", utc_now())
    orjson.dumps(result)  # JSON-serialisable throughout
    assert result["datasets"], "the jurisdiction list version must be cited"


@pytest.mark.parametrize(
    ("stem", "decision"),
    [
        ("uk_ltd_clean", "approve"),
        ("ae_trading_sanctioned_owner", "decline"),
        ("fr_sas_disposable_email", "review"),
        ("de_gmbh_vat_mismatch", "review"),
    ],
)
def test_example_decisions(stem: str, decision: str):
    path = next(p for p in EXAMPLES if p.stem == stem)
    evaluation = evaluate(Application.model_validate_json(path.read_bytes()), default_policy())
    assert evaluation.decision.decision == decision, evaluation.decision.breakdown


def test_a_broken_check_is_an_error_not_a_crash():
    def explode(evidence: Evidence) -> Outcome:
        raise RuntimeError("boom")

    spec = CheckSpec("identity.broken", Pillar.IDENTITY, ("application",), {}, explode)
    application = Application.model_validate({"legal_name": "Acme Ltd", "country": "GB"})
    evaluation = evaluate(application, default_policy(), checks=[spec])
    (result,) = evaluation.checks
    assert (result.status, result.reason_code) == ("error", "CHECK_ERROR")
    assert "boom" in result.message
    assert evaluation.decision.decision == "review"
