"""Candidate companies for a search on SQLite: exact keys, then word sets through FTS5.

The FTS5 table ``registry_names_fts`` (migration 0004) indexes ``name_key`` by the rowid of
``registry_companies`` and is kept in step by triggers. The probes mirror the PostgreSQL ones
(:mod:`openkyb.registry.search_pg`), each branch one FTS5 boolean query.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from sqlalchemy import Connection, bindparam, text

from openkyb.registry.search_pg import BRANCH_CAP, EXACT_CAP, LIGHT_COLUMNS
from openkyb.registry.search_query import TokenBranch


def _quoted(word: str) -> str:
    return '"' + word.replace('"', '""') + '"'


def fts_expression(branch: TokenBranch) -> str:
    """The FTS5 query of one branch: one word of each group."""
    return " AND ".join("(" + " OR ".join(_quoted(w) for w in g) + ")" for g in branch.groups)


def fetch_candidates_sqlite(
    conn: Connection, country: str | None, keys: Sequence[str], branches: Sequence[TokenBranch]
) -> list[Any]:
    """Light rows (:data:`LIGHT_COLUMNS`) of the companies worth scoring."""
    country_sql = " AND country = :country" if country else ""
    exact = text(
        f"SELECT {LIGHT_COLUMNS} FROM registry_companies "
        f"WHERE name_key IN :keys{country_sql} LIMIT {EXACT_CAP}"
    ).bindparams(bindparam("keys", expanding=True))
    rows: dict[tuple[str, str], Any] = {}
    for row in conn.execute(exact, {"keys": list(keys), "country": country}) if keys else ():
        rows[(row.country, row.number)] = row
    probe = text(
        f"SELECT {LIGHT_COLUMNS} FROM registry_companies WHERE rowid IN ("
        f"SELECT rowid FROM registry_names_fts WHERE registry_names_fts MATCH :q "
        f"LIMIT {BRANCH_CAP}){country_sql}"
    )
    for branch in branches:
        for row in conn.execute(probe, {"q": fts_expression(branch), "country": country}):
            rows.setdefault((row.country, row.number), row)
    return list(rows.values())
