"""Company search: the name-word vocabulary and the indexes fuzzy name search reads.

Both backends: the vocabulary of name words (``registry_name_tokens``) and its one-deletion
variants (``registry_name_variants``), filled by ``refresh_search_vocabulary``.
PostgreSQL: pg_trgm (trigram operators, used by comparisons and the benchmark's peer) and a
GIN over the words of each name core (``string_to_array(name_key, ' ')``). SQLite: an FTS5
table over ``name_key`` kept in step with ``registry_companies`` by triggers (external
content, keyed by the table's rowid).

Revision ID: 0004
Revises: 0003
Create Date: 2026-12-04
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0004"
down_revision = "0003"
branch_labels = None
depends_on = None

# Kept in step with registry_companies: the documented FTS5 external-content pattern.
_SQLITE_FTS = (
    "CREATE VIRTUAL TABLE registry_names_fts USING fts5("
    "name_key, content='registry_companies', content_rowid='rowid', "
    "tokenize='unicode61 remove_diacritics 2')",
    "CREATE TRIGGER registry_names_fts_ai AFTER INSERT ON registry_companies BEGIN "
    "INSERT INTO registry_names_fts(rowid, name_key) VALUES (new.rowid, new.name_key); END",
    "CREATE TRIGGER registry_names_fts_ad AFTER DELETE ON registry_companies BEGIN "
    "INSERT INTO registry_names_fts(registry_names_fts, rowid, name_key) "
    "VALUES ('delete', old.rowid, old.name_key); END",
    "CREATE TRIGGER registry_names_fts_au AFTER UPDATE OF name_key ON registry_companies BEGIN "
    "INSERT INTO registry_names_fts(registry_names_fts, rowid, name_key) "
    "VALUES ('delete', old.rowid, old.name_key); "
    "INSERT INTO registry_names_fts(rowid, name_key) VALUES (new.rowid, new.name_key); END",
    "INSERT INTO registry_names_fts(registry_names_fts) VALUES ('rebuild')",
)


def upgrade() -> None:
    postgres = op.get_bind().dialect.name == "postgresql"
    if postgres:
        op.execute("CREATE EXTENSION IF NOT EXISTS pg_trgm")
    op.create_table(
        "registry_name_tokens",
        sa.Column("country", sa.String(length=2), nullable=False),
        sa.Column("token", sa.String(length=200), nullable=False),
        sa.Column("df", sa.Integer(), nullable=False),
        sa.PrimaryKeyConstraint("country", "token"),
    )
    op.create_table(
        "registry_name_variants",
        sa.Column("variant", sa.String(length=200), nullable=False),
        sa.Column("country", sa.String(length=2), nullable=False),
        sa.Column("token", sa.String(length=200), nullable=False),
        sa.PrimaryKeyConstraint("variant", "country", "token"),
    )
    if postgres:
        op.create_index(
            "ix_registry_companies_name_tokens",
            "registry_companies",
            [sa.text("string_to_array(name_key, ' ')")],
            unique=False,
            postgresql_using="gin",
        )
    else:
        for statement in _SQLITE_FTS:
            op.execute(statement)


def downgrade() -> None:
    if op.get_bind().dialect.name == "postgresql":
        op.drop_index("ix_registry_companies_name_tokens", table_name="registry_companies")
    else:
        for trigger in ("ai", "ad", "au"):
            op.execute(f"DROP TRIGGER IF EXISTS registry_names_fts_{trigger}")
        op.execute("DROP TABLE IF EXISTS registry_names_fts")
    op.drop_table("registry_name_variants")
    op.drop_table("registry_name_tokens")
    # pg_trgm stays: other schemas or a DBA may use it, and dropping it needs more rights.
