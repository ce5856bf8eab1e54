"""Postcode normalisation and validation, and the shared-address grouping key."""

from __future__ import annotations

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from openkyb.registry import addresses
from openkyb.registry.addresses import (
    address_key,
    address_key_from_parts,
    is_valid_uk_postcode,
    postcode_key,
)
from openkyb.registry.model import RegisteredAddress
from openkyb.registry.synthetic import generate_rows
from tests.helpers import shared_data
from tests.registry.loadhelpers import BASIC_SAMPLE, read_csv


@pytest.mark.parametrize(
    ("text", "key"),
    [
        ("sw1a 1aa", "SW1A1AA"),
        ("  EC1V 9LT ", "EC1V9LT"),
        ("ec1v-9lt", "EC1V9LT"),
        ("D02 X285", "D02X285"),
        ("75008", "75008"),
        ("", None),
        (None, None),
        (" - ", None),
    ],
)
def test_postcode_key(text: str | None, key: str | None) -> None:
    assert postcode_key(text) == key


@pytest.mark.parametrize(
    "text",
    ["SW1A 1AA", "sw1a1aa", "EC1V 9LT", "W1A 0AX", "M1 1AE", "B33 8TH", "CR2 6XH", "DN55 1PT",
     "GIR 0AA", "N1 7GU", "S35 2PH", "LS10 2RU", "GY1 1EW", "BFPO 801", "ASCN 1ZZ"],
)  # fmt: skip
def test_valid_uk_postcodes(text: str) -> None:
    assert is_valid_uk_postcode(text)


@pytest.mark.parametrize(
    "text",
    [
        "QA1 1AA",  # Q never first
        "AI1 1AA",  # I never second
        "AB1 2CD",  # C never in the inward code
        "W1Z 1AA",  # Z not allowed third in A9A
        "EC1C 1AA",  # C not allowed fourth in AA9A
        "SW1A",  # outward code only
        "12345",
        "SW1A 1AAA",
        "",
        "BFPO",
    ],
)
def test_invalid_uk_postcodes(text: str) -> None:
    assert not is_valid_uk_postcode(text)


def test_bfpo_can_be_refused() -> None:
    assert not is_valid_uk_postcode("BFPO 801", allow_bfpo=False)


AGENT = "N17GU 20-22 wenlock road"


@pytest.mark.parametrize(
    ("lines", "postcode", "key"),
    [
        (["20-22 WENLOCK ROAD"], "N1 7GU", AGENT),
        (["20-22 Wenlock Rd"], "n1 7gu", AGENT),
        (["Suite 4A, 20 - 22 Wenlock Road"], "N1 7GU", AGENT),
        (["First Floor", "20-22 Wenlock Road"], "N1 7GU", AGENT),
        (["Office 12", "20-22", "Wenlock Road"], "N17GU", AGENT),
        (["Unit 5, 20-22 Wenlock Road"], "N1 7GU", AGENT),
        (["Kemp House", "160 City Road"], "EC1V 2NX", "EC1V2NX 160 city road"),
        (["Office 7, Kemp House, 160 City Rd"], "EC1V2NX", "EC1V2NX 160 city road"),
        (["1ST AND 2ND FLOORS ELIZABETH HOUSE", "LES RUETIES BRAYES"], "GY1 1EW",
         "GY11EW elizabeth house"),
        (["METROHOUSE 57 PEPPER ROAD", "HUNSLET"], "LS10 2RU", "LS102RU 57 pepper road"),
        (["UNIT 3 NEWTON BUSINESS CENTRE"], "S35 2PH", "S352PH unit 3 newton business centre"),
        (["12 St Johns Rd"], "AB1 2AB", "AB12AB 12 saint johns road"),
        (["Flat 3", "Rose Court"], "AB1 2AB", "AB12AB rose court"),
        (["Rose Cottage"], "AB1 2AB", "AB12AB rose cottage"),
        ([], "AB1 2AB", "AB12AB"),
        (["20-22 Wenlock Road"], None, None),
        (["20-22 Wenlock Road", "N1 7GU"], "N1 7GU", AGENT),
        (["12 3", "High Street"], "123", "123 high street"),  # a numeric postcode as a line
        (["1st Floor High Street", "4 Low Road"], "AB1 2AB", "AB12AB 4 low road"),
        (["12 No Street"], "AB1 2AB", "AB12AB 12 street"),
    ],
)  # fmt: skip
def test_address_key_from_parts(lines: list[str], postcode: str | None, key: str | None) -> None:
    assert address_key_from_parts(lines, postcode) == key


