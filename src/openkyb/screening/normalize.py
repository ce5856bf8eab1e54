"""Text normalisation: any script to comparable lowercase ASCII tokens, and phonetic keys.

Lists and customers write the same name in many ways: accents or none, Cyrillic or Latin,
"AL-QAIDA" or "Al Qaida", "S.A." or "SA". Everything compared by the engine first goes
through :func:`fold` so that only differences that can matter remain.
"""

from __future__ import annotations

import re
from functools import lru_cache
from importlib import resources

from anyascii import anyascii

# Han ideographs and Hangul syllables are transliterated one syllable each ("习近平" becomes
# "xi jin ping"): anyascii would glue them into one word ("XiJinPing"), and listed Latin
# spellings split them inconsistently ("Xi Jinping"), so the scorer re-joins syllables instead.
_SYLLABIC = re.compile(r"([\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff\uac00-\ud7af])")
# Apostrophes and similar marks vanish rather than split: "O'Brien" is one name, and
# anyascii renders Arabic hamza and ain as apostrophes.
_APOSTROPHES = re.compile(r"['`\u2018\u2019\u02bc\u02bb\u02bf\u02be]")
_NON_ALNUM = re.compile(r"[^a-z0-9]+")
_VOWELS = frozenset("aeiouy")
_ABJAD_VOWELS = frozenset("aeiou")
MIN_DELETION = 4  # tokens at least this long tolerate (and are indexed under) deletions
MIN_DOUBLE_DELETION = 8  # y and w are consonant letters in abjad transliteration


def fold(text: str) -> str:
    """Casefold, strip accents and transliterate to ASCII; punctuation becomes spaces."""
    spaced = _SYLLABIC.sub(r" \1 ", text)
    ascii_text = _APOSTROPHES.sub("", anyascii(_APOSTROPHES.sub("", spaced)).lower())
    return _NON_ALNUM.sub(" ", ascii_text).strip()


def tokenize(text: str) -> list[str]:
    """The folded tokens of a text, in order."""
    return fold(text).split()


def merge_initials(tokens: list[str]) -> list[str]:
    """Join runs of single letters ("s a", "a b c") into one token, as for "S.A." or "A.B.C."

    Used for organisation names only: in person names single letters are initials.
    """
    merged: list[str] = []
    run: list[str] = []
    for token in tokens:
        if len(token) == 1 and token.isalpha():
            run.append(token)
            continue
        if run:
            merged.append("".join(run))
            run = []
        merged.append(token)
    if run:
        merged.append("".join(run))
    return merged


@lru_cache(maxsize=65536)
def skeleton(token: str) -> str:
    """A consonant skeleton that survives transliteration and vowel spelling differences.

    "muhammad", "mohamed" and the vowel-less Arabic transliteration "mhmd" all give "mhmd";
    "hussein", "husayn" and "hsyn" give "hsn". Digraphs fold to one letter (ph/f, kh/h, sh/s),
    near-equivalent consonants merge (c/k/q, z/s, w/v), doubles collapse, and a trailing h
    (Arabic ta marbuta: "osamah", "usama") is dropped. In vowel-less (abjad) tokens a w or y
    after the first letter is a long vowel ("mhmwd" is "mahmoud"), so it is dropped too.
    Used to compare abjad transliterations, which have no vowels to compare.
    """
    return _phonetic(token, keep_vowels=False)


@lru_cache(maxsize=65536)
def shape(token: str) -> str:
    """The skeleton with each run of vowels kept as one "V": "mohamed" and "muhammad" both give
    "mVhVmVd", "hussein" and "husayn" "hVsVn", but "candour" ("kVndVr") is not "candiru"
    ("kVndVrV") and "dina" is not "don". Used to compare Latin spellings of one name."""
    return _phonetic(token, keep_vowels=True)


def sounds(token: str) -> str:
    """The token with transliteration digraphs folded ("dzhen" is "jen", "kh" is "h")."""
    token = _DIGRAPHS.sub(lambda found: _DIGRAPH_SOUNDS[found.group(0)], token.replace("x", "ks"))
    return _SOFT_C.sub("s", token)


def _phonetic(token: str, keep_vowels: bool) -> str:
    if not token.isalpha():
        return ""
    abjad = is_abjad(token)
    token = sounds(token)
    chars: list[str] = []
    previous = ""
    for index, char in enumerate(token):
        if char == "h" and previous in _DIGRAPH_HEADS:
            if previous == "p":
                chars[-1] = "f"
            previous = char
            continue
        previous = char
        if char in _VOWELS or (abjad and index > 0 and char == "w"):
            if not keep_vowels:
                continue
            if not (index == 0 and char == "y"):  # "yalta" is not "alta"
                char = "V"
        char = _CONSONANT_CLASS.get(char, char)
        if not chars or chars[-1] != char:
            chars.append(char)
    if len(chars) > 1 and chars[-1] == "h":
        chars.pop()
    return "".join(chars)


_DIGRAPH_HEADS = frozenset("cgkpstdz")
# Sounds that transliteration systems spell differently: Cyrillic "Джон" is "dzhon" for "John",
# Х is "kh" where Latin lists write "h" (Хусейн, Hussein), "sch"/"sh" are one sound,
# Cyrillic has no x ("Эксон" is "ekson") and writes a soft c as s.
_DIGRAPH_SOUNDS = {"dzh": "j", "dj": "j", "zh": "j", "kh": "h", "sch": "s", "tch": "c"}
_SOFT_C = re.compile(r"c(?=[eiy])")  # "pacific" / "pasifik", "caicedo" / "kaisedo"
_DIGRAPHS = re.compile("|".join(sorted(_DIGRAPH_SOUNDS, key=len, reverse=True)))
_CONSONANT_CLASS = {"c": "k", "q": "k", "z": "s", "w": "v"}


def is_abjad(token: str) -> bool:
    """True for tokens without vowels, as anyascii renders Arabic, Persian or Hebrew script."""
    return len(token) > 1 and token.isalpha() and not (_ABJAD_VOWELS & set(token))


def deletions(token: str, double: bool = True) -> set[str]:
    """The token and every string one letter shorter (two for long tokens, which tolerate
    two or three edits: "mackevicius" / "makevisius"), unless ``double`` is False."""
    variants = {token}
    if len(token) >= MIN_DELETION:
        once = {token[:i] + token[i + 1 :] for i in range(len(token))}
        variants.update(once)
        if double and len(token) >= MIN_DOUBLE_DELETION:
            variants.update(v[:i] + v[i + 1 :] for v in once for i in range(len(v)))
    return variants


def load_words(filename: str) -> list[str]:
    """The non-comment lines of a data file shipped in ``openkyb/screening/data``."""
    text = resources.files("openkyb.screening").joinpath("data", filename).read_text("utf-8")
    words = []
    for line in text.splitlines():
        stripped = line.strip()
        if stripped and not stripped.startswith("#"):
            words.append(stripped)
    return words
