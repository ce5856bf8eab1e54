"""Address keys: UK postcode normalisation and a grouping key for "who else is registered here".

Formation agents register thousands of companies at one building ("20-22 WENLOCK ROAD",
"Suite 4A, 20-22 Wenlock Rd", "First Floor 20 - 22 Wenlock Road"), so the key keeps what
identifies the *building* (the postcode and the premises number with its street) and drops what
identifies a room in it (suite, office, floor, flat...). Two buildings in one postcode keep
different numbers, so they keep different keys. Everything here is pure and table-driven.
"""

from __future__ import annotations

import re
from functools import lru_cache

from openkyb.registry.model import RegisteredAddress

_NOT_ALNUM = re.compile(r"[^A-Z0-9]+")

# The official UK postcode format (BS 7666): outward code, then digit + two letters.
# Letter classes per position (the Royal Mail rules): first not Q V X; second not I J Z;
# third (A9A) in ABCDEFGHJKPSTUW; fourth (AA9A) in ABEHMNPRVWXY; inward not C I K M O V.
_P1 = "[A-PR-UWYZ]"
_P2 = "[A-HK-Y]"
_P3 = "[A-HJKPSTUW]"
_P4 = "[ABEHMNPRV-Y]"
_INWARD = "[0-9][ABD-HJLNP-UW-Z]{2}"
_OUTWARD = f"(?:{_P1}[0-9]{{1,2}}|{_P1}{_P2}[0-9]{{1,2}}|{_P1}[0-9]{_P3}|{_P1}{_P2}[0-9]{_P4})"
_UK_POSTCODE = re.compile(f"(?:{_OUTWARD}{_INWARD}|GIR0AA)")
# British Forces Post Office numbers ("BFPO 801") and the overseas territories' single codes.
_BFPO = re.compile(r"BFPO[0-9]{1,4}")
_TERRITORIES = frozenset(
    {"ASCN1ZZ", "BBND1ZZ", "BIQQ1ZZ", "FIQQ1ZZ", "GX111AA", "PCRN1ZZ", "SIQQ1ZZ", "STHL1ZZ",
     "TDCU1ZZ", "TKCA1ZZ", "KY11001"}
)  # fmt: skip


def postcode_key(text: str | None) -> str | None:
    """The postcode as upper-case letters and digits only ("sw1a 1aa" -> "SW1A1AA").

    Non-UK postal codes get the same treatment ("75008" stays, "D02 X285" -> "D02X285"), so
    one column serves every country; None when nothing is left.
    """
    if not text:
        return None
    key = text.upper().replace(" ", "")
    if not (key.isascii() and key.isalnum()):  # the common "SW1A 1AA" needs no regex
        key = _NOT_ALNUM.sub("", key)
    return key or None


def is_valid_uk_postcode(text: str, *, allow_bfpo: bool = True) -> bool:
    """Whether ``text`` is a well-formed UK postcode (spacing and case do not matter).

    Follows the Royal Mail format rules, accepts the special "GIR 0AA" and the overseas
    territories' codes, and British Forces "BFPO nnnn" numbers unless ``allow_bfpo`` is False.
    """
    key = postcode_key(text)
    if key is None or len(key) > 8:
        return False
    if _UK_POSTCODE.fullmatch(key) or key in _TERRITORIES:
        return True
    return allow_bfpo and _BFPO.fullmatch(key) is not None


