"""Company lookup: by number, and fuzzy by name, on SQLite and PostgreSQL.

``search_companies`` finds candidates in three bounded steps, then ranks them in Python:

1. the vocabulary of name words (:mod:`~openkyb.registry.search_vocab`) gives each query
   word its frequency and its near spellings (one or two edits away);
2. exact probes for the query's core and its one-word re-spellings on the ``name_key``
   B-tree, and leave-one-out word probes (GIN on PostgreSQL, FTS5 on SQLite): a few hundred
   to a few thousand companies at most, whatever the registry's size;
3. rapidfuzz scores the cores in C, and the best few get their legal form, postcode and
   town compared (:mod:`~openkyb.registry.scoring`).

Call :func:`refresh_search_vocabulary` after each load; without it, search still finds exact
cores and words as typed, but cannot correct misspellings.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

import numpy as np
from sqlalchemy import Connection, bindparam, text

from openkyb.registry.model import CompanyRecord
from openkyb.registry.reader import db_reader
from openkyb.registry.rows import company_from_row
from openkyb.registry.scoring import Context, Explanation, adjust, is_unambiguous, name_scores
from openkyb.registry.search_pg import BRANCH_CAP, fetch_candidates_postgres
from openkyb.registry.search_query import (
    InvalidNumber,
    normalise_number,
    parse_query,
    token_branches,
    variant_keys,
)
from openkyb.registry.search_sqlite import fetch_candidates_sqlite
from openkyb.registry.search_vocab import find_variants, refresh_search_vocabulary
from openkyb.store.db import Database

__all__ = [
    "Candidate",
    "Explanation",
    "InvalidNumber",
    "StoredCompany",
    "find_company",
    "get_company",
    "has_registry_data",
    "is_unambiguous",
    "normalise_number",
    "refresh_search_vocabulary",
    "search_companies",
]

MAX_LIMIT = 100
_RESCORED = 30  # the best by name whose legal form and address are compared too
STRONG = 0.9  # a name score from which the exact probes alone are trusted


@dataclass(frozen=True, slots=True)
class Candidate:
    """A company a search found, its score (0..1) and why."""

    record: CompanyRecord
    score: float
    explanation: Explanation
    version_id: str | None = None  # the registry load (dataset_versions.id) it came from


@dataclass(frozen=True, slots=True)
class StoredCompany:
    """A company as stored, with the registry load it came from."""

    record: CompanyRecord
    version_id: str


def find_company(db: Database, country: str, number: str) -> StoredCompany | None:
    """The stored company and its version, or None. Raises InvalidNumber for bad numbers."""
    country = country.upper()
    number = normalise_number(country, number)
    with db_reader(db) as read:  # the driver's cursor: a third of SQLAlchemy's cost here
        rows = read.rows(
            "SELECT * FROM registry_companies WHERE country = :c AND number = :n",
            {"c": country, "n": number},
        )
    if not rows:
        return None
    return StoredCompany(company_from_row(rows[0]), rows[0]["version_id"])


def get_company(db: Database, country: str, number: str) -> CompanyRecord | None:
    """The company registered as ``number`` in ``country``, or None.

    The number is normalised first (upper case, no spaces, GB digits zero-padded to 8);
    a number no registry could issue raises :class:`InvalidNumber`.
    """
    found = find_company(db, country, number)
    return found.record if found else None


def has_registry_data(db: Database, country: str) -> bool:
    """True when companies of ``country`` were loaded."""
    with db.connection() as conn:
        row = conn.execute(
            text("SELECT 1 FROM registry_companies WHERE country = :c LIMIT 1"),
            {"c": country.upper()},
        ).first()
    return row is not None


def search_companies(
    db: Database,
    query: str,
    country: str | None = None,
    postcode: str | None = None,
    city: str | None = None,
    limit: int = 10,
) -> list[Candidate]:
    """Companies whose name is like ``query``, best first, at most ``limit`` (1..100).

    ``postcode`` and ``city`` do not filter: a match lifts a candidate's score. Legal forms
    are compared apart from the name: "Acme Ltd" finds "ACME LIMITED" at full name score.
    """
    name = parse_query(query)
    if not name.words:
        return []
    country = country.upper() if country else None
    limit = max(1, min(limit, MAX_LIMIT))
    context = Context.build(query, name, postcode, city)
    with db.connection() as conn:
        words = find_variants(conn, country, name.unique_words)
        known = any(w.df is not None or w.variants for w in words)
        keys = variant_keys(name.words, words)
        branches = token_branches(words, known)
        fetch = fetch_candidates_postgres if db.backend == "postgresql" else fetch_candidates_sqlite
        rows = fetch(conn, country, keys, [])
        if _strong(context, rows):
            # The core, or one re-spelt word of it, is a company's: a word branch too large
            # for its cap would only add an arbitrary sample of weaker names.
            branches = [b for b in branches if b.estimate <= BRANCH_CAP]
        if branches:
            seen = {(row.country, row.number) for row in rows}
            more = fetch(conn, country, [], branches)
            rows += [row for row in more if (row.country, row.number) not in seen]
        ranked = _rank(context, rows, limit)
        stored = _records(conn, [(row.country, row.number) for row, _, _ in ranked])
    return [
        Candidate(
            stored[(row.country, row.number)][0], score, why, stored[(row.country, row.number)][1]
        )
        for row, score, why in ranked
        if (row.country, row.number) in stored
    ]


def _strong(context: Context, rows: Sequence[Any]) -> bool:
    if not rows:
        return False
    return bool(name_scores(context.name.key, [row.name_key for row in rows]).max() >= STRONG)


def _rank(
    context: Context, rows: Sequence[Any], limit: int
) -> list[tuple[Any, float, Explanation]]:
    if not rows:
        return []
    similarity = name_scores(context.name.key, [row.name_key for row in rows])
    best = np.argsort(-similarity, kind="stable")[: max(_RESCORED, limit * 2)]
    scored = []
    for index in best:
        row = rows[int(index)]
        score, why = adjust(
            context,
            float(similarity[index]),
            row.name,
            row.name_key,
            row.postcode_key,
            row.post_town,
        )
        # Ties: the spelling nearest the query's ("LTD" or "LIMITED"), an active company
        # before a dissolved one, then the lower number (the older company).
        order = (-score, -context.spelling(row.name), row.status_code != "active", row.number)
        scored.append((order, row, score, why))
    scored.sort(key=lambda item: item[0])
    return [(row, score, why) for _, row, score, why in scored[:limit]]


def _records(
    conn: Connection, ids: Sequence[tuple[str, str]]
) -> dict[tuple[str, str], tuple[CompanyRecord, str]]:
    if not ids:
        return {}
    statement = text(
        "SELECT * FROM registry_companies WHERE country IN :countries AND number IN :numbers"
    ).bindparams(bindparam("countries", expanding=True), bindparam("numbers", expanding=True))
    wanted = set(ids)
    found: dict[tuple[str, str], tuple[CompanyRecord, str]] = {}
    params = {"countries": sorted({c for c, _ in ids}), "numbers": sorted({n for _, n in ids})}
    for row in conn.execute(statement, params).mappings():
        if (row["country"], row["number"]) in wanted:
            found[(row["country"], row["number"])] = (
                company_from_row(dict(row)),
                row["version_id"],
            )
    return found
