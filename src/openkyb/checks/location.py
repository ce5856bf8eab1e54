"""Location checks: do the company's country signals agree, and are its jurisdictions risky?"""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import phonenumbers

from openkyb.applications import Address, Application
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
from openkyb.checks.capability import parse_email, parse_website
from openkyb.checks.identity import parse_vat
from openkyb.checks.reference import DomainRules, JurisdictionList, ReferenceData, country_name


def _named(code: str) -> str:
    return f"{country_name(code)} ({code})"


def _signal(signal: str, claimed: str, country: str | None, declared: str) -> dict[str, Any]:
    agrees = None if country is None else country == declared
    return {"signal": signal, "claimed": claimed, "country": country, "agrees": agrees}


def phone_signal(raw: str, declared: str) -> dict[str, Any]:
    """The phone number's country, read with the declared country as the default region.

    A number agrees when its region is the declared country, or when the declared country
    shares its calling code (+44 covers GB, GG, IM and JE; +1 the NANP countries).
    Non-geographic numbers (+800 ...) name no country.
    """
    try:
        number = phonenumbers.parse(raw, declared)
    except phonenumbers.NumberParseException:
        return {**_signal("phone", raw, None, declared), "valid": False}
    # What phonenumbers.is_valid_number does, without looking the region up twice.
    region = phonenumbers.region_code_for_number(number)
    if region is None or not phonenumbers.is_valid_number_for_region(number, region):
        return {**_signal("phone", raw, None, declared), "valid": False}
    group = phonenumbers.region_codes_for_country_code(number.country_code or 0)
    country = region if region and region != "001" else None
    fact = {**_signal("phone", raw, country, declared), "valid": True}
    fact["calling_code"] = f"+{number.country_code}"
    if country is not None and country != declared and declared in group:
        fact["agrees"], fact["matched_by"] = True, "calling_code_group"
    return fact


def _domain_signal(
    signal: str, raw: str, host: str | None, rules: DomainRules, declared: str
) -> dict[str, Any] | None:
    """The country of a host's TLD; None (no signal) when the host is malformed or an IP."""
    if host is None:
        return None
    tld = host.rsplit(".", 1)[-1]
    return {**_signal(signal, raw, rules.country_of_tld(tld), declared), "tld": tld}


def location_signals(app: Application, ref: ReferenceData) -> list[dict[str, Any]]:
    """Every signal of where the company is, each with its country and whether it agrees."""
    declared = app.country
    signals: list[dict[str, Any] | None] = [
        _signal(label, address.country, address.country, declared)
        for label, address in app.addresses()
        if address.country is not None
    ]
    if app.phone is not None:
        signals.append(phone_signal(app.phone, declared))
    if app.website is not None:
        site = parse_website(app.website)
        host = None if site.is_ip else site.host
        signals.append(_domain_signal("website", app.website, host, ref.domains, declared))
    if app.email is not None:
        email = parse_email(app.email)
        signals.append(_domain_signal("email", app.email, email.host, ref.domains, declared))
    if app.vat_number is not None:
        vat = parse_vat(app.vat_number, declared)
        if vat.countries:
            fact = _signal("vat_number", app.vat_number, vat.countries[0], declared)
            fact["agrees"] = declared in vat.countries
            signals.append(fact)
    return [s for s in signals if s is not None]


_MISMATCH_CODES = {
    # A registered office abroad contradicts the declared country; trading abroad may not.
    "registered_address": ("ADDRESS_COUNTRY_MISMATCH", Status.FAIL),
    "trading_address": ("ADDRESS_COUNTRY_MISMATCH", Status.WARN),
    "phone": ("PHONE_COUNTRY_MISMATCH", Status.WARN),
    "website": ("DOMAIN_COUNTRY_MISMATCH", Status.WARN),
    "email": ("DOMAIN_COUNTRY_MISMATCH", Status.WARN),
}


@check(
    key="location.country_consistency",
    pillar=Pillar.LOCATION,
    needs=("application", "reference"),
    reason_codes={
        "COUNTRY_CONSISTENT": "Every country signal agrees with the declared country.",
        "ADDRESS_COUNTRY_MISMATCH": (
            "An address is in another country: fail for the registered, warn for the trading one."
        ),
        "PHONE_COUNTRY_MISMATCH": "The phone number belongs to another country.",
        "PHONE_INVALID": "The phone number is not a valid number.",
        "DOMAIN_COUNTRY_MISMATCH": "The website or e-mail is under another country's TLD.",
        "NO_LOCATION_SIGNALS": "Nothing besides the declared country says where it is.",
    },
)
def country_consistency(evidence: Evidence) -> Outcome:
    """The addresses, phone number, website and e-mail point to the declared country.

    The phone number's country comes from its number plan; the website's and e-mail's from
    their country-code top-level domain.

    Generic TLDs (.com) and country-code TLDs in wide generic use (.io, .co, .ai, .me ...)
    are not country signals. The VAT prefix is recorded in the facts but judged by
    ``identity.vat_country``.
    """
    app = evidence.application
    ref: ReferenceData = evidence.reference
    signals = location_signals(app, ref)
    facts = {"declared_country": app.country, "signals": signals}
    reasons: list[Reason] = []
    for signal in signals:
        if signal.get("valid") is False:
            message = f"The phone number {signal['claimed']!r} is not a valid number."
            reasons.append(Reason("PHONE_INVALID", Status.WARN, message))
        elif signal["agrees"] is False and signal["signal"] in _MISMATCH_CODES:
            code, status = _MISMATCH_CODES[signal["signal"]]
            where = signal["signal"].replace("_", " ")
            message = f"The {where} points to {_named(signal['country'])}, not the declared "
            reasons.append(Reason(code, status, message + f"{_named(app.country)}."))
    judged = [s for s in signals if s["signal"] in _MISMATCH_CODES and s["country"]]
    if not reasons and judged:
        named = ", ".join(s["signal"].replace("_", " ") for s in judged)
        verb = "agrees" if len(judged) == 1 else "agree"
        message = f"The {named} {verb} with {_named(app.country)}."
        reasons.append(Reason("COUNTRY_CONSISTENT", Status.PASS, message))
    if not reasons:
        message = (
            "No address country, valid phone number or country-code domain is given to "
            f"compare with {_named(app.country)}."
        )
        return not_applicable("NO_LOCATION_SIGNALS", message, **facts)
    return Outcome(reasons=reasons, facts=facts)


