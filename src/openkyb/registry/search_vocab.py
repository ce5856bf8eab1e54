"""The vocabulary of company-name words, where a misspelt word finds its real spellings.

``registry_name_tokens`` holds every word of every name core with the number of companies
using it (``df``); ``registry_name_variants`` holds each word under itself and under each of
its one-letter deletions. Two words one edit apart (insertion, deletion, substitution,
transposition) always share such a variant, so the near spellings of a query word are found
by probing the index with the word and its deletions: a dozen B-tree probes, where a trigram
index over the same vocabulary took 3-10 ms a word (measured at 1M companies).
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable, Mapping, Sequence

from sqlalchemy import Connection, bindparam, text

from openkyb.registry.copy import copy_rows
from openkyb.registry.search_query import WordVariants, select_variants
from openkyb.store.db import Database

MAX_DELETION_LENGTH = 30  # longer "words" (pasted garbage, long codes) keep only themselves
_BATCH = 5000

_MAX_TOKEN = 200  # the token column's length
_TOKENS_PG = (
    "INSERT INTO registry_name_tokens_next (country, token, df) "
    "SELECT country, token, count(*) FROM {source}, "
    "unnest(string_to_array(name_key, ' ')) AS token "
    f"WHERE token <> '' AND length(token) <= {_MAX_TOKEN}{{where}} GROUP BY country, token"
)
_VARIANTS_PG = (
    "INSERT INTO registry_name_variants_next (variant, country, token) "
    "SELECT token, country, token FROM registry_name_tokens_next "
    "UNION "
    "SELECT left(token, i - 1) || substr(token, i + 1), country, token "
    "FROM registry_name_tokens_next, generate_series(1, length(token)) AS i "
    f"WHERE length(token) BETWEEN 2 AND {MAX_DELETION_LENGTH}"
)
# (table, primary-key columns): built beside the live tables, then swapped in.
_TABLES_PG = (
    ("registry_name_tokens", "country, token"),
    ("registry_name_variants", "variant, country, token"),
)


def deletions(word: str) -> set[str]:
    """``word`` and every string one deleted letter away from it."""
    if len(word) < 2 or len(word) > MAX_DELETION_LENGTH:
        return {word}
    return {word} | {word[:i] + word[i + 1 :] for i in range(len(word))}


def refresh_search_vocabulary(db: Database) -> int:
    """Rebuild the name-word vocabulary from ``registry_companies``; returns its word count.

    Call it after every registry load (bulk or daily update): fuzzy search reads the
    vocabulary to correct misspelt words. It replaces the vocabulary in one transaction, so
    searches running meanwhile see the old one.
    """
    if db.backend == "postgresql":
        return _refresh_postgres(db)
    return _refresh_sqlite(db)


def _refresh_postgres(db: Database) -> int:
    with db.engine.begin() as conn:
        return replace_vocabulary_pg(conn, "registry_companies")


def replace_vocabulary_pg(
    conn: Connection,
    source: str,
    countries: Sequence[str] | None = None,
    words: Mapping[tuple[str, str], int] | None = None,
) -> int:
    """Rebuild the vocabulary in ``conn``'s transaction; returns its word count.

    The words of ``countries`` come from ``words`` ((country, word) -> occurrences, counted
    by the loader as it wrote the names) or else are counted in SQL over ``source``'s name
    keys; the other countries keep their stored words. ``countries`` None: every country,
    from ``source``. Filled as new tables without indexes (bulk insert, then one sorted index
    build), and swapped in at the end: searches read the old vocabulary until the commit.
    """
    conn.execute(text("SET LOCAL work_mem = '256MB'"))
    conn.execute(text("SET LOCAL maintenance_work_mem = '512MB'"))
    for table, _ in _TABLES_PG:
        conn.execute(text(f"DROP TABLE IF EXISTS {table}_next"))
        conn.execute(text(f"CREATE TABLE {table}_next (LIKE {table} INCLUDING DEFAULTS)"))
    params = {"countries": list(countries or ())}
    if words is not None:
        rows = ((c, t, n) for (c, t), n in words.items() if t and len(t) <= _MAX_TOKEN)
        copy_rows(conn, "registry_name_tokens_next", ("country", "token", "df"), rows)
    else:
        where = "" if countries is None else " AND country = ANY(:countries)"
        conn.execute(text(_TOKENS_PG.format(source=source, where=where)), params)
    if countries is not None:  # the other countries' registers did not change
        conn.execute(
            text(
                "INSERT INTO registry_name_tokens_next SELECT * FROM registry_name_tokens "
                "WHERE NOT (country = ANY(:countries))"
            ),
            params,
        )
    conn.execute(text(_VARIANTS_PG))
    for table, key in _TABLES_PG:
        conn.execute(text(f"ALTER TABLE {table}_next ADD PRIMARY KEY ({key})"))
    for table, _ in _TABLES_PG:
        conn.execute(text(f"DROP TABLE {table}"))
        conn.execute(text(f"ALTER TABLE {table}_next RENAME TO {table}"))
        conn.execute(text(f"ALTER INDEX {table}_next_pkey RENAME TO {table}_pkey"))
        conn.execute(text(f"ANALYZE {table}"))
    return int(conn.scalar(text("SELECT count(*) FROM registry_name_tokens")) or 0)


def _insert_batches(conn: Connection, statement: str, rows: Iterable[dict[str, object]]) -> None:
    batch: list[dict[str, object]] = []
    for row in rows:
        batch.append(row)
        if len(batch) == _BATCH:
            conn.execute(text(statement), batch)
            batch = []
    if batch:
        conn.execute(text(statement), batch)


def _refresh_sqlite(db: Database) -> int:
    counts: Counter[tuple[str, str]] = Counter()
    with db.engine.begin() as conn:
        for country, key in conn.execute(text("SELECT country, name_key FROM registry_companies")):
            counts.update((country, word) for word in key.split() if len(word) <= _MAX_TOKEN)
        conn.execute(text("DELETE FROM registry_name_variants"))
        conn.execute(text("DELETE FROM registry_name_tokens"))
        _insert_batches(
            conn,
            "INSERT INTO registry_name_tokens (country, token, df) VALUES (:c, :t, :d)",
            ({"c": c, "t": t, "d": d} for (c, t), d in counts.items()),
        )
        _insert_batches(
            conn,
            "INSERT INTO registry_name_variants (variant, country, token) VALUES (:v, :c, :t)",
            ({"v": v, "c": c, "t": t} for c, t in counts for v in deletions(t)),
        )
    return len(counts)


def find_variants(
    conn: Connection, country: str | None, words: Sequence[str]
) -> list[WordVariants]:
    """Each word with its document frequency and its near spellings in the vocabulary."""
    if not words:
        return []
    probes = {word: deletions(word) for word in words}
    where_country = " AND v.country = :country" if country else ""
    statement = text(
        "SELECT v.variant, v.token, sum(t.df) AS df FROM registry_name_variants v "
        "JOIN registry_name_tokens t ON t.country = v.country AND t.token = v.token "
        f"WHERE v.variant IN :keys{where_country} GROUP BY v.variant, v.token"
    ).bindparams(bindparam("keys", expanding=True))
    keys = sorted(set().union(*probes.values()))
    by_variant: dict[str, list[tuple[str, int]]] = {}
    for variant, token, df in conn.execute(statement, {"keys": keys, "country": country}):
        by_variant.setdefault(variant, []).append((token, int(df)))
    result = []
    for word in words:
        found = {token: df for v in probes[word] for token, df in by_variant.get(v, ())}
        result.append(select_variants(word, found.items()))
    return result
