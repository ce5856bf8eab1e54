"""The token index: vocabulary, rarity weights, postings, and typo-tolerant token lookup.

Every distinct token of the listed names gets an integer id. Postings map a token id to the
names containing it (one flat int32 array, CSR style). A query token finds similar listed
tokens three ways, so typos and transliterations still retrieve candidates without comparing
against every name:

* exactly, through the vocabulary;
* by phonetic skeleton ("mohamed" finds "muhammad", Arabic-script "mhmd" finds both);
* by deletion neighbourhood (SymSpell): each listed token is indexed under itself and every
  one-letter deletion (two letters for long tokens), so a query token within one edit (two)
  shares a key with it. Keys are 64-bit hashes in a sorted numpy array, not strings, to keep
  memory small.

Each similar token found is then verified with :func:`score.token_similarity`.
"""

from __future__ import annotations

import math
from collections.abc import Iterable

import numpy as np
import numpy.typing as npt

from openkyb.screening.normalize import is_abjad, skeleton
from openkyb.screening.score import token_similarity

IntArray = npt.NDArray[np.int32]
FloatArray = npt.NDArray[np.float32]
MIN_FUZZY = 3  # shorter tokens are looked up exactly only
MIN_DELETION = 4  # tokens at least this long are also indexed under their deletions
MIN_DOUBLE_DELETION = 8
_CACHE_LIMIT = 200_000


def deletions(token: str) -> set[str]:
    """The token and every string one letter shorter (two for long tokens, which tolerate
    two or three edits: "mackevicius" / "makevisius")."""
    variants = {token}
    if len(token) >= MIN_DELETION:
        once = {token[:i] + token[i + 1 :] for i in range(len(token))}
        variants.update(once)
        if len(token) >= MIN_DOUBLE_DELETION:
            variants.update(v[:i] + v[i + 1 :] for v in once for i in range(len(v)))
    return variants


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

    def __init__(self, vocabulary: dict[str, int], token_ids: IntArray, token_names: IntArray):
        self.vocabulary = vocabulary
        self.words: list[str] = [""] * len(vocabulary)
        for word, vid in vocabulary.items():
            self.words[vid] = word
        order = np.argsort(token_ids, kind="stable")
        self.postings: IntArray = token_names[order].astype(np.int32)
        counts = np.bincount(token_ids, minlength=len(vocabulary))
        self.offsets = np.concatenate(([0], np.cumsum(counts))).astype(np.int64)
        self._skeletons = self._skeleton_groups()
        self._keys, self._key_ids = self._deletion_keys()
        self._cache: dict[str, dict[int, float]] = {}

    def _skeleton_groups(self) -> dict[str, tuple[int, ...]]:
        groups: dict[str, list[int]] = {}
        for vid, word in enumerate(self.words):
            if len(word) >= MIN_FUZZY:
                key = skeleton(word)
                if key:
                    groups.setdefault(key, []).append(vid)
        return {key: tuple(vids) for key, vids in groups.items()}

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
            candidates = set(self._skeletons.get(skeleton(token), ()))
            candidates.update(self._by_deletion(token))
            candidates.discard(-1 if exact is None else exact)
            for vid in candidates:
                sim = token_similarity(token, self.words[vid])
                if sim:
                    found[vid] = sim
        if len(self._cache) >= _CACHE_LIMIT:
            self._cache.clear()
        self._cache[token] = found
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
        return self.postings[self.offsets[vid] : self.offsets[vid + 1]]