def _parties(app: Application) -> Iterator[tuple[str, str | None, str, str | None]]:
    """(party, name, field, country) for every country the application names."""
    yield "company", app.legal_name, "country", app.country
    for label, address in app.addresses():
        yield label, None, "country", address.country
    for i, officer in enumerate(app.officers):
        yield f"officers[{i}]", officer.name, "nationality", officer.nationality
        yield f"officers[{i}]", officer.name, "country_of_residence", officer.country_of_residence
    for i, owner in enumerate(app.owners):
        yield f"owners[{i}]", owner.name, "nationality", owner.nationality
        yield f"owners[{i}]", owner.name, "country", owner.country


def _address_text(address: Address) -> str:
    return " ".join([*address.lines, address.city or "", address.region or ""])


def jurisdiction_hits(app: Application, ref: ReferenceData) -> list[dict[str, Any]]:
    """Every party field or address whose country or region is on a jurisdiction list."""
    hits: list[dict[str, Any]] = []
    for party, name, field, country in _parties(app):
        if country is None:
            continue
        for listed in ref.jurisdiction_lists:
            if country in listed.countries:
                hit = {"party": party, "name": name, "field": field, "country": country}
                hits.append({**hit, "list": listed.key, "record_id": country})
    sanctions = ref.comprehensive_sanctions
    for label, address in app.addresses():
        country = address.country or app.country
        for region in sanctions.regions:
            if country not in region.address_countries:
                continue
            found = region.found_in(_address_text(address))
            if found is not None:
                hit = {"party": label, "name": None, "field": "region/city/lines"}
                hit |= {"country": address.country, "region": region.name, "matched": found}
                hits.append({**hit, "list": sanctions.key, "record_id": region.record_id})
    return hits


_LIST_CODES = {
    "comprehensive_sanctions": ("JURISDICTION_SANCTIONED", Status.FAIL),
    "fatf_call_for_action": ("JURISDICTION_FATF_CALL_FOR_ACTION", Status.FAIL),
    "fatf_increased_monitoring": ("JURISDICTION_FATF_INCREASED_MONITORING", Status.WARN),
    "sectoral_sanctions": ("JURISDICTION_SECTORAL_SANCTIONS", Status.WARN),
}


def _list_reason(listed: JurisdictionList, hits: list[dict[str, Any]]) -> Reason:
    code, status = _LIST_CODES[listed.key]
    where = [f"{h['party']} {h['field']} ({h.get('region') or h['country']})" for h in hits]
    more = f" and {len(where) - 5} more" if len(where) > 5 else ""
    message = f"On the {listed.name} (as of {listed.version}): {', '.join(where[:5])}{more}."
    return Reason(code, status, message)


@check(
    key="location.jurisdiction_risk",
    pillar=Pillar.LOCATION,
    needs=("application", "reference"),
    reason_codes={
        "JURISDICTION_SANCTIONED": "A country or region named is under comprehensive sanctions.",
        "JURISDICTION_FATF_CALL_FOR_ACTION": "A country named is on the FATF call-for-action list.",
        "JURISDICTION_FATF_INCREASED_MONITORING": "A country named is under FATF monitoring.",
        "JURISDICTION_SECTORAL_SANCTIONS": "A country named is under broad sectoral sanctions.",
        "JURISDICTION_LOW_RISK": "No country or region named is on a sanctions or FATF list.",
    },
)
def jurisdiction_risk(evidence: Evidence) -> Outcome:
    """No country or region tied to the company or its people is sanctioned or FATF-listed.

    The company's country and addresses, and its officers' and owners' nationalities and
    countries of residence, are looked up.

    Lists and their dates come from the reference data: comprehensive sanctions (countries,
    and regions such as Crimea found in address text), FATF high-risk and increased-monitoring
    jurisdictions, and broad sectoral sanctions regimes.
    """
    app = evidence.application
    ref: ReferenceData = evidence.reference
    hits = jurisdiction_hits(app, ref)
    reasons: list[Reason] = []
    sources: list[Source] = []
    for listed in ref.jurisdiction_lists:
        listed_hits = [h for h in hits if h["list"] == listed.key]
        if listed_hits:
            reasons.append(_list_reason(listed, listed_hits))
            records = dict.fromkeys(h["record_id"] for h in listed_hits)
            sources += [listed.source(record) for record in records]
    checked = sorted({c for *_, c in _parties(app) if c is not None})
    if not reasons:
        message = f"None of {', '.join(checked)} is on a sanctions or FATF list."
        reasons.append(Reason("JURISDICTION_LOW_RISK", Status.PASS, message))
        sources = [listed.source() for listed in ref.jurisdiction_lists]
    return Outcome(
        reasons=reasons, facts={"hits": hits, "countries_checked": checked}, sources=sources
    )
