"""Where the real published sample files live, for the parser tests."""

from __future__ import annotations

from collections.abc import Iterable
from pathlib import Path

from openkyb.sources.model import Entity, ParseIssue
from openkyb.sources.registry import ParseItem, Published
from tests.helpers import shared_data


def sample(*parts: str) -> Path:
    """A file or folder under the shared data; skipped when absent (a failure under CI)."""
    return shared_data("/".join(parts))


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
