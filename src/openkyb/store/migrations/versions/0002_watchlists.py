"""Watchlist datasets: versions, current entities and per-version changes.

Revision ID: 0002
Revises: 0001
Create Date: 2026-12-04
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op
from sqlalchemy.dialects.postgresql import JSONB

revision = "0002"
down_revision = "0001"
branch_labels = None
depends_on = None

JsonDocument = sa.JSON().with_variant(JSONB(), "postgresql")
Timestamp = sa.DateTime(timezone=True)


def upgrade() -> None:
    op.create_table(
        "dataset_versions",
        sa.Column("id", sa.String(40), primary_key=True),
        sa.Column("dataset", sa.String(100), nullable=False),
        sa.Column("format", sa.String(40), nullable=False),
        sa.Column("origin", sa.String(1000), nullable=False),
        sa.Column("sha256", sa.String(64), nullable=False),
        sa.Column("published", sa.String(10), nullable=True),
        sa.Column("loaded_at", Timestamp, nullable=False),
        sa.Column("entities", sa.Integer, nullable=False),
        sa.Column("names", sa.Integer, nullable=False),
        sa.Column("issues", sa.Integer, nullable=False),
        sa.Column("added", sa.Integer, nullable=False),
        sa.Column("changed", sa.Integer, nullable=False),
        sa.Column("removed", sa.Integer, nullable=False),
        sa.Column("report", JsonDocument, nullable=False),
    )
    op.create_index(
        "ix_dataset_versions_dataset_loaded", "dataset_versions", ["dataset", "loaded_at"]
    )
    op.create_table(
        "watchlist_entities",
        sa.Column("dataset", sa.String(100), primary_key=True),
        sa.Column("entity_id", sa.String(200), primary_key=True),
        sa.Column("version_id", sa.String(40), nullable=False),
        sa.Column("schema", sa.String(20), nullable=False),
        sa.Column("name", sa.String(1000), nullable=False),
        sa.Column("fingerprint", sa.String(64), nullable=False),
        sa.Column("data", JsonDocument, nullable=False),
    )
    op.create_table(
        "dataset_changes",
        sa.Column("id", sa.Integer, primary_key=True, autoincrement=True),
        sa.Column("version_id", sa.String(40), nullable=False),
        sa.Column("dataset", sa.String(100), nullable=False),
        sa.Column("entity_id", sa.String(200), nullable=False),
        sa.Column("change", sa.String(10), nullable=False),
        sa.Column("name", sa.String(1000), nullable=False),
    )
    op.create_index("ix_dataset_changes_version", "dataset_changes", ["version_id"])


def downgrade() -> None:
    op.drop_table("dataset_changes")
    op.drop_table("watchlist_entities")
    op.drop_table("dataset_versions")
