"""Location against the company registry: the registered office, and who else is there."""

from __future__ import annotations

from typing import Any

from rapidfuzz import fuzz

from openkyb.applications import Address
from openkyb.checks.base import Evidence, Outcome, Pillar, Reason, Status, check, not_applicable
from openkyb.checks.registry_common import (
    AVAILABILITY_CODES,
    REGISTRY_CODES,
    company_source,
    found_company,
    policy_of,
    registry_unavailable,
)
from openkyb.registry.addresses import is_valid_uk_postcode, postcode_key
from openkyb.registry.model import RegisteredAddress
from openkyb.screening.normalize import fold

# rapidfuzz scores at or above which street lines and towns count as the same.
STREET_MATCH = 80.0
CITY_MATCH = 85.0


def _street_score(claimed: Address, registered: RegisteredAddress) -> float | None:
    mine = fold(" ".join(claimed.lines))
    theirs = fold(" ".join(p for p in (registered.po_box, registered.line1, registered.line2) if p))
    if not mine or not theirs:
        return None
    return float(fuzz.token_set_ratio(mine, theirs))


def _city_score(claimed: Address, registered: RegisteredAddress) -> float | None:
    if not claimed.city or not registered.post_town:
        return None
    return float(fuzz.ratio(fold(claimed.city), fold(registered.post_town)))


def _postcode_match(claimed: Address, registered: RegisteredAddress) -> bool | None:
    mine, theirs = postcode_key(claimed.postcode), postcode_key(registered.postcode)
    return None if mine is None or theirs is None else mine == theirs


def _verdict(postcode: bool | None, street: float | None, city: float | None) -> Reason:
    street_ok = street is None or street >= STREET_MATCH
    city_ok = city is None or city >= CITY_MATCH
    lines_agree = street_ok and city_ok and (street is not None or city is not None)
    if postcode is True and street_ok and city_ok:
        return Reason("REGISTERED_ADDRESS_MATCH", Status.PASS, "The registered office matches.")
    if postcode is True:
        message = "The postcode matches the registered office, but the street or town differ."
    elif postcode is False and lines_agree:
        message = "Street and town match the registered office, but the postcode differs."
    elif postcode is None and lines_agree:
        message = "Street and town match the registered office; postcodes were not compared."
    elif postcode is False:
        message = "The claimed registered address is not the registered office."
        return Reason("REGISTERED_ADDRESS_MISMATCH", Status.FAIL, message)
    else:
        message = "The claimed registered address does not match the registered office."
        return Reason("REGISTERED_ADDRESS_MISMATCH", Status.FAIL, message)
    return Reason("REGISTERED_ADDRESS_PARTIAL_MATCH", Status.WARN, message)


@check(
    key="location.registered_address",
    pillar=Pillar.LOCATION,
    needs=("application", "registry"),
    reason_codes={
        **REGISTRY_CODES,
        "REGISTERED_ADDRESS_MATCH": "The claimed registered address is the registered office.",
        "REGISTERED_ADDRESS_PARTIAL_MATCH": "Postcode, street or town differ from the register.",
        "REGISTERED_ADDRESS_MISMATCH": "The claimed registered address is not the registered one.",
        "POSTCODE_INVALID_FORMAT": "The claimed UK postcode is not a well-formed postcode.",
        "NO_REGISTERED_ADDRESS_CLAIMED": "No registered address was claimed.",
    },
)
def registered_address(evidence: Evidence) -> Outcome:
    """The claimed registered address is the registered office on the register.

    Postcodes are compared exactly (letters and digits only), street lines and town with
    rapidfuzz (token-set and plain ratio); a UK postcode must be well-formed.
    """
    found = found_company(evidence)
    if isinstance(found, Outcome):
        return found
    registry, company = found
    claimed, registered = evidence.application.registered_address, company.address
    facts: dict[str, Any] = {"registered": registered.lines()}
    sources = [company_source(registry, company)]
    if claimed is None:
        held = ", ".join(facts["registered"])
        message = f"No registered address was claimed; the register says {held}."
        outcome = not_applicable("NO_REGISTERED_ADDRESS_CLAIMED", message, **facts)
        outcome.sources = sources
        return outcome
    postcode = _postcode_match(claimed, registered)
    street, city = _street_score(claimed, registered), _city_score(claimed, registered)
    facts |= {
        "claimed": [*claimed.lines, claimed.city, claimed.postcode],
        "postcode_match": postcode,
        "street_score": street,
        "city_score": city,
    }
    reasons = [_verdict(postcode, street, city)]
    uk = (claimed.country or evidence.application.country) == "GB"
    if uk and claimed.postcode and not is_valid_uk_postcode(claimed.postcode):
        message = f"{claimed.postcode!r} is not a well-formed UK postcode."
        reasons.append(Reason("POSTCODE_INVALID_FORMAT", Status.WARN, message))
    return Outcome(reasons, facts, sources)


@check(
    key="location.mass_registration_address",
    pillar=Pillar.LOCATION,
    needs=("registry", "policy"),
    reason_codes={
        **AVAILABILITY_CODES,
        "ADDRESS_NOT_MASS_REGISTRATION": "Few companies share the registered address.",
        "MASS_REGISTRATION_ADDRESS": "Many companies are registered at the address (an agent's).",
        "ADDRESS_COUNT_UNKNOWN": "The address could not be grouped (no postcode), so not counted.",
    },
)
def mass_registration_address(evidence: Evidence) -> Outcome:
    """Few companies share the registered address: many point at a formation agent's office.

    Companies are counted by address key (postcode, then the building's number and street;
    suites and floors dropped) at the registered office found and at the claimed one. Above
    the policy's ``registry.mass_registration_threshold`` the check warns.
    """
    unavailable = registry_unavailable(evidence)
    if unavailable is not None:
        return unavailable
    registry = evidence.registry
    assert registry is not None
    counts = {
        "registered_office": registry.address_companies,
        "claimed_address": registry.claimed_address_companies,
    }
    known = {k: v for k, v in counts.items() if v is not None}
    threshold = policy_of(evidence).mass_registration_threshold
    facts: dict[str, Any] = {**counts, "threshold": threshold}
    sources = [company_source(registry, registry.company)] if registry.company else []
    if not known:
        message = "The address has no postcode to group by, so companies were not counted."
        outcome = not_applicable("ADDRESS_COUNT_UNKNOWN", message, **facts)
        outcome.sources = sources
        return outcome
    where, count = max(known.items(), key=lambda item: item[1])
    label = where.replace("_", " ")
    if count > threshold:
        message = f"{count} companies are registered at the {label} (threshold {threshold})."
        reason = Reason("MASS_REGISTRATION_ADDRESS", Status.WARN, message)
    else:
        message = f"{count} companies are registered at the {label}."
        reason = Reason("ADDRESS_NOT_MASS_REGISTRATION", Status.PASS, message)
    return Outcome([reason], facts, sources)
