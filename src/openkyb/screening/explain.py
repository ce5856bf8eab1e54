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

``weight`` is the share of the two names' total weight that a pair, or an unmatched token,
carries; the name score is the sum of similarity x weight over the alignment (before the
caps that ``note`` reports). An initial's unconfirmed remainder ("j" for "john") appears in
the unmatched lists with the full token.
"""

from __future__ import annotations

from typing import Any

from openkyb.screening.qualifiers import Adjustment
from openkyb.screening.score import ListedName, NameScore, QueryName


def _costs(tokens: list[str], costs: dict[int, float], total: float) -> list[dict[str, Any]]:
    return [{"token": tokens[i], "weight": round(costs[i] / total, 3)} for i in sorted(costs)]


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
    total = scored.total or 1.0
    alignment = [
        {
            "query": " ".join(query.tokens[i] for i in q_idx),
            "listed": " ".join(listed.tokens[j] for j in l_idx),
            "similarity": round(sim, 3),
            "weight": round(credit / total, 3),
        }
        for (q_idx, l_idx, sim), credit in zip(scored.pairs, scored.credit, strict=True)
    ]
    return {
        "name": {
            "score": round(scored.score, 3),
            "query": query_text,
            "listed": listed_text,
            "alignment": alignment,
            "unmatched_query": _costs(query.tokens, scored.query_cost, total),
            "unmatched_listed": _costs(listed.tokens, scored.listed_cost, total),
            "note": scored.note,
        },
        "adjustments": [a.as_dict() for a in adjustments],
        "final": round(final, 3),
    }
