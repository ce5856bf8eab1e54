"""Identity checks: are the company's identifiers well-formed, and does its VAT number fit?

Identifiers are validated offline with python-stdnum (format and check digits) and, for UK
company numbers, against Companies House's published format. Whether a well-formed number
belongs to this company is a question for the registry checks, not these.
"""

from __future__ import annotations

import importlib
import re
from collections.abc import Callable
from dataclasses import dataclass, replace
from functools import cache
from types import ModuleType
from typing import Any

from stdnum.exceptions import ValidationError
from stdnum.util import get_cc_module

from openkyb.applications import Application
from openkyb.checks.base import Evidence, Outcome, Pillar, Reason, Status, check, not_applicable
from openkyb.checks.reference import IdentifierSchemes, ReferenceData, country_name

# What a broken or hostile input may make a stdnum validator raise besides ValidationError.
_INVALID = (ValidationError, ValueError, KeyError, IndexError, TypeError, ArithmeticError)
_SEPARATORS = re.compile(r"[\s\-./,:]+")
_ASCII_DIGITS = re.compile(r"^[0-9]+$")


@dataclass(frozen=True, slots=True)
class Finding:
    """How one identifier fared; ``valid`` is None when no validator could decide."""

    claimed: str
    normalized: str
    valid: bool | None
    validator: str | None
    note: str | None = None

    def as_fact(self) -> dict[str, Any]:
        """JSON form for a check's facts (``note`` only when there is one)."""
        fact = {"claimed": self.claimed, "normalized": self.normalized, "valid": self.valid}
        return fact | {"validator": self.validator} | ({"note": self.note} if self.note else {})


def _compact(raw: str) -> str:
    return _SEPARATORS.sub("", raw).upper()


@cache
def _module(name: str) -> ModuleType:
    return importlib.import_module(f"stdnum.{name}")


def _try(module: Any, number: str) -> str | None:
    """The validated form of ``number`` under a stdnum module, or None if invalid."""
    try:
        return str(module.validate(number))
    except _INVALID:
        return None


def _stdnum(raw: str, names: tuple[str, ...]) -> Finding:
    """Validate ``raw`` against stdnum modules; the first that accepts it wins."""
    for name in names:
        validated = _try(_module(name), raw)
        if validated is not None:
            return Finding(raw, validated, True, f"stdnum.{name}")
    return Finding(raw, _compact(raw), False, "|".join(f"stdnum.{n}" for n in names))


def _no_validator(raw: str, what: str, country: str) -> Finding:
    note = f"no offline validator for {what} of {country_name(country)} ({country})"
    return Finding(raw, _compact(raw), None, None, note)


# Companies House company number prefixes (two characters before six digits).
_CH_PREFIX_LIST = (
    "AC BR CE CS EN ES FC FE GE GN GS IC IP LP NA NC NF NI NL NO NP NR NV NZ OC OE PC R0 RC "
    "RS SA SC SE SF SG SI SL SO SP SR SZ ZC"
)
_CH_PREFIXES = frozenset(_CH_PREFIX_LIST.split())
# Six digits; a few registered societies, LLPs and NI/SL numbers end in letters instead.
_CH_TAIL = re.compile(r"^(?:[0-9]{6}|[0-9]{3,5}[A-Z]{1,3})$")


def companies_house_number(raw: str) -> Finding:
    """Check a UK company number against Companies House's 8-character format."""
    compact = _compact(raw)
    prefix, tail = ("", compact) if _ASCII_DIGITS.match(compact) else (compact[:2], compact[2:])
    padded = False
    width = 8 - len(prefix)
    if _ASCII_DIGITS.match(tail) and len(tail) < width:
        tail, padded = tail.zfill(width), True
    normalized = prefix + tail
    if prefix:
        valid = prefix in _CH_PREFIXES and bool(_CH_TAIL.match(tail))
    else:
        valid = len(tail) == 8 and int(tail) > 0
    note = "padded with leading zeros to 8 characters" if padded and valid else None
    return Finding(raw, normalized, valid, "companies-house-format", note)


