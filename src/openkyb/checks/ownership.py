"""Ownership checks: is the declared ownership and control structure coherent and complete?"""

from __future__ import annotations

from decimal import Decimal
from typing import Any

from openkyb.checks.base import Evidence, Outcome, Pillar, Reason, Status, check, not_applicable

# A holding of at least this share makes a person or company a controller (the usual
# beneficial-ownership threshold in the EU AML directives and the UK PSC regime).
CONTROL_THRESHOLD = Decimal(25)


def _pct(value: Decimal | None) -> float | None:
    return None if value is None else float(value)


@check(
    key="ownership.structure",
    pillar=Pillar.IDENTITY,
    needs=("application",),
    reason_codes={
        "OWNERSHIP_STRUCTURE_OK": "The declared owners and officers form a coherent structure.",
        "OWNERSHIP_OVER_100": "The declared ownership percentages add up to more than 100%.",
        "OWNERSHIP_PCT_MISSING": "Owners are declared but none with a percentage.",
        "NO_CONTROLLER_DECLARED": "No officer and no owner holding 25% or more is declared.",
        "COMPANY_OWNER_UNIDENTIFIED": "A company owner is given without a registration number.",
        "NO_OWNERSHIP_DATA": "Neither owners nor officers were given.",
    },
)
def structure(evidence: Evidence) -> Outcome:
    """Ownership sums to at most 100%, a controller is named and company owners are identified.

    A controller is an officer, or an owner holding at least 25%. Whether the declared
    owners are the real ones is for the registry and screening checks.
    """
    app = evidence.application
    owners, officers = app.owners, app.officers
    if not owners and not officers:
        return not_applicable("NO_OWNERSHIP_DATA", "Neither owners nor officers were given.")
    pcts = [o.ownership_pct for o in owners if o.ownership_pct is not None]
    total = sum(pcts, Decimal(0))
    controllers = [o.name for o in owners if (o.ownership_pct or 0) >= CONTROL_THRESHOLD]
    unidentified = [o.name for o in owners if o.kind == "company" and not o.registration_number]
    facts: dict[str, Any] = {
        "owners": [
            {"name": o.name, "kind": o.kind, "ownership_pct": _pct(o.ownership_pct)} for o in owners
        ],
        "officers_count": len(officers),
        "total_pct": _pct(total) if pcts else None,
        "controlling_owners": controllers,
        "unidentified_company_owners": unidentified,
    }
    reasons: list[Reason] = []
    if total > 100:
        message = f"The declared ownership adds up to {total.normalize():f}%, more than 100%."
        reasons.append(Reason("OWNERSHIP_OVER_100", Status.FAIL, message))
    if owners and not pcts:
        message = f"{len(owners)} owner(s) declared, none with an ownership percentage."
        reasons.append(Reason("OWNERSHIP_PCT_MISSING", Status.WARN, message))
    elif not officers and not controllers:
        message = "No officer is declared and no owner holds 25% or more."
        reasons.append(Reason("NO_CONTROLLER_DECLARED", Status.WARN, message))
    if unidentified:
        message = f"Company owner(s) without a registration number: {', '.join(unidentified)}."
        reasons.append(Reason("COMPANY_OWNER_UNIDENTIFIED", Status.WARN, message))
    if not reasons:
        message = (
            f"{len(owners)} owner(s) and {len(officers)} officer(s) declared; "
            "ownership is coherent and a controller is named."
        )
        reasons.append(Reason("OWNERSHIP_STRUCTURE_OK", Status.PASS, message))
    return Outcome(reasons=reasons, facts=facts)
