"""Ownership against the PSC register: are the declared owners the registered ones?

Declared owners are matched to the company's persons with significant control (PSCs), and
through corporate PSCs to their own PSCs up the chain. Owners under 25% are not on the
register by law, so they are never "missing"; registered owners of 25% or more that were not
declared are "undeclared".
"""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal
from typing import Any

from openkyb.applications import Owner
from openkyb.checks.base import Evidence, Outcome, Pillar, Reason, Source, Status, check
from openkyb.checks.base import not_applicable as na
from openkyb.checks.evidence import RegistryEvidence
from openkyb.checks.registry_common import (
    REGISTRY_CODES,
    SAME_PERSON,
    SIMILAR_NAME,
    birth_month,
    company_source,
    found_company,
    name_score,
    person_score,
    policy_of,
    psc_source,
)
from openkyb.registry.model import Psc

# The register's threshold: a holding over 25% makes a PSC.
PSC_THRESHOLD = Decimal(25)
# Statements that say the company has, or cannot name, no registrable person.
_NOTABLE_STATEMENTS = ("no-individual", "not-identified", "not-confirmed", "steps-to-find")


@dataclass(frozen=True, slots=True)
class Chained:
    """A PSC with how far up the chain it sits (1 = of the company itself) and via whom."""

    psc: Psc
    depth: int
    via: str | None = None


def _is_corporate(psc: Psc) -> bool:
    return "corporate" in psc.kind or "legal-person" in psc.kind


def _compact(number: str | None) -> str:
    return "".join(ch for ch in (number or "").upper() if ch.isalnum()).lstrip("0")


def _people(registry: RegistryEvidence) -> list[Chained]:
    """Every active named PSC: the company's, then each corporate owner's own."""
    chained = [Chained(p, 1) for p in registry.pscs if p.active and not p.is_statement]
    for owner in registry.corporate_owners:
        via = owner.psc.name
        chained += [
            Chained(p, owner.depth + 1, via) for p in owner.pscs if p.active and not p.is_statement
        ]
    return chained


def _matches(owner: Owner, psc: Psc) -> bool:
    if owner.kind == "company":
        if not _is_corporate(psc) or psc.name is None:
            return False
        same_number = bool(owner.registration_number) and _compact(
            owner.registration_number
        ) == _compact(psc.registration_number)
        return same_number or name_score(owner.name, psc.name) >= SIMILAR_NAME
    if _is_corporate(psc) or psc.name is None:
        return False
    born = birth_month(owner.date_of_birth)
    if (
        born is not None
        and psc.birth_year
        and psc.birth_month
        and born != (psc.birth_year, psc.birth_month)
    ):
        return False
    return person_score(owner.name, psc.name) >= SAME_PERSON


def _band(psc: Psc) -> str | None:
    if psc.ownership_min is None:
        return None
    return f"{psc.ownership_min}-{psc.ownership_max or 100}%"


def _band_fits(owner: Owner, psc: Psc) -> bool:
    if owner.ownership_pct is None or psc.ownership_min is None:
        return True
    low, high = Decimal(psc.ownership_min), Decimal(psc.ownership_max or 100)
    return low <= owner.ownership_pct <= high


def _psc_fact(entry: Chained) -> dict[str, Any]:
    psc = entry.psc
    return {
        "psc_id": psc.psc_id,
        "name": psc.name,
        "kind": psc.kind,
        "ownership": _band(psc),
        "depth": entry.depth,
        "via": entry.via,
        "company_number": psc.company_number,
    }


