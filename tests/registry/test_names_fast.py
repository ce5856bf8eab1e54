"""``name_key``'s bulk shortcut gives exactly ``normalise_name(name).key``."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from openkyb.registry.names import name_key, normalise_name
from openkyb.registry.synthetic import generate_rows

PINNED = sorted(json.loads((Path(__file__).parent / "data" / "pinned_names.json").read_text()))
# Words that exercise every step: legal forms (spelt right, wrong, abbreviated), phrase starts,
# articles, joiners, leading forms, the name words kept in the core, initials, punctuation.
WORDS = [
    "ACME", "WIDGETS", "HOLDINGS", "LIMITED", "LTD", "LTD.", "LIMTED", "LIMITD", "PLC", "P.L.C.",
    "LLP", "L.L.P.", "COMPANY", "CO", "CO.", "CMPANY", "THE", "(THE)", "AND", "&", "+", "OF",
    "FOR", "SON", "SONS", "AGES", "DISTRICT", "GMBH", "KG", "AG", "SA", "S.A.", "A", "B", "C",
    "JOINT", "STOCK", "PUBLIC", "PRIVATE", "UNLIMITED", "COMMUNITY", "INTEREST", "CIC",
    "PARTNERSHIP", "LP", "INC", "CORP", "CORPORATION", "TRUST", "GROUP", "SERVICES", "UK",
    "JSC", "OOO", "PT", "SC", "KK", "O'BRIEN", "SMITH-JONES", "12", "1ST", "ÉLAN", "Ü",
    "СТРОЙ", "ООО", "CHARITABLE", "INCORPORATED", "ASSOCIATION", "SOCIETY", "MUTUAL",
]  # fmt: skip


def test_pinned_names() -> None:
    for name in PINNED:
        assert name_key(name) == normalise_name(name).key, name


def test_generated_register_names() -> None:
    for row in generate_rows(5000, seed=5):
        name = row[0].strip()
        assert name_key(name) == normalise_name(name).key, name


@settings(max_examples=2000, deadline=None)
@given(st.lists(st.sampled_from(WORDS), min_size=0, max_size=8))
def test_word_combinations(words: list[str]) -> None:
    name = " ".join(words)
    assert name_key(name) == normalise_name(name).key


@settings(max_examples=500, deadline=None)
@given(st.text(max_size=40))
def test_any_text(name: str) -> None:
    assert name_key(name) == normalise_name(name).key


@pytest.mark.parametrize(
    "name",
    ["", "THE", "AND LIMITED", "AND AND", "SMITH AND SON LIMITED", "ACME LIMITED (THE)",
     "THE COMPANY LIMITED", "A B C LIMITED", "ACME AND CO LTD", "ACME LIMITED AND"],
)  # fmt: skip
def test_edge_cases(name: str) -> None:
    assert name_key(name) == normalise_name(name).key
