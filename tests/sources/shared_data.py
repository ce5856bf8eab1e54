"""Where the real published sample files live, for the parser tests."""

from __future__ import annotations

import os
from collections.abc import Iterable
from pathlib import Path

import pytest

from openkyb.sources.model import Entity, ParseIssue
from openkyb.sources.registry import ParseItem, Published


def shared_data() -> Path:
    """``$OPENKYB_SHARED_DATA``, else ``../shared/data`` next to the project."""
    configured = os.environ.get("OPENKYB_SHARED_DATA")
    if configured:
        return Path(configured)
    return Path(__file__).resolve().parents[3] / "shared" / "data"


def sample(*parts: str) -> Path:
    """A file or folder under the shared data, or skip the test when it is absent."""
    path = shared_data().joinpath(*parts)
    if not path.exists():
        pytest.skip(f"real sample {path} not present (set OPENKYB_SHARED_DATA to run this test)")
    return path


def split(items: Iterable[ParseItem]) -> tuple[list[Entity], list[ParseIssue], list[Published]]:
    """Entities, issues and publication dates, each asserted to be one of the three."""
    entities: list[Entity] = []
    issues: list[ParseIssue] = []
    published: list[Published] = []
    for item in items:
        if isinstance(item, Entity):
            entities.append(item)
        elif isinstance(item, ParseIssue):
            issues.append(item)
        else:
            assert isinstance(item, Published), item
            published.append(item)
    return entities, issues, published
