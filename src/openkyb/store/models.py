"""The tables. Hot paths use SQLAlchemy Core on these tables; the ORM classes give the schema."""

from __future__ import annotations

from datetime import date, datetime
from typing import Any

from sqlalchemy import (
    JSON,
    BigInteger,
    Date,
    DateTime,
    ForeignKey,
    Index,
    Integer,
    String,
    Table,
    Text,
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
    # The gateway policy (openkyb.gateway.plans.GatewayPolicy) as canonical JSON text; NULL
    # is the default. Text, not JSON: the parsed policy is cached by the exact string.
    gateway_policy: Mapped[str | None] = mapped_column(Text, nullable=True)


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
        Index("ix_verifications_tenant_request_hash", "tenant_id", "request_hash", "created_at"),
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
    # Set when the tenant's verification cache answered: the id of the original verification.
    cached_from: Mapped[str | None] = mapped_column(String(40), nullable=True)


# The Core table behind the model, for single-statement inserts on the request path (the ORM
# bulk-insert machinery costs more than the statement itself).
verifications_table: Table = Verification.__table__  # type: ignore[assignment]


class DatasetVersion(Base):
    """One load of a watchlist dataset: where it came from, its digest, counts and diff."""

    __tablename__ = "dataset_versions"
    __table_args__ = (Index("ix_dataset_versions_dataset_loaded", "dataset", "loaded_at"),)

    id: Mapped[str] = mapped_column(String(40), primary_key=True)
    dataset: Mapped[str] = mapped_column(String(100))
    format: Mapped[str] = mapped_column(String(40))
    origin: Mapped[str] = mapped_column(String(1000))
    sha256: Mapped[str] = mapped_column(String(64))
    published: Mapped[str | None] = mapped_column(String(10), nullable=True)
    loaded_at: Mapped[datetime] = mapped_column(DateTime(timezone=True))
    entities: Mapped[int] = mapped_column(Integer)
    names: Mapped[int] = mapped_column(Integer)
    issues: Mapped[int] = mapped_column(Integer)
    added: Mapped[int] = mapped_column(Integer)
    changed: Mapped[int] = mapped_column(Integer)
    removed: Mapped[int] = mapped_column(Integer)
    report: Mapped[dict[str, Any]] = mapped_column(JsonDocument)  # issues sample, schema counts


class WatchlistEntity(Base):
    """The current record of a listed entity in its dataset (replaced by each new version)."""

    __tablename__ = "watchlist_entities"

    dataset: Mapped[str] = mapped_column(String(100), primary_key=True)
    entity_id: Mapped[str] = mapped_column(String(200), primary_key=True)
    version_id: Mapped[str] = mapped_column(String(40))
    schema: Mapped[str] = mapped_column(String(20))
    name: Mapped[str] = mapped_column(String(1000))
    fingerprint: Mapped[str] = mapped_column(String(64))
    data: Mapped[dict[str, Any]] = mapped_column(JsonDocument)


class DatasetChange(Base):
    """An entity added, changed or removed by a dataset version: what monitoring reacts to."""

    __tablename__ = "dataset_changes"
    __table_args__ = (Index("ix_dataset_changes_version", "version_id"),)

    id: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=True)
    version_id: Mapped[str] = mapped_column(String(40))
    dataset: Mapped[str] = mapped_column(String(100))
    entity_id: Mapped[str] = mapped_column(String(200))
    change: Mapped[str] = mapped_column(String(10))  # added | changed | removed
    name: Mapped[str] = mapped_column(String(1000))


class AdminKey(Base):
    """A platform operator's key for ``/admin/v1``, stored as its SHA-256 digest."""

    __tablename__ = "admin_keys"

    id: Mapped[str] = mapped_column(String(40), primary_key=True)
    name: Mapped[str] = mapped_column(String(100))
    prefix: Mapped[str] = mapped_column(String(20))
    key_hash: Mapped[str] = mapped_column(String(64), unique=True)
    created_at: Mapped[datetime] = mapped_column(DateTime(timezone=True))
    revoked_at: Mapped[datetime | None] = mapped_column(DateTime(timezone=True), nullable=True)


class AuditEvent(Base):
    """Something operators must be able to look back on, such as a key blocked for bursting."""

    __tablename__ = "audit_events"
    __table_args__ = (Index("ix_audit_events_tenant_at", "tenant_id", "at"),)

    id: Mapped[str] = mapped_column(String(40), primary_key=True)
    at: Mapped[datetime] = mapped_column(DateTime(timezone=True))
    tenant_id: Mapped[str | None] = mapped_column(String(40), nullable=True)
    key_id: Mapped[str | None] = mapped_column(String(40), nullable=True)
    kind: Mapped[str] = mapped_column(String(50))
    detail: Mapped[dict[str, Any]] = mapped_column(JsonDocument)


class UsageDaily(Base):
    """One counter of one tenant on one UTC day (requests, verifications, rejections...)."""

    __tablename__ = "usage_daily"

    tenant_id: Mapped[str] = mapped_column(String(40), primary_key=True)
    day: Mapped[date] = mapped_column(Date, primary_key=True)
    metric: Mapped[str] = mapped_column(String(40), primary_key=True)
    count: Mapped[int] = mapped_column(BigInteger().with_variant(Integer(), "sqlite"))


usage_daily_table: Table = UsageDaily.__table__  # type: ignore[assignment]


import openkyb.store.registry_models  # noqa: E402,F401 - registers the registry tables
