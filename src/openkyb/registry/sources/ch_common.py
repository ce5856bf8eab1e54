"""Helpers shared by the Companies House parsers: numbers, dates, statuses, SIC codes.

The bulk files hold millions of rows, so the helpers here are written for speed: dates and SIC
codes repeat a lot and are cached, company numbers and statuses take a fast path for the
common shape before any slower normalisation.
"""

from __future__ import annotations

import dataclasses
import re
import types
from collections.abc import Callable
from datetime import date
from pathlib import PurePath
from typing import Any, TypeVar

from openkyb.registry.model import SicCode
from openkyb.sources.registry import Published

T = TypeVar("T")

COUNTRY = "GB"
DATASET = "gb-companies-house"

# Every CompanyStatus wording Companies House uses in its bulk and API outputs, lower-cased.
_STATUS_CODES: dict[str, str] = {
    "active": "active",
    "live": "active",
    "active - proposal to strike off": "proposal_to_strike_off",
    "dissolved": "dissolved",
    "liquidation": "liquidation",
    "in administration": "administration",
    "administration": "administration",
    "administration order": "administration",
    "in administration/administrative receiver": "administration",
    "in administration/receiver manager": "administration",
    "administrative receiver": "receivership",
    "receivership": "receivership",
    "receiver action": "receivership",
    "receiver manager / administrative receiver": "receivership",
    "live but receiver manager on at least one charge": "receivership",
    "voluntary arrangement": "voluntary_arrangement",
    "voluntary arrangement / administrative receiver": "voluntary_arrangement",
    "voluntary arrangement / receiver manager": "voluntary_arrangement",
    "converted/closed": "converted",
    "converted / closed": "converted",
    "closed": "closed",
    "insolvency proceedings": "liquidation",
    "removed": "closed",
    "registered": "active",
    "open": "active",
}
# For wordings not in the table: the first matching phrase decides, in this order, so that
# "In Administration/Administrative Receiver" is administration and "Voluntary Arrangement /
# Receiver Manager" a voluntary arrangement (the proceeding the register names first).
_STATUS_PHRASES: tuple[tuple[str, str], ...] = (
    ("strike off", "proposal_to_strike_off"),
    ("strike-off", "proposal_to_strike_off"),
    ("dissolved", "dissolved"),
    ("liquidat", "liquidation"),
    ("administration", "administration"),
    ("voluntary arrangement", "voluntary_arrangement"),
    ("receiver", "receivership"),
    ("converted", "converted"),
    ("closed", "closed"),
    ("active", "active"),
    ("live", "active"),
)
_status_cache: dict[str, str] = {}


def status_code(status: str | None) -> str | None:
    """The normalised status (active, dissolved, liquidation, ...) of a CompanyStatus wording."""
    if not status:
        return None
    code = _status_cache.get(status)
    if code is None:
        text = " ".join(status.lower().split())
        code = _STATUS_CODES.get(text)
        if code is None:
            code = next((c for phrase, c in _STATUS_PHRASES if phrase in text), "other")
        if len(_status_cache) < 10_000:  # bounded: a hostile file cannot grow it forever
            _status_cache[status] = code
    return code


_PREFIXED_NUMBER = re.compile(r"([A-Z]{1,2})(\d+)([A-Z]?)")


def normalise_company_number(raw: str) -> str:
    """Upper-case, no spaces, all-digit numbers zero-padded to 8 ("4475590" -> "04475590").

    Prefixed numbers are padded after the prefix ("SC1234" -> "SC001234"); anything else is
    returned upper-cased as it is. The empty string stays empty.
    """
    if len(raw) == 8 and raw.isalnum() and (raw.isdigit() or raw.isupper()):
        return raw  # the shape of nearly every number in the files
    number = "".join(raw.split()).upper()
    if not number or len(number) >= 8:
        return number
    if number.isdigit():
        return number.zfill(8)
    match = _PREFIXED_NUMBER.fullmatch(number)
    if match:
        prefix, digits, suffix = match.groups()
        return prefix + digits.zfill(8 - len(prefix) - len(suffix)) + suffix
    return number


_dmy_cache: dict[str, date | None] = {"": None}
_INTS: dict[str, int | None] = {"": None, **{str(i): i for i in range(1000)}}
_ymd_cache: dict[str, date] = {}
_CACHE_LIMIT = 200_000  # distinct dates in the register are ~60k; this only stops abuse


def cached_dmy() -> dict[str, date | None]:
    """The dd/mm/yyyy cache itself, for hot loops that look dates up before parsing them."""
    return _dmy_cache


def cached_ints() -> dict[str, int | None]:
    """Small counts by their text ("0".."999"), for hot loops."""
    return _INTS


