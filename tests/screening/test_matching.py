"""Table-driven matching behaviour of the screening engine on a small hand-made list."""

from __future__ import annotations

import pytest

from openkyb.screening import DEFAULT_THRESHOLD, Query, ScreeningIndex


def best(index: ScreeningIndex, query: Query) -> tuple[str | None, float]:
    """The top hit's entity id and score, at a low threshold to see near misses."""
    hits = index.screen(query, threshold=0.3)
    return (hits[0].entity_id, hits[0].score) if hits else (None, 0.0)


MATCHES = [
    # (case, query name, schema, expected entity)
    ("exact", "Vladimir Putin", None, "putin"),
    ("exact full name", "Vladimir Vladimirovich Putin", "person", "putin"),
    ("reordered, comma", "PUTIN, Vladimir", None, "putin"),
    ("typos", "Vladimr Puttin", None, "putin"),
    ("Cyrillic", "Владимир Путин", "person", "putin"),
    ("CJK", "习近平", None, "xi"),
    ("split syllables", "Xi Jin Ping", "person", "xi"),
    ("joined tokens", "Abdulrahman Yasin", None, "abdulrahman"),
    ("joined particle", "Alqaida", None, "qaida"),
    ("transliteration", "Mohamed Ali Hasan", "person", "hassan"),
    ("initial", "J. Smith", None, "smith"),
    ("initial, rare surname", "A. Kuznetsov", "person", "kuznetsov"),
    ("honorific", "Dr. John Smith", None, "smith"),
    ("honorific and particles", "Sheikh Osama bin Laden", None, "laden"),
    ("legal form abbreviated", "Acme Ltd", "company", "acme"),
    ("legal form spelt out", "ACME Limited", None, "acme"),
    ("Russian legal form", "ООО Ромашка", None, "romashka"),
    ("legal form first", "Romashka OOO", "company", "romashka"),
    ("German legal form", "Müller Maschinenbau Gesellschaft mit beschränkter Haftung", None,
     "muller"),
    ("misspelt legal form", "ACME LIMTED", "company", "acme"),
    ("one typo, long word", "OILSTARR", "company", "oilstar"),
    ("vessel for a company query", "OILSTAR", "company", "oilstar"),
]  # fmt: skip


@pytest.mark.parametrize(("case", "name", "schema", "expected"), MATCHES)
def test_matches(index: ScreeningIndex, case: str, name: str, schema: str | None, expected: str):
    hits = index.screen(Query(name, schema=schema))
    assert hits, f"{case}: no hit"
    assert expected in [h.entity_id for h in hits], case
    assert hits[0].score >= DEFAULT_THRESHOLD


def test_arabic_script_reaches_the_latin_name(index: ScreeningIndex):
    hits = index.screen(Query("محمد علي حسن", schema="person"), threshold=0.75)
    assert "hassan" in [h.entity_id for h in hits]


NO_MATCHES = [
    # (case, query name, schema): nothing may reach the default threshold
    ("legal form only", "CORP", None),
    ("legal form only", "LLC", "company"),
    ("stop-words and legal forms", "THE COMPANY LTD", None),
    ("generic words", "TRADING GROUP", "company"),
    ("common first name alone", "MOHAMMED", None),
    ("common name alone, listed as an alias", "Ali", "person"),
    ("particle and common name", "Abu Ali", "person"),
    ("short name with a typo", "ACMA", None),
    ("shared legal form and a short word", "EMMA LLC", "company"),
    ("person name, company query", "Vladimir Putin", "company"),
    ("company name, person query", "Acme Ltd", "person"),
    ("vessel, person query", "OILSTAR", "person"),
    ("different person, same given name", "John Doherty", "person"),
    ("surname alone", "Putin", "person"),
    ("empty", "", None),
    ("punctuation", "-- ? --", None),
]  # fmt: skip


@pytest.mark.parametrize(("case", "name", "schema"), NO_MATCHES)
def test_no_matches(index: ScreeningIndex, case: str, name: str, schema: str | None):
    assert index.screen(Query(name, schema=schema)) == [], case


def test_shared_legal_form_is_no_near_certain_match(index: ScreeningIndex):
    entity, score = best(index, Query("EMMA LLC", schema="company"))
    assert entity is None or score < 0.7


def test_one_word_inside_a_longer_name_stays_below_default(index: ScreeningIndex):
    _, score = best(index, Query("Rosneft Trading", schema="company"))
    assert score < DEFAULT_THRESHOLD


QUALIFIERS = [
    # (case, query, expected effect sign on the best hit)
    ("birth year matches", Query("John Smith", birth_date="1965"), +1),
    ("full birth date matches", Query("John Smith", birth_date="1965-07-10"), +1),
    ("birth year far off", Query("John Smith", birth_date="1990"), -1),
    ("birth year one off", Query("John Smith", birth_date="1966"), -1),
    ("day and month swapped", Query("John Smith", birth_date="1965-10-07"), -1),
    ("country in common", Query("John Smith", countries=["GB"]), +1),
    ("no country in common", Query("John Smith", countries=["FR"]), -1),
    ("identifier", Query("Jon Smyth", identifiers=["A-1234567"]), +1),
]  # fmt: skip


@pytest.mark.parametrize(("case", "query", "sign"), QUALIFIERS)
def test_qualifiers_move_the_score(index: ScreeningIndex, case: str, query: Query, sign: int):
    hit = next(h for h in index.screen(query, threshold=0.3) if h.entity_id == "smith")
    effects = [a["effect"] for a in hit.explanation["adjustments"]]
    assert effects, case
    assert sum(effects) * sign > 0, case


def test_a_wrong_birth_date_does_not_kill_a_strong_name(index: ScreeningIndex):
    hits = index.screen(Query("John Smith", birth_date="1990-01-01"))
    assert [h.entity_id for h in hits][:1] == ["smith"]
    assert hits[0].score < 1.0


def test_a_corrupted_name_with_a_close_birth_date_still_hits(index: ScreeningIndex):
    hits = index.screen(Query("Josef Gilboa", schema="person", birth_date="1943-08-04"))
    assert "gilboa" in [h.entity_id for h in hits]


def test_identifier_lifts_a_weak_name(index: ScreeningIndex):
    without = best(index, Query("Jon Smyth"))[1]
    with_id = best(index, Query("Jon Smyth", identifiers=["A1234567"]))[1]
    assert with_id >= DEFAULT_THRESHOLD > without


def test_identifier_does_not_replace_a_name(index: ScreeningIndex):
    assert index.screen(Query("Peter Parker", identifiers=["A1234567"])) == []


def test_unknown_schema_is_an_error(index: ScreeningIndex):
    with pytest.raises(ValueError, match="unknown schema"):
        index.screen(Query("x", schema="planet"))


def test_limit_and_order(index: ScreeningIndex):
    hits = index.screen(Query("Mohammed Ali Hassan"), threshold=0.3, limit=2)
    assert len(hits) <= 2
    assert [h.score for h in hits] == sorted((h.score for h in hits), reverse=True)
