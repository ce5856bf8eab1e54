"""Company registries: companies, PSCs, LEI records and relationships, registry changes.

Revision ID: 0003
Revises: 0002
Create Date: 2026-12-04
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op
from sqlalchemy.dialects.postgresql import JSONB

revision = "0003"
down_revision = "0002"
branch_labels = None
depends_on = None

JsonDocument = sa.JSON().with_variant(JSONB(), "postgresql")


def upgrade() -> None:
    op.create_table(
        "lei_records",
        sa.Column("lei", sa.String(length=20), nullable=False),
        sa.Column("legal_name", sa.String(length=500), nullable=False),
        sa.Column("name_key", sa.String(length=500), nullable=False),
        sa.Column("other_names", JsonDocument, nullable=False),
        sa.Column("jurisdiction", sa.String(length=10), nullable=True),
        sa.Column("legal_form", sa.String(length=200), nullable=True),
        sa.Column("entity_status", sa.String(length=20), nullable=True),
        sa.Column("registration_status", sa.String(length=30), nullable=True),
        sa.Column("registration_authority", sa.String(length=20), nullable=True),
        sa.Column("registered_as", sa.String(length=100), nullable=True),
        sa.Column("legal_address", JsonDocument, nullable=False),
        sa.Column("headquarters_address", JsonDocument, nullable=False),
        sa.Column("initial_registration", sa.Date(), nullable=True),
        sa.Column("last_update", sa.Date(), nullable=True),
        sa.Column("next_renewal", sa.Date(), nullable=True),
        sa.Column("managing_lou", sa.String(length=20), nullable=True),
        sa.Column("version_id", sa.String(length=40), nullable=False),
        sa.PrimaryKeyConstraint("lei"),
    )
    op.create_index("ix_lei_records_registered_as", "lei_records", ["registered_as"], unique=False)

    op.create_table(
        "lei_relationships",
        sa.Column("child", sa.String(length=20), nullable=False),
        sa.Column("parent", sa.String(length=20), nullable=False),
        sa.Column("kind", sa.String(length=10), nullable=False),
        sa.Column("status", sa.String(length=20), nullable=True),
        sa.Column("registration_status", sa.String(length=30), nullable=True),
        sa.Column("start", sa.Date(), nullable=True),
        sa.Column("end", sa.Date(), nullable=True),
        sa.Column("version_id", sa.String(length=40), nullable=False),
        sa.PrimaryKeyConstraint("child", "parent", "kind"),
    )
    op.create_index("ix_lei_relationships_parent", "lei_relationships", ["parent"], unique=False)

    op.create_table(
        "registry_changes",
        sa.Column(
            "id",
            sa.BigInteger().with_variant(sa.Integer(), "sqlite"),
            autoincrement=True,
            nullable=False,
        ),
        sa.Column("version_id", sa.String(length=40), nullable=False),
        sa.Column("dataset", sa.String(length=100), nullable=False),
        sa.Column("country", sa.String(length=2), nullable=False),
        sa.Column("number", sa.String(length=20), nullable=False),
        sa.Column("change", sa.String(length=10), nullable=False),
        sa.Column("name", sa.String(length=500), nullable=True),
        sa.Column("fields", JsonDocument, nullable=False),
        sa.Column("effective", sa.Date(), nullable=True),
        sa.Column("recorded_at", sa.DateTime(timezone=True), nullable=False),
        sa.PrimaryKeyConstraint("id"),
    )
    op.create_index(
        "ix_registry_changes_company", "registry_changes", ["country", "number"], unique=False
    )
    op.create_index("ix_registry_changes_version", "registry_changes", ["version_id"], unique=False)

    op.create_table(
        "registry_companies",
        sa.Column("country", sa.String(length=2), nullable=False),
        sa.Column("number", sa.String(length=20), nullable=False),
        sa.Column("name", sa.String(length=500), nullable=False),
        sa.Column("name_key", sa.String(length=500), nullable=False),
        sa.Column("status", sa.String(length=100), nullable=True),
        sa.Column("status_code", sa.String(length=40), nullable=True),
        sa.Column("category", sa.String(length=200), nullable=True),
        sa.Column("incorporation_date", sa.Date(), nullable=True),
        sa.Column("dissolution_date", sa.Date(), nullable=True),
        sa.Column("country_of_origin", sa.String(length=100), nullable=True),
        sa.Column("care_of", sa.String(length=200), nullable=True),
        sa.Column("po_box", sa.String(length=50), nullable=True),
        sa.Column("address_line1", sa.String(length=300), nullable=True),
        sa.Column("address_line2", sa.String(length=300), nullable=True),
        sa.Column("post_town", sa.String(length=100), nullable=True),
        sa.Column("county", sa.String(length=100), nullable=True),
        sa.Column("address_country", sa.String(length=100), nullable=True),
        sa.Column("postcode", sa.String(length=20), nullable=True),
        sa.Column("postcode_key", sa.String(length=20), nullable=True),
        sa.Column("address_key", sa.String(length=300), nullable=True),
        sa.Column("accounts_ref_day", sa.SmallInteger(), nullable=True),
        sa.Column("accounts_ref_month", sa.SmallInteger(), nullable=True),
        sa.Column("accounts_next_due", sa.Date(), nullable=True),
        sa.Column("accounts_last_made_up", sa.Date(), nullable=True),
        sa.Column("accounts_category", sa.String(length=100), nullable=True),
        sa.Column("returns_next_due", sa.Date(), nullable=True),
        sa.Column("returns_last_made_up", sa.Date(), nullable=True),
        sa.Column("confirmation_next_due", sa.Date(), nullable=True),
        sa.Column("confirmation_last_made_up", sa.Date(), nullable=True),
        sa.Column("charges_total", sa.Integer(), nullable=True),
        sa.Column("charges_outstanding", sa.Integer(), nullable=True),
        sa.Column("charges_part_satisfied", sa.Integer(), nullable=True),
        sa.Column("charges_satisfied", sa.Integer(), nullable=True),
        sa.Column("sic_codes", JsonDocument, nullable=False),
        sa.Column("previous_names", JsonDocument, nullable=False),
        sa.Column("uri", sa.String(length=300), nullable=True),
        sa.Column("fingerprint", sa.String(length=32), nullable=False),
        sa.Column("version_id", sa.String(length=40), nullable=False),
        sa.PrimaryKeyConstraint("country", "number"),
    )
    op.create_index(
        "ix_registry_companies_address_key",
        "registry_companies",
        ["country", "address_key"],
        unique=False,
    )
    op.create_index(
        "ix_registry_companies_name_key",
        "registry_companies",
        ["country", "name_key"],
        unique=False,
    )

    op.create_table(
        "registry_pscs",
        sa.Column("company_country", sa.String(length=2), nullable=False),
        sa.Column("company_number", sa.String(length=20), nullable=False),
        sa.Column("psc_id", sa.String(length=200), nullable=False),
        sa.Column("kind", sa.String(length=100), nullable=False),
        sa.Column("name", sa.String(length=500), nullable=True),
        sa.Column("natures_of_control", JsonDocument, nullable=False),
        sa.Column("ownership_min", sa.SmallInteger(), nullable=True),
        sa.Column("ownership_max", sa.SmallInteger(), nullable=True),
        sa.Column("voting_min", sa.SmallInteger(), nullable=True),
        sa.Column("voting_max", sa.SmallInteger(), nullable=True),
        sa.Column("birth_year", sa.SmallInteger(), nullable=True),
        sa.Column("birth_month", sa.SmallInteger(), nullable=True),
        sa.Column("nationality", sa.String(length=100), nullable=True),
        sa.Column("country_of_residence", sa.String(length=100), nullable=True),
        sa.Column("notified_on", sa.Date(), nullable=True),
        sa.Column("ceased_on", sa.Date(), nullable=True),
        sa.Column("registration_number", sa.String(length=100), nullable=True),
        sa.Column("registration_country", sa.String(length=100), nullable=True),
        sa.Column("legal_form", sa.String(length=200), nullable=True),
        sa.Column("statement", sa.String(length=200), nullable=True),
        sa.Column("address", JsonDocument, nullable=False),
        sa.Column("version_id", sa.String(length=40), nullable=False),
        sa.PrimaryKeyConstraint("company_country", "company_number", "psc_id"),
    )
    op.create_index(
        "ix_registry_pscs_registration", "registry_pscs", ["registration_number"], unique=False
    )


def downgrade() -> None:
    op.drop_table("registry_pscs")
    op.drop_table("registry_companies")
    op.drop_table("registry_changes")
    op.drop_table("lei_relationships")
    op.drop_table("lei_records")
