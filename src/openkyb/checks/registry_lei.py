"""Identity against GLEIF: is the claimed LEI issued, active and this company's?"""

from __future__ import annotations

from typing import Any

from stdnum import lei as stdnum_lei

from openkyb.checks.base import (
    Evidence,
    Outcome,
    Pillar,
    Reason,
    Source,
    Status,
    check,
    not_applicable,
)
from openkyb.checks.evidence import LeiEvidence
from openkyb.checks.registry_common import SIMILAR_NAME, UNKNOWN_VERSION, name_score
from openkyb.registry.model import LeiRecord

# Registration statuses of a record that no longer identifies a live entity.
_ENDED = frozenset({"RETIRED", "ANNULLED", "MERGED", "DUPLICATE"})
# Statuses of a valid, maintained or transferring record.
_GOOD = frozenset({"ISSUED", "PENDING_TRANSFER", "PENDING_ARCHIVAL"})


def _source(lei: LeiEvidence, record_id: str) -> Source:
    if lei.source is None:
        return Source("gleif-lei", UNKNOWN_VERSION, record_id)
    return Source(lei.source.dataset, lei.source.version, record_id)


def _registration_reasons(record: LeiRecord) -> list[Reason]:
    reasons = []
    status = (record.registration_status or "").upper()
    if status == "LAPSED":
        message = f"The LEI {record.lei} has lapsed: its registration was not renewed."
        reasons.append(Reason("LEI_LAPSED", Status.WARN, message))
    elif status in _ENDED:
        message = f"The LEI {record.lei} is {status.lower()}: it no longer identifies an entity."
        reasons.append(Reason("LEI_NOT_ISSUED", Status.FAIL, message))
    elif status and status not in _GOOD:
        message = f"The LEI {record.lei} has registration status {status}."
        reasons.append(Reason("LEI_LAPSED", Status.WARN, message))
    entity = (record.entity_status or "").upper()
    if entity and entity != "ACTIVE":
        message = f"GLEIF records the entity of {record.lei} as {entity.lower()}."
        reasons.append(Reason("LEI_ENTITY_INACTIVE", Status.WARN, message))
    return reasons


def _consistency_reasons(record: LeiRecord, evidence: Evidence) -> list[Reason]:
    app = evidence.application
    reasons = []
    score = max(name_score(app.legal_name, n) for n in (record.legal_name, *record.other_names))
    if score < SIMILAR_NAME:
        message = f"The LEI belongs to {record.legal_name!r}, not {app.legal_name!r}."
        reasons.append(Reason("LEI_NAME_MISMATCH", Status.FAIL, message))
    elif score < 100:
        message = f"The LEI's legal name {record.legal_name!r} is close to {app.legal_name!r}."
        reasons.append(Reason("LEI_NAME_SIMILAR", Status.WARN, message))
    country = (record.jurisdiction or "").split("-")[0].upper()
    if country and country != app.country:
        message = f"The LEI's jurisdiction is {record.jurisdiction}, not {app.country}."
        reasons.append(Reason("LEI_JURISDICTION_MISMATCH", Status.WARN, message))
    number = app.registration_number
    if number and record.registered_as and _digits(record.registered_as) != _digits(number):
        message = f"GLEIF registers the entity as {record.registered_as!r}, not {number!r}."
        reasons.append(Reason("LEI_REGISTRATION_NUMBER_MISMATCH", Status.WARN, message))
    return reasons


def _digits(number: str) -> str:
    """A registration number without separators and leading zeros, for comparison."""
    return "".join(ch for ch in number.upper() if ch.isalnum()).lstrip("0")


def _parents(lei: LeiEvidence) -> list[dict[str, Any]]:
    names = {p.lei: p.legal_name for p in lei.parents}
    return [
        {"kind": r.kind, "lei": r.parent, "name": names.get(r.parent), "status": r.status}
        for r in lei.relationships
    ]


@check(
    key="identity.lei",
    pillar=Pillar.IDENTITY,
    needs=("application", "lei"),
    reason_codes={
        "LEI_CONSISTENT": "The LEI is issued, its entity active, and it names this company.",
        "LEI_LAPSED": "The LEI was not renewed (lapsed) or has an unusual status.",
        "LEI_NOT_ISSUED": "The LEI is retired, annulled, merged or a duplicate.",
        "LEI_ENTITY_INACTIVE": "GLEIF records the legal entity as inactive.",
        "LEI_NAME_MISMATCH": "The LEI belongs to a differently named entity.",
        "LEI_NAME_SIMILAR": "The LEI's legal name is close to, but not, the claimed name.",
        "LEI_JURISDICTION_MISMATCH": "The LEI's jurisdiction is not the company's country.",
        "LEI_REGISTRATION_NUMBER_MISMATCH": "GLEIF holds another registration number.",
        "LEI_NOT_FOUND": "The LEI is well-formed but not in the loaded GLEIF data.",
        "LEI_LOOKUP_UNAVAILABLE": "GLEIF data could not be read.",
        "NO_LEI": "No LEI was given.",
        "LEI_NOT_VALID": "The LEI fails ISO 17442, so it was not looked up.",
        "NO_LEI_DATA": "No GLEIF data is loaded and no GLEIF adapter is configured.",
    },
)
def lei(evidence: Evidence) -> Outcome:
    """The LEI is issued, its entity active, and its name and jurisdiction are the company's.

    The record comes from the loaded GLEIF golden copy or the GLEIF API. The direct and
    ultimate parents GLEIF knows are listed in the facts.
    """
    app, data = evidence.application, evidence.lei
    if not app.lei:
        return not_applicable("NO_LEI", "No LEI was given.")
    claimed = stdnum_lei.compact(app.lei)
    if not stdnum_lei.is_valid(claimed):
        message = f"The LEI {app.lei!r} fails ISO 17442 (see identity.identifier_format)."
        return not_applicable("LEI_NOT_VALID", message, claimed=app.lei)
    if data is not None and data.error is not None:
        message = f"GLEIF data could not be read: {data.error}"
        return Outcome([Reason("LEI_LOOKUP_UNAVAILABLE", Status.ERROR, message)])
    if data is None or not data.available:
        message = "No GLEIF LEI data is loaded and no GLEIF adapter is configured."
        return not_applicable("NO_LEI_DATA", message, claimed=claimed)
    record = data.record
    if record is None:
        message = f"The LEI {claimed} is not in the loaded GLEIF data."
        reason = Reason("LEI_NOT_FOUND", Status.WARN, message)
        return Outcome([reason], {"claimed": claimed}, [_source(data, claimed)])
    reasons = _registration_reasons(record) + _consistency_reasons(record, evidence)
    if not reasons:
        message = f"LEI {record.lei} is issued to {record.legal_name!r} and active."
        reasons.append(Reason("LEI_CONSISTENT", Status.PASS, message))
    facts = {
        "claimed": claimed,
        "found": {
            "legal_name": record.legal_name,
            "jurisdiction": record.jurisdiction,
            "registration_status": record.registration_status,
            "entity_status": record.entity_status,
            "registered_as": record.registered_as,
            "next_renewal": record.next_renewal.isoformat() if record.next_renewal else None,
        },
        "parents": _parents(data),
    }
    sources = [_source(data, record.lei)] + [_source(data, p.lei) for p in data.parents]
    return Outcome(reasons, facts, sources)
