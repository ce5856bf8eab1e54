"""Tenants, API keys, policies and verifications.

Revision ID: 0001
Revises:
Create Date: 2026-12-04
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op
from sqlalchemy.dialects.postgresql import JSONB

revision = "0001"
down_revision = None
branch_labels = None
depends_on = None

JsonDocument = sa.JSON().with_variant(JSONB(), "postgresql")
Timestamp = sa.DateTime(timezone=True)


def upgrade() -> None:
    op.create_table(
        "tenants",
        sa.Column("id", sa.String(40), primary_key=True),
        sa.Column("name", sa.String(100), nullable=False, unique=True),
        sa.Column("created_at", Timestamp, nullable=False),
        sa.Column("policy_id", sa.String(40), nullable=True),
    )
    op.create_table(
        "api_keys",
        sa.Column("id", sa.String(40), primary_key=True),
        sa.Column(
            "tenant_id",
            sa.String(40),
            sa.ForeignKey("tenants.id", ondelete="CASCADE"),
            nullable=False,
        ),
        sa.Column("prefix", sa.String(16), nullable=False),
        sa.Column("key_hash", sa.String(64), nullable=False, unique=True),
        sa.Column("created_at", Timestamp, nullable=False),
        sa.Column("revoked_at", Timestamp, nullable=True),
    )
    op.create_index("ix_api_keys_tenant_id", "api_keys", ["tenant_id"])
    op.create_table(
        "policies",
        sa.Column("id", sa.String(40), primary_key=True),
        sa.Column(
            "tenant_id",
            sa.String(40),
            sa.ForeignKey("tenants.id", ondelete="CASCADE"),
            nullable=False,
        ),
        sa.Column("name", sa.String(100), nullable=False),
        sa.Column("version", sa.String(50), nullable=False),
        sa.Column("digest", sa.String(64), nullable=False),
        sa.Column("document", JsonDocument, nullable=False),
        sa.Column("created_at", Timestamp, nullable=False),
    )
    op.create_index("ix_policies_tenant_id", "policies", ["tenant_id"])
    op.create_table(
        "verifications",
        sa.Column("id", sa.String(40), primary_key=True),
        sa.Column(
            "tenant_id",
            sa.String(40),
            sa.ForeignKey("tenants.id", ondelete="CASCADE"),
            nullable=False,
        ),
        sa.Column("created_at", Timestamp, nullable=False),
        sa.Column("decision", sa.String(10), nullable=False),
        sa.Column("risk_score", sa.Integer, nullable=False),
        sa.Column("external_ref", sa.String(128), nullable=True),
        sa.Column("legal_name", sa.String(300), nullable=False),
        sa.Column("country", sa.String(2), nullable=False),
        sa.Column("idempotency_key", sa.String(255), nullable=True),
        sa.Column("request_hash", sa.String(64), nullable=False),
        sa.Column("policy_version", sa.String(50), nullable=False),
        sa.Column("result", JsonDocument, nullable=False),
        sa.UniqueConstraint("tenant_id", "idempotency_key", name="uq_verifications_idempotency"),
    )
    op.create_index("ix_verifications_tenant_id_id", "verifications", ["tenant_id", "id"])
    op.create_index(
        "ix_verifications_tenant_decision", "verifications", ["tenant_id", "decision", "id"]
    )
    op.create_index(
        "ix_verifications_tenant_external_ref", "verifications", ["tenant_id", "external_ref"]
    )
    op.create_index("ix_verifications_tenant_created", "verifications", ["tenant_id", "created_at"])


def downgrade() -> None:
    op.drop_table("verifications")
    op.drop_table("policies")
    op.drop_table("api_keys")
    op.drop_table("tenants")