# Street-type abbreviations as the register and applicants write them.
_ABBREVIATIONS = {
    "rd": "road", "st": "street", "str": "street", "ave": "avenue", "av": "avenue",
    "ln": "lane", "dr": "drive", "ct": "court", "crt": "court", "pl": "place", "sq": "square",
    "cres": "crescent", "cresc": "crescent", "gdns": "gardens", "gdn": "garden",
    "ter": "terrace", "terr": "terrace", "cl": "close", "hse": "house", "ho": "house",
    "bldg": "building", "bldgs": "buildings", "est": "estate", "ind": "industrial",
    "pk": "park", "blvd": "boulevard", "grn": "green", "wy": "way", "rdwy": "roadway",
    "hwy": "highway", "ctr": "centre", "cntr": "centre", "center": "centre", "bus": "business",
    "mt": "mount", "pde": "parade", "nth": "north", "sth": "south", "upr": "upper",
    "lwr": "lower", "gt": "great", "no": "", "number": "",
}  # fmt: skip
# Words that name a room inside a building, each followed by its own identifier.
_SUB_PREMISES = frozenset(
    {"suite", "suites", "office", "offices", "flat", "flats", "apartment", "apt", "room",
     "rooms", "floor", "floors", "level", "levels", "box", "desk", "studio", "mailbox", "pmb"}
)  # fmt: skip
_FLOOR_WORDS = frozenset(
    {"ground", "lower", "upper", "basement", "top", "first", "second", "third", "fourth",
     "fifth", "sixth", "seventh", "eighth", "ninth", "tenth", "and", "mezzanine"}
)  # fmt: skip
_ORDINAL = re.compile(r"[0-9]+(?:st|nd|rd|th)")
_TOKEN = re.compile(r"[a-z0-9]+(?:-[a-z0-9]+)*")
_RANGE = re.compile(r"([0-9])\s*-\s*([0-9])")
_SEGMENT_BREAK = re.compile(r"[,;\n]")
_APOSTROPHES = re.compile(r"['`\u2019]")
KEY_LENGTH = 300


def _is_identifier(token: str) -> bool:
    """A room or unit identifier: "4", "4a", "b", "12-14", "g01"."""
    return any(c.isdigit() for c in token) or len(token) == 1


def _has_number(tokens: list[str]) -> bool:
    return any(t[0].isdigit() for t in tokens)


def _strip_floors(tokens: list[str]) -> list[str]:
    """Drop "1st and 2nd floors", "ground floor", "floor 3"."""
    out: list[str] = []
    for index, token in enumerate(tokens):
        if token in ("floor", "floors"):
            while out and (out[-1] in _FLOOR_WORDS or _ORDINAL.fullmatch(out[-1])):
                out.pop()
            continue
        if index > 0 and tokens[index - 1] in ("floor", "floors", "level") and token.isdigit():
            continue
        out.append(token)
    return out


def _strip_rooms(tokens: list[str], keep_units: bool) -> list[str]:
    """Drop "suite 4a", "office 12", "flat b"; and "unit 3" unless it is the only number."""
    out: list[str] = []
    skip_next = False
    for index, token in enumerate(tokens):
        if skip_next:
            skip_next = False
            if _is_identifier(token):
                continue
        is_room = token in _SUB_PREMISES or (not keep_units and token in ("unit", "units"))
        if is_room and index + 1 < len(tokens) and _is_identifier(tokens[index + 1]):
            skip_next = True
            continue
        if is_room and token in ("floor", "floors", "level", "levels", "suite", "office"):
            continue
        out.append(token)
    return out


def _tokens(segment: str) -> list[str]:
    text = segment.lower()
    if text.isascii() and text.replace(" ", "").isalnum():
        raw = text.split()  # the common line: letters, digits, spaces; what the regexes give
    else:
        text = _APOSTROPHES.sub("", text.replace("&", " and "))
        raw = _TOKEN.findall(_RANGE.sub(r"\1-\2", text))
    return _expand(raw)


def _expand(raw: list[str]) -> list[str]:
    """Street abbreviations spelt out, "st" read as saint or street, "no" dropped."""
    tokens: list[str] = []
    for index, token in enumerate(raw):
        # "ST" opening a name is "saint" (ST JOHNS ROAD, 12 ST MARYS CLOSE); after a word
        # it is "street" (HIGH ST).
        if token == "st" and (index == 0 or raw[index - 1][0].isdigit()):
            tokens.append("saint")
            continue
        word = _ABBREVIATIONS.get(token, token)
        if word:
            tokens.append(word)
    return tokens


_segment_memo: dict[str, tuple[str, ...]] = {}


def _segment(part: str) -> tuple[str, ...]:
    """The tokens of one comma-separated part of a line, floors dropped (memoised: building
    names, floors and agents' streets repeat across a register)."""
    known = _segment_memo.get(part)
    if known is None:
        known = tuple(_strip_floors(_tokens(part)))
        if len(_segment_memo) >= 1 << 18:
            _segment_memo.clear()
        _segment_memo[part] = known
    return known


