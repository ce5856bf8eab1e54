"""Validation of country, currency and partial-date codes used by the application model."""

from __future__ import annotations

import re
from datetime import UTC, date, datetime
from functools import cache

import pycountry

# Codes in common use that ISO 3166-1 has not (yet) assigned: Kosovo is used by the EU,
# the UN lists and most banks; rejecting it would turn away real businesses.
_USER_ASSIGNED_COUNTRIES = {"XK"}

_PARTIAL_DATE = re.compile(r"^(\d{4})-(\d{2})(?:-(\d{2}))?$")


@cache
def country_codes() -> frozenset[str]:
    """Every accepted country code."""
    return frozenset(c.alpha_2 for c in pycountry.countries) | _USER_ASSIGNED_COUNTRIES


@cache
def currency_codes() -> frozenset[str]:
    """Every accepted currency code."""
    return frozenset(c.alpha_3 for c in pycountry.currencies)


def normalize_country(value: str) -> str:
    """Return the upper-case ISO 3166-1 alpha-2 code, or raise ValueError."""
    code = value.strip().upper()
    if code not in country_codes():
        raise ValueError(f"'{value}' is not an ISO 3166-1 alpha-2 country code")
    return code


def normalize_currency(value: str) -> str:
    """Return the upper-case ISO 4217 currency code, or raise ValueError."""
    code = value.strip().upper()
    if code not in currency_codes():
        raise ValueError(f"'{value}' is not an ISO 4217 currency code")
    return code


def today_utc() -> date:
    """Today's date in UTC, the reference for 'not in the future'."""
    return datetime.now(UTC).date()


def normalize_partial_date(value: str) -> str:
    """Validate a full date (YYYY-MM-DD) or a year-month (YYYY-MM) that is not in the future."""
    match = _PARTIAL_DATE.match(value.strip())
    if match is None:
        raise ValueError("expected a date as YYYY-MM-DD or YYYY-MM")
    year, month, day = int(match[1]), int(match[2]), match[3]
    try:
        first_possible = date(year, month, int(day) if day else 1)
    except ValueError as exc:
        raise ValueError(f"'{value}' is not a real date") from exc
    if year < 1900:
        raise ValueError("dates before 1900 are not accepted")
    if first_possible > today_utc():
        raise ValueError("date may not be in the future")
    return match[0]
