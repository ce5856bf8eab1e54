"""What a company search asks for, before any database is read (pure).

A query name is split like the registry's names (:func:`openkyb.registry.names.normalise_name`):
its core words find candidates, its legal form only nudges the score. One misspelt word is
the common case, so each word brings its near spellings found in the vocabulary of name words,
and the candidate keys are the query's core with one word swapped for such a spelling.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field

from rapidfuzz.distance import OSA

from openkyb.registry.names import normalise_name

MAX_WORDS = 8  # longer queries keep their first words: names rarely need more to be found
MAX_VARIANTS = 12  # near spellings kept per word, closest and most used first
_ALPHABET = "abcdefghijklmnopqrstuvwxyz0123456789"
_SPACES = re.compile(r"\s+")


class InvalidNumber(ValueError):
    """A company number that cannot be one (empty, too long or with odd characters)."""


def normalise_number(country: str, number: str) -> str:
    """The registry spelling of a company number: upper case, no spaces, GB digits padded to 8.

    Raises :class:`InvalidNumber` for numbers no registry issues.
    """
    value = _SPACES.sub("", number).upper()
    if not value or len(value) > 20 or not value.isascii() or not value.isalnum():
        raise InvalidNumber(f"'{number}' is not a company number")
    if country.upper() == "GB" and value.isdigit():
        if len(value) > 8:
            raise InvalidNumber(f"'{number}' has more than 8 digits")
        value = value.zfill(8)
    return value


@dataclass(frozen=True, slots=True)
class QueryName:
    """A search name as compared: its core words (in order) and its legal form."""

    words: tuple[str, ...]
    legal_form: tuple[str, ...]

    @property
    def key(self) -> str:
        """The core as the registry's ``name_key`` would spell it."""
        return " ".join(self.words)

    @property
    def unique_words(self) -> tuple[str, ...]:
        """The core words once each ("SERVICES SERVICES" asks the index once)."""
        return tuple(dict.fromkeys(self.words))


def parse_query(text: str) -> QueryName:
    """The core words and legal form of a search text."""
    name = normalise_name(text)
    return QueryName(words=name.core[:MAX_WORDS], legal_form=name.legal_form)


def edits1(word: str) -> set[str]:
    """Every string one deletion, transposition, substitution or insertion away from ``word``."""
    splits = [(word[:i], word[i:]) for i in range(len(word) + 1)]
    deletes = {a + b[1:] for a, b in splits if b}
    transposes = {a + b[1] + b[0] + b[2:] for a, b in splits if len(b) > 1}
    replaces = {a + c + b[1:] for a, b in splits if b for c in _ALPHABET}
    inserts = {a + c + b for a, b in splits for c in _ALPHABET}
    return (deletes | transposes | replaces | inserts) - {word}


def max_edits(word: str) -> int:
    """How far a spelling may stray from ``word`` and still be the same word."""
    return 1 if len(word) < 8 else 2


@dataclass(slots=True)
class WordVariants:
    """One query word, whether the vocabulary knows it, and its near spellings there."""

    word: str
    df: int | None  # companies using the word as typed; None when the vocabulary lacks it
    variants: dict[str, int] = field(default_factory=dict)  # spelling -> companies using it

    @property
    def spellings(self) -> list[str]:
        """The word as typed first, then its near spellings."""
        return [self.word, *(v for v in self.variants if v != self.word)]


def select_variants(word: str, found: Iterable[tuple[str, int]]) -> WordVariants:
    """The vocabulary entries near ``word``: the word itself and its closest spellings."""
    limit = max_edits(word)
    exact: int | None = None
    near: list[tuple[int, int, str]] = []
    for token, df in found:
        if token == word:
            exact = df
            continue
        distance = OSA.distance(word, token, score_cutoff=limit)
        if distance <= limit:
            near.append((distance, -df, token))
    near.sort()
    variants = {token: -negative_df for _, negative_df, token in near[:MAX_VARIANTS]}
    return WordVariants(word=word, df=exact, variants=variants)


def variant_keys(core: Sequence[str], words: Sequence[WordVariants], cap: int = 400) -> list[str]:
    """Name keys one re-spelt word away from the query's ``core``, the core itself first."""
    base = list(core)
    spellings = {w.word: w.variants for w in words}
    keys = [" ".join(base)]
    for i, word in enumerate(base):
        for spelling in spellings.get(word, {}):
            keys.append(" ".join([*base[:i], spelling, *base[i + 1 :]]))
    if len(words) > 1:  # a word dropped: "Acme Trading" for "ACME LTD" is rare, the other way
        keys.extend(" ".join(base[:i] + base[i + 1 :]) for i in range(len(base)))
    return list(dict.fromkeys(keys))[:cap]


@dataclass(frozen=True, slots=True)
class TokenBranch:
    """Companies whose core holds, for every group, at least one of the group's words."""

    groups: tuple[tuple[str, ...], ...]
    estimate: int  # an upper bound on how many companies the branch matches


BRANCH_TERMS = 2  # a branch asks for its two most selective groups; the scorer checks the rest


def _group(word: WordVariants, exact_only: bool) -> tuple[int, tuple[str, ...]]:
    if exact_only:
        return word.df or 0, (word.word,)
    spellings = tuple(s for s in word.spellings if s != word.word or word.df)
    return sum(word.variants.values()) + (word.df or 0), spellings


def token_branches(words: Sequence[WordVariants], vocabulary_known: bool) -> list[TokenBranch]:
    """Leave-one-out word sets: with one word misspelt, the others still match exactly.

    Branch *i* asks for the known words but the *i*-th as typed, and the *i*-th in any of
    its spellings; only the two most selective of these groups go to the index (common words
    such as "services" would make it walk long posting lists, and the scorer checks the
    rest). Words the vocabulary does not know at all (split or run-together words, or a
    second typo) are left to the scorer. Without a vocabulary the words are taken as typed.
    """
    if not vocabulary_known:
        return [TokenBranch(tuple((w.word,) for w in words[:BRANCH_TERMS]), 0)]
    known = [w for w in words if w.df is not None or w.variants]
    plans = [
        [_group(w, exact_only=j != i) for j, w in enumerate(known)]
        for i in range(len(known))
        if all(w.df is not None for j, w in enumerate(known) if j != i)
    ]
    if not plans and known:  # two words or more misspelt: every word in any spelling
        plans = [[_group(w, exact_only=False) for w in known]]
    branches: dict[tuple[tuple[str, ...], ...], TokenBranch] = {}
    for plan in plans:
        groups = sorted((g for g in plan if g[1]), key=lambda g: g[0])[:BRANCH_TERMS]
        if groups:
            key = tuple(sorted(words for _, words in groups))
            branches.setdefault(key, TokenBranch(key, min(df for df, _ in groups)))
    return list(branches.values())
