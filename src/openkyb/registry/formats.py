"""The registry file formats that ``openkyb data load FORMAT PATH`` understands.

A registry format parses a publisher's file into :mod:`openkyb.registry.model` records. Like the
watchlist parsers, a parser never raises on a bad record: it yields a :class:`ParseIssue` with
the row (or line) number and goes on; it may raise ``ValueError`` when the path is not this
format at all.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Literal

from openkyb.registry.model import CompanyChange, CompanyRecord, LeiRecord, LeiRelationship, Psc
from openkyb.sources.model import ParseIssue
from openkyb.sources.registry import Published

RegistryItem = (
    CompanyRecord | CompanyChange | Psc | LeiRecord | LeiRelationship | ParseIssue | Published
)
RegistryParser = Callable[[Path], Iterator[RegistryItem]]
# What a file holds decides how it is stored: a full "companies" file replaces the country's
# register (with a diff), "changes" are applied on top, "psc"/"lei"/"relationships" replace
# their own tables.
Kind = Literal["companies", "changes", "psc", "lei", "relationships"]


@dataclass(frozen=True, slots=True)
class RegistryFormat:
    """A registry publisher's file format and how to parse it."""

    name: str  # "uk-ch-basic"
    description: str
    kind: Kind
    parse: RegistryParser
    dataset_for: Callable[[Path], str]  # the default dataset name ("gb-companies-house")
    url: str | None = None


REGISTRY_FORMATS: dict[str, RegistryFormat] = {}


def register_registry_format(registry_format: RegistryFormat) -> RegistryFormat:
    """Add a format (each parser module calls this once at import)."""
    if registry_format.name in REGISTRY_FORMATS:
        raise ValueError(f"format {registry_format.name} registered twice")
    REGISTRY_FORMATS[registry_format.name] = registry_format
    return registry_format


def _import_parsers() -> None:
    import openkyb.registry.sources  # noqa: F401 - registers every registry parser


def get_registry_format(name: str) -> RegistryFormat | None:
    """The registry format called ``name``, or None when it is not a registry format."""
    _import_parsers()
    return REGISTRY_FORMATS.get(name)


def all_registry_formats() -> list[RegistryFormat]:
    """Every registry format, by name."""
    _import_parsers()
    return [REGISTRY_FORMATS[name] for name in sorted(REGISTRY_FORMATS)]
