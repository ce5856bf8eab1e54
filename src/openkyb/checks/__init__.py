"""The KYB checks: small pure functions over an evidence bundle, each with stable reason codes.

Importing this package registers every check (see :mod:`openkyb.checks.base` for the
framework). Run them with::

    evidence = Evidence(application=app, reference=load_reference())
    results = [run_check(spec, evidence) for spec in registered_checks()]
"""

from openkyb.checks import (
    capability,
    compliance,
    identity,
    location,
    ownership,
    registry_capability,
    registry_identity,
    registry_lei,
    registry_location,
    registry_ownership,
    solvency,
)
from openkyb.checks.base import (
    CHECK_ERROR,
    SEVERITY,
    CheckFunc,
    CheckResult,
    CheckSpec,
    Evidence,
    Outcome,
    Pillar,
    Reason,
    Source,
    Status,
    check,
    known_reason_codes,
    not_applicable,
    registered_checks,
    run_check,
)
from openkyb.checks.reference import ReferenceData, load_reference

__all__ = [
    "CHECK_ERROR",
    "SEVERITY",
    "CheckFunc",
    "CheckResult",
    "CheckSpec",
    "Evidence",
    "Outcome",
    "Pillar",
    "Reason",
    "ReferenceData",
    "Source",
    "Status",
    "capability",
    "check",
    "compliance",
    "identity",
    "known_reason_codes",
    "load_reference",
    "location",
    "not_applicable",
    "ownership",
    "registered_checks",
    "registry_capability",
    "registry_identity",
    "registry_lei",
    "registry_location",
    "registry_ownership",
    "run_check",
    "solvency",
]
