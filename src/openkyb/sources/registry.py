"""The registry of source formats that ``openkyb data load FORMAT PATH`` understands."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from dataclasses import dataclass
from pathlib import Path

from openkyb.sources.model import Entity, ParseIssue


@dataclass(frozen=True, slots=True)
class Published:
    """The publication date a file states about itself, yielded once by a parser if known."""

    date: str  # ISO date, YYYY-MM-DD


ParseItem = Entity | ParseIssue | Published
Parser = Callable[[Path], Iterator[ParseItem]]


@dataclass(frozen=True, slots=True)
class SourceFormat:
    """A publisher's file format and how to parse it.

    ``parse`` takes the path as the publisher ships it (a file, a zip, a gzip or a folder of
    files) and yields entities, a :class:`ParseIssue` for every record it had to skip, and at
    most one :class:`Published`. It never raises on a bad record; it may raise ``ValueError``
    when the path is not this format at all.
    """

    name: str  # "ofac-csv"
    description: str
    parse: Parser
    dataset_for: Callable[[Path], str]  # the default dataset name for a path
    url: str | None = None  # where the publisher serves it (shown by `openkyb data formats`;
    # `openkyb data update` reads its URLs from watchlists/sources.yaml, which can be overridden)


FORMATS: dict[str, SourceFormat] = {}


def register(source_format: SourceFormat) -> SourceFormat:
    """Add a format to the registry (each parser module calls this once)."""
    if source_format.name in FORMATS:
        raise ValueError(f"format {source_format.name} registered twice")
    FORMATS[source_format.name] = source_format
    return source_format


def get_format(name: str) -> SourceFormat:
    """The registered format, or a ValueError listing the known ones."""
    import openkyb.sources.formats  # noqa: F401 - registers every parser

    try:
        return FORMATS[name]
    except KeyError:
        known = ", ".join(sorted(FORMATS))
        raise ValueError(f"unknown format '{name}'; known formats: {known}") from None


def all_formats() -> list[SourceFormat]:
    """Every registered format, by name."""
    import openkyb.sources.formats  # noqa: F401

    return [FORMATS[name] for name in sorted(FORMATS)]
