"""Country names as sanctions lists write them, mapped to ISO 3166-1 alpha-2."""

from __future__ import annotations

import re
from functools import cache

import pycountry

from openkyb.sources.demonyms import DEMONYMS

# Spellings the lists use that pycountry's names and fuzzy search do not resolve, or resolve
# wrongly ("Korea, North" must not become the Republic of Korea).
_ALIASES = {
    "burma": "MM",
    "korea, north": "KP",
    "north korea": "KP",
    "korea, democratic people's republic of": "KP",
    "democratic people's republic of korea": "KP",
    "dprk": "KP",
    "korea, south": "KR",
    "south korea": "KR",
    "republic of korea": "KR",
    "russia": "RU",
    "iran": "IR",
    "syria": "SY",
    "laos": "LA",
    "vietnam": "VN",
    "viet nam": "VN",
    "moldova": "MD",
    "bolivia": "BO",
    "venezuela": "VE",
    "tanzania": "TZ",
    "macedonia": "MK",
    "the former yugoslav republic of macedonia": "MK",
    "czech republic": "CZ",
    "turkey": "TR",
    "turkiye": "TR",
    "türkiye": "TR",
    "ivory coast": "CI",
    "cote d'ivoire": "CI",
    "côte d'ivoire": "CI",
    "congo, democratic republic of the": "CD",
    "democratic republic of the congo": "CD",
    "congo, democratic republic": "CD",
    "drc": "CD",
    "congo, republic of the": "CG",
    "republic of the congo": "CG",
    "congo": "CG",
    "palestinian": "PS",
    "palestine": "PS",
    "west bank": "PS",
    "gaza": "PS",
    "gaza strip": "PS",
    "kosovo": "XK",
    "united kingdom": "GB",
    "uk": "GB",
    "great britain": "GB",
    "england": "GB",
    "scotland": "GB",
    "wales": "GB",
    "northern ireland": "GB",
    "united states": "US",
    "usa": "US",
    "u.s.a.": "US",
    "united states of america": "US",
    "uae": "AE",
    "brunei": "BN",
    "cape verde": "CV",
    "swaziland": "SZ",
    "east timor": "TL",
    "micronesia": "FM",
    "vatican": "VA",
    "holy see": "VA",
    "taiwan": "TW",
    "hong kong": "HK",
    "macau": "MO",
    "macao": "MO",
    "netherlands antilles": "CW",
    "curacao": "CW",
    "curaçao": "CW",
    "sint maarten": "SX",
    "saint kitts and nevis": "KN",
    "st. kitts and nevis": "KN",
    "saint lucia": "LC",
    "saint vincent and the grenadines": "VC",
    "bosnia": "BA",
    "bosnia-herzegovina": "BA",
    "the bahamas": "BS",
    "bahamas, the": "BS",
    "gambia, the": "GM",
    "the gambia": "GM",
    "region: crimea": "UA",
    "crimea": "UA",
    "soviet union": "RU",
    "ussr": "RU",
    "yugoslavia": "RS",
    "serbia and montenegro": "RS",
}

# Values lists put where a country belongs that are not one, or that pycountry misreads
# ("NA" is "not available" far more often than Namibia in these files).
_NOT_COUNTRIES = {"na", "n/a", "unknown", "stateless", "eu", "undetermined", "none identified"}
_FIXES = {
    "prc": "CN",
    "u.k": "GB",
    "cote d ivoire": "CI",
    "man, isle of": "IM",
    "philippines": "PH",
    "phillipines": "PH",
    "comoros islands": "KM",
    "palestinian territories": "PS",
    "palestinian authority": "PS",
    "occupied palestinian territory": "PS",
    "state of palestine": "PS",
    "st kitts and nevis": "KN",
    "macedonia, the former yugoslav republic of": "MK",
    "vatican city": "VA",
    "china, hong kong special administrative region": "HK",
    "hong kong sar": "HK",
    "hong kong, china": "HK",
    "united kingdom of great britain": "GB",
    "afgan": "AF",
    "turkish republic of northern cyprus": "CY",
    "myanmar/burma": "MM",
    "burma / birmanie": "MM",
    "democratic republic of congo": "CD",
    "former soviet union": "RU",
    "ex-yugoslavia": "RS",
    "bosina-herzegovina": "BA",
    "the russian federation": "RU",
}
_PARENTHESES = re.compile(r"\s*\(.*?(?:\)|$)\s*")
_QUALIFIERS = re.compile(
    r"^(?:region:\s*|possibly\s+|reportedly\s+|probably\s+|allegedly\s+|formerly\s+|"
    r"former\s+|assumed\s+|presumed\s+|of the\s+|the\s+)",
    re.I,
)
_NOTES = re.compile(r"\s+(?:by birth|since \d{4}).*$", re.I)


@cache
def country_code(text: str | None) -> str | None:
    """The ISO alpha-2 code for a country name or code as a list writes it, or None."""
    if not text:
        return None
    cleaned = _PARENTHESES.sub(" ", text.replace("’", "'")).strip()
    cleaned = _NOTES.sub("", _QUALIFIERS.sub("", cleaned)).strip(' .;,"')
    key = " ".join(cleaned.lower().split())
    if not key or key in _NOT_COUNTRIES:
        return None
    found_alias = _ALIASES.get(key) or _FIXES.get(key) or DEMONYMS.get(key)
    if found_alias:
        return found_alias
    if len(cleaned) in (2, 3) and cleaned.isalpha():
        code = cleaned.upper()
        if len(code) == 2:
            found = pycountry.countries.get(alpha_2=code)
        else:
            found = pycountry.countries.get(alpha_3=code)
        if found is not None:
            return str(found.alpha_2)
    try:
        found = pycountry.countries.lookup(cleaned)
    except LookupError:
        return None
    return str(found.alpha_2)


def country_codes(texts: list[str] | tuple[str, ...]) -> list[str]:
    """Each mappable country once, in order."""
    codes: dict[str, None] = {}
    for text in texts:
        code = country_code(text)
        if code:
            codes.setdefault(code, None)
    return list(codes)
