"""Capability from the company registry: does the registered activity fit the claimed one,
is the company trading at all, and is its industry high-risk?"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import cache
from importlib.resources import files
from typing import Any

import yaml
from rapidfuzz import fuzz

from openkyb.applications import Industry
from openkyb.checks.base import Evidence, Outcome, Pillar, Reason, Source, Status, check
from openkyb.checks.base import not_applicable as na
from openkyb.checks.registry_common import (
    REGISTRY_CODES,
    company_source,
    found_company,
    is_large_volume,
    policy_of,
)
from openkyb.registry.model import CompanyRecord
from openkyb.screening.normalize import tokenize

_DIGITS = re.compile(r"[^0-9]")
# A description this alike (token-set ratio) to a registered SIC text matches it.
TEXT_MATCH = 70.0


@dataclass(frozen=True, slots=True)
class SicReference:
    """UK SIC 2007 sections, divisions, section keywords and the NAICS concordance."""

    version: str
    section_of_division: dict[str, str]
    section_names: dict[str, str]
    division_names: dict[str, str]
    non_trading: dict[str, str]
    keywords: dict[str, frozenset[str]]  # word -> sections
    naics: dict[str, tuple[str, ...]]

    def section(self, code: str) -> str | None:
        """The section letter of a SIC/NACE code (its first two digits)."""
        return self.section_of_division.get(code[:2])

    def source(self, record_id: str | None = None) -> Source:
        """The citation of this reference."""
        return Source("uk-sic-2007", self.version, record_id)


def _stem(word: str) -> str:
    return word[:-1] if len(word) > 3 and word.endswith("s") else word


@cache
def sic_reference() -> SicReference:
    """The shipped SIC 2007 reference (checks/data/sic2007.yaml), loaded once."""
    raw = yaml.safe_load(files("openkyb.checks").joinpath("data/sic2007.yaml").read_text("utf-8"))
    of_division: dict[str, str] = {}
    for letter, section in raw["sections"].items():
        low, high = section["divisions"]
        of_division.update({f"{d:02d}": letter for d in range(low, high + 1)})
    keywords: dict[str, set[str]] = {}
    for letter, words in raw["keywords"].items():
        for word in words:
            keywords.setdefault(_stem(str(word)), set()).add(letter)
    return SicReference(
        version=str(raw["version"]),
        section_of_division=of_division,
        section_names={k: v["name"] for k, v in raw["sections"].items()},
        division_names={str(k): str(v) for k, v in raw["divisions"].items()},
        non_trading={str(k): str(v) for k, v in raw["non_trading"].items()},
        keywords={k: frozenset(v) for k, v in keywords.items()},
        naics={str(k): tuple(v) for k, v in raw["naics_sectors"].items()},
    )


def claimed_sic(industry: Industry | None) -> str | None:
    """The claimed code as SIC 2007 digits: a SIC code, or a NACE Rev. 2 class (4 digits)."""
    if industry is None or industry.code is None or industry.code_system == "NAICS":
        return None
    digits = _DIGITS.sub("", industry.code)
    return digits or None


def _code_reason(claimed: str, codes: list[str], ref: SicReference) -> Reason:
    name = ref.division_names.get(claimed[:2], "unknown division")
    if any(c == claimed or (len(claimed) == 4 and c.startswith(claimed)) for c in codes):
        return Reason("INDUSTRY_SIC_MATCH", Status.PASS, f"Registered under {claimed}.")
    if any(c[:2] == claimed[:2] for c in codes):
        message = f"Registered in the same SIC division as {claimed} ({name})."
        return Reason("INDUSTRY_SAME_DIVISION", Status.PASS, message)
    section = ref.section(claimed)
    if section is not None and any(ref.section(c) == section for c in codes):
        message = f"Registered in the same SIC section ({ref.section_names[section]}) only."
        return Reason("INDUSTRY_SAME_SECTION", Status.WARN, message)
    message = (
        f"The claimed industry {claimed} ({name}) is not among the registered {', '.join(codes)}."
    )
    return Reason("INDUSTRY_MISMATCH", Status.WARN, message)


def _naics_reason(code: str, codes: list[str], ref: SicReference) -> Reason | None:
    sections = ref.naics.get(_DIGITS.sub("", code)[:2])
    if sections is None:
        return None
    registered = {ref.section(c) for c in codes}
    if registered & set(sections):
        message = f"The NAICS sector {code[:2]} falls in a registered SIC section."
        return Reason("INDUSTRY_NAICS_SECTION_MATCH", Status.PASS, message)
    message = f"The NAICS sector {code[:2]} is outside the registered SIC sections."
    return Reason("INDUSTRY_MISMATCH", Status.WARN, message)


def _text_reason(description: str, company: CompanyRecord, ref: SicReference) -> Reason | None:
    codes = [s.code for s in company.sic_codes]
    texts = [s.text or ref.division_names.get(s.code[:2], "") for s in company.sic_codes]
    texts += [ref.division_names.get(c[:2], "") for c in codes]
    best = max(
        (fuzz.token_set_ratio(description.lower(), t.lower()) for t in texts if t), default=0
    )
    if best >= TEXT_MATCH:
        return Reason(
            "INDUSTRY_DESCRIPTION_MATCH",
            Status.PASS,
            "The description fits the registered activity.",
        )
    words = {_stem(w) for w in tokenize(description)}
    sections = set().union(*(ref.keywords.get(w, frozenset()) for w in words))
    if not sections:
        return None
    if sections & {ref.section(c) for c in codes}:
        message = "The description's keywords fit a registered SIC section."
        return Reason("INDUSTRY_DESCRIPTION_MATCH", Status.PASS, message)
    named = ", ".join(sorted(sections))
    message = (
        f"The description points at SIC section(s) {named}, not the registered {', '.join(codes)}."
    )
    return Reason("INDUSTRY_MISMATCH", Status.WARN, message)


@check(
    key="capability.industry_match",
    pillar=Pillar.CAPABILITY,
    needs=("application", "registry"),
    reason_codes={
        **REGISTRY_CODES,
        "INDUSTRY_SIC_MATCH": "The claimed SIC/NACE code is registered.",
        "INDUSTRY_SAME_DIVISION": "The claimed code shares its SIC division with a registered one.",
        "INDUSTRY_SAME_SECTION": "The claimed code shares only its SIC section with the register.",
        "INDUSTRY_NAICS_SECTION_MATCH": "The NAICS sector maps onto a registered SIC section.",
        "INDUSTRY_DESCRIPTION_MATCH": "The claimed description fits the registered activity.",
        "INDUSTRY_MISMATCH": "The claimed industry is not the registered activity.",
        "NO_INDUSTRY_CLAIMED": "No industry was claimed.",
        "NO_REGISTRY_SIC_CODES": "The register holds no SIC code for the company.",
        "INDUSTRY_NOT_COMPARABLE": "The claimed industry cannot be compared with UK SIC 2007.",
    },
)
def industry_match(evidence: Evidence) -> Outcome:
    """The claimed industry is the activity registered (UK SIC 2007).

    A SIC code passes when registered or in a registered division and warns when it only
    shares the section; NACE Rev. 2 classes are SIC codes without the 5th digit; a NAICS
    code is compared at sector level through a small concordance; a description is compared
    with the SIC texts (rapidfuzz) and a keyword list per SIC section.
    """
    found = found_company(evidence)
    if isinstance(found, Outcome):
        return found
    registry, company = found
    industry, ref = evidence.application.industry, sic_reference()
    sources = [company_source(registry, company), ref.source()]
    codes = [s.code for s in company.sic_codes]
    facts: dict[str, Any] = {
        "claimed": None if industry is None else industry.model_dump(exclude_none=True),
        "registered": [{"code": s.code, "text": s.text} for s in company.sic_codes],
    }
    if industry is None:
        return _with(na("NO_INDUSTRY_CLAIMED", "No industry was claimed.", **facts), sources)
    if not codes:
        message = "The register holds no SIC code for the company."
        return _with(na("NO_REGISTRY_SIC_CODES", message, **facts), sources)
    reason: Reason | None = None
    sic = claimed_sic(industry)
    if sic is not None:
        reason = _code_reason(sic, codes, ref)
    elif industry.code is not None:
        reason = _naics_reason(industry.code, codes, ref)
    if reason is None and industry.description:
        reason = _text_reason(industry.description, company, ref)
    if reason is None:
        message = "The claimed industry could not be compared with UK SIC 2007 codes."
        return _with(na("INDUSTRY_NOT_COMPARABLE", message, **facts), sources)
    return Outcome([reason], facts, sources)


def _with(outcome: Outcome, sources: list[Source]) -> Outcome:
    outcome.sources = sources
    return outcome


_DORMANT = frozenset({"DORMANT"})
_NO_ACCOUNTS = frozenset({"NO ACCOUNTS FILED"})


@check(
    key="capability.dormant",
    pillar=Pillar.CAPABILITY,
    needs=("application", "registry", "policy"),
    reason_codes={
        **REGISTRY_CODES,
        "COMPANY_TRADING": "The company files trading accounts (not dormant).",
        "DORMANT_COMPANY": "The company files dormant accounts.",
        "DORMANT_HIGH_VOLUME": "A dormant company claims a large monthly volume.",
        "NO_ACCOUNTS_HIGH_VOLUME": "A company that never filed accounts claims a large volume.",
    },
)
def dormant(evidence: Evidence) -> Outcome:
    """The company trades: dormant accounts, or none filed, contradict a large volume claim."""
    found = found_company(evidence)
    if isinstance(found, Outcome):
        return found
    registry, company = found
    category = (company.accounts_category or "").upper().strip()
    codes = {s.code for s in company.sic_codes}
    large = is_large_volume(evidence.application, policy_of(evidence))
    facts = {
        "accounts_category": company.accounts_category,
        "sic_codes": sorted(codes),
        "large_volume_claimed": large,
    }
    sources = [company_source(registry, company)]
    if category in _DORMANT or "99999" in codes:
        if large:
            message = "The company files dormant accounts, yet claims a large monthly volume."
            return Outcome([Reason("DORMANT_HIGH_VOLUME", Status.FAIL, message)], facts, sources)
        message = "The company files dormant accounts: it does not trade."
        return Outcome([Reason("DORMANT_COMPANY", Status.WARN, message)], facts, sources)
    if category in _NO_ACCOUNTS and large:
        message = "The company has filed no accounts, yet claims a large monthly volume."
        return Outcome([Reason("NO_ACCOUNTS_HIGH_VOLUME", Status.WARN, message)], facts, sources)
    message = f"Accounts category {company.accounts_category or 'unknown'}: not dormant."
    return Outcome([Reason("COMPANY_TRADING", Status.PASS, message)], facts, sources)


def _high_risk(code: str, prefixes: dict[str, str]) -> list[tuple[str, str]]:
    """The high-risk prefixes a code falls under (a 4-digit NACE class may be either way)."""
    return [
        (p, label)
        for p, label in prefixes.items()
        if code.startswith(p) or (p.startswith(code) and len(code) == 4)
    ]


@check(
    key="capability.high_risk_industry",
    pillar=Pillar.CAPABILITY,
    needs=("application", "registry", "policy"),
    reason_codes={
        "HIGH_RISK_INDUSTRY": "A registered or claimed industry is on the policy's high-risk list.",
        "INDUSTRY_NOT_HIGH_RISK": "No registered or claimed industry is on the high-risk list.",
        "NO_INDUSTRY_CODES": "Neither the register nor the application gives an industry code.",
    },
)
def high_risk_industry(evidence: Evidence) -> Outcome:
    """No registered (or claimed SIC/NACE) industry is on the policy's ``high_risk_sic`` list."""
    prefixes = policy_of(evidence).high_risk_sic
    registry = evidence.registry
    company = registry.company if registry is not None and registry.available else None
    registered = [s.code for s in company.sic_codes] if company else []
    claimed = claimed_sic(evidence.application.industry)
    codes = list(dict.fromkeys(registered + ([claimed] if claimed else [])))
    sources = [company_source(registry, company)] if registry and company else []
    if not codes:
        return na("NO_INDUSTRY_CODES", "No SIC or NACE code was registered or claimed.")
    hits = [(c, p, label) for c in codes for p, label in _high_risk(c, prefixes)]
    facts = {
        "registered": registered,
        "claimed": claimed,
        "high_risk": [{"code": c, "prefix": p, "label": label} for c, p, label in hits],
    }
    if hits:
        named = "; ".join(f"{c} ({label})" for c, _, label in hits)
        return Outcome(
            [Reason("HIGH_RISK_INDUSTRY", Status.WARN, f"High-risk industry: {named}.")],
            facts,
            sources,
        )
    message = f"SIC code(s) {', '.join(codes)}: not on the high-risk list."
    return Outcome([Reason("INDUSTRY_NOT_HIGH_RISK", Status.PASS, message)], facts, sources)
