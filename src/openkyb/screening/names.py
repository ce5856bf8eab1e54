"""Name analysis: a raw name to tokens, each with a class that sets how much it counts.

Person names lose honorifics ("Sheikh", "Dr", "General"); organisation names get legal forms
canonicalised and single letters joined ("S.A." is "sa"). Each token then gets a class: a
legal form or stop-word counts for almost nothing, a generic business word ("TRADING") or a
particle ("al", "bin") for little, a common given name or surname for less than a rare token.
"""

from __future__ import annotations

from dataclasses import dataclass
from enum import IntEnum
from functools import cache

from openkyb.screening.legal_forms import legal_forms
from openkyb.screening.normalize import load_words, merge_initials, tokenize


class Kind(IntEnum):
    """Which analysis a name gets."""

    PERSON = 0
    ORG = 1  # organisations, companies, vessels, aircraft


class TokenClass(IntEnum):
    """What a token is; the order is also the order of importance."""

    CONTENT = 0  # a distinctive word
    COMMON = 1  # a common given name or surname
    INITIAL = 2  # a single letter in a person name
    PARTICLE = 3  # al, bin, abu, de, van...
    GENERIC = 4  # trading, group, international...
    LEGAL = 5  # ltd, gmbh, llc...
    STOP = 6  # the, and, of...


# Multipliers on a token's rarity weight. Why these values: a legal form or stop-word must
# never carry a match ("EMMA LLC" against "GAMMA LLC"), generic words and particles should
# only break ties, and a common name counts about half a rare one.
CLASS_FACTOR = (1.0, 0.55, 0.35, 0.25, 0.3, 0.08, 0.05)
# Tokens that can make a name distinctive on their own.
DISTINCTIVE = frozenset({TokenClass.CONTENT, TokenClass.COMMON})


@dataclass(frozen=True, slots=True)
class Vocabulary:
    """The shipped word lists."""

    honorifics: frozenset[str]
    leading_honorifics: frozenset[str]
    particles: frozenset[str]
    generic: frozenset[str]
    common: frozenset[str]
    stop: frozenset[str]


@cache
def vocabulary() -> Vocabulary:
    """The word lists from ``openkyb/screening/data`` (loaded once)."""
    honorifics = load_words("honorifics.txt")
    return Vocabulary(
        honorifics=frozenset(h for h in honorifics if not h.startswith("^")),
        leading_honorifics=frozenset(h[1:] for h in honorifics if h.startswith("^")),
        particles=frozenset(load_words("particles.txt")),
        generic=frozenset(load_words("generic_words.txt")),
        common=frozenset(load_words("common_names.txt")),
        stop=frozenset(load_words("stopwords.txt")),
    )


def strip_honorifics(tokens: list[str], words: Vocabulary) -> list[str]:
    """Drop titles: leading ambiguous ones ("General"), and unambiguous ones anywhere."""
    start = 0
    while start < len(tokens) - 1 and (
        tokens[start] in words.leading_honorifics or tokens[start] in words.honorifics
    ):
        start += 1
    kept = [t for t in tokens[start:] if t not in words.honorifics]
    return kept or tokens[start:]


def classify(
    token: str, kind: Kind, legal: bool, words: Vocabulary, last: bool = False
) -> TokenClass:
    """The class of one token in a name of the given kind.

    A particle acts as one only before another name part ("da Silva", "al-Qaida"); as the
    last token it is a name in its own right ("Lin Da").
    """
    if legal:
        return TokenClass.LEGAL
    if kind is Kind.PERSON and len(token) == 1 and token.isalpha():
        return TokenClass.INITIAL  # before stop-words: "A. Smith" is not "a smith"
    if token in words.stop:
        return TokenClass.STOP
    if kind is Kind.ORG and (token in words.generic or token in legal_forms().tokens):
        return TokenClass.GENERIC  # a legal form inside the name ("X Company for Trading")
    if token in words.particles and not last:
        return TokenClass.PARTICLE
    if token in words.common:
        return TokenClass.COMMON
    return TokenClass.CONTENT


def analyse(text: str, kind: Kind) -> tuple[list[str], list[TokenClass]]:
    """Tokens and their classes for a name of the given kind."""
    words = vocabulary()
    tokens = tokenize(text)
    if kind is Kind.PERSON:
        tokens = strip_honorifics(tokens, words)
        flags = [False] * len(tokens)
    else:
        forms = legal_forms()
        tokens = forms.canonicalise(merge_initials(tokens))
        flags = forms.mask(tokens, words.stop)
    last = len(tokens) - 1
    classes = [
        classify(t, kind, f, words, i == last)
        for i, (t, f) in enumerate(zip(tokens, flags, strict=True))
    ]
    return tokens, promote_generic(classes)


def promote_generic(classes: list[TokenClass]) -> list[TokenClass]:
    """A name of three or more generic words and nothing distinctive ("UNITED WORLD
    INTERNATIONAL") is identified by those words together, so they count as content. One or
    two generic words ("TRADING GROUP") stay too weak to match."""
    generic = sum(1 for c in classes if c is TokenClass.GENERIC)
    if generic < 3 or any(c in DISTINCTIVE for c in classes):
        return classes
    return [TokenClass.CONTENT if c is TokenClass.GENERIC else c for c in classes]


def is_distinctive(tokens: list[str], classes: list[TokenClass]) -> bool:
    """Whether a name can match at all.

    Names made only of legal forms, stop-words, generic words and particles never match
    ("THE COMPANY LTD", "TRADING GROUP"), nor does one common name alone ("MOHAMMED"), though
    with initials it may ("J. SMITH").
    """
    content = [t for t, c in zip(tokens, classes, strict=True) if c is TokenClass.CONTENT]
    common = sum(1 for c in classes if c is TokenClass.COMMON)
    initials = sum(1 for c in classes if c is TokenClass.INITIAL)
    return bool(content) or common >= 2 or (common == 1 and initials >= 1)
