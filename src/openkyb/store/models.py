"""The tables. Hot paths use SQLAlchemy Core on these tables; the ORM classes give the schema."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from sqlalchemy import (
    JSON,
    DateTime,
    ForeignKey,
    Index,
    Integer,
    String,
    Table,
    UniqueConstraint,
)
from sqlalchemy.dialects.postgresql import JSONB
from sqlalchemy.orm import DeclarativeBase, Mapped, mapped_column

JsonDocument = JSON().with_variant(JSONB(), "postgresql")


class Base(DeclarativeBase):
    """Declarative base with a naming convention Alembic can rely on."""


class Policy(Base):
    """A tenant's risk policy document; a new row per change, so history is kept."""

    __tablename__ = "policies"

    id: Mapped[str] = mapped_column(String(40), primary_key=True)
    tenant_id: Mapped[str] = mapped_column(ForeignKey("tenants.id", ondelete="CASCADE"), index=True)
    name: Mapped[str] = mapped_column(String(100))
    version: Mapped[str] = mapped_column(String(50))
    digest: Mapped[str] = mapped_column(String(64))
    document: Mapped[dict[str, Any]] = mapped_column(JsonDocument)
    created_at: Mapped[datetime] = mapped_column(DateTime(timezone=True))


class Tenant(Base):
    """A client marketplace."""

    __tablename__ = "tenants"

    id: Mapped[str] = mapped_column(String(40), primary_key=True)
    name: Mapped[str] = mapped_column(String(100), unique=True)
    created_at: Mapped[datetime] = mapped_column(DateTime(timezone=True))
    # The policy in force (a row of ``policies``); NULL means the shipped default. No foreign
    # key: policies already reference tenants, and a cycle would complicate SQLite migrations.
    policy_id: Mapped[str | None] = mapped_column(String(40), nullable=True)


class ApiKey(Base):
    """An API key, stored as its SHA-256 digest; the key itself is shown once at creation."""

    __tablename__ = "api_keys"

    id: Mapped[str] = mapped_column(String(40), primary_key=True)
    tenant_id: Mapped[str] = mapped_column(ForeignKey("tenants.id", ondelete="CASCADE"), index=True)
    prefix: Mapped[str] = mapped_column(String(16))
    key_hash: Mapped[str] = mapped_column(String(64), unique=True)
    created_at: Mapped[datetime] = mapped_column(DateTime(timezone=True))
    revoked_at: Mapped[datetime | None] = mapped_column(DateTime(timezone=True), nullable=True)


class Verification(Base):
    """A stored verdict: indexed columns for filtering plus the full result document."""

    __tablename__ = "verifications"
    __table_args__ = (
        UniqueConstraint("tenant_id", "idempotency_key", name="uq_verifications_idempotency"),
        Index("ix_verifications_tenant_id_id", "tenant_id", "id"),
        Index("ix_verifications_tenant_decision", "tenant_id", "decision", "id"),
        Index("ix_verifications_tenant_external_ref", "tenant_id", "external_ref"),
        Index("ix_verifications_tenant_created", "tenant_id", "created_at"),
    )

    id: Mapped[str] = mapped_column(String(40), primary_key=True)
    tenant_id: Mapped[str] = mapped_column(ForeignKey("tenants.id", ondelete="CASCADE"))
    created_at: Mapped[datetime] = mapped_column(DateTime(timezone=True))
    decision: Mapped[str] = mapped_column(String(10))
    risk_score: Mapped[int] = mapped_column(Integer)
    external_ref: Mapped[str | None] = mapped_column(String(128), nullable=True)
    legal_name: Mapped[str] = mapped_column(String(300))
    country: Mapped[str] = mapped_column(String(2))
    idempotency_key: Mapped[str | None] = mapped_column(String(255), nullable=True)
    request_hash: Mapped[str] = mapped_column(String(64))
    policy_version: Mapped[str] = mapped_column(String(50))
    result: Mapped[dict[str, Any]] = mapped_column(JsonDocument)


# The Core table behind the model, for single-statement inserts on the request path (the ORM
# bulk-insert machinery costs more than the statement itself).
verifications_table: Table = Verification.__table__  # type: ignore[assignment]
