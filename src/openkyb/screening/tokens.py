"""The token index: vocabulary, rarity weights, postings, and typo-tolerant token lookup.

Every distinct token of the listed names gets an integer id. Postings map a token id to the
names containing it (one flat int32 array, CSR style). A query token finds similar listed
tokens three ways, so typos and transliterations still retrieve candidates without comparing
against every name:

* exactly, through the vocabulary;
* phonetically: by vowel-run shape ("mohamed" finds "muhammad") and, for vowel-less
  transliterations of Arabic script, by consonant skeleton ("mhmd" finds both);
* by deletion neighbourhood (SymSpell): each listed token is indexed under itself and every
  one-letter deletion (two letters for long tokens), so a query token within one edit (two)
  shares a key with it. Keys are 64-bit hashes in a sorted numpy array, not strings, to keep
  memory small.

Each similar token found is then verified with :func:`score.token_similarity`.
"""

from __future__ import annotations

import math
from collections.abc import Iterable
from dataclasses import dataclass

import numpy as np
import numpy.typing as npt

from openkyb.screening.normalize import deletions, is_abjad, shape, skeleton
from openkyb.screening.similarity import token_similarity

IntArray = npt.NDArray[np.int32]
FloatArray = npt.NDArray[np.float32]
MIN_FUZZY = 3  # shorter tokens are looked up exactly only
_CACHE_LIMIT = 200_000
_Groups = dict[str, tuple[int, ...]]
_POSTINGS_CACHE_LIMIT = 20_000  # query tokens
_CACHED_POSTINGS = 50_000  # names: longer postings are rebuilt each time (rare)


@dataclass(frozen=True, slots=True)
class Postings:
    """Names holding tokens similar to one query token, flattened for numpy."""

    ids: IntArray
    similarity: FloatArray
    weight: FloatArray


def _frozen(groups: dict[str, list[int]]) -> _Groups:
    return {key: tuple(vids) for key, vids in groups.items()}


def rarity(document_frequency: npt.NDArray[np.int64], documents: int) -> FloatArray:
    """IDF-style weight in [0.35, 1]: 1 for a token on one entity, lower as it spreads.

    The floor keeps common but real name parts (MOHAMMED, IRAN) from vanishing entirely.
    """
    scale = math.log(max(documents, 2))
    df = np.maximum(document_frequency, 1).astype(np.float64)
    idf = np.clip(np.log(documents / df) / scale, 0.0, 1.0)
    return (0.35 + 0.65 * idf).astype(np.float32)


