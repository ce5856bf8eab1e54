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

from openkyb.screening.legal_forms import _EDGE, LEADING, LegalForms, legal_forms
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
    return _normalise_tokens(merge_initials(_tokens(name)))


def _normalise_tokens(tokens: list[str]) -> NormalisedName:
    """:func:`normalise_name` of a name already split into tokens (initials merged)."""
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
    """The normalised core of a company name, for exact comparison and indexing.

    Equal to ``normalise_name(name).key`` (tests/registry/test_names_fast.py checks it), but
    much cheaper for the common name (see :func:`_key_tokens` and :func:`_fast_key`): bulk
    loads call it millions of times on names that never repeat, so the ``normalise_name``
    cache does not help them.
    """
    return _fast_key(_key_tokens(name))


# A token of one letter (an initial, for merge_initials), tokens being maximal [a-z0-9] runs.
_SINGLE_LETTER = re.compile(r"(?<![a-z0-9])[a-z](?![a-z0-9])")


def _key_tokens(name: str) -> list[str]:
    """``merge_initials(_tokens(name))``, skipping the steps a plain ASCII name does not need:
    the punctuation pass when it is letters, digits and spaces only, the merge when no token
    is a single letter."""
    text = name.replace("&", " and ").replace("+", " and ")
    if not text.isascii():
        return merge_initials(fold(text).split())
    text = text.lower()
    if "'" in text or "`" in text:
        text = _APOSTROPHES.sub("", text)
    if not text.replace(" ", "").isalnum():
        text = _ASCII_PUNCT.sub(" ", text)
    if _SINGLE_LETTER.search(text) is None:
        return text.split()
    return merge_initials(text.split())


# A bulk-load shortcut. Call a token *inert* when no step of the normalisation can touch it:
# not an article, not a legal-form token or the start of a legal-form phrase (also after
# spelling correction), not a leading form. In a name whose first tokens are all inert,
# only its last (up to ``_EDGE``) tokens can change; those are all within the edge that
# ``canonicalise`` spell-corrects, whatever the name's length. So the normalisation of
# P + T (P inert, T the tail) is P followed by what the normalisation of [inert] + T leaves
# after its first token, which depends on T alone and is memoised: UK names end in a few
# hundred distinct tails ("limited", "holdings limited", "and sons ltd", ...).
_SENTINEL = "qqzzxq"  # an inert token (checked when the memo is first used)
_MEMO_LIMIT = 1 << 20  # bounded: a hostile file cannot grow the memos forever
_inert: dict[str, int] = {}  # 0: not inert, 1: an inert joiner ("and"), 2: inert
_tails: dict[tuple[str, ...], str] = {}


def _inertness(token: str) -> int:
    known = _inert.get(token)
    if known is not None:
        return known
    forms = _forms()
    # _alone / _by_first: the phrase index canonicalise() consults for a token.
    first = forms._alone.get(token, token)
    inert = (
        token not in _ARTICLES
        and token not in LEADING
        and token not in forms.tokens
        and first not in forms._by_first
        and forms.correct(token) == token
    )
    level = (1 if token in _JOINERS else 2) if inert else 0
    if len(_inert) < _MEMO_LIMIT:
        _inert[token] = level
    return level


def _tail_key(tail: tuple[str, ...]) -> str:
    """The key words the normalisation keeps of ``tail`` after an inert prefix."""
    known = _tails.get(tail)
    if known is None:
        assert _inertness(_SENTINEL) == 2, "the sentinel token must be inert"
        result = _normalise_tokens([_SENTINEL, *tail])
        known = " ".join(result.core[1:])
        if len(_tails) < _MEMO_LIMIT:
            _tails[tail] = known
    return known


def _fast_key(tokens: list[str]) -> str:
    """``_normalise_tokens(tokens).key``, through the inert-prefix memo when it applies."""
    size = len(tokens)
    known = _inert.get
    prefix = 0
    for token in tokens:  # the memo read inline: this loop runs for every word of a register
        level = known(token)
        if level is None:
            level = _inertness(token)
        if not level:
            break
        prefix += 1
    # A joiner is inert inside a name, but a name made of joiners and legal forms is treated
    # as a whole (LegalForms.mask): the shortcut needs a first token that is neither.
    if size == 0 or known(tokens[0], 0) != 2 or size - prefix > _EDGE:
        return _normalise_tokens(tokens).key
    if prefix == size:  # nothing to normalise
        return " ".join(tokens)
    rest = _tail_key(tuple(tokens[prefix:]))
    head = " ".join(tokens[:prefix])
    return f"{head} {rest}" if rest else head