def parse_dmy(text: str) -> date | None:
    """A ``dd/mm/yyyy`` date (BasicCompanyData); None when blank; ValueError when not a date."""
    if not text:
        return None
    if text in _dmy_cache:
        return _dmy_cache[text]
    stripped = text.strip()
    if not stripped:
        return None
    if len(stripped) != 10 or stripped[2] != "/" or stripped[5] != "/":
        raise ValueError(f"'{text}' is not a dd/mm/yyyy date")
    day, month, year = stripped[:2], stripped[3:5], stripped[6:]
    if not (day.isdigit() and month.isdigit() and year.isdigit()):
        raise ValueError(f"'{text}' is not a dd/mm/yyyy date")
    try:
        value = date(int(year), int(month), int(day))
    except ValueError:
        raise ValueError(f"'{text}' is not a valid date") from None
    if len(_dmy_cache) < _CACHE_LIMIT:
        _dmy_cache[text] = value
    return value


def parse_ymd(text: str) -> date | None:
    """A ``yyyymmdd`` date (the fixed-width products); None when blank or all zeros."""
    value = _ymd_cache.get(text)
    if value is not None:
        return value
    stripped = text.strip()
    if not stripped or stripped == "00000000":
        return None
    if len(stripped) != 8 or not stripped.isdigit():
        raise ValueError(f"'{text}' is not a yyyymmdd date")
    try:
        value = date(int(stripped[:4]), int(stripped[4:6]), int(stripped[6:]))
    except ValueError:
        raise ValueError(f"'{text}' is not a valid date") from None
    if len(_ymd_cache) < _CACHE_LIMIT:
        _ymd_cache[text] = value
    return value


_sic_cache: dict[str, SicCode | None] = {}
_NO_SIC = frozenset({"none supplied", "none", "n/a"})


def parse_sic(text: str) -> SicCode | None:
    """``"62012 - Business and domestic software development"`` as a SicCode.

    ``"None Supplied"`` and blanks are None; a bare code has no text.
    """
    if not text:
        return None
    if text in _sic_cache:
        return _sic_cache[text]
    stripped = text.strip()
    sic: SicCode | None = None
    if stripped and stripped.lower() not in _NO_SIC:
        code, _, description = stripped.partition(" - ")
        sic = SicCode(code.strip(), description.strip() or None)
    if len(_sic_cache) < 50_000:
        _sic_cache[text] = sic
    return sic


def parse_int(text: str) -> int | None:
    """A non-negative count ("0", "12"); None when blank; ValueError when not a number."""
    if not text:
        return None
    if text in _INTS:
        return _INTS[text]
    stripped = text.strip()
    if not stripped:
        return None
    if not stripped.isdigit():
        raise ValueError(f"'{text}' is not a number")
    return int(stripped)


_PUBLISHED_NAME = re.compile(r"(?:BasicCompanyData\w*|Prod\d+\w*)-(\d{4})-(\d{2})-(\d{2})", re.I)


def published_from_name(path: PurePath | str) -> Published | None:
    """The date a Companies House file name states (BasicCompanyData-2024-12-01-part1_7.csv)."""
    match = _PUBLISHED_NAME.search(PurePath(path).name)
    if not match:
        return None
    year, month, day = (int(g) for g in match.groups())
    try:
        return Published(date(year, month, day).isoformat())
    except ValueError:
        return None


def clean(text: str | None) -> str | None:
    """Stripped text, or None when blank."""
    if text is None:
        return None
    stripped = text.strip()
    return stripped or None


def fast_constructor(cls: type[T]) -> Callable[..., T]:
    """A positional constructor for a frozen, slotted dataclass that skips its ``__init__``.

    A frozen dataclass sets each field through ``object.__setattr__``, which costs ~4 µs for
    CompanyRecord: as much as reading the CSV row. This builds the instance and fills the slots
    directly (what ``__init__`` does, minus the indirection). Arguments are every field, in
    declaration order. Falls back to the class itself when it is not a plain slotted dataclass
    (a ``__post_init__`` or a non-slot field would be skipped otherwise).
    """
    fields = dataclasses.fields(cls)  # type: ignore[arg-type]
    if hasattr(cls, "__post_init__") or not all(
        isinstance(cls.__dict__.get(f.name), types.MemberDescriptorType) for f in fields
    ):
        return cls
    namespace: dict[str, Any] = {"_new": object.__new__, "_cls": cls}
    arguments = ", ".join(f"a{i}" for i in range(len(fields)))
    lines = [f"def build({arguments}):", "    o = _new(_cls)"]
    for i, f in enumerate(fields):
        namespace[f"_set{i}"] = cls.__dict__[f.name].__set__
        lines.append(f"    _set{i}(o, a{i})")
    lines.append("    return o")
    exec("\n".join(lines), namespace)  # generated from the dataclass's own fields only
    build: Callable[..., T] = namespace["build"]
    return build
