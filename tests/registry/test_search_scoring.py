"""The pure parts of company search: query parsing, spellings, branches and scores."""

from __future__ import annotations

from dataclasses import dataclass

import pytest
from hypothesis import given
from hypothesis import strategies as st
from rapidfuzz.distance import OSA

from openkyb.registry.scoring import Context, adjust, is_unambiguous, name_scores
from openkyb.registry.search_query import (
    InvalidNumber,
    WordVariants,
    edits1,
    normalise_number,
    parse_query,
    select_variants,
    token_branches,
    variant_keys,
)
from openkyb.registry.search_vocab import deletions


@pytest.mark.parametrize(
    ("country", "number", "expected"),
    [
        ("GB", "4475590", "04475590"),
        ("gb", "sc 123456", "SC123456"),
        ("GB", "OC301540", "OC301540"),
        ("FR", "552100554", "552100554"),
        ("DE", "hrb1234", "HRB1234"),
    ],
)
def test_normalise_number(country, number, expected):
    assert normalise_number(country, number) == expected


@pytest.mark.parametrize("number", ["", " ", "123456789", "12-34", "ab/12", "x" * 21])
def test_normalise_number_rejects(number):
    with pytest.raises(InvalidNumber):
        normalise_number("GB", number)


def test_parse_query_separates_core_and_legal_form():
    assert parse_query("Acme Ltd") == parse_query("ACME LIMITED")
    assert parse_query("Smith & Jones LLP").words == ("smith", "and", "jones")
    assert (
        parse_query("Smith & Jones LLP").legal_form != parse_query("Smith & Jones Ltd").legal_form
    )


@given(st.text(alphabet="abcdefghij", min_size=2, max_size=8))
def test_edits1_are_one_edit_away_and_share_a_deletion(word):
    for other in edits1(word):  # words of one letter are left as they are
        assert OSA.distance(word, other) == 1
        assert deletions(word) & deletions(other)  # what the variants index relies on


def test_select_variants_keeps_close_spellings_only():
    found = [("investments", 900), ("investment", 50), ("invest", 400), ("ivnestments", 0)]
    word = select_variants("ivnestments", found)
    assert word.df == 0
    assert list(word.variants) == ["investments", "investment"]  # by distance, then use


def test_variant_keys_swap_one_word():
    words = [WordVariants("acme", 3), WordVariants("tradng", None, {"trading": 40})]
    assert variant_keys(["acme", "tradng"], words) == [
        "acme tradng",
        "acme trading",
        "tradng",
        "acme",
    ]


def test_token_branches_leave_one_out_and_skip_unknown_words():
    words = [
        WordVariants("york", 6000),
        WordVariants("ivnestments", None, {"investments": 18000}),
        WordVariants("services", 150000),
        WordVariants("qqzx", None),  # unknown: left to the scorer
    ]
    branches = token_branches(words, vocabulary_known=True)
    groups = {b.groups for b in branches}
    assert (("investments",), ("york",)) in groups  # the two rarest groups, common words out
    assert all("qqzx" not in g for b in branches for g in b.groups)
    assert token_branches(words, vocabulary_known=False)[0].groups == (("york",), ("ivnestments",))


def test_name_scores_tolerate_order_a_little_less_than_exact():
    scores = name_scores("acme trading", ["acme trading", "trading acme", "acme", "zeta"])
    assert scores[0] == 1.0
    assert 0.9 < scores[1] < 1.0
    assert scores[2] < scores[1] and scores[3] < 0.3


@pytest.mark.parametrize(
    ("query", "name", "postcode", "expected_form", "delta"),
    [
        ("Acme Ltd", "ACME LIMITED", None, "same", 0.03),
        ("Acme LLP", "ACME LIMITED", None, "different", -0.03),
        ("Acme", "ACME LIMITED", None, None, 0.0),
        ("Acme", "ACME LIMITED", "SW1A 1AA", None, 0.05),
        ("Acme", "ACME LIMITED", "EC1A 1BB", None, -0.02),
    ],
)
def test_adjustments(query, name, postcode, expected_form, delta):
    context = Context.build(query, parse_query(query), postcode, None)
    score, why = adjust(context, 1.0, name, "acme", "SW1A1AA", "LONDON")
    assert why.legal_form == expected_form
    assert score == pytest.approx(min(1.0, 0.95 + delta))


@dataclass
class _Scored:
    score: float


@pytest.mark.parametrize(
    ("scores", "expected"),
    [
        ([], False),
        ([0.95], True),
        ([0.89], False),
        ([0.95, 0.90], True),
        ([0.95, 0.91], False),
        ([1.0, 0.99], False),
    ],
)
def test_is_unambiguous(scores, expected):
    assert is_unambiguous([_Scored(s) for s in scores]) is expected
