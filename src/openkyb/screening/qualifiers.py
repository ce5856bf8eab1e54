"""Qualifiers: date of birth, country and identifiers move a name score up or down.

They qualify a name match, they do not replace it. A matching birth date or country adds a
little; a contradicting one takes off more, but never so much that a strong name match
disappears: dates on lists are often approximate, and a customer's date may carry a typo
(the quality benchmark's corrupted names with an off date are exactly this case). An exact
identifier match is strong evidence on its own.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass

# Effects on the score. A full date match is rare by chance (1 in ~20,000) so it earns more
# than a year match (1 in ~60); a clear mismatch costs more than a match earns, because a
# match was already assumed by the name score.
DOB_EXACT = 0.08
DOB_YEAR = 0.04
DOB_NEAR = -0.02  # within a year, or day and month swapped, or one digit off
DOB_SAME_YEAR_OTHER_DAY = -0.06
DOB_MISMATCH = -0.12
COUNTRY_MATCH = 0.03
COUNTRY_MISMATCH = -0.05
IDENTIFIER_MATCH = 0.3
MIN_IDENTIFIER = 4  # shorter "numbers" are too often coincidental
_DATE = re.compile(r"^(\d{4})(?:-(\d{2})(?:-(\d{2}))?)?$")
_NOT_ALNUM = re.compile(r"[^0-9A-Z]")


@dataclass(frozen=True, slots=True)
class Adjustment:
    """One qualifier's effect on the score, with a human-readable reason."""

    feature: str  # birth_date | country | identifier | name_type
    effect: float
    detail: str

    def as_dict(self) -> dict[str, object]:
        """JSON form."""
        return {"feature": self.feature, "effect": round(self.effect, 3), "detail": self.detail}


def parse_date(value: str) -> tuple[int, int | None, int | None] | None:
    """(year, month, day) from YYYY, YYYY-MM or YYYY-MM-DD; None otherwise."""
    found = _DATE.match(value.strip())
    if not found:
        return None
    year, month, day = found.groups()
    return int(year), int(month) if month else None, int(day) if day else None


def _one_digit_off(a: int, b: int) -> bool:
    return sum(x != y for x, y in zip(f"{a:04d}", f"{b:04d}", strict=True)) == 1


def _compare_date(query: tuple[int, int | None, int | None], listed: str) -> Adjustment | None:
    other = parse_date(listed)
    if other is None:
        return None
    (qy, qm, qd), (ly, lm, ld) = query, other
    shown = f"{_show(query)} vs {listed}"
    if qy == ly:
        if qm is None or lm is None or (qm == lm and (qd is None or ld is None or qd == ld)):
            exact = qd is not None and ld is not None
            effect = DOB_EXACT if exact else DOB_YEAR
            return Adjustment("birth_date", effect, f"{_show(query)} matches {listed}")
        if qd is not None and (qm, qd) == (ld, lm):
            return Adjustment("birth_date", DOB_NEAR, f"{shown}: day and month swapped")
        return Adjustment("birth_date", DOB_SAME_YEAR_OTHER_DAY, f"{shown}: same year, other day")
    if abs(qy - ly) == 1 or _one_digit_off(qy, ly):
        return Adjustment("birth_date", DOB_NEAR, f"{shown}: close (one year or one digit)")
    return Adjustment("birth_date", DOB_MISMATCH, f"{shown}: different")


def _show(date: tuple[int, int | None, int | None]) -> str:
    year, month, day = date
    return "-".join([f"{year:04d}"] + [f"{p:02d}" for p in (month, day) if p is not None])


def birth_date(query: str | None, listed: Sequence[str]) -> Adjustment | None:
    """The best agreement between the query's birth date and any listed one."""
    parsed = parse_date(query) if query else None
    if parsed is None or not listed:
        return None
    results = [r for r in (_compare_date(parsed, d) for d in listed) if r is not None]
    return max(results, key=lambda r: r.effect) if results else None


def country(query: Sequence[str], listed: Sequence[str]) -> Adjustment | None:
    """Shared country (nationality, residence, jurisdiction) or none in common."""
    wanted = {c.strip().upper() for c in query if c and c.strip()}
    known = {c.upper() for c in listed if c}
    if not wanted or not known:
        return None
    shared = sorted(wanted & known)
    if shared:
        return Adjustment("country", COUNTRY_MATCH, f"{', '.join(shared)} in common")
    detail = f"{', '.join(sorted(wanted))} vs {', '.join(sorted(known))}: none in common"
    return Adjustment("country", COUNTRY_MISMATCH, detail)


def normalise_identifier(value: str) -> str:
    """Identifiers compare on letters and digits only ("A-123 456" is "A123456")."""
    return _NOT_ALNUM.sub("", value.upper())


def identifier(query: Sequence[str], listed: dict[str, str]) -> Adjustment | None:
    """An exact identifier match; ``listed`` maps normalised value -> its type."""
    for raw in query:
        value = normalise_identifier(raw)
        if len(value) >= MIN_IDENTIFIER and value in listed:
            detail = f"{raw} matches listed {listed[value]} {value}"
            return Adjustment("identifier", IDENTIFIER_MATCH, detail)
    return None
