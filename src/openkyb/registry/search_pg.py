"""Candidate companies for a search on PostgreSQL: exact keys, then word sets through GIN.

Two kinds of probes, each bounded so the worst query stays cheap at millions of companies:
``name_key = ANY(keys)`` on the B-tree (the core as typed and with one word re-spelt: most
one-typo queries end here), and per leave-one-out branch a GIN probe on the words of the
core (``string_to_array(name_key, ' ')``), which finds reordered, shortened or lengthened
names. GIN intersects the words' posting lists itself, so common words cost little once a
rarer word is required beside them.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from sqlalchemy import Connection, bindparam, text
from sqlalchemy.dialects.postgresql import ARRAY
from sqlalchemy.types import String, Text

from openkyb.registry.search_query import TokenBranch

LIGHT_COLUMNS = "country, number, name, name_key, postcode_key, post_town, status_code"
EXACT_CAP = 200  # companies sharing one core are few; a cap guards against "the company"
BRANCH_CAP = 400  # candidates per word branch: the scorer ranks them, the cap bounds time
_WORDS = "string_to_array(name_key, ' ')"


def fetch_candidates_postgres(
    conn: Connection, country: str | None, keys: Sequence[str], branches: Sequence[TokenBranch]
) -> list[Any]:
    """Light rows (:data:`LIGHT_COLUMNS`) of the companies worth scoring."""
    country_sql = "country = :country AND " if country else ""
    params: dict[str, Any] = {"country": country}
    arrays = []
    parts = []
    if keys:
        params["keys"] = list(keys)
        arrays.append(bindparam("keys", type_=ARRAY(String)))
        parts.append(
            f"(SELECT {LIGHT_COLUMNS} FROM registry_companies "
            f"WHERE {country_sql}name_key = ANY(:keys) LIMIT {EXACT_CAP})"
        )
    for i, branch in enumerate(branches):
        conditions = []
        for j, group in enumerate(branch.groups):
            name = f"g{i}_{j}"
            conditions.append(f"{_WORDS} && :{name}")
            params[name] = list(group)
            arrays.append(bindparam(name, type_=ARRAY(Text)))
        parts.append(
            f"(SELECT {LIGHT_COLUMNS} FROM registry_companies "
            f"WHERE {country_sql}{' AND '.join(conditions)} LIMIT {BRANCH_CAP})"
        )
    if not parts:
        return []
    statement = text(" UNION ".join(parts)).bindparams(*arrays)
    return list(conn.execute(statement, params))
