"""Evidence gathered outside the checks, in plain data: the checks stay pure."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any


@dataclass(frozen=True, slots=True)
class PartyScreening:
    """The screening of one party of the application: the company, a name, an officer..."""

    party: str  # "company", "trading_name", "officers[0]", "owners[1]"
    role: str  # company | trading_name | officer | owner
    name: str
    hits: list[dict[str, Any]]  # openkyb.screening.Hit.as_dict() items, best first


@dataclass(frozen=True, slots=True)
class ScreeningEvidence:
    """Every party's screening against the loaded watchlists, and which versions were used."""

    parties: list[PartyScreening] = field(default_factory=list)
    datasets: list[dict[str, str]] = field(default_factory=list)  # [{dataset, version}]
    entities: int = 0
    topics: frozenset[str] = frozenset()  # topics present in the loaded lists (sanction, pep...)
    threshold: float = 0.0
    error: str | None = None  # the screening engine could not be reached
