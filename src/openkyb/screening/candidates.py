"""Candidate retrieval: the few listed names worth scoring exactly for a query.

Every name sharing a similar token with the query gets a rough score, accumulated over the
postings with numpy (no Python loop over names): for each query token, the best
similarity x (query token weight + listed token weight) among the name's tokens. Names whose
optimistic score cannot reach the floor are dropped, the rest are ranked by a Dice-like
estimate, and the best few per entity go on to exact scoring. Rare tokens dominate the
estimate, so "MOHAMMED" alone never floods the candidates.
"""

from __future__ import annotations

import threading

import numpy as np
import numpy.typing as npt

from openkyb.screening.build import IndexData
from openkyb.screening.names import TokenClass
from openkyb.screening.score import LISTED_EXTRA_COST, QueryName
from openkyb.screening.similarity import INITIAL_SIMILARITY
from openkyb.screening.tokens import FloatArray, IntArray

# Tokens too weak to retrieve candidates by: their postings are long and they cannot make a
# match alone. They still count when candidates are scored.
NO_RETRIEVAL = frozenset({TokenClass.LEGAL, TokenClass.STOP})
# Weak tokens: they never generate candidates (a name sharing only them cannot match) but
# rank those found by exact spelling ("UNITED BANK OF INDUSTRY AND TRADE" above every other
# bank); an initial ranks the person names with a word starting with its letter.
EXACT_RETRIEVAL = frozenset({TokenClass.PARTICLE, TokenClass.GENERIC, TokenClass.INITIAL})
CANDIDATE_NAMES = 48  # names scored exactly per query, at most
NAMES_PER_ENTITY = 4