_DE_COURT_WORD = re.compile(r"^(?:amtsgericht|registergericht|ag)\s+", re.IGNORECASE)
_DE_WITHOUT_COURT = re.compile(r"^(?:HRA|HRB|GNR|GSR|PR|VR)\s*[0-9]{1,6}(?:\s*[A-Z]{1,2})?$", re.I)


def _german_register(raw: str) -> Finding:
    """German register numbers need the register court; without it they cannot be checked."""
    finding = _stdnum(_DE_COURT_WORD.sub("", raw.strip()), ("de.handelsregisternummer",))
    if finding.valid:
        return Finding(raw, finding.normalized, True, finding.validator)
    if _DE_WITHOUT_COURT.match(raw.strip()):
        note = "register court not given; the number cannot be validated without it"
        return Finding(raw, _compact(raw), None, None, note)
    return Finding(raw, finding.normalized, False, finding.validator)


# Registration-number rules in code; format-only rules come from the reference data.
_REGISTRATION_RULES: dict[str, Callable[[str], Finding]] = {
    "GB": companies_house_number,
    "DE": _german_register,
}


def registration_number(raw: str, country: str, schemes: IdentifierSchemes) -> Finding:
    """Validate a registration number under the schemes of the company's country."""
    names = schemes.registration.get(country, ())
    finding = _stdnum(raw, names) if names else None
    if finding is not None and finding.valid:
        return finding
    by_rule = None
    if country in _REGISTRATION_RULES:
        by_rule = _REGISTRATION_RULES[country](raw)
    elif country in schemes.registration_formats:
        name, pattern = schemes.registration_formats[country]
        compact = _compact(raw)
        by_rule = Finding(raw, compact, bool(pattern.match(compact)), name, "format only")
    if by_rule is not None and (finding is None or by_rule.valid is not False):
        return by_rule
    return finding or _no_validator(raw, "registration numbers", country)


def tax_id(raw: str, country: str, schemes: IdentifierSchemes) -> Finding:
    """Validate a national tax identifier under the schemes of the company's country."""
    names = schemes.tax.get(country)
    return _stdnum(raw, names) if names else _no_validator(raw, "tax ids", country)


# VAT prefixes: EU member states (validated by stdnum.eu.vat, which knows EL and XI) and the
# One-Stop-Shop prefixes EU and IM, which name no country.
_EU_PREFIX_LIST = (
    "AT BE BG CY CZ DE DK EE EL ES FI FR HR HU IE IT LT LU LV MT NL PL PT RO SE SI SK XI"
)
_EU_PREFIXES = frozenset(_EU_PREFIX_LIST.split())
_OSS_PREFIXES = frozenset({"EU", "IM"})
# Countries a prefix stands for when it is not simply the country itself.
_PREFIX_COUNTRIES = {"EL": ("GR",), "XI": ("GB",), "GB": ("GB", "IM"), "FR": ("FR", "MC")}


@dataclass(frozen=True, slots=True)
class VatNumber:
    """A VAT number with its country prefix (None if absent) and the countries it names."""

    finding: Finding
    prefix: str | None
    countries: tuple[str, ...]


@cache
def _vat_module(prefix: str) -> Any:
    """The stdnum VAT module for a prefix or country code, or None."""
    code = {"EL": "gr", "XI": "gb"}.get(prefix, prefix.lower())
    if code == "eu" or not re.fullmatch(r"[a-z]{2}", code):
        return None
    return get_cc_module(code, "vat")


def _prefixed_vat(raw: str, compact: str, prefix: str) -> Finding:
    if prefix in _EU_PREFIXES or prefix in _OSS_PREFIXES:
        return replace(_stdnum(compact, ("eu.vat",)), claimed=raw)
    module = _vat_module(prefix)
    validated = _try(module, compact[2:]) or _try(module, compact)
    if validated is None:
        return Finding(raw, compact, False, module.__name__)
    normalized = validated if validated.startswith(prefix) else prefix + validated
    return Finding(raw, normalized, True, module.__name__)


