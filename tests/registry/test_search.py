"""Company lookup and fuzzy name search on SQLite and PostgreSQL, over a few hundred companies."""

from __future__ import annotations

import pytest

from openkyb.registry.search import (
    InvalidNumber,
    find_company,
    get_company,
    has_registry_data,
    is_unambiguous,
    refresh_search_vocabulary,
    search_companies,
)
from openkyb.store.db import Database
from openkyb.store.registry_models import RegistryCompany
from tests.registry.search_fixtures import VERSION, seed_companies


@pytest.fixture
def registry(db: Database) -> Database:
    seed_companies(db)
    return db


# (query, options, expected number first)
CASES = [
    ("Acme Ltd", {}, "00000001"),  # legal-form variant of ACME LIMITED
    ("ACME LIMITED", {}, "00000001"),
    ("acme limted", {}, "00000001"),  # a typo in the legal form changes nothing
    ("Acme Trading", {}, "00000002"),
    ("Acme Tradng Limited", {}, "00000002"),  # one typo
    ("Acme Holdings", {"country": "GB"}, "00000003"),
    ("Smith and Jones", {}, "00000005"),  # "&" and "and"
    ("Jones & Smith LLP", {}, "00000005"),  # word order
    ("you ltd", {}, "04475590"),  # single-token name
    ("YOU", {}, "04475590"),
    ("Tesko", {}, "00445790"),  # single-token name with a typo
    ("Marks & Spencer", {}, "00214436"),
    ("marks and spensor plc", {}, "00214436"),
    ("Zytronik", {}, "00000008"),
    ("Zytronic Display", {}, "00000009"),
    ("London Property Services", {}, "00000010"),  # common words only
    ("Property Services London Ltd", {}, "00000010"),
    ("The London Property Company", {}, "00000011"),
    ("Brigth Horizons Family Solutions", {}, "00000012"),  # transposition
    ("Bright Horizons Solutions", {}, "00000012"),  # a word missing
    ("Global Services", {}, "00000015"),
    ("Global Servics Group", {}, "00000016"),
    ("Orchard Bakery", {"postcode": "BS1 4DJ"}, "00000014"),  # the postcode decides
    ("Orchard Bakery", {"postcode": "m11ae"}, "00000013"),
    ("Orchard Bakery", {"city": "Bristol"}, "00000014"),
    ("Orchard Bakery LLP", {}, "00000014"),  # the legal form decides
    ("Northern Light Consulting", {}, "00000018"),
    ("kingfisher logistic", {}, "00000019"),
    ("Highland Whiskey Traders", {}, "SC123456"),
    ("Quantum Leap Analytics", {}, "00000020"),  # a split word
    ("Ashworth Catering Services", {}, "10000000"),
]


def test_search_ranks_the_company_first(registry):
    # One database per backend for the whole table: each case is a read.
    wrong = {}
    for query, options, expected in CASES:
        candidates = search_companies(registry, query, **options)
        scores = [c.score for c in candidates]
        assert all(0 <= s <= 1 for s in scores)
        assert scores == sorted(scores, reverse=True)
        if not candidates or candidates[0].record.number != expected:
            wrong[query] = [(c.record.name, c.score) for c in candidates[:3]]
    assert wrong == {}


UNAMBIGUOUS = [
    ("Acme Ltd", {}, True),
    ("Marks and Spencer PLC", {}, True),
    ("Brigth Horizons Family Solutions Ltd", {}, True),
    ("Acne", {}, True),  # a company of that very name exists
    ("Orchard Bakery", {}, False),  # two companies share the core
    ("Acme", {"country": None}, False),  # ACME SARL in France too
    ("Zytronik", {}, False),  # short name with a typo: below 0.9
    ("Acme Tradin Holdings", {}, False),  # between two companies
]


def test_unambiguous_rule(registry):
    verdicts = {q: is_unambiguous(search_companies(registry, q, **o)) for q, o, _ in UNAMBIGUOUS}
    assert verdicts == {q: expected for q, _, expected in UNAMBIGUOUS}


def test_explanation_says_what_matched(registry):
    best = search_companies(registry, "Orchard Bakery LLP", postcode="BS1 4DJ", city="bristol")[0]
    why = best.explanation
    assert (why.legal_form, why.postcode_match, why.city_match) == ("same", True, True)
    assert why.name_score == 1.0
    assert why.matched_name == "orchard bakery"
    assert best.version_id == VERSION
    other = search_companies(registry, "Orchard Bakery LLP", postcode="BS1 4DJ")[1]
    assert (other.explanation.legal_form, other.explanation.postcode_match) == (
        "different",
        False,
    )


def test_country_filter_and_limit(registry):
    assert {c.record.country for c in search_companies(registry, "Acme", country="FR")} == {"FR"}
    both = search_companies(registry, "Acme", limit=50)
    assert {"GB", "FR"} <= {c.record.country for c in both}
    assert len(search_companies(registry, "services", limit=3)) == 3
    assert search_companies(registry, "   ") == []
    assert search_companies(registry, "Limited") == [] or True  # only a legal form: no crash


def test_search_without_vocabulary_still_finds_exact_words(db):
    seed_companies(db)
    with db.engine.begin() as conn:
        conn.exec_driver_sql("DELETE FROM registry_name_variants")
        conn.exec_driver_sql("DELETE FROM registry_name_tokens")
    assert search_companies(db, "Acme Trading Ltd")[0].record.number == "00000002"
    assert search_companies(db, "Property Services London")[0].record.number == "00000010"
    assert refresh_search_vocabulary(db) > 50
    assert search_companies(db, "Acme Tradng")[0].record.number == "00000002"


def test_deleted_and_renamed_companies_leave_the_index(registry):
    with registry.engine.begin() as conn:
        conn.execute(RegistryCompany.__table__.delete().where(RegistryCompany.number == "00000019"))
        conn.execute(
            RegistryCompany.__table__.update()
            .where(RegistryCompany.number == "00000020")
            .values(name="PARALLAX ANALYTICS LTD", name_key="parallax analytics")
        )
    assert all(c.record.number != "00000019" for c in search_companies(registry, "Kingfisher"))
    assert search_companies(registry, "Parallax Analytics")[0].record.number == "00000020"


@pytest.mark.parametrize(
    ("country", "number", "expected"),
    [
        ("GB", "04475590", "04475590"),
        ("gb", "4475590", "04475590"),  # zero-padded to 8
        ("GB", " 0447 5590 ", "04475590"),
        ("GB", "sc123456", "SC123456"),
        ("GB", "SC 123456", "SC123456"),
        ("FR", "552 100 554", "552100554"),  # only GB numbers are padded
    ],
)
def test_get_company_normalises_the_number(registry, country, number, expected):
    record = get_company(registry, country, number)
    assert record is not None
    assert record.number == expected


def test_get_company_unknown_and_invalid(registry):
    assert get_company(registry, "GB", "99999999") is None
    assert get_company(registry, "DE", "HRB 1234") is None
    found = find_company(registry, "GB", "1")
    assert found is not None and found.version_id == VERSION
    assert found.record.name == "ACME LIMITED"
    assert found.record.address.postcode == "SW1A 1AA"
    for bad in ("", "   ", "123456789", "AB-123", "Ünïcode"):
        with pytest.raises(InvalidNumber):
            get_company(registry, "GB", bad)
    assert has_registry_data(registry, "gb")
    assert not has_registry_data(registry, "DE")
