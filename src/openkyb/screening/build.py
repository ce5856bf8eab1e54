"""Building the in-memory index from parsed entities.

Names are stored column-wise in numpy arrays (entity, type, schema, token offsets, token ids,
classes, weights) rather than as one object per name: 150,000 names then take a few megabytes
and the hot loop slices arrays instead of chasing pointers.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass

import numpy as np
import numpy.typing as npt

from openkyb.screening.names import CLASS_FACTOR, Kind, TokenClass, analyse, is_distinctive
from openkyb.screening.qualifiers import MIN_IDENTIFIER, normalise_identifier
from openkyb.screening.tokens import FloatArray, IntArray, TokenIndex, rarity
from openkyb.sources.model import Entity, NameType, Schema

NAME_TYPES = (NameType.PRIMARY, NameType.ALIAS, NameType.WEAK_ALIAS, NameType.PREVIOUS)
_TYPE_CODE = {t: i for i, t in enumerate(NAME_TYPES)}
# Which name of an entity to keep when two of its names analyse to the same tokens.
_TYPE_RANK = {NameType.PRIMARY: 0, NameType.ALIAS: 1, NameType.PREVIOUS: 2, NameType.WEAK_ALIAS: 3}
PERSON, ORGANIZATION, VESSEL, AIRCRAFT = 0, 1, 2, 3
SCHEMA_CODE = {
    Schema.PERSON: PERSON,
    Schema.ORGANIZATION: ORGANIZATION,
    Schema.COMPANY: ORGANIZATION,
    Schema.VESSEL: VESSEL,
    Schema.AIRCRAFT: AIRCRAFT,
}


@dataclass(slots=True)
class IndexData:
    """Everything the screening index holds."""

    entities: list[Entity]
    datasets: list[str]
    entity_names: npt.NDArray[np.int64]  # entity -> its names [start, end)
    name_entity: IntArray
    name_type: npt.NDArray[np.int8]
    name_schema: npt.NDArray[np.int8]
    name_text: list[str]
    name_weight: FloatArray  # total token weight of each name
    token_offsets: npt.NDArray[np.int64]  # name -> its tokens [start, end)
    token_ids: IntArray
    token_classes: npt.NDArray[np.int8]
    token_weights: FloatArray
    tokens: TokenIndex
    rarity: FloatArray  # per vocabulary id
    vocabulary_weight: FloatArray  # mean weight of the token where it occurs
    identifiers: dict[str, list[int]]  # normalised identifier -> entities
    initials: dict[str, IntArray]  # letter -> person names with a word starting with it
    name_group: IntArray  # names with the same schema and tokens share a group (scored once)


class Builder:
    """Accumulates entities, then freezes them into :class:`IndexData`."""

    def __init__(self) -> None:
        self.entities: list[Entity] = []
        self.datasets: list[str] = []
        self.entity_names: list[int] = [0]
        self.name_entity: list[int] = []
        self.name_type: list[int] = []
        self.name_schema: list[int] = []
        self.name_text: list[str] = []
        self.token_offsets: list[int] = [0]
        self.token_ids: list[int] = []
        self.token_classes: list[int] = []
        self.vocabulary: dict[str, int] = {}
        self.identifiers: dict[str, list[int]] = {}
        self._dataset_names: dict[str, str] = {}

    def add(self, dataset: str, entity: Entity) -> None:
        """Index one entity's distinctive names (and identifiers)."""
        kind = Kind.PERSON if entity.schema is Schema.PERSON else Kind.ORG
        chosen: dict[tuple[str, ...], tuple[int, str, NameType, list[int]]] = {}
        for name in entity.names:
            tokens, classes = analyse(name.value, kind)
            if not tokens or not is_distinctive(tokens, classes):
                continue
            key = tuple(tokens)
            rank = _TYPE_RANK.get(name.type, 3)
            if key not in chosen or rank < chosen[key][0]:
                chosen[key] = (rank, name.value, name.type, [int(c) for c in classes])
        if not chosen:
            return
        index = len(self.entities)
        self.entities.append(entity)
        self.datasets.append(self._dataset_names.setdefault(dataset, dataset))
        for key, (_, text, name_type, codes) in chosen.items():
            self._add_name(index, entity, key, text, name_type, codes)
        self.entity_names.append(len(self.name_entity))
        for identifier in entity.identifiers:
            value = normalise_identifier(identifier.value)
            if len(value) >= MIN_IDENTIFIER:
                self.identifiers.setdefault(value, []).append(index)

    def _add_name(
        self,
        index: int,
        entity: Entity,
        tokens: tuple[str, ...],
        text: str,
        name_type: NameType,
        classes: list[int],
    ) -> None:
        self.name_entity.append(index)
        self.name_type.append(_TYPE_CODE.get(name_type, 0))
        self.name_schema.append(SCHEMA_CODE.get(entity.schema, ORGANIZATION))
        self.name_text.append(text)
        vocabulary = self.vocabulary
        for token in tokens:
            vid = vocabulary.get(token)
            if vid is None:
                vid = vocabulary[token] = len(vocabulary)
            self.token_ids.append(vid)
        self.token_classes.extend(classes)
        self.token_offsets.append(len(self.token_ids))

    def finish(self) -> IndexData:
        """Compute weights, postings and lookup keys."""
        token_ids = np.array(self.token_ids, dtype=np.int32)
        token_offsets = np.array(self.token_offsets, dtype=np.int64)
        name_entity = np.array(self.name_entity, dtype=np.int32)
        token_names = np.repeat(np.arange(len(name_entity), dtype=np.int32), np.diff(token_offsets))
        weights_by_id = self._rarity(token_ids, name_entity[token_names])
        classes = np.array(self.token_classes, dtype=np.int8)
        token_weights = np.array(CLASS_FACTOR, dtype=np.float32)[classes] * weights_by_id[token_ids]
        name_weight = (
            np.add.reduceat(token_weights, token_offsets[:-1])
            if len(name_entity)
            else (np.zeros(0, dtype=np.float32))
        )
        occurrences = np.maximum(np.bincount(token_ids, minlength=len(self.vocabulary)), 1)
        mean_weight = np.bincount(token_ids, token_weights, minlength=len(self.vocabulary))
        vocabulary_weight = (mean_weight / occurrences).astype(np.float32)
        return IndexData(
            entities=self.entities,
            datasets=self.datasets,
            entity_names=np.array(self.entity_names, dtype=np.int64),
            name_entity=name_entity,
            name_type=np.array(self.name_type, dtype=np.int8),
            name_schema=np.array(self.name_schema, dtype=np.int8),
            name_text=self.name_text,
            name_weight=name_weight.astype(np.float32),
            token_offsets=token_offsets,
            token_ids=token_ids,
            token_classes=classes,
            token_weights=token_weights.astype(np.float32),
            tokens=TokenIndex(self.vocabulary, token_ids, token_names, vocabulary_weight),
            rarity=weights_by_id,
            vocabulary_weight=vocabulary_weight,
            name_group=self._groups(token_offsets, token_ids),
            identifiers=self.identifiers,
            initials=self._initials(token_ids, token_names, classes),
        )

    def _groups(self, token_offsets: npt.NDArray[np.int64], token_ids: IntArray) -> IntArray:
        """A group id per name: the same name on several lists is scored once per query."""
        groups: dict[tuple[int, ...], int] = {}
        found = np.empty(len(self.name_entity), dtype=np.int32)
        bounds = token_offsets.tolist()
        ids = token_ids.tolist()
        for name, schema in enumerate(self.name_schema):
            key = (schema, *ids[bounds[name] : bounds[name + 1]])
            found[name] = groups.setdefault(key, len(groups))
        return found

    def _initials(
        self, token_ids: IntArray, token_names: IntArray, classes: npt.NDArray[np.int8]
    ) -> dict[str, IntArray]:
        """Letter -> person names having a (non-initial) word that starts with it."""
        first = np.array([ord(w[0]) if w else 0 for w in self.vocabulary], dtype=np.int32)
        person = np.array(self.name_schema, dtype=np.int8)[token_names] == PERSON
        words = person & np.isin(classes, (TokenClass.CONTENT, TokenClass.COMMON))
        letters = first[token_ids[words]]
        names = token_names[words]
        found: dict[str, IntArray] = {}
        for code in np.unique(letters).tolist():
            if 97 <= code <= 122:
                found[chr(code)] = np.unique(names[letters == code]).astype(np.int32)
        return found

    def _rarity(self, token_ids: IntArray, token_entities: IntArray) -> FloatArray:
        """Rarity by the number of entities (not names) using a token: one entity with fifty
        aliases all containing its surname does not make the surname common."""
        size = len(self.vocabulary)
        if not len(token_ids):
            return np.zeros(size, dtype=np.float32)
        pairs = np.unique(token_entities.astype(np.int64) * size + token_ids)
        document_frequency = np.bincount(pairs % size, minlength=size)
        return rarity(document_frequency, max(len(self.entities), 1))


def build(entities: Iterable[tuple[str, Entity]]) -> IndexData:
    """Index (dataset, entity) pairs."""
    builder = Builder()
    for dataset, entity in entities:
        builder.add(dataset, entity)
    return builder.finish()
