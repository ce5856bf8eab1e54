"""The screening index: build once from the lists, then screen names against it.

A query goes through four steps, each cheap enough for thousands of queries per second on one
core: analyse the name (normalise, classify tokens); find listed tokens similar to each query
token (:class:`tokens.TokenIndex`); accumulate a rough score for every name sharing a similar
token and keep the best few per entity (numpy, no Python loop over postings); then align and
score those few names exactly (:mod:`score`) and apply the qualifiers (:mod:`qualifiers`).
"""

from __future__ import annotations

from collections.abc import Iterable

from openkyb.screening.build import (
    AIRCRAFT,
    NAME_TYPES,
    ORGANIZATION,
    PERSON,
    VESSEL,
    IndexData,
    build,
)
from openkyb.screening.candidates import CandidateFinder
from openkyb.screening.explain import explain
from openkyb.screening.model import DEFAULT_THRESHOLD, Hit, Query
from openkyb.screening.names import (
    CLASS_FACTOR,
    Kind,
    TokenClass,
    analyse,
    is_distinctive,
    promote_generic,
    vocabulary,
)
from openkyb.screening.qualifiers import (
    Adjustment,
    birth_date,
    country,
    identifier,
    normalise_identifier,
)
from openkyb.screening.score import ListedName, NameScore, QueryName, align
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
_LISTED_CACHE_LIMIT = 100_000
MAX_POSITIVE = 0.11  # the most the birth date and country can add (identifiers aside)
WEAK_ALIAS_EFFECT = -0.05


# An entity's best name so far: its score, the name id, and the query analysis it used.
_Best = tuple[NameScore, int, QueryName]