def _native_vat(raw: str, compact: str, country: str) -> Finding | None:
    module = _vat_module(country)
    if module is None:
        return None
    validated = _try(module, compact)
    return Finding(raw, validated or compact, validated is not None, module.__name__)


def parse_vat(raw: str, country: str) -> VatNumber:
    """Split a VAT number into prefix and number and validate it.

    A number that starts with a known VAT prefix is validated under that prefix's scheme;
    one without (or one that only validates natively) under the declared country's scheme.
    """
    compact = _compact(raw)
    prefix = compact[:2]
    if prefix in _OSS_PREFIXES and _ASCII_DIGITS.match(compact[2:3]):
        return VatNumber(_prefixed_vat(raw, compact, prefix), prefix, ())
    if re.fullmatch(r"[A-Z]{2}", prefix) and _vat_module(prefix) is not None:
        finding = _prefixed_vat(raw, compact, prefix)
        countries = _PREFIX_COUNTRIES.get(prefix, (prefix,))
        if finding.valid:
            return VatNumber(finding, prefix, countries)
        native = _native_vat(raw, compact, country)
        if native is not None and native.valid:
            return VatNumber(native, None, ())
        return VatNumber(finding, prefix, countries)
    native = _native_vat(raw, compact, country)
    return VatNumber(native or _no_validator(raw, "VAT numbers", country), None, ())


# Identifier fields: how the messages name them, and the code when one is invalid.
_FIELDS = {
    "registration_number": ("registration number", "REGISTRATION_NUMBER_INVALID"),
    "vat_number": ("VAT number", "VAT_NUMBER_INVALID"),
    "lei": ("LEI", "LEI_INVALID"),
    "iban": ("IBAN", "IBAN_INVALID"),
    "tax_id": ("tax id", "TAX_ID_INVALID"),
}


def identifier_findings(app: Application, schemes: IdentifierSchemes) -> dict[str, Finding]:
    """Validate every identifier the application gives, by field."""
    validators: dict[str, Callable[[str], Finding]] = {
        "registration_number": lambda raw: registration_number(raw, app.country, schemes),
        "vat_number": lambda raw: parse_vat(raw, app.country).finding,
        "lei": lambda raw: _stdnum(raw, ("lei",)),
        "iban": lambda raw: _stdnum(raw, ("iban",)),
        "tax_id": lambda raw: tax_id(raw, app.country, schemes),
    }
    given = {field: getattr(app, field) for field in _FIELDS}
    return {field: validators[field](raw) for field, raw in given.items() if raw}