def _parts(line: str) -> list[str]:
    if "," in line or ";" in line or "\n" in line:
        return _SEGMENT_BREAK.split(line)
    return [line]


def _premises(lines: list[str]) -> str | None:
    """The building part of the address lines: the numbered street, else the first line."""
    segments = [s for line in lines for part in _parts(line) if (s := list(_segment(part)))]
    if not segments:
        return None
    all_tokens = [t for s in segments for t in s]
    # A unit number is the building's own number when nothing else is numbered.
    numbers = [t for t in all_tokens if t[0].isdigit()]
    keep_units = len(numbers) <= 1
    segments = [s for s in (_strip_rooms(s, keep_units) for s in segments) if s]
    if not segments:
        return None
    for index, segment in enumerate(segments):
        if not _has_number(segment):
            continue
        start = next(i for i, t in enumerate(segment) if t[0].isdigit())
        if segment[start - 1 : start] == ["unit"]:
            start -= 1
        chosen = segment[start:]
        if len(chosen) == 1 and index + 1 < len(segments):  # "20-22" / "WENLOCK ROAD"
            chosen = chosen + segments[index + 1]
        return " ".join(chosen)
    return " ".join(segments[0])


def address_key_from_parts(lines: list[str], postcode: str | None) -> str | None:
    """The grouping key of an address given as free lines and a postcode.

    ``"N17GU 20-22 wenlock road"``: the postcode key, then the premises (number and street,
    or the building name when there is no number). None without a postcode: grouping by
    street words alone would join unrelated buildings in different towns.
    """
    code = postcode_key(postcode)
    return None if code is None else address_key_with_code(lines, code)


def address_key_with_code(lines: list[str], code: str) -> str:
    """:func:`address_key_from_parts` given the postcode key ``code`` (not None)."""
    first = next((line for line in lines if line), None)
    premises = None if first is None else _numbered_street(first, code)
    if premises is None:
        premises = _premises_of(lines, code)
    key = f"{code} {premises}" if premises else code
    return key[:KEY_LENGTH]


def _premises_of(lines: list[str], code: str) -> str | None:
    """The premises of the lines that are not the postcode itself."""
    return _premises([line for line in lines if line and postcode_key(line) != code])


# Words after which _strip_floors or _strip_rooms may drop something.
_ROOM_WORDS = _SUB_PREMISES | {"unit", "units", "floor", "floors", "level", "levels"}


def _numbered_street(line: str, code: str) -> str | None:
    """The premises of an address whose first line is a plain numbered street ("12 HIGH
    STREET"), else None for :func:`_premises` to work out.

    The shortcut of a bulk load (most registered offices look like this): such a line is
    the first segment, numbered at its start, with no floor or room to drop, so
    :func:`_premises` would return exactly its tokens, whatever the other lines hold.
    """
    text = line.lower()
    compact = text.replace(" ", "")
    if not (text[:1].isdigit() and text.isascii() and compact.isalnum()):
        return None
    raw = text.split()  # what _tokens splits such a line into
    if not _ROOM_WORDS.isdisjoint(raw) or compact.upper() == code:  # compact: its postcode key
        return None
    tokens = raw if _ABBREVIATIONS.keys().isdisjoint(raw) else _expand(raw)
    return " ".join(tokens) if len(tokens) >= 2 else None


def address_key(address: RegisteredAddress) -> str | None:
    """The grouping key of a registered office address (see :func:`address_key_from_parts`).

    The care-of name and PO box are left out: they say who receives the post, not where.
    """
    return address_key_of_lines(address.line1, address.line2, address.postcode)


@lru_cache(maxsize=1 << 16)
def address_key_of_lines(line1: str | None, line2: str | None, postcode: str | None) -> str | None:
    """:func:`address_key` of a registered address given as its two lines and postcode.

    Cached: a register repeats its busiest addresses (formation agents) thousands of times.
    """
    return address_key_from_parts([line for line in (line1, line2) if line], postcode)
