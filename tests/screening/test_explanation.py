"""The hit and explanation formats the service and the API rely on."""

from __future__ import annotations

import json

import pytest

from openkyb.screening import Hit, Query, ScreeningIndex


@pytest.fixture
def hit(index: ScreeningIndex) -> Hit:
    return index.screen(Query("Mohamed Ali Hasan", schema="person", birth_date="1970",
                              countries=["IQ"]), threshold=0.3)[0]  # fmt: skip


def test_hit_fields(hit: Hit):
    assert hit.dataset == "test"
    assert hit.schema == "Person"
    assert hit.name_type == "primary"
    assert 0.0 <= hit.score <= 1.0
    assert hit.score == round(hit.score, 3)
    assert hit.entity.id == hit.entity_id


def test_as_dict_is_json_without_the_entity(hit: Hit):
    data = hit.as_dict()
    assert json.loads(json.dumps(data)) == data
    assert "entity" not in data
    assert data["entity_id"] == hit.entity_id
    assert data["list_name"] == "Test List"
    assert data["programs"] == ["TEST"]
    assert data["topics"] == ["sanction"]


def test_explanation_aligns_tokens(hit: Hit):
    name = hit.explanation["name"]
    assert name["query"] == "Mohamed Ali Hasan"
    assert name["listed"] == hit.name
    aligned = {(a["query"], a["listed"]) for a in name["alignment"]}
    assert ("mohamed", "muhammad") in aligned
    assert ("hasan", "hassan") in aligned
    for pair in name["alignment"]:
        assert set(pair) == {"query", "listed", "similarity", "weight"}
        assert 0 < pair["similarity"] <= 1
        assert 0 < pair["weight"] <= 1
    recomputed = sum(a["similarity"] * a["weight"] for a in name["alignment"])
    assert recomputed == pytest.approx(name["score"], abs=0.01)


def test_explanation_lists_adjustments(hit: Hit):
    features = {a["feature"]: a for a in hit.explanation["adjustments"]}
    assert features["birth_date"]["effect"] > 0
    assert "1970" in features["birth_date"]["detail"]
    assert features["country"]["effect"] > 0
    assert hit.explanation["final"] == hit.score
    expected = hit.explanation["name"]["score"] + sum(a["effect"] for a in features.values())
    assert hit.score == pytest.approx(min(1.0, expected), abs=0.002)


def test_weights_of_common_tokens_are_lower(index: ScreeningIndex):
    hit = index.screen(Query("Osama bin Laden", schema="person"))[0]
    weights = {a["listed"]: a["weight"] for a in hit.explanation["name"]["alignment"]}
    assert weights["bin"] < weights["osama"] < weights["laden"] or weights["bin"] < weights["laden"]
    hit = index.screen(Query("Acme Ltd", schema="company"))[0]
    weights = {a["listed"]: a["weight"] for a in hit.explanation["name"]["alignment"]}
    assert weights["ltd"] < 0.1 < weights["acme"]


def test_unmatched_tokens_are_reported(index: ScreeningIndex):
    hit = index.screen(Query("Vladimir Putin", schema="person"), threshold=0.3)[0]
    if hit.name.lower() == "vladimir vladimirovich putin":
        unmatched = [u["token"] for u in hit.explanation["name"]["unmatched_listed"]]
        assert unmatched == ["vladimirovich"]


def test_size(index: ScreeningIndex):
    entities, names = index.size
    assert entities >= 25
    assert names >= entities
