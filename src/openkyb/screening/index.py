"""The screening index: build once from the lists, then screen names against it.

A query goes through four steps, each cheap enough for thousands of queries per second on one
core: analyse the name (normalise, classify tokens); find listed tokens similar to each query
token (:class:`tokens.TokenIndex`); accumulate a rough score for every name sharing a similar
token and keep the best few per entity (numpy, no Python loop over postings); then align and
score those few names exactly (:mod:`score`) and apply the qualifiers (:mod:`qualifiers`).
"""

from __future__ import annotations

from collections.abc import Iterable

import numpy as np

from openkyb.screening.build import (
    AIRCRAFT,
    NAME_TYPES,
    ORGANIZATION,
    PERSON,
    VESSEL,
    IndexData,
    build,
)
from openkyb.screening.explain import explain
from openkyb.screening.model import DEFAULT_THRESHOLD, Hit, Query
from openkyb.screening.names import (
    CLASS_FACTOR,
    Kind,
    TokenClass,
    analyse,
    guess_kind,
    is_distinctive,
    vocabulary,
)
from openkyb.screening.qualifiers import (
    Adjustment,
    birth_date,
    country,
    identifier,
    normalise_identifier,
)
from openkyb.screening.score import LISTED_EXTRA_COST, ListedName, NameScore, QueryName, align
from openkyb.sources.model import Entity, NameType

QUERY_SCHEMAS: dict[str | None, frozenset[int]] = {
    None: frozenset({PERSON, ORGANIZATION, VESSEL, AIRCRAFT}),
    "person": frozenset({PERSON}),
    "company": frozenset({ORGANIZATION, VESSEL, AIRCRAFT}),
    "organization": frozenset({ORGANIZATION, VESSEL, AIRCRAFT}),
    "organisation": frozenset({ORGANIZATION, VESSEL, AIRCRAFT}),
    "vessel": frozenset({VESSEL}),
    "aircraft": frozenset({AIRCRAFT}),
}
# Tokens too weak to retrieve candidates by: their postings are long and they cannot make a
# match alone. They still count when candidates are scored.
_NO_RETRIEVAL = frozenset({TokenClass.LEGAL, TokenClass.STOP})
# Weak tokens that retrieve by exact spelling only: they rank names that share them ("UNITED
# BANK OF INDUSTRY AND TRADE" above every other bank) without fuzzy lookups on long postings.
_EXACT_RETRIEVAL = frozenset({TokenClass.PARTICLE, TokenClass.GENERIC, TokenClass.INITIAL})
MAX_POSITIVE = 0.11  # the most the birth date and country can add (identifiers aside)
WEAK_ALIAS_EFFECT = -0.05
CANDIDATE_NAMES = 48  # names scored exactly per query, at most
NAMES_PER_ENTITY = 3


