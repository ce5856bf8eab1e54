"""The explanation attached to every hit: why this name matched, and what moved the score.

Shape (all numbers rounded to 3 places)::

    {"name": {"score": 0.93, "query": "Mohamed Ali Hasan", "listed": "Muhammad Ali HASSAN",
              "alignment": [{"query": "mohamed", "listed": "muhammad", "similarity": 0.9,
                             "weight": 0.21}, ...],
              "unmatched_query": [{"token": "x", "weight": 0.1}],
              "unmatched_listed": [...], "note": null},
     "adjustments": [{"feature": "birth_date", "effect": 0.04,
                      "detail": "1965 matches 1965-07-10"}],
     "final": 0.97}

``weight`` is the share of the two names' total weight that a pair (or an unmatched token)
carries, so the name score is the sum of similarity x weight over the alignment.
"""

from __future__ import annotations

from typing import Any

from openkyb.screening.qualifiers import Adjustment
from openkyb.screening.score import (
    LISTED_EXTRA_COST,
    QUERY_EXTRA_COST,
    ListedName,
    NameScore,
    QueryName,
)


def _pair_weight(
    query: QueryName, listed: ListedName, q_idx: tuple[int, ...], l_idx: tuple[int, ...]
) -> float:
    return max(query.weights[i] for i in q_idx) + max(listed.weights[j] for j in l_idx)


def explain(
    query_text: str,
    listed_text: str,
    query: QueryName,
    listed: ListedName,
    scored: NameScore,
    adjustments: list[Adjustment],
    final: float,
) -> dict[str, Any]:
    """The JSON explanation of one hit."""
    weights = [_pair_weight(query, listed, q, ls) for q, ls, _ in scored.pairs]
    extra_query = [QUERY_EXTRA_COST * query.weights[i] for i in scored.unmatched_query]
    extra_listed = [LISTED_EXTRA_COST * listed.weights[j] for j in scored.unmatched_listed]
    total = sum(weights) + sum(extra_query) + sum(extra_listed) or 1.0
    alignment = [
        {
            "query": " ".join(query.tokens[i] for i in q_idx),
            "listed": " ".join(listed.tokens[j] for j in l_idx),
            "similarity": round(sim, 3),
            "weight": round(weight / total, 3),
        }
        for (q_idx, l_idx, sim), weight in zip(scored.pairs, weights, strict=True)
    ]
    return {
        "name": {
            "score": round(scored.score, 3),
            "query": query_text,
            "listed": listed_text,
            "alignment": alignment,
            "unmatched_query": [
                {"token": query.tokens[i], "weight": round(w / total, 3)}
                for i, w in zip(scored.unmatched_query, extra_query, strict=True)
            ],
            "unmatched_listed": [
                {"token": listed.tokens[j], "weight": round(w / total, 3)}
                for j, w in zip(scored.unmatched_listed, extra_listed, strict=True)
            ],
            "note": scored.note,
        },
        "adjustments": [a.as_dict() for a in adjustments],
        "final": round(final, 3),
    }
