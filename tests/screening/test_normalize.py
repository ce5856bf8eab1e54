"""Normalisation units: folding, phonetic keys, legal forms, honorifics, token classes."""

from __future__ import annotations

import pytest

from openkyb.screening.legal_forms import legal_forms
from openkyb.screening.names import Kind, TokenClass, analyse, is_distinctive
from openkyb.screening.normalize import fold, merge_initials, shape, skeleton, tokenize
from openkyb.screening.similarity import token_similarity


@pytest.mark.parametrize(
    ("text", "folded"),
    [
        ("Müller", "muller"),
        ("Владимир Путин", "vladimir putin"),
        ("Ελληνική", "elliniki"),
        ("AL-QAIDA", "al qaida"),
        ("O'Brien", "obrien"),
        ("  S.A.  ", "s a"),
        ("习近平", "xi jin ping"),
        ("محمد", "mhmd"),
        ("", ""),
    ],
)
def test_fold(text: str, folded: str):
    assert fold(text) == folded


def test_tokenize_and_merge_initials():
    assert tokenize("A.B.C. Trading, S.A.") == ["a", "b", "c", "trading", "s", "a"]
    assert merge_initials(["a", "b", "c", "trading", "s", "a"]) == ["abc", "trading", "sa"]


@pytest.mark.parametrize(
    ("a", "b"),
    [("muhammad", "mohamed"), ("muhammad", "mhmd"), ("hussein", "hsyn"), ("yusuf", "ywsf"),
     ("khalid", "halid"), ("mahmoud", "mhmwd")],
)  # fmt: skip
def test_skeleton_survives_transliteration(a: str, b: str):
    assert skeleton(a) == skeleton(b)


@pytest.mark.parametrize(
    ("a", "b", "same"),
    [("mohamed", "muhammad", True), ("hussein", "husayn", True), ("dolphin", "dolfin", True),
     ("candour", "candiru", False), ("dina", "don", False), ("yalta", "altai", False)],
)  # fmt: skip
def test_shape(a: str, b: str, same: bool):
    assert (shape(a) == shape(b)) is same


@pytest.mark.parametrize(
    ("a", "b", "low", "high"),
    [
        ("putin", "putin", 1.0, 1.0),
        ("putin", "puttin", 0.8, 0.9),
        ("ali", "aly", 0.0, 0.0),  # three letters: exact only
        ("j", "john", 0.8, 0.8),  # an initial
        ("123", "124", 0.0, 0.0),  # numbers are exact
        ("mohamed", "muhammad", 0.8, 0.9),
        ("smith", "jones", 0.0, 0.0),
    ],
)
def test_token_similarity(a: str, b: str, low: float, high: float):
    assert low <= token_similarity(a, b) <= high
    assert token_similarity(a, b) == token_similarity(b, a)


@pytest.mark.parametrize(
    ("name", "tokens"),
    [
        ("ACME LIMITED", ["acme", "ltd"]),
        ("Acme Ltd.", ["acme", "ltd"]),
        ("Foo Co., Ltd.", ["foo", "co", "ltd"]),
        ("Foo Company Limited", ["foo", "co", "ltd"]),
        ("Müller Gesellschaft mit beschränkter Haftung", ["muller", "gmbh"]),
        ("Siemens Aktiengesellschaft", ["siemens", "ag"]),
        ("ООО Ромашка", ["llc", "romashka"]),
        ("Romashka Limited Liability Company", ["romashka", "llc"]),
        ("Société Anonyme Dupont", ["sa", "dupont"]),
        ("Foo S.A. de C.V.", ["foo", "sadecv"]),
        ("Open Joint Stock Company Chayka", ["ojsc", "chayka"]),
        ("Ansar al-Islam", ["ansar", "al", "islam"]),  # not the Scandinavian "ansvar"
    ],
)
def test_legal_forms(name: str, tokens: list[str]):
    assert analyse(name, Kind.ORG)[0] == tokens


def test_legal_form_tokens_are_marked_but_kept():
    tokens, classes = analyse("ACME TRADING LIMITED", Kind.ORG)
    assert tokens == ["acme", "trading", "ltd"]
    assert classes == [TokenClass.CONTENT, TokenClass.GENERIC, TokenClass.LEGAL]
    assert "gmbh" in legal_forms().tokens


@pytest.mark.parametrize(
    ("name", "tokens"),
    [
        ("Mr John Smith", ["john", "smith"]),
        ("Dr. John Smith Jr.", ["john", "smith"]),
        ("Sheikh Hassan Dahir Aweys", ["hassan", "dahir", "aweys"]),
        ("Haji Mohammad Sadiq", ["mohammad", "sadiq"]),
        ("General Qassem Soleimani", ["qassem", "soleimani"]),
        ("John Major", ["john", "major"]),  # only a leading "Major" is a rank
        ("Mr", ["mr"]),  # nothing left otherwise
    ],
)
def test_honorifics(name: str, tokens: list[str]):
    assert analyse(name, Kind.PERSON)[0] == tokens


def test_person_classes():
    tokens, classes = analyse("J. Mohammed bin Laden", Kind.PERSON)
    assert tokens == ["j", "mohammed", "bin", "laden"]
    assert classes == [TokenClass.INITIAL, TokenClass.COMMON, TokenClass.PARTICLE,
                       TokenClass.CONTENT]  # fmt: skip
    assert analyse("Lin Da", Kind.PERSON)[1][-1] is TokenClass.CONTENT  # a last "da" is a name


@pytest.mark.parametrize(
    ("name", "kind", "distinctive"),
    [
        ("CORP", Kind.ORG, False),
        ("THE COMPANY LTD", Kind.ORG, False),
        ("TRADING GROUP", Kind.ORG, False),
        ("UNITED WORLD INTERNATIONAL", Kind.ORG, True),  # three generic words together
        ("MOHAMMED", Kind.PERSON, False),
        ("Mohammed Ali", Kind.PERSON, True),
        ("J. Smith", Kind.PERSON, True),
        ("Abu Ali", Kind.PERSON, False),
        ("EMMA LLC", Kind.ORG, True),
    ],
)
def test_distinctive(name: str, kind: Kind, distinctive: bool):
    assert is_distinctive(*analyse(name, kind)) is distinctive