@check(
    key="ownership.psc_match",
    pillar=Pillar.IDENTITY,
    needs=("application", "registry", "policy"),
    reason_codes={
        **REGISTRY_CODES,
        "PSC_MATCH": "Every declared owner of 25% or more is on the PSC register, and vice versa.",
        "PSC_OWNER_NOT_ON_REGISTER": "A declared owner of 25% or more is not on the PSC register.",
        "PSC_UNDECLARED": "A registered owner of 25% or more was not declared.",
        "PSC_OWNERSHIP_BAND_MISMATCH": "A declared percentage is outside the registered band.",
        "PSC_STATEMENT": "The register holds a statement instead of a named controller.",
        "NO_PSC_DATA": "No PSC register data is loaded, or none for this company.",
    },
)
def psc_match(evidence: Evidence) -> Outcome:
    """The declared owners are the persons with significant control on the register.

    People are compared by folded name (rapidfuzz, middle names tolerated) and birth month;
    companies by registration number or name. Corporate PSCs are followed up the chain and
    their own PSCs compared too. Undeclared registered owners warn or fail per the policy's
    ``registry.undeclared_psc``.
    """
    found = found_company(evidence)
    if isinstance(found, Outcome):
        return found
    registry, company = found
    if not registry.psc_available:
        return na("NO_PSC_DATA", f"No {registry.country} PSC register data is loaded.")
    if not registry.pscs:
        return na("NO_PSC_DATA", f"The PSC register holds nothing for company {company.number}.")
    people = _people(registry)
    owners = evidence.application.owners
    matched: dict[int, list[Chained]] = {
        i: [e for e in people if _matches(o, e.psc)] for i, o in enumerate(owners)
    }
    used = {id(e.psc) for found_for in matched.values() for e in found_for}
    # A corporate PSC is declared through its owners: naming the people behind it is enough.
    through = {e.via for found_for in matched.values() for e in found_for if e.via}
    reasons: list[Reason] = []
    facts: dict[str, Any] = {"owners": [], "registered": [_psc_fact(e) for e in people]}
    sources: list[Source] = [company_source(registry, company)]
    for i, owner in enumerate(owners):
        hits = matched[i]
        facts["owners"].append(
            {
                "name": owner.name,
                "kind": owner.kind,
                "ownership_pct": None
                if owner.ownership_pct is None
                else float(owner.ownership_pct),
                "matched": [_psc_fact(e) for e in hits],
            }
        )
        sources += [psc_source(registry, e.psc) for e in hits]
        if not hits and (owner.ownership_pct is None or owner.ownership_pct > PSC_THRESHOLD):
            message = f"{owner.name} is declared as an owner but is not on the PSC register."
            reasons.append(Reason("PSC_OWNER_NOT_ON_REGISTER", Status.WARN, message))
        direct = [e for e in hits if e.depth == 1]
        if direct and not any(_band_fits(owner, e.psc) for e in direct):
            band = _band(direct[0].psc)
            message = f"{owner.name} is declared with {owner.ownership_pct}%; the register: {band}."
            reasons.append(Reason("PSC_OWNERSHIP_BAND_MISMATCH", Status.WARN, message))
    verdict = Status(policy_of(evidence).undeclared_psc)
    for entry in people:
        declared = id(entry.psc) in used or entry.psc.name in through
        if entry.depth == 1 and entry.psc.ownership_min is not None and not declared:
            message = (
                f"{entry.psc.name} holds {_band(entry.psc)} on the register but was not declared."
            )
            reasons.append(Reason("PSC_UNDECLARED", verdict, message))
            sources.append(psc_source(registry, entry.psc))
    statements = [p for p in registry.pscs if p.active and p.is_statement]
    facts["statements"] = [
        {"psc_id": p.psc_id, "statement": p.statement or p.kind} for p in statements
    ]
    notable = [p for p in statements if any(w in (p.statement or "") for w in _NOTABLE_STATEMENTS)]
    if notable and not any(e.depth == 1 for e in people):
        message = f"The register holds a statement instead of a controller: {notable[0].statement}."
        reasons.append(Reason("PSC_STATEMENT", Status.WARN, message))
        sources.append(psc_source(registry, notable[0]))
    if not reasons:
        message = f"{len(owners)} declared owner(s) agree with {len(people)} registered PSC(s)."
        reasons.append(Reason("PSC_MATCH", Status.PASS, message))
    return Outcome(reasons, facts, list(dict.fromkeys(sources)))
