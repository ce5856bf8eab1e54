"""Text helpers shared by the OFAC, trade.gov, BIS and OFSI parsers.

Name order, legal-form detection, country spellings the shared table does not know
(demonyms, ``PRC``, ``U.K.``), birth-date expressions with ranges, and US month-first dates.
"""

from __future__ import annotations

import csv
import io
import re
import zipfile
import zlib
from collections.abc import Iterable, Iterator
from datetime import date
from pathlib import Path

from openkyb.sources.countries import country_code
from openkyb.sources.util import clean, decode, parse_date, read_bytes


def _word_set(text: str) -> frozenset[str]:
    return frozenset(text.split())


_SUFFIXES = {"JR", "JR.", "SR", "SR.", "II", "III", "IV"}

# Legal forms, as whole words once dots are removed ("S.A." -> "SA", "CO." -> "CO").
LEGAL_FORMS = _word_set(
    "LTD LIMITED INC INCORPORATED LLC LLP LP CORP CORPORATION CO COMPANY GMBH AG AB SA SAS "
    "SARL SL SRL SPA BV NV PLC PTE PVT JSC OJSC CJSC PJSC OAO ZAO OOO PAO FZE FZC FZCO DMCC "
    "KG OU SP ZOO CV SAPI SPRL KFT ASA OY EOOD ANSTALT HOLDING HOLDINGS"
)
# Words that mark a business even without a legal form ("AL NASER AIRLINES", "GLOBE TRADE").
BUSINESS_WORDS = _word_set(
    "AIRLINES AIRLINE AIRWAYS AIR AVIATION AEROSPACE TECHNOLOGY TECHNOLOGIES TECH TECHNIK "
    "SOLUTIONS SYSTEMS COMPUTERS METALS TRADE TRADING GROUP INTERNATIONAL ENGINEERING PRODUCTS "
    "ENTERPRISE ENTERPRISES INDUSTRIES INDUSTRIAL INDUSTRIE ELECTRONICS ELECTRONIC EXPORT "
    "IMPORT SERVICES SERVICE SUPPLY MACHINERY MANUFACTURING EQUIPMENT CONTRACTING SHIPPING "
    "LOGISTICS BANK INVEST INVESTMENT RESULTS VERTRIEBS MARITIME CHEMICALS LABORATORIES"
)
_WORDS = re.compile(r"[A-Z0-9&]+")

_C1 = re.compile("[\x80-\x9f]")


def country(text: str | None) -> str | None:
    """ISO alpha-2 for a country name, code or demonym as these lists write it, or None."""
    return country_code(clean(text))


def place_country(place: str | None) -> str | None:
    """The country at the end of a place ("Pyongyang, Korea, North" -> KP), or None."""
    value = clean(place)
    if value is None:
        return None
    parts = [p.strip() for p in value.split(",") if p.strip()]
    for start in range(max(0, len(parts) - 3), len(parts)):
        code = country(", ".join(parts[start:]))
        if code:
            return code
    return None


def invert_name(value: str) -> str:
    """``"LAST, First Middle"`` as ``"First Middle LAST"``; other shapes unchanged.

    A trailing generational suffix stays last: ``"DELOS REYES, Feliciano, Jr."`` gives
    ``"Feliciano DELOS REYES Jr."``.
    """
    parts = [p.strip() for p in value.split(",")]
    suffix = ""
    if len(parts) == 3 and parts[2].upper() in _SUFFIXES:
        suffix = " " + parts.pop()
    if len(parts) != 2 or not parts[0] or not parts[1] or parts[1].upper() in _SUFFIXES:
        return value
    return f"{parts[1]} {parts[0]}{suffix}"


def _words(name: str) -> list[str]:
    return _WORDS.findall(name.upper().replace(".", ""))


def has_legal_form(name: str) -> bool:
    """Whether the name carries a company legal form (LTD, GMBH, S.A., JSC ...)."""
    return any(word in LEGAL_FORMS for word in _words(name))


def looks_like_company(name: str) -> bool:
    """A legal form, or a word only businesses use (AIRLINES, TRADING ...)."""
    return any(word in LEGAL_FORMS or word in BUSINESS_WORDS for word in _words(name))


def repair_c1(text: str) -> str:
    """Replace C1 control characters (a cp1252 byte read as Latin-1) with the cp1252 char."""
    if not _C1.search(text):
        return text

    def fix(match: re.Match[str]) -> str:
        try:
            return match[0].encode("latin-1").decode("cp1252")
        except UnicodeDecodeError:
            return ""

    return _C1.sub(fix, text)


def _year(value: str | None) -> int | None:
    return int(value[:4]) if value else None


def birth_dates(text: str | None) -> list[str]:
    """Dates from a birth-date expression: ``10 Jul 1965``, ``circa 1970``, ``1965 to 1967``.

    A range gives the exact date when both ends agree, else every year it spans (up to 20).
    """
    value = clean(text)
    if value is None:
        return []
    value = re.sub(r"^(?:circa|approximately|approx\.?|about|ca\.)\s*", "", value, flags=re.I)
    ends = re.split(r"\s+to\s+|(?<=\d{4})\s*-\s*(?=\d{4}$)", value, maxsplit=1)
    if len(ends) == 1:
        single = parse_date(value)
        return [single] if single else []
    start, end = parse_date(ends[0]), parse_date(ends[1])
    if start and start == end:
        return [start]
    first, last = _year(start), _year(end)
    if first is None or last is None or not 0 <= last - first <= 20:
        return [d for d in (start, end) if d]
    return [str(year) for year in range(first, last + 1)]


def us_date(text: str | None) -> str | None:
    """An ISO date from a US month-first date (``06/19/2003``), else via ``parse_date``."""
    value = clean(text)
    if value is None:
        return None
    match = re.fullmatch(r"(\d{1,2})/(\d{1,2})/(\d{4})", value)
    if not match:
        return parse_date(value)
    try:
        return date(int(match[3]), int(match[1]), int(match[2])).isoformat()
    except ValueError:
        return None


def csv_rows(path: Path, member_suffix: str, delimiter: str = ",") -> Iterator[list[str]]:
    """The rows of a (gzipped or zipped) CSV file, UTF-8 or cp1252.

    A file that does not decompress is a ValueError, like any input that is not the format.
    """
    try:
        raw = read_bytes(path, member_suffix)
    except (EOFError, zlib.error, zipfile.BadZipFile, OSError) as exc:
        if isinstance(exc, FileNotFoundError | IsADirectoryError | PermissionError):
            raise
        raise ValueError(f"{path.name}: cannot decompress: {exc}") from exc
    yield from csv.reader(io.StringIO(decode(raw), newline=""), delimiter=delimiter)


def unique(values: Iterable[str | None]) -> list[str]:
    """Each non-empty value once, in order."""
    return list(dict.fromkeys(v for v in values if v))