class ScreeningIndex:
    """An in-memory index of listed names. Build with :meth:`build`, then :meth:`screen`.

    Immutable once built; safe to share between threads.
    """

    def __init__(self, data: IndexData) -> None:
        self._data = data
        self._finder = CandidateFinder(data)
        self._listed_cache: dict[int, ListedName] = {}

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
        floor = threshold - MAX_POSITIVE
        best: dict[int, _Best] = {}
        for analysed, allowed in self._plans(query.name, schemas):
            names = self._finder.find(analysed, allowed, floor)
            names.extend(self._by_identifier(query, allowed))
            self._score(analysed, names, floor if not query.identifiers else 0.0, best)
        finals = []
        for entity, (scored, name, analysed) in best.items():
            adjustments = self._adjustments(query, entity, name)
            final = min(1.0, max(0.0, scored.score + sum(a.effect for a in adjustments)))
            if final >= threshold:
                finals.append((final, entity, name, scored, analysed, adjustments))
        finals.sort(key=lambda f: (-f[0], int(self._data.name_type[f[2]]), f[1]))
        return [self._hit(query, *found) for found in finals[:limit]]

    def _plans(self, text: str, schemas: frozenset[int]) -> list[tuple[QueryName, frozenset[int]]]:
        """How to analyse the query for each kind of listed name it may hit.

        Person and organisation names are analysed differently (honorifics, legal forms), so a
        query of unknown schema is analysed both ways when that makes a difference, and each
        analysis is compared with the names of its kind only."""
        people = schemas & {PERSON}
        others = schemas - people
        plans: list[tuple[list[str], list[TokenClass], frozenset[int]]] = []
        if people:
            plans.append((*analyse(text, Kind.PERSON), people))
        if others:
            tokens, classes = analyse(text, Kind.ORG)
            if plans and plans[0][0] == tokens and plans[0][1] == classes:
                plans[0] = (tokens, classes, schemas)
            else:
                plans.append((tokens, classes, others))
        analysed = [(self._query_name(t, c, allowed), allowed) for t, c, allowed in plans]
        return [(name, allowed) for name, allowed in analysed if name is not None]

    def _query_name(
        self, tokens: list[str], classes: list[TokenClass], schemas: frozenset[int]
    ) -> QueryName | None:
        """Look the query tokens up and weigh them; None if the name cannot match at all."""
        similar = [self._data.tokens.similar(token) for token in tokens]
        rarities = []
        organisation = PERSON not in schemas
        for index, (token, similar_to) in enumerate(zip(tokens, similar, strict=True)):
            rarity, kin = self._query_rarity(token, similar_to)
            rarities.append(rarity)
            if kin is TokenClass.GENERIC and not organisation:
                kin = None  # business words are words in person names
            if kin is not None and classes[index] is TokenClass.CONTENT:
                classes[index] = kin  # a misspelt MOHAMMED is still common
        # Three misspelt generic words are content again; a misspelt common name alone is not.
        classes = promote_generic(classes)
        if not tokens or not is_distinctive(tokens, classes):
            return None
        weights = [CLASS_FACTOR[c] * r for c, r in zip(classes, rarities, strict=True)]
        return QueryName(tokens, classes, weights, similar)

    def _score(
        self, analysed: QueryName, names: list[int], floor: float, best: dict[int, _Best]
    ) -> None:
        """Align each candidate name; keep each entity's best name."""
        seen: dict[int, NameScore] = {}  # the same name on several lists
        for name in names:
            key = self._name_key(name)
            scored = seen.get(key)
            if scored is None:
                scored = seen[key] = align(analysed, self._listed(name), floor)
            if scored.score < floor:
                continue
            entity = int(self._data.name_entity[name])
            if entity not in best or scored.score > best[entity][0].score:
                best[entity] = (scored, name, analysed)

    def _query_rarity(
        self, token: str, similar: dict[int, float]
    ) -> tuple[float, TokenClass | None]:
        """A query token's rarity: its own if listed; else that of the commonest listed token
        it closely resembles (a typo of MOHAMMED is as common as MOHAMMED); else that of a
        token seen once. With it, the class of a common name or generic word it spells."""
        data = self._data
        vid = data.tokens.vocabulary.get(token)
        if vid is not None:
            return float(data.rarity[vid]), None
        close = [data.tokens.words[v] for v, sim in similar.items() if sim >= 0.8]
        if not close:
            return 1.0, None
        vocabulary_ = data.tokens.vocabulary
        rarity = min(float(data.rarity[vocabulary_[word]]) for word in close)
        words = vocabulary()
        if any(word in words.generic for word in close):
            return rarity, TokenClass.GENERIC
        return rarity, TokenClass.COMMON if any(w in words.common for w in close) else None

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

    def _name_key(self, name: int) -> int:
        return int(self._data.name_group[name])

    def _listed(self, name: int) -> ListedName:
        """A listed name as the scorer needs it (cached by name group)."""
        group = int(self._data.name_group[name])
        found = self._listed_cache.get(group)
        if found is not None:
            return found
        data = self._data
        start, end = int(data.token_offsets[name]), int(data.token_offsets[name + 1])
        ids = data.token_ids[start:end].tolist()
        words = data.tokens.words
        found = ListedName(
            tokens=[words[i] for i in ids],
            ids=ids,
            classes=[TokenClass(c) for c in data.token_classes[start:end].tolist()],
            weights=data.token_weights[start:end].tolist(),
            person=int(data.name_schema[name]) == PERSON,
        )
        if len(self._listed_cache) >= _LISTED_CACHE_LIMIT:
            self._listed_cache.clear()
        self._listed_cache[group] = found
        return found

    def _adjustments(self, query: Query, entity_index: int, name: int) -> list[Adjustment]:
        """The qualifiers that apply to this entity, in a fixed order."""
        entity = self._data.entities[entity_index]
        found: list[Adjustment | None] = [
            birth_date(query.birth_date, entity.birth_dates),
            country(query.countries, [*entity.nationalities, *entity.countries]),
        ]
        if query.identifiers:
            listed = {normalise_identifier(i.value): i.type for i in entity.identifiers}
            found.append(identifier(query.identifiers, listed))
        if NAME_TYPES[int(self._data.name_type[name])] is NameType.WEAK_ALIAS:
            found.append(Adjustment("name_type", WEAK_ALIAS_EFFECT, "weak alias: less reliable"))
        return [a for a in found if a is not None]

    def _hit(
        self,
        query: Query,
        final: float,
        entity_index: int,
        name: int,
        scored: NameScore,
        analysed: QueryName,
        adjustments: list[Adjustment],
    ) -> Hit:
        data = self._data
        entity = data.entities[entity_index]
        text = data.name_text[name]
        explanation = explain(
            query.name, text, analysed, self._listed(name), scored, adjustments, final
        )
        return Hit(
            dataset=data.datasets[entity_index],
            entity_id=entity.id,
            schema=str(entity.schema),
            name=text,
            name_type=str(NAME_TYPES[int(data.name_type[name])]),
            score=round(final, 3),
            explanation=explanation,
            entity=entity,
        )
