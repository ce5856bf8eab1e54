"""The screening API's value types: the question (:class:`Query`) and the answer (:class:`Hit`)."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import Any

from openkyb.sources.model import Entity

# Chosen on benchmarks/screening_quality.py (see docs/screening.md): the lowest score at which
# unlisted registry and PEP names stay under 0.5 % false positives while corrupted listed names
# keep their recall.
DEFAULT_THRESHOLD = 0.8


@dataclass(frozen=True, slots=True)
class Query:
    """A name to screen, with the optional facts that qualify a name match.

    ``schema`` is "person", "company" (or "organization"), "vessel", "aircraft" or None for
    unknown; a company query never hits a listed person and vice versa. ``birth_date`` is
    YYYY, YYYY-MM or YYYY-MM-DD. ``countries`` are ISO alpha-2 codes (nationality, residence
    or jurisdiction). ``identifiers`` are document or registration numbers in any format.
    """

    name: str
    schema: str | None = None
    birth_date: str | None = None
    countries: Sequence[str] = ()
    identifiers: Sequence[str] = ()


@dataclass(frozen=True, slots=True)
class Hit:
    """A listed entity that matched a query, with the reasons.

    ``name`` is the listed name that matched best and ``name_type`` its kind (primary, alias,
    weak_alias, previous). ``score`` is in [0, 1], rounded to 3 places. ``explanation`` is
    JSON-ready: the token alignment behind the name score and every adjustment (see
    docs/screening.md).
    """

    dataset: str
    entity_id: str
    schema: str
    name: str
    name_type: str
    score: float
    explanation: dict[str, Any]
    entity: Entity = field(repr=False, compare=False)

    def as_dict(self) -> dict[str, Any]:
        """JSON form: the hit without the full entity, plus its list, programs and topics."""
        return {
            "dataset": self.dataset,
            "entity_id": self.entity_id,
            "schema": self.schema,
            "name": self.name,
            "name_type": self.name_type,
            "score": self.score,
            "list_name": self.entity.list_name,
            "programs": list(self.entity.programs),
            "topics": list(self.entity.topics),
            "explanation": self.explanation,
        }
