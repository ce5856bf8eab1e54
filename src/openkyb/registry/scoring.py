"""Scores of company-search candidates, calibrated for the identity check (pure).

The score is mostly the similarity of the name cores (edit similarity, word-order tolerant),
scaled to 0.95: a perfect core with nothing else known scores 0.95. Around it, small and
explained adjustments: the same legal form +0.03 and a different one -0.03; the postcode
+0.05 when it matches and -0.02 when it differs; the post town +0.02 when it matches.

Calibration: one misspelt letter in a name core of 12+ characters still scores >= 0.9 when
the legal forms agree (0.95 x 11/12 + 0.03), a short name with a typo does not, and a
*different* company rarely comes within 0.05 of the right one (at 1M synthetic companies,
one-typo queries put the right company first 99.7 % of the time). Hence the rule of
:func:`is_unambiguous`.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any, Protocol

import numpy as np
from rapidfuzz import process
from rapidfuzz.distance import OSA

from openkyb.registry.addresses import postcode_key
from openkyb.registry.names import normalise_name
from openkyb.registry.search_query import QueryName
from openkyb.screening.normalize import fold

NAME_WEIGHT = 0.95
REORDER_FACTOR = 0.97  # the same words in another order are nearly, not quite, the same name
SAME_FORM, OTHER_FORM = 0.03, -0.03
POSTCODE_MATCH, POSTCODE_MISMATCH, CITY_MATCH = 0.05, -0.02, 0.02
UNAMBIGUOUS_SCORE = 0.9
UNAMBIGUOUS_MARGIN = 0.05


class Scored(Protocol):
    """Anything with a score (a Candidate)."""

    @property
    def score(self) -> float: ...


@dataclass(frozen=True, slots=True)
class Explanation:
    """Why a candidate scored what it did."""

    name_score: float  # similarity of the name cores, 0..1
    matched_name: str  # the registry's name_key compared
    legal_form: str | None  # "same", "different" or None (one side has no legal form)
    postcode_match: bool | None  # None when no postcode was given or the company has none
    city_match: bool | None

    def as_dict(self) -> dict[str, Any]:
        """A JSON-ready view."""
        return {
            "name_score": round(self.name_score, 4),
            "matched_name": self.matched_name,
            "legal_form": self.legal_form,
            "postcode_match": self.postcode_match,
            "city_match": self.city_match,
        }


@dataclass(frozen=True, slots=True)
class Context:
    """What the query says beside the name, normalised once."""

    name: QueryName
    postcode: str | None = None  # postcode_key form
    city: str | None = None  # folded
    written: str = ""  # the query as typed, folded: breaks ties ("ACME LTD" vs "ACME LIMITED")

    @classmethod
    def build(cls, query: str, name: QueryName, postcode: str | None, city: str | None) -> Context:
        """Normalise the optional postcode and city of a query."""
        return cls(
            name,
            postcode_key(postcode) if postcode else None,
            fold(city or "") or None,
            fold(query),
        )

    def spelling(self, name: str) -> float:
        """How close ``name`` is to the query as written, legal form included (tie-breaker)."""
        return float(OSA.normalized_similarity(self.written, fold(name)))


def _sorted_words(key: str) -> str:
    return " ".join(sorted(key.split()))


def name_scores(query_key: str, keys: Sequence[str]) -> np.ndarray[Any, np.dtype[np.float64]]:
    """Core similarity of the query to every key, 0..1 (in C, one pass per scorer)."""
    if not keys:
        return np.zeros(0)
    ordered = process.cdist([query_key], keys, scorer=OSA.normalized_similarity, workers=1)[0]
    by_words = process.cdist(
        [_sorted_words(query_key)],
        [_sorted_words(k) for k in keys],
        scorer=OSA.normalized_similarity,
        workers=1,
    )[0]
    result: np.ndarray[Any, np.dtype[np.float64]] = np.maximum(
        ordered, by_words * REORDER_FACTOR
    ).astype(np.float64)
    return result


def adjust(
    context: Context,
    name_score: float,
    name: str,
    name_key: str,
    company_postcode: str | None,
    company_town: str | None,
) -> tuple[float, Explanation]:
    """The final score of one candidate and its explanation."""
    score = NAME_WEIGHT * name_score
    form = None
    company_form = normalise_name(name).legal_form
    if context.name.legal_form and company_form:
        form = "same" if context.name.legal_form == company_form else "different"
        score += SAME_FORM if form == "same" else OTHER_FORM
    postcode_match = None
    if context.postcode and company_postcode:
        postcode_match = context.postcode == company_postcode
        score += POSTCODE_MATCH if postcode_match else POSTCODE_MISMATCH
    city_match = None
    if context.city and company_town:
        city_match = context.city == fold(company_town)
        score += CITY_MATCH if city_match else 0.0
    score = min(1.0, max(0.0, score))
    return round(score, 4), Explanation(
        round(name_score, 4), name_key, form, postcode_match, city_match
    )


def is_unambiguous(candidates: Sequence[Scored]) -> bool:
    """True when the best candidate is surely the company meant.

    The rule: the first (best) candidate scores at least 0.9 and every other candidate
    scores at least 0.05 less. Candidates must be ranked best first, as search returns them.
    """
    if not candidates or candidates[0].score < UNAMBIGUOUS_SCORE:
        return False
    margin = round(candidates[0].score - candidates[1].score, 4) if len(candidates) > 1 else 1.0
    return margin >= UNAMBIGUOUS_MARGIN
