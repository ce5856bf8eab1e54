"""Compliance checks: sanctions, export-control and PEP screening of every party."""

from __future__ import annotations

from typing import Any

from openkyb.checks.base import Evidence, Outcome, Pillar, Reason, Source, Status, check
from openkyb.checks.base import not_applicable as na
from openkyb.checks.evidence import PartyScreening, ScreeningEvidence

# Topics as the parsers write them (sources/*): which hits count as what.
SANCTION_TOPICS = frozenset({"sanction", "sanction_linked"})
EXPORT_TOPICS = frozenset({"export_control", "debarment"})
PEP_TOPICS = frozenset({"pep", "pep_rca"})


def _kind(hit: dict[str, Any]) -> str:
    """sanction, export_control, pep, or other (counter-sanctions, warnings: not ours to judge)."""
    topics = set(hit.get("topics") or [])
    if not topics or topics & SANCTION_TOPICS:
        return "sanction"  # a list without topics is a sanctions list: err on the safe side
    if topics & EXPORT_TOPICS:
        return "export_control"
    if topics & PEP_TOPICS:
        return "pep"
    return "other"


Hits = list[tuple[PartyScreening, dict[str, Any]]]


def _hit_fact(party: PartyScreening, hit: dict[str, Any]) -> dict[str, Any]:
    return {
        "party": party.party,
        "queried_name": party.name,
        "listed_name": hit.get("name"),
        "score": hit.get("score"),
        "dataset": hit.get("dataset"),
        "entity_id": hit.get("entity_id"),
        "list": hit.get("list_name"),
        "programs": hit.get("programs", []),
        "explanation": hit.get("explanation", {}),
    }


def _hits_of(screening: ScreeningEvidence, kinds: set[str]) -> Hits:
    return [(p, h) for p in screening.parties for h in p.hits if _kind(h) in kinds]


def _sources(screening: ScreeningEvidence, hits: Hits) -> list[Source]:
    versions = {d["dataset"]: d["version"] for d in screening.datasets}
    if hits:
        return [
            Source(
                str(h["dataset"]), versions.get(str(h["dataset"]), "unknown"), str(h["entity_id"])
            )
            for _, h in hits
        ]
    return [Source(d["dataset"], d["version"]) for d in screening.datasets]


def _unavailable(
    screening: ScreeningEvidence | None, code: str, error_code: str, what: str
) -> Outcome | None:
    if screening is None or (screening.entities == 0 and screening.error is None):
        return na(code, f"No {what} data is loaded, so nobody was screened (openkyb data load).")
    if screening.error is not None:
        reason = Reason(error_code, Status.ERROR, f"Screening failed: {screening.error}")
        return Outcome(reasons=[reason], facts={"error": screening.error})
    return None


def _who(hits: Hits) -> str:
    parties: dict[str, None] = {}
    for party, hit in hits:
        parties.setdefault(f"{party.name} ~ {hit.get('name')} ({hit.get('score')})", None)
    return "; ".join(list(parties)[:5])


@check(
    key="compliance.sanctions",
    pillar=Pillar.COMPLIANCE,
    needs=("application", "screening"),
    reason_codes={
        "SANCTIONS_HIT": "The company, a trading name, an officer or owner is on a sanctions list.",
        "EXPORT_CONTROL_HIT": "A party matches an export-control or debarment list.",
        "SANCTIONS_CLEAR": "Every party was screened; none matches a sanctions or export list.",
        "NO_SANCTIONS_DATA": "No watchlist is loaded, so nothing could be screened.",
        "SANCTIONS_SCREENING_UNAVAILABLE": "The screening engine could not be reached.",
    },
)
def sanctions(evidence: Evidence) -> Outcome:
    """Screen the company's names, officers and owners against sanctions and export lists."""
    screening = evidence.screening
    unavailable = _unavailable(
        screening, "NO_SANCTIONS_DATA", "SANCTIONS_SCREENING_UNAVAILABLE", "sanctions"
    )
    if unavailable is not None or screening is None:
        return unavailable or na("NO_SANCTIONS_DATA", "Nothing was screened.")
    sanction_hits = _hits_of(screening, {"sanction"})
    export_hits = _hits_of(screening, {"export_control"})
    facts: dict[str, Any] = {
        "screened": [{"party": p.party, "name": p.name} for p in screening.parties],
        "threshold": screening.threshold,
        "hits": [_hit_fact(p, h) for p, h in sanction_hits + export_hits],
    }
    reasons = []
    if sanction_hits:
        reasons.append(
            Reason("SANCTIONS_HIT", Status.FAIL, f"Sanctions match: {_who(sanction_hits)}.")
        )
    if export_hits:
        reasons.append(
            Reason("EXPORT_CONTROL_HIT", Status.WARN, f"Export-control match: {_who(export_hits)}.")
        )
    if not reasons:
        lists = len(screening.datasets)
        message = f"{len(screening.parties)} name(s) screened against {lists} list(s): no match."
        reasons.append(Reason("SANCTIONS_CLEAR", Status.PASS, message))
    return Outcome(reasons, facts, _sources(screening, sanction_hits + export_hits))


@check(
    key="compliance.pep",
    pillar=Pillar.COMPLIANCE,
    needs=("application", "screening"),
    reason_codes={
        "PEP_MATCH": "An officer or owner matches a politically exposed person.",
        "PEP_CLEAR": "No officer or owner matches the loaded PEP data.",
        "NO_PEP_DATA": "No PEP data is loaded, so nobody was screened for political exposure.",
        "NO_PEOPLE_DECLARED": "No officer or owner is declared, so there is nobody to screen.",
        "PEP_SCREENING_UNAVAILABLE": "The screening engine could not be reached.",
    },
)
def pep(evidence: Evidence) -> Outcome:
    """Screen officers and owners against the loaded politically-exposed-person data."""
    screening = evidence.screening
    unavailable = _unavailable(screening, "NO_PEP_DATA", "PEP_SCREENING_UNAVAILABLE", "watchlist")
    if unavailable is not None or screening is None:
        return unavailable or na("NO_PEP_DATA", "Nothing was screened.")
    if not screening.topics & PEP_TOPICS:
        return na("NO_PEP_DATA", "No PEP dataset is loaded, so nobody was screened for it.")
    # Registry PSCs ("psc") are owners the register names: screened like declared ones.
    people = [p for p in screening.parties if p.role in ("officer", "owner", "psc")]
    if not people:
        return na("NO_PEOPLE_DECLARED", "No officer or owner is declared.")
    hits = [(p, h) for p in people for h in p.hits if _kind(h) == "pep"]
    facts = {"screened": [p.name for p in people], "hits": [_hit_fact(p, h) for p, h in hits]}
    if hits:
        reason = Reason("PEP_MATCH", Status.WARN, f"Politically exposed: {_who(hits)}.")
    else:
        reason = Reason(
            "PEP_CLEAR", Status.PASS, f"{len(people)} person(s) screened: no PEP match."
        )
    return Outcome([reason], facts, _sources(screening, hits))