class CandidateFinder:
    """Retrieval over one index; safe to share between threads (each gets its own buffer)."""

    def __init__(self, data: IndexData) -> None:
        self._data = data
        self._local = threading.local()
        self._schema_masks: dict[frozenset[int], np.ndarray] = {}

    @property
    def _scratch(self) -> FloatArray:
        """A per-thread accumulator over all names, left zeroed after every query."""
        scratch: FloatArray | None = getattr(self._local, "scratch", None)
        if scratch is None:
            scratch = self._local.scratch = np.zeros(len(self._data.name_entity), np.float32)
        return scratch

    def find(self, query: QueryName, schemas: frozenset[int], floor: float) -> list[int]:
        """Names worth scoring exactly: the best per entity whose estimate may reach ``floor``.

        Only distinctive tokens (content words, common names) generate candidates: a name
        sharing none of them cannot match. Weak tokens (particles, generic words, initials)
        have long postings and only rank the candidates found (``_boost``)."""
        touched: list[IntArray] = []
        optimistic = weak_optimistic = 0.0
        weak: list[tuple[str, TokenClass, float]] = []
        for token, cls, weight, similar in zip(
            query.tokens, query.classes, query.weights, query.similar, strict=True
        ):
            if cls in NO_RETRIEVAL or cls in EXACT_RETRIEVAL:
                optimistic += 2 * weight  # assume they will align: an upper bound
                if cls in EXACT_RETRIEVAL:
                    weak.append((token, cls, weight))
                    weak_optimistic += 2 * weight
            else:
                self._token(token, weight, similar, touched)
        self._joins(query, touched)
        if not touched:
            return []
        scratch = self._scratch
        ids = np.concatenate(touched) if len(touched) > 1 else touched[0]
        values = scratch[ids] + optimistic
        scratch[ids] = 0.0
        total = sum(query.weights)
        name_weight = self._data.name_weight[ids]
        # An optimistic bound decides which names may reach the floor (unmatched listed
        # tokens cost only LISTED_EXTRA_COST); a Dice-like estimate ranks them, so that a
        # name matching all of the query and nothing more comes first.
        keep = values / (total + LISTED_EXTRA_COST * name_weight) >= floor
        if len(schemas) < 4:
            keep &= self._schema_mask(schemas)[self._data.name_schema[ids]]
        ids, first = np.unique(ids[keep], return_index=True)
        name_weight = name_weight[keep][first]
        if weak:  # now what the weak tokens really add, for the bound and the rank
            values = values[keep][first] - weak_optimistic + self._boost(ids, weak)
            keep = values / (total + LISTED_EXTRA_COST * name_weight) >= floor
            ids, values, name_weight = ids[keep], values[keep], name_weight[keep]
        else:
            values = values[keep][first]
        return self._best_per_entity(ids, values / (total + name_weight))

    def _boost(self, ids: IntArray, weak: list[tuple[str, TokenClass, float]]) -> FloatArray:
        """What the weak query tokens add to each candidate (sorted ``ids``), by binary search
        in their postings, which are sorted by name id."""
        boost = np.zeros(len(ids), dtype=np.float32)
        tokens = self._data.tokens
        for token, cls, weight in weak:
            vid = tokens.vocabulary.get(token)
            if cls == TokenClass.INITIAL and token in self._data.initials:
                members = _member(ids, self._data.initials[token])
                boost += members * (INITIAL_SIMILARITY * 2 * weight)
            elif vid is not None:
                boost += _member(ids, tokens.names_with(vid)) * (weight + tokens.weights[vid])
        return boost

    def _token(
        self, token: str, weight: float, similar: dict[int, float], touched: list[IntArray]
    ) -> None:
        tokens = self._data.tokens
        if similar:
            postings = tokens.postings(token, similar)
            # Postings come in increasing similarity: where a name holds several tokens
            # similar to this one, numpy's last-write-wins fancy assignment keeps the best.
            values = postings.similarity * (weight + postings.weight)
            self._add(postings.ids, values, touched)
        for left, right in tokens.splits(token):  # "abdulrahman" against "abdul rahman"
            for part in (left, right):
                self._add(
                    tokens.names_with(part), 0.9 * (weight / 2 + tokens.weights[part]), touched
                )

    def _joins(self, query: QueryName, touched: list[IntArray]) -> None:
        """Adjacent query tokens that form a listed token ("xi jin ping" and "jinping")."""
        tokens = self._data.tokens
        for a, b in zip(query.tokens, query.tokens[1:], strict=False):
            joined = tokens.vocabulary.get(a + b)
            if joined is not None:
                value = 0.9 * (max(query.weights) + float(tokens.weights[joined]))
                self._add(tokens.names_with(joined), value, touched)

    def _add(
        self, ids: IntArray | None, values: float | FloatArray, touched: list[IntArray]
    ) -> None:
        if ids is not None and len(ids):
            self._scratch[ids] += values
            touched.append(ids)

    def _schema_mask(self, schemas: frozenset[int]) -> np.ndarray:
        mask = self._schema_masks.get(schemas)
        if mask is None:
            mask = np.zeros(8, dtype=bool)
            mask[list(schemas)] = True
            self._schema_masks[schemas] = mask
        return mask

    def _best_per_entity(self, ids: IntArray, rank: np.ndarray) -> list[int]:
        """The best-ranked names, at most NAMES_PER_ENTITY per entity (aliases crowd)."""
        if len(ids) > 4 * CANDIDATE_NAMES:
            top = np.argpartition(-rank, 4 * CANDIDATE_NAMES)[: 4 * CANDIDATE_NAMES]
            ids, rank = ids[top], rank[top]
        chosen: list[int] = []
        per_entity: dict[int, int] = {}
        entities = self._data.name_entity
        order = ids[np.argsort(-rank, kind="stable")].tolist()
        for name, entity in zip(order, entities[order].tolist(), strict=True):
            if per_entity.get(entity, 0) < NAMES_PER_ENTITY:
                per_entity[entity] = per_entity.get(entity, 0) + 1
                chosen.append(name)
                if len(chosen) >= CANDIDATE_NAMES:
                    break
        return chosen


def _member(ids: IntArray, postings: IntArray) -> npt.NDArray[np.bool_]:
    """Which of ``ids`` are in the sorted ``postings``."""
    if not len(postings):
        return np.zeros(len(ids), dtype=bool)
    found = np.searchsorted(postings, ids)
    member: npt.NDArray[np.bool_] = postings[np.minimum(found, len(postings) - 1)] == ids
    return member
