"""Company-name normalisation shared by loading, lookup and the checks.

"Acme Ltd", "ACME LIMITED" and "The Acme Company Limited (the)" must meet: names are folded to
ASCII lowercase, "&" becomes "and", initials are joined ("A.B.C." is "abc"), legal forms are
canonicalised through the ISO 20275 table and set apart. What remains, the *core*, identifies
the company; the legal form is compared separately.
"""

from __future__ import annotations

import copy
import re
from dataclasses import dataclass
from functools import cache, lru_cache

from openkyb.screening.legal_forms import LegalForms, legal_forms
from openkyb.screening.normalize import fold, merge_initials

_ASCII_PUNCT = re.compile(r"[^a-z0-9]+")
_APOSTROPHES = re.compile(r"['`\u2019]")
_ARTICLES = frozenset({"the"})
_JOINERS = frozenset({"and", "of", "for"})
# ISO 20275 abbreviations that are also ordinary words ending English company names: "SMITH &
# SON", "GOLDEN AGES", "LAKE DISTRICT". In a name they stay part of the core.
_NAME_WORDS = frozenset({"son", "ages", "sam", "sat", "per", "sec", "district", "canton", "bund"})


@dataclass(frozen=True, slots=True)
class NormalisedName:
    """A company name split into its identifying core and its legal form."""

    core: tuple[str, ...]
    legal_form: tuple[str, ...]

    @property
    def key(self) -> str:
        """The core as one string: what exact-name lookup compares."""
        return " ".join(self.core)


def _tokens(name: str) -> list[str]:
    text = name.replace("&", " and ").replace("+", " and ")
    if text.isascii():  # the fast path: nearly every UK name
        text = _ASCII_PUNCT.sub(" ", _APOSTROPHES.sub("", text.lower()))
        return text.split()
    return fold(text).split()


@cache
def _forms() -> LegalForms:
    """The legal-form table with its per-word spelling correction memoised.

    ``correct`` (deletion variants and sound shapes of a word) is most of the cost of a name
    and a pure function of one word; company names reuse a limited vocabulary, so a bulk load
    of millions of names mostly hits the cache. A shallow copy: screening's table is untouched.
    """
    forms = copy.copy(legal_forms())
    forms.__dict__["correct"] = lru_cache(maxsize=1 << 18)(forms.correct)
    return forms


@lru_cache(maxsize=65536)
def normalise_name(name: str) -> NormalisedName:
    """Split ``name`` into core tokens and canonical legal-form tokens."""
    tokens = merge_initials(_tokens(name))
    while tokens and tokens[-1] in _ARTICLES:  # "ASHFORD CATTLE MARKET COMPANY LIMITED(THE)"
        tokens.pop()
    if tokens and tokens[0] in _ARTICLES and len(tokens) > 1:
        tokens = tokens[1:]
    forms = _forms()
    tokens = forms.canonicalise(tokens)
    flags = _keep_name_words(tokens, forms.mask(tokens, _JOINERS))
    core = tuple(t for t, legal in zip(tokens, flags, strict=True) if not legal)
    legal = tuple(t for t, is_legal in zip(tokens, flags, strict=True) if is_legal)
    if not core:  # a name made only of legal-form words ("THE COMPANY LIMITED")
        core, legal = tuple(tokens), ()
    return NormalisedName(core=core, legal_form=legal)


def _keep_name_words(tokens: list[str], flags: list[bool]) -> list[bool]:
    """Unflag the ordinary words that open the trailing legal-form run ("& SON LTD")."""
    for index in range(len(tokens)):
        opens_run = flags[index] and (index == 0 or not flags[index - 1])
        if opens_run and tokens[index] in _NAME_WORDS:
            flags[index] = False
    return flags


def name_key(name: str) -> str:
    """The normalised core of a company name, for exact comparison and indexing."""
    return normalise_name(name).key
