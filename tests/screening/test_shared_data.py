"""On the real OFAC SDN list when the shared data is present (skipped otherwise)."""

from __future__ import annotations

import pytest

from openkyb.screening import Query, ScreeningIndex
from openkyb.sources.model import Entity
from tests.helpers import shared_data


@pytest.fixture(scope="module")
def sdn() -> tuple[ScreeningIndex, list[Entity]]:
    from openkyb.sources.registry import get_format

    folder = shared_data("sanctions/ofac_sdn_2021")  # skipped when absent, a failure in CI
    source = get_format("ofac-csv")
    entities = [e for e in source.parse(folder) if isinstance(e, Entity)]
    return ScreeningIndex.build(("us_ofac_sdn", e) for e in entities), entities


def test_listed_primary_names_find_themselves(sdn: tuple[ScreeningIndex, list[Entity]]):
    index, entities = sdn
    sample = entities[:: max(1, len(entities) // 300)]
    found = 0
    for entity in sample:
        hits = index.screen(Query(entity.primary_name), limit=50)
        found += entity.id in {h.entity_id for h in hits}
    assert found / len(sample) >= 0.97


def test_size_is_plausible(sdn: tuple[ScreeningIndex, list[Entity]]):
    entities, names = sdn[0].size
    assert 0.95 * len(sdn[1]) <= entities <= len(sdn[1])
    assert names >= entities