class ScreeningIndex:
    """An in-memory index of listed names. Build with :meth:`build`; thread-safe to read
    except for the shared scratch buffer, so use one index per thread or process."""

    def __init__(self, data: IndexData) -> None:
        self._data = data
        self._scratch = np.zeros(len(data.name_entity), dtype=np.float32)

    @classmethod
    def build(cls, entities: Iterable[tuple[str, Entity]]) -> ScreeningIndex:
        """Index ``(dataset_name, entity)`` pairs."""
        return cls(build(entities))

    @property
    def size(self) -> tuple[int, int]:
        """(entities, names) indexed; names that can never match are left out."""
        return len(self._data.entities), len(self._data.name_entity)

    def screen(
        self, query: Query, threshold: float = DEFAULT_THRESHOLD, limit: int = 10
    ) -> list[Hit]:
        """The listed entities whose score reaches ``threshold``, best first, at most ``limit``."""
        schemas = QUERY_SCHEMAS.get(query.schema.lower() if query.schema else None)
        if schemas is None:
            raise ValueError(f"unknown schema {query.schema!r}")
        analysed = self._analyse(query, schemas)
        if analysed is None:
            return []
        floor = threshold - MAX_POSITIVE
        names = self._candidates(analysed, schemas, floor)
        names.extend(self._by_identifier(query, schemas))
        best: dict[int, tuple[NameScore, int]] = {}
        seen: dict[tuple[int, ...], NameScore] = {}  # the same name on several lists
        for name in names:
            key = self._name_key(name)
            scored = seen.get(key)
            if scored is None:
                scored = seen[key] = align(analysed, self._listed(name))
            entity = int(self._data.name_entity[name])
            if scored.score < floor and not query.identifiers:
                continue
            if entity not in best or scored.score > best[entity][0].score:
                best[entity] = (scored, name)
        hits = [
            hit
            for entity, (scored, name) in best.items()
            if (hit := self._hit(query, analysed, entity, name, scored, threshold)) is not None
        ]
        hits.sort(key=lambda h: (-h.score, h.name_type != NameType.PRIMARY, h.entity_id))
        return hits[:limit]

    def _analyse(self, query: Query, schemas: frozenset[int]) -> QueryName | None:
        if schemas == frozenset({PERSON}):
            kind = Kind.PERSON
        elif PERSON not in schemas:
            kind = Kind.ORG
        else:
            kind = guess_kind(query.name)
        tokens, classes = analyse(query.name, kind)
        if not tokens or not is_distinctive(tokens, classes):
            return None
        similar = [self._data.tokens.similar(token) for token in tokens]
        weights = []
        for index, (token, similar_to) in enumerate(zip(tokens, similar, strict=True)):
            rarity, common = self._query_rarity(token, similar_to)
            if common and classes[index] is TokenClass.CONTENT:
                classes[index] = TokenClass.COMMON  # a misspelt MOHAMMED is still common
            weights.append(CLASS_FACTOR[classes[index]] * rarity)
        return QueryName(tokens, classes, weights, similar)

    def _query_rarity(self, token: str, similar: dict[int, float]) -> tuple[float, bool]:
        """A query token's rarity, and whether it is a spelling of a common name: its own if
        listed; else that of the commonest listed token it closely resembles (a typo of
        MOHAMMED is as common as MOHAMMED); else that of a token seen once."""
        data = self._data
        vid = data.tokens.vocabulary.get(token)
        if vid is not None:
            return float(data.rarity[vid]), False
        close = [v for v, sim in similar.items() if sim >= 0.8]
        if not close:
            return 1.0, False
        commonest = min(close, key=lambda v: float(data.rarity[v]))
        common = vocabulary().common
        return float(data.rarity[commonest]), any(data.tokens.words[v] in common for v in close)

    def _candidates(self, query: QueryName, schemas: frozenset[int], floor: float) -> list[int]:
        """Names worth scoring exactly, by a rough score accumulated over the postings."""
        data = self._data
        touched: list[np.ndarray] = []
        optimistic = 0.0
        vocabulary = data.tokens.vocabulary
        for token, cls, weight, similar in zip(
            query.tokens, query.classes, query.weights, query.similar, strict=True
        ):
            if cls in _NO_RETRIEVAL:
                optimistic += 2 * weight  # assume they will align: an upper bound
                continue
            if cls in _EXACT_RETRIEVAL:
                vid = vocabulary.get(token)
                self._accumulate({vid: 1.0} if vid is not None else {}, weight, touched)
                continue
            self._accumulate(similar, weight, touched)
            for left, right in data.tokens.splits(token):
                self._accumulate({left: 0.9}, weight / 2, touched)
                self._accumulate({right: 0.9}, weight / 2, touched)
        for a, b in zip(query.tokens, query.tokens[1:], strict=False):
            joined = vocabulary.get(a + b)
            if joined is not None:
                self._accumulate({joined: 0.9}, max(query.weights), touched)
        if not touched:
            return []
        ids, values = self._collect(touched)
        total = sum(query.weights)
        estimate = (values + optimistic) / (total + LISTED_EXTRA_COST * data.name_weight[ids])
        keep = estimate >= floor
        if len(schemas) < 4:
            keep &= np.isin(data.name_schema[ids], list(schemas))
        return self._best_per_entity(ids[keep], estimate[keep])

    def _collect(self, touched: list[np.ndarray]) -> tuple[np.ndarray, np.ndarray]:
        """The distinct names touched and their accumulated values; clears the scratch buffer.

        Deduplicates without sorting: writing each position into the buffer leaves, for every
        name, the position of its last occurrence, so positions that read back are unique."""
        scratch = self._scratch
        ids = np.concatenate(touched) if len(touched) > 1 else touched[0]
        values = scratch[ids]
        if len(ids) >= 1 << 24:  # float32 positions stop being exact
            scratch[ids] = 0.0
            ids, first = np.unique(ids, return_index=True)
            return ids, values[first]
        positions = np.arange(len(ids), dtype=np.float32)
        scratch[ids] = positions
        unique = scratch[ids] == positions
        scratch[ids] = 0.0
        return ids[unique], values[unique]

    def _accumulate(
        self, similar: dict[int, float], weight: float, touched: list[np.ndarray]
    ) -> None:
        """Add each name's best similarity-weighted match for one query token to the scratch
        buffer. Postings are added in increasing value so that, where a name holds several
        similar tokens, numpy's last-write-wins fancy assignment keeps the best one."""
        if not similar:
            return
        tokens = self._data.tokens
        vocabulary_weight = self._data.vocabulary_weight
        scored = [
            (sim * (weight + float(vocabulary_weight[vid])), vid) for vid, sim in similar.items()
        ]
        scored.sort()
        pieces = [tokens.names_with(vid) for _, vid in scored]
        ids = np.concatenate(pieces) if len(pieces) > 1 else pieces[0]
        if not len(ids):
            return
        values = np.repeat(
            np.array([value for value, _ in scored], dtype=np.float32), [len(p) for p in pieces]
        )
        self._scratch[ids] += values
        touched.append(ids)

    def _best_per_entity(self, ids: np.ndarray, estimate: np.ndarray) -> list[int]:
        if len(ids) > 4 * CANDIDATE_NAMES:
            top = np.argpartition(-estimate, 4 * CANDIDATE_NAMES)[: 4 * CANDIDATE_NAMES]
            ids, estimate = ids[top], estimate[top]
        order = np.argsort(-estimate, kind="stable")
        chosen: list[int] = []
        seen: set[int] = set()
        per_entity: dict[int, int] = {}
        entities = self._data.name_entity
        for name in ids[order].tolist():
            if name in seen:
                continue
            seen.add(name)
            entity = int(entities[name])
            if per_entity.get(entity, 0) >= NAMES_PER_ENTITY:
                continue
            per_entity[entity] = per_entity.get(entity, 0) + 1
            chosen.append(name)
            if len(chosen) >= CANDIDATE_NAMES:
                break
        return chosen

    def _by_identifier(self, query: Query, schemas: frozenset[int]) -> list[int]:
        """All names of entities holding one of the query's identifiers."""
        names: list[int] = []
        data = self._data
        for raw in query.identifiers:
            for entity in data.identifiers.get(normalise_identifier(raw), ()):
                start, end = int(data.entity_names[entity]), int(data.entity_names[entity + 1])
                if int(data.name_schema[start]) in schemas:
                    names.extend(range(start, end))
        return names

    def _name_key(self, name: int) -> tuple[int, ...]:
        data = self._data
        start, end = int(data.token_offsets[name]), int(data.token_offsets[name + 1])
        return (int(data.name_schema[name]), *data.token_ids[start:end].tolist())

    def _listed(self, name: int) -> ListedName:
        data = self._data
        start, end = int(data.token_offsets[name]), int(data.token_offsets[name + 1])
        ids = data.token_ids[start:end].tolist()
        words = data.tokens.words
        return ListedName(
            tokens=[words[i] for i in ids],
            ids=ids,
            classes=[TokenClass(c) for c in data.token_classes[start:end].tolist()],
            weights=data.token_weights[start:end].tolist(),
        )

    def _hit(
        self,
        query: Query,
        analysed: QueryName,
        entity_index: int,
        name: int,
        scored: NameScore,
        threshold: float,
    ) -> Hit | None:
        data = self._data
        entity = data.entities[entity_index]
        name_type = NAME_TYPES[int(data.name_type[name])]
        adjustments = _adjustments(query, entity, name_type)
        final = min(1.0, max(0.0, scored.score + sum(a.effect for a in adjustments)))
        if final < threshold:
            return None
        listed = self._listed(name)
        return Hit(
            dataset=data.datasets[entity_index],
            entity_id=entity.id,
            schema=str(entity.schema),
            name=data.name_text[name],
            name_type=str(name_type),
            score=round(final, 3),
            explanation=explain(
                query.name, data.name_text[name], analysed, listed, scored, adjustments, final
            ),
            entity=entity,
        )


def _adjustments(query: Query, entity: Entity, name_type: NameType) -> list[Adjustment]:
    """The qualifiers that apply to this entity, in a fixed order."""
    found: list[Adjustment | None] = [
        birth_date(query.birth_date, entity.birth_dates),
        country(query.countries, [*entity.nationalities, *entity.countries]),
    ]
    if query.identifiers:
        listed = {normalise_identifier(i.value): i.type for i in entity.identifiers}
        found.append(identifier(query.identifiers, listed))
    if name_type is NameType.WEAK_ALIAS:
        found.append(Adjustment("name_type", WEAK_ALIAS_EFFECT, "weak alias: less reliable"))
    return [a for a in found if a is not None]
