"""Gateway: tenant gateway policies, cached verifications, admin keys, audit events, usage.

Revision ID: 0005
Revises: 0004
Create Date: 2026-12-05
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op
from sqlalchemy.dialects.postgresql import JSONB

revision = "0005"
down_revision = "0004"
branch_labels = None
depends_on = None

JsonDocument = sa.JSON().with_variant(JSONB(), "postgresql")


def upgrade() -> None:
    # batch_alter_table: SQLite cannot ALTER most things in place; Alembic copies the table.
    with op.batch_alter_table("tenants") as batch:
        batch.add_column(sa.Column("gateway_policy", sa.Text(), nullable=True))
    with op.batch_alter_table("verifications") as batch:
        batch.add_column(sa.Column("cached_from", sa.String(length=40), nullable=True))
    op.create_index(
        "ix_verifications_tenant_request_hash",
        "verifications",
        ["tenant_id", "request_hash", "created_at"],
        unique=False,
    )
    op.create_table(
        "admin_keys",
        sa.Column("id", sa.String(length=40), nullable=False),
        sa.Column("name", sa.String(length=100), nullable=False),
        sa.Column("prefix", sa.String(length=20), nullable=False),
        sa.Column("key_hash", sa.String(length=64), nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("revoked_at", sa.DateTime(timezone=True), nullable=True),
        sa.PrimaryKeyConstraint("id"),
        sa.UniqueConstraint("key_hash"),
    )
    op.create_table(
        "audit_events",
        sa.Column("id", sa.String(length=40), nullable=False),
        sa.Column("at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("tenant_id", sa.String(length=40), nullable=True),
        sa.Column("key_id", sa.String(length=40), nullable=True),
        sa.Column("kind", sa.String(length=50), nullable=False),
        sa.Column("detail", JsonDocument, nullable=False),
        sa.PrimaryKeyConstraint("id"),
    )
    op.create_index("ix_audit_events_tenant_at", "audit_events", ["tenant_id", "at"], unique=False)
    op.create_table(
        "usage_daily",
        sa.Column("tenant_id", sa.String(length=40), nullable=False),
        sa.Column("day", sa.Date(), nullable=False),
        sa.Column("metric", sa.String(length=40), nullable=False),
        sa.Column("count", sa.BigInteger().with_variant(sa.Integer(), "sqlite"), nullable=False),
        sa.PrimaryKeyConstraint("tenant_id", "day", "metric"),
    )


def downgrade() -> None:
    op.drop_table("usage_daily")
    op.drop_index("ix_audit_events_tenant_at", table_name="audit_events")
    op.drop_table("audit_events")
    op.drop_table("admin_keys")
    op.drop_index("ix_verifications_tenant_request_hash", table_name="verifications")
    with op.batch_alter_table("verifications") as batch:
        batch.drop_column("cached_from")
    with op.batch_alter_table("tenants") as batch:
        batch.drop_column("gateway_policy")
