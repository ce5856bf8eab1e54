"""Pinned name normalisations: an optimisation of ``normalise_name`` must not change them.

``data/pinned_names.json`` holds a few hundred varied names (synthetic and real register names,
misspelt legal forms, initials, non-Latin scripts) with their core and legal-form tokens as
computed before ``registry.names`` was optimised.
"""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from openkyb.registry.names import normalise_name

PINNED: dict[str, list[list[str]]] = json.loads(
    (Path(__file__).parent / "data" / "pinned_names.json").read_text("utf-8")
)


def test_there_are_enough_pinned_names() -> None:
    assert len(PINNED) >= 300


@pytest.mark.parametrize("name", sorted(PINNED))
def test_normalisation_is_unchanged(name: str) -> None:
    normalise_name.cache_clear()
    result = normalise_name(name)
    assert [list(result.core), list(result.legal_form)] == PINNED[name]
