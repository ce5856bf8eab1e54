"""Company names for the synthetic register: word lists, Zipf-like picks, legal forms.

Names are built from patterns over word lists (data/ch_synthetic.json): surname + trade word,
adjective + trade word, coined words, initials, "A & B". Early words in each list are the
common ones (SERVICES, HOLDINGS, UK...), picked as ``words[int(n * random() ** skew)]``, so
their frequencies fall off like Zipf's law. A taken core gets a qualifier, as on the register.
"""

from __future__ import annotations

import json
import random
import zlib
from collections.abc import Sequence
from functools import cache
from importlib.resources import files
from typing import Any


@cache
def data() -> dict[str, Any]:
    text = files("openkyb.registry").joinpath("data/ch_synthetic.json").read_text("utf-8")
    data: dict[str, Any] = json.loads(text)
    return data


def table(pairs: Sequence[Sequence[Any]], size: int = 1000) -> list[Any]:
    """A lookup list where each value appears in proportion to its weight: pick by index."""
    total = sum(float(p[-1]) for p in pairs)
    table: list[Any] = []
    for pair in pairs:
        value = pair[0] if len(pair) == 2 else pair
        table += [value] * max(1, round(size * float(pair[-1]) / total))
    return table


class Words:
    """The vocabularies, and Zipf-like picks from them (early words are the common ones)."""

    def __init__(self, rng: random.Random) -> None:
        d = data()
        self.random = rng.random
        self.common: list[str] = d["common_words"]
        self.adjectives: list[str] = d["adjectives"]
        self.surnames: list[str] = d["surnames"]
        self.forenames: list[str] = d["forenames"]
        syl: list[str] = d["syllables"]
        # coined words ("NEXTEK", "ZENLUMAR"): 70^2 two-syllable and ~60k three-syllable ones
        self.coined = [a + b for a in syl for b in syl]
        self.coined += [a + b + c for a in syl for b in syl[::3] for c in syl[::2]]
        rng.shuffle(self.coined)
        self.legal = table(d["legal_forms"])
        self.seen = bytearray((_SEEN_MASK + 1) // 8)

    def zipf(self, words: list[str], skew: float = 2.2) -> str:
        return words[int(len(words) * self.random() ** skew)]

    def core(self) -> str:
        r = self.random()
        z, w = self.zipf, self
        if r < 0.24:
            return f"{z(w.surnames, 1.3)} {z(w.common, 1.8)}"
        if r < 0.40:
            return f"{z(w.adjectives, 1.5)} {z(w.common)}"
        if r < 0.48:
            return z(w.coined, 1.2)
        if r < 0.56:
            return f"{z(w.coined, 1.2)} {z(w.common)}"
        if r < 0.64:
            return f"{z(w.surnames, 1.6)} & {z(w.surnames, 1.6)}"
        if r < 0.71:
            return f"{z(w.forenames)} {z(w.surnames, 1.6)} {z(w.common)}"
        if r < 0.79:
            letters = _INITIALS[int(self.random() * len(_INITIALS))]
            return f"{letters} {z(w.common)}"
        if r < 0.87:
            return f"{z(w.adjectives, 1.5)} {z(w.common)} {z(w.common)}"
        if r < 0.94:
            return f"{z(w.surnames, 1.6)} {z(w.common)} {z(w.common)}"
        return f"{z(w.adjectives, 1.5)} {z(w.coined, 1.2)}"

    def unique_core(self) -> str:
        """A core the register does not hold yet, as far as a 32 MB bitmap can tell.

        Companies House refuses a name already taken (LIMITED or LTD alike), so a taken core
        gets a qualifier, which is how the register's near-duplicates arise: "SMITH SERVICES
        (UK)", "SMITH SERVICES 2019", "SMITH SERVICES NORTH". crc32 keeps it deterministic.
        """
        core = self.core()
        for _ in range(4):
            bit = zlib.crc32(core.encode()) & _SEEN_MASK
            if not self.seen[bit >> 3] & (1 << (bit & 7)):
                self.seen[bit >> 3] |= 1 << (bit & 7)
                return core
            qualifier = _QUALIFIERS[int(self.random() * len(_QUALIFIERS))]
            core = f"{core} {qualifier}" if self.random() < 0.8 else f"{qualifier} {core}"
        return core

    def name(self) -> tuple[str, str]:
        """A company name and its legal form word."""
        legal = self.legal[int(self.random() * len(self.legal))]
        core = self.unique_core()
        r = self.random()
        if r < 0.015:
            core = f"THE {core}"
        elif r < 0.02:
            return f"{core} {legal}(THE)".strip(), legal
        return f"{core} {legal}".strip(), legal


_SEEN_MASK = (1 << 28) - 1
_QUALIFIERS = (
    "(UK)", "UK", "(NORTH)", "(SOUTH)", "(LONDON)", "(MIDLANDS)", "(SCOTLAND)", "NORTH", "SOUTH",
    "GROUP", "HOLDINGS", "INTERNATIONAL", "GLOBAL", "2", "3", "1", "2019", "2020", "2021", "2022",
    "2023", "24", "365", "PLUS", "PRO", "& CO", "& SONS", "DIRECT", "ONLINE", "NEW",
)  # fmt: skip
_LETTERS = "ABCDEFGHJKLMNPRSTW"
_INITIALS = [a + b for a in _LETTERS for b in _LETTERS]
_INITIALS += [f"{a}.{b}." for a in _LETTERS for b in _LETTERS[::2]]
_INITIALS += [f"{a} {b} {c}" for a in _LETTERS[::2] for b in _LETTERS[::3] for c in _LETTERS]