class TokenIndex:
    """Vocabulary, postings and fuzzy lookup over the tokens of the indexed names."""

    def __init__(
        self,
        vocabulary: dict[str, int],
        token_ids: IntArray,
        token_names: IntArray,
        weights: FloatArray,
    ) -> None:
        self.vocabulary = vocabulary
        self.weights = weights  # a typical weight per token, for the candidate estimate
        self.words: list[str] = [""] * len(vocabulary)
        for word, vid in vocabulary.items():
            self.words[vid] = word
        order = np.argsort(token_ids, kind="stable")
        self._flat: IntArray = token_names[order].astype(np.int32)
        counts = np.bincount(token_ids, minlength=len(vocabulary))
        self.offsets = np.concatenate(([0], np.cumsum(counts))).astype(np.int64)
        self._shapes, self._skeletons, self._abjad = self._phonetic_groups()
        self._keys, self._key_ids = self._deletion_keys()
        self._cache: dict[str, dict[int, float]] = {}
        self._postings: dict[str, Postings] = {}

    def _phonetic_groups(self) -> tuple[_Groups, _Groups, _Groups]:
        """Vocabulary ids by shape (Latin spellings), by skeleton (all tokens, for vowel-less
        query tokens) and by skeleton of the vowel-less tokens only (for Latin query tokens)."""
        shapes: dict[str, list[int]] = {}
        skeletons: dict[str, list[int]] = {}
        abjad: dict[str, list[int]] = {}
        for vid, word in enumerate(self.words):
            if not word.isalpha() or (len(word) < MIN_FUZZY and not is_abjad(word)):
                continue
            key = skeleton(word)
            skeletons.setdefault(key, []).append(vid)
            if is_abjad(word):
                abjad.setdefault(key, []).append(vid)
            else:
                shapes.setdefault(shape(word), []).append(vid)
        return _frozen(shapes), _frozen(skeletons), _frozen(abjad)

    def _deletion_keys(self) -> tuple[npt.NDArray[np.int64], IntArray]:
        hashes: list[int] = []
        ids: list[int] = []
        for vid, word in enumerate(self.words):
            if len(word) < MIN_FUZZY or word.isdigit():
                continue
            for variant in deletions(word):
                hashes.append(hash(variant))
                ids.append(vid)
        keys = np.array(hashes, dtype=np.int64)
        order = np.argsort(keys, kind="stable")
        return keys[order], np.array(ids, dtype=np.int32)[order]

    def _by_deletion(self, token: str) -> Iterable[int]:
        probes = np.array([hash(v) for v in deletions(token)], dtype=np.int64)
        starts = np.searchsorted(self._keys, probes, side="left")
        ends = np.searchsorted(self._keys, probes, side="right")
        found: list[int] = []
        for start, end in zip(starts.tolist(), ends.tolist(), strict=True):
            if end > start:
                found.extend(self._key_ids[start:end].tolist())
        return found

    def similar(self, token: str) -> dict[int, float]:
        """Vocabulary ids of listed tokens similar to ``token``, with their similarity."""
        cached = self._cache.get(token)
        if cached is not None:
            return cached
        found: dict[int, float] = {}
        exact = self.vocabulary.get(token)
        if exact is not None:
            found[exact] = 1.0
        if token.isalpha() and (len(token) >= MIN_FUZZY or is_abjad(token)):
            if is_abjad(token):
                candidates = set(self._skeletons.get(skeleton(token), ()))
            else:
                candidates = set(self._shapes.get(shape(token), ()))
                candidates.update(self._abjad.get(skeleton(token), ()))
            candidates.update(self._by_deletion(token))
        elif len(token) >= MIN_FUZZY and not token.isdigit():
            candidates = set(self._by_deletion(token))  # "cheapshop4you": letters and digits
        else:
            candidates = set()
        if candidates:
            candidates.discard(-1 if exact is None else exact)
            for vid in candidates:
                sim = token_similarity(token, self.words[vid])
                if sim:
                    found[vid] = sim
        if len(self._cache) >= _CACHE_LIMIT:
            self._cache.clear()
        self._cache[token] = found
        return found

    def postings(self, token: str, similar: dict[int, float]) -> Postings:
        """The names holding a token similar to ``token``: name ids, the similarity and the
        listed token's weight, ordered by increasing similarity (see ``candidates``).
        Cached, as the same query tokens come back."""
        found = self._postings.get(token)
        if found is not None:
            return found
        ranked = sorted(similar.items(), key=lambda item: (item[1], self.weights[item[0]]))
        pieces = [self.names_with(vid) for vid, _ in ranked]
        sizes = [len(p) for p in pieces]
        ids = np.concatenate(pieces) if pieces else np.zeros(0, dtype=np.int32)
        sims = np.repeat(np.array([sim for _, sim in ranked], dtype=np.float32), sizes)
        weights = np.repeat(self.weights[[vid for vid, _ in ranked]], sizes)
        found = Postings(ids, sims, weights)
        if len(ids) <= _CACHED_POSTINGS:
            if len(self._postings) >= _POSTINGS_CACHE_LIMIT:
                self._postings.clear()
            self._postings[token] = found
        return found

    def splits(self, token: str) -> list[tuple[int, int]]:
        """Ways to cut an unknown token into two listed tokens ("abdulrahman")."""
        if len(token) < 6 or token in self.vocabulary or not token.isalpha():
            return []
        found = []
        for cut in range(2, len(token) - 1):
            left = self.vocabulary.get(token[:cut])
            right = self.vocabulary.get(token[cut:])
            if left is not None and right is not None:
                found.append((left, right))
        return found

    def names_with(self, vid: int) -> IntArray:
        """The postings of one token: ids of the names that contain it."""
        return self._flat[self.offsets[vid] : self.offsets[vid + 1]]