@pytest.mark.parametrize(
    ("first", "second"),
    [
        (["1 High Street"], ["3 High Street"]),
        (["Unit 3 Newton Business Centre"], ["Unit 4 Newton Business Centre"]),
        (["Rose Cottage"], ["Ivy Cottage"]),
    ],
)
def test_different_buildings_in_one_postcode_differ(first: list[str], second: list[str]) -> None:
    assert address_key_from_parts(first, "AB1 2AB") != address_key_from_parts(second, "AB1 2AB")


def test_registered_address_uses_the_lines_and_postcode_not_care_of() -> None:
    address = RegisteredAddress(
        care_of="ACME AGENTS", po_box="12", line1="Suite 4A", line2="20-22 Wenlock Road",
        post_town="LONDON", postcode="N1 7GU",
    )  # fmt: skip
    assert address_key(address) == AGENT
    assert address_key(RegisteredAddress(line1="20-22 WENLOCK ROAD")) is None


@given(st.lists(st.text(max_size=40), max_size=4), st.text(max_size=12))
def test_address_key_never_fails_and_starts_with_the_postcode_key(
    lines: list[str], postcode: str
) -> None:
    key = address_key_from_parts(lines, postcode)
    code = postcode_key(postcode)
    if code is None:
        assert key is None
    else:
        assert key is not None and key.startswith(code) and len(key) <= 300


@given(st.text(max_size=30))
def test_postcode_key_is_idempotent(text: str) -> None:
    key = postcode_key(text)
    assert key is None or postcode_key(key) == key


# Words that exercise the premises rules: numbers and ranges, abbreviations, "st", "no",
# floors, rooms, units, building names, a postcode written as a line.
ADDRESS_WORDS = [
    "12", "20-22", "4A", "1ST", "2ND", "3", "HIGH", "STREET", "ST", "RD", "ROAD", "NO",
    "NUMBER", "FLOOR", "FLOORS", "GROUND", "FIRST", "AND", "LEVEL", "UNIT", "UNITS", "SUITE",
    "OFFICE", "FLAT", "APT", "ROOM", "KEMP", "HOUSE", "HSE", "WENLOCK", "N1", "7GU", "B",
]  # fmt: skip


def _agrees_with_the_general_rules(lines: list[str], postcode: str) -> None:
    """The numbered-street shortcut, when it applies, gives what the general rules give."""
    code = postcode_key(postcode)
    first = next((line for line in lines if line), None)
    if code is None or first is None:
        return
    shortcut = addresses._numbered_street(first, code)
    if shortcut is not None:
        assert shortcut == addresses._premises_of(lines, code), lines


@settings(max_examples=3000, deadline=None)
@given(
    st.lists(
        st.lists(st.sampled_from(ADDRESS_WORDS), max_size=5).map(" ".join), min_size=1, max_size=3
    ),
    st.sampled_from(["N1 7GU", "N17GU", "12", "12 3", "AB1 2AB"]),
)
def test_numbered_street_shortcut_agrees_on_word_combinations(
    lines: list[str], postcode: str
) -> None:
    _agrees_with_the_general_rules(lines, postcode)


@settings(max_examples=500, deadline=None)
@given(st.lists(st.text(max_size=30), min_size=1, max_size=3), st.text(max_size=10))
def test_numbered_street_shortcut_agrees_on_any_text(lines: list[str], postcode: str) -> None:
    _agrees_with_the_general_rules(lines, postcode)


def test_numbered_street_shortcut_agrees_on_generated_and_real_addresses() -> None:
    rows = list(generate_rows(20_000, seed=11))
    rows += read_csv(shared_data(BASIC_SAMPLE))[1]
    taken = 0
    for row in rows:
        lines = [line for line in (row[4], row[5]) if line]
        _agrees_with_the_general_rules(lines, row[9])
        code = postcode_key(row[9])
        taken += bool(code and lines and addresses._numbered_street(lines[0], code))
    assert taken > len(rows) // 2  # the shortcut is the common case