@check(
    key="identity.identifier_format",
    pillar=Pillar.IDENTITY,
    needs=("application", "reference"),
    reason_codes={
        "IDENTIFIERS_VALID": "Every identifier that could be validated is well-formed.",
        "REGISTRATION_NUMBER_INVALID": "The registration number fails its country's format.",
        "VAT_NUMBER_INVALID": "The VAT number fails its format or check digits.",
        "LEI_INVALID": "The LEI fails the ISO 17442 format or check digits.",
        "IBAN_INVALID": "The IBAN fails the ISO 13616 format or check digits.",
        "TAX_ID_INVALID": "The tax id fails its country's format or check digits.",
        "NO_IDENTIFIERS": "No identifier was given, so none could be validated.",
        "NO_VALIDATOR_FOR_COUNTRY": "No offline validator exists for the identifiers given.",
    },
)
def identifier_format(evidence: Evidence) -> Outcome:
    """Registration number, VAT number, LEI, IBAN and tax id pass format and check digits.

    Registration numbers and tax ids are validated with the python-stdnum schemes of the
    company's country (UK company numbers with Companies House's published format), VAT
    numbers under their prefix's scheme, LEIs and IBANs under their ISO standards. An
    identifier whose country has no validator is reported but not failed.
    """
    app = evidence.application
    ref: ReferenceData = evidence.reference
    findings = identifier_findings(app, ref.identifiers)
    if not findings:
        return not_applicable(
            "NO_IDENTIFIERS", "No registration number, VAT number, LEI, IBAN or tax id was given."
        )
    facts = {field: finding.as_fact() for field, finding in findings.items()}
    decided = {field: f for field, f in findings.items() if f.valid is not None}
    if not decided:
        given = "; ".join(f"{_FIELDS[field][0]}: {f.note}" for field, f in findings.items())
        message = f"No identifier could be validated ({given})."
        return not_applicable("NO_VALIDATOR_FOR_COUNTRY", message, **facts)
    reasons = [
        Reason(code, Status.FAIL, f"The {label} {f.claimed!r} is not valid under {f.validator}.")
        for field, f in decided.items()
        if not f.valid
        for label, code in [_FIELDS[field]]
    ]
    if not reasons:
        valid = ", ".join(_FIELDS[field][0] for field in decided)
        skipped = [_FIELDS[field][0] for field in findings if field not in decided]
        note = f"; not validated (no validator): {', '.join(skipped)}" if skipped else ""
        reasons.append(Reason("IDENTIFIERS_VALID", Status.PASS, f"Valid: {valid}{note}."))
    return Outcome(reasons=reasons, facts=facts)


@check(
    key="identity.vat_country",
    pillar=Pillar.IDENTITY,
    needs=("application",),
    reason_codes={
        "VAT_COUNTRY_MATCH": "The VAT number belongs to the declared country.",
        "VAT_COUNTRY_MISMATCH": "The VAT number's prefix names another country.",
        "VAT_PREFIX_MISSING": "The VAT number has no country prefix and is not valid without.",
        "VAT_PREFIX_NOT_COUNTRY": "The VAT number is a One-Stop-Shop number naming no country.",
        "NO_VAT_NUMBER": "No VAT number was given.",
    },
)
def vat_country(evidence: Evidence) -> Outcome:
    """The VAT number's country prefix matches the company's declared country.

    Greece uses EL; XI (Northern Ireland) matches GB; GB numbers also serve the Isle of Man
    and FR numbers Monaco. A number without a prefix matches if it is valid under the
    declared country's VAT scheme.
    """
    app = evidence.application
    if not app.vat_number:
        return not_applicable("NO_VAT_NUMBER", "No VAT number was given.")
    vat = parse_vat(app.vat_number, app.country)
    facts: dict[str, Any] = {
        "claimed": app.vat_number,
        "normalized": vat.finding.normalized,
        "declared_country": app.country,
        "prefix": vat.prefix,
        "prefix_countries": list(vat.countries),
    }
    declared = f"{country_name(app.country)} ({app.country})"
    if vat.prefix in _OSS_PREFIXES:
        message = f"{vat.prefix} is a One-Stop-Shop VAT prefix; it names no country."
        return not_applicable("VAT_PREFIX_NOT_COUNTRY", message, **facts)
    if vat.prefix is None:
        facts["prefix_missing"] = True
        if vat.finding.valid:
            message = f"No prefix, but valid as a VAT number of {declared}."
            return Outcome([Reason("VAT_COUNTRY_MATCH", Status.PASS, message)], facts)
        message = f"No country prefix, and not a valid VAT number of {declared}."
        return Outcome([Reason("VAT_PREFIX_MISSING", Status.WARN, message)], facts)
    if app.country in vat.countries:
        message = f"The VAT prefix {vat.prefix} matches {declared}."
        return Outcome([Reason("VAT_COUNTRY_MATCH", Status.PASS, message)], facts)
    named = ", ".join(vat.countries)
    message = f"The VAT prefix {vat.prefix} names {named}, not the declared {declared}."
    return Outcome([Reason("VAT_COUNTRY_MISMATCH", Status.FAIL, message)], facts)
