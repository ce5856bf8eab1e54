"""Reading the free-text fields of OFSI ConList rows: dates, enumerations, documents."""

from __future__ import annotations

import re

from openkyb.sources.list_helpers import country, place_country, unique
from openkyb.sources.model import Address, Identifier
from openkyb.sources.util import clean, parse_date

Row = dict[str, str]

_ENUMERATOR = re.compile(r"\(?\b(?:\d{1,2}|[a-h])\)(?:-\(\d{1,2}\))?")
_NUMBER = re.compile(r"(?<![\w/])(?=[A-Z0-9./-]*\d)[A-Z0-9][A-Z0-9./-]{3,}(?![\w/])", re.I)
_PARENS = re.compile(r"\(([^()]*)\)")
_IMO = re.compile(r"\bIMO[:\s]+(\d{7})\b", re.I)
_ADDRESS_KEYS = (*(f"address {i}" for i in range(1, 7)), "post/zip code")
_DOCUMENTS = (
    ("passport", "passport number", "passport details"),
    ("national_id", "national identification number", "national identification details"),
    ("national_id", None, "ni number"),
)
_LABELS = {
    "passport number": "Passport Number",
    "passport details": "Passport Details",
    "national identification number": "National Identification Number",
    "national identification details": "National Identification Details",
    "ni number": "NI Number",
}


def ofsi_date(text: str | None) -> str | None:
    """``dd/mm/yyyy`` with ``00`` for unknown parts: ``00/00/1980`` is 1980."""
    value = clean(text)
    if value is None:
        return None
    if match := re.fullmatch(r"(\d{1,2})/(\d{1,2})/(\d{4})", value):
        day, month, year = match.groups()
        if int(month) == 0:
            return parse_date(year)
        if int(day) == 0:
            return parse_date(f"{year}-{int(month):02d}")
    return parse_date(value)


def enumerated(text: str | None) -> list[str]:
    """The items of ``(1) X (2) Y`` or ``1) X 2) Y``; the text itself when not enumerated."""
    value = clean(text)
    if value is None:
        return []
    return unique(clean(part.strip(" ,;.")) for part in _ENUMERATOR.split(value))


def nationalities(rows: list[Row]) -> list[str]:
    """Nationality countries (names or demonyms, possibly enumerated)."""
    return unique(country(item) for r in rows for item in enumerated(r.get("nationality")))


def birth_places(rows: list[Row]) -> tuple[list[str], list[str]]:
    """``Town, Country`` places of birth, and the countries of birth."""
    places: list[str] = []
    countries: list[str] = []
    for row in rows:
        towns = enumerated(row.get("town of birth"))
        lands = enumerated(row.get("country of birth"))
        countries.extend(country(land) or place_country(land) or "" for land in lands)
        for index in range(max(len(towns), len(lands))):
            town = towns[index] if index < len(towns) else None
            land = lands[index] if index < len(lands) else (lands[-1] if lands else None)
            places.append(", ".join(p for p in (town, land) if p))
    countries.extend(place_country(place) or "" for place in places)
    return unique(places), unique(countries)


def addresses(rows: list[Row]) -> tuple[list[Address], list[str]]:
    """Addresses with text, and every address country."""
    found: list[Address] = []
    countries: list[str] = []
    for row in rows:
        land = clean(row.get("country"))
        code = country(land)
        countries.append(code or "")
        parts = [p for p in (clean(row.get(key)) for key in _ADDRESS_KEYS) if p]
        if parts:
            found.append(Address(full=", ".join([*parts, land] if land else parts), country=code))
    return list(dict.fromkeys(found)), unique(countries)


def _first_word_country(text: str) -> str | None:
    """The country a text starts with ("Qatari passport ..."); short words are skipped,
    so "no 123" is not Norway."""
    words = text.split()
    return country(words[0]) if words and len(words[0]) > 3 else None


def _document_country(piece: str, default: str | None) -> str | None:
    for note in _PARENS.findall(piece):
        if code := country(note) or _first_word_country(note):
            return code
    return _first_word_country(piece) or default


def documents(text: str | None, kind: str, label: str) -> list[Identifier]:
    """Document numbers in a free-text field: ``(1) 28642163 (German) (2) 954242 ...``."""
    found: list[Identifier] = []
    default: str | None = None
    for piece in enumerated(text):
        match = _NUMBER.search(piece)
        issuer = _document_country(piece, default)
        if match is None:
            default = issuer  # "Jordanian passport numbers (1) K048787 (2) 486298"
            continue
        found.append(Identifier(kind, match[0].strip("./-"), issuer, note=label))
    return found


def identifiers(rows: list[Row]) -> list[Identifier]:
    """Passports, national ids, and IMO numbers mentioned in Other Information."""
    found: list[Identifier] = []
    for row in rows:
        for kind, number_key, details_key in _DOCUMENTS:
            number = clean(row.get(number_key)) if number_key else None
            details = row.get(details_key)
            label = _LABELS[number_key if number and number_key else details_key]
            if number:
                issuer = _document_country(details or "", None)
                found.append(Identifier(kind, number, issuer, note=label))
            else:
                found.extend(documents(details, kind, label))
        for imo in _IMO.findall(row.get("other information") or ""):
            found.append(Identifier("imo", imo, note="IMO"))
    return list(dict.fromkeys(found))


def listed_on(rows: list[Row]) -> str | None:
    """The earliest designation date of the group's rows."""
    dates = [
        ofsi_date(r.get(key))
        for r in rows
        for key in ("listed on", "uk sanctions list date designated", "date designated")
    ]
    return min((d for d in dates if d), default=None)
