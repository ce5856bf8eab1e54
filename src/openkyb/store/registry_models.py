"""Registry tables: companies, persons with significant control, LEI records and relationships.

Bulk loads write these with COPY (PostgreSQL) or batched inserts (SQLite), so the columns are
plain scalars; the few lists (SIC codes, previous names, natures of control) are JSON.
"""

from __future__ import annotations

from datetime import date, datetime
from typing import Any

from sqlalchemy import BigInteger, Date, DateTime, Index, Integer, SmallInteger, String, text
from sqlalchemy.orm import Mapped, mapped_column

from openkyb.store.models import Base, JsonDocument


class RegistryCompany(Base):
    """The current record of one company in its country's registry."""

    __tablename__ = "registry_companies"
    __table_args__ = (
        Index("ix_registry_companies_name_key", "country", "name_key"),
        Index("ix_registry_companies_address_key", "country", "address_key"),
        # Fuzzy name search (registry.search): the core's tokens, for word-level candidates.
        # PostgreSQL only; SQLite searches an FTS5 table kept by triggers (migration 0004).
        Index(
            "ix_registry_companies_name_tokens",
            text("string_to_array(name_key, ' ')"),
            postgresql_using="gin",
        ).ddl_if(dialect="postgresql"),
    )

    country: Mapped[str] = mapped_column(String(2), primary_key=True)
    number: Mapped[str] = mapped_column(String(20), primary_key=True)
    name: Mapped[str] = mapped_column(String(500))
    name_key: Mapped[str] = mapped_column(String(500))  # registry.names.name_key(name)
    status: Mapped[str | None] = mapped_column(String(100))
    status_code: Mapped[str | None] = mapped_column(String(40))
    category: Mapped[str | None] = mapped_column(String(200))
    incorporation_date: Mapped[date | None] = mapped_column(Date)
    dissolution_date: Mapped[date | None] = mapped_column(Date)
    country_of_origin: Mapped[str | None] = mapped_column(String(100))
    care_of: Mapped[str | None] = mapped_column(String(200))
    po_box: Mapped[str | None] = mapped_column(String(50))
    address_line1: Mapped[str | None] = mapped_column(String(300))
    address_line2: Mapped[str | None] = mapped_column(String(300))
    post_town: Mapped[str | None] = mapped_column(String(100))
    county: Mapped[str | None] = mapped_column(String(100))
    address_country: Mapped[str | None] = mapped_column(String(100))
    postcode: Mapped[str | None] = mapped_column(String(20))
    postcode_key: Mapped[str | None] = mapped_column(String(20))  # "SW1A1AA"
    address_key: Mapped[str | None] = mapped_column(String(300))  # shared-address grouping
    accounts_ref_day: Mapped[int | None] = mapped_column(SmallInteger)
    accounts_ref_month: Mapped[int | None] = mapped_column(SmallInteger)
    accounts_next_due: Mapped[date | None] = mapped_column(Date)
    accounts_last_made_up: Mapped[date | None] = mapped_column(Date)
    accounts_category: Mapped[str | None] = mapped_column(String(100))
    returns_next_due: Mapped[date | None] = mapped_column(Date)
    returns_last_made_up: Mapped[date | None] = mapped_column(Date)
    confirmation_next_due: Mapped[date | None] = mapped_column(Date)
    confirmation_last_made_up: Mapped[date | None] = mapped_column(Date)
    charges_total: Mapped[int | None] = mapped_column(Integer)
    charges_outstanding: Mapped[int | None] = mapped_column(Integer)
    charges_part_satisfied: Mapped[int | None] = mapped_column(Integer)
    charges_satisfied: Mapped[int | None] = mapped_column(Integer)
    sic_codes: Mapped[list[Any]] = mapped_column(JsonDocument)  # [[code, text], ...]
    previous_names: Mapped[list[Any]] = mapped_column(JsonDocument)  # [[name, "YYYY-MM-DD"]]
    uri: Mapped[str | None] = mapped_column(String(300))
    fingerprint: Mapped[str] = mapped_column(String(32))  # detects changed records on reload
    version_id: Mapped[str] = mapped_column(String(40))


class RegistryNameToken(Base):
    """A word of the company-name cores and how many companies use it (registry.search).

    Rebuilt after each load by ``registry.search.refresh_search_vocabulary``; about a hundred
    times smaller than the companies.
    """

    __tablename__ = "registry_name_tokens"

    country: Mapped[str] = mapped_column(String(2), primary_key=True)
    token: Mapped[str] = mapped_column(String(200), primary_key=True)
    df: Mapped[int] = mapped_column(Integer)  # companies whose core holds the word


class RegistryNameVariant(Base):
    """A vocabulary word under itself and each one-letter deletion of it (registry.search).

    A misspelt word and its real spelling share a variant when they are one edit apart
    (insertion, deletion, substitution or transposition), so a dozen B-tree probes find a
    word's near spellings: the symmetric-deletion method, kept in the database.
    """

    __tablename__ = "registry_name_variants"

    # The variant leads the key: searches without a country use the same index.
    variant: Mapped[str] = mapped_column(String(200), primary_key=True)
    country: Mapped[str] = mapped_column(String(2), primary_key=True)
    token: Mapped[str] = mapped_column(String(200), primary_key=True)


class RegistryPsc(Base):
    """A person with significant control (or a PSC statement) of a registered company."""

    __tablename__ = "registry_pscs"
    __table_args__ = (Index("ix_registry_pscs_registration", "registration_number"),)

    company_country: Mapped[str] = mapped_column(String(2), primary_key=True)
    company_number: Mapped[str] = mapped_column(String(20), primary_key=True)
    psc_id: Mapped[str] = mapped_column(String(200), primary_key=True)
    kind: Mapped[str] = mapped_column(String(100))
    name: Mapped[str | None] = mapped_column(String(500))
    natures_of_control: Mapped[list[Any]] = mapped_column(JsonDocument)
    ownership_min: Mapped[int | None] = mapped_column(SmallInteger)
    ownership_max: Mapped[int | None] = mapped_column(SmallInteger)
    voting_min: Mapped[int | None] = mapped_column(SmallInteger)
    voting_max: Mapped[int | None] = mapped_column(SmallInteger)
    birth_year: Mapped[int | None] = mapped_column(SmallInteger)
    birth_month: Mapped[int | None] = mapped_column(SmallInteger)
    nationality: Mapped[str | None] = mapped_column(String(100))
    country_of_residence: Mapped[str | None] = mapped_column(String(100))
    notified_on: Mapped[date | None] = mapped_column(Date)
    ceased_on: Mapped[date | None] = mapped_column(Date)
    registration_number: Mapped[str | None] = mapped_column(String(100))
    registration_country: Mapped[str | None] = mapped_column(String(100))
    legal_form: Mapped[str | None] = mapped_column(String(200))
    statement: Mapped[str | None] = mapped_column(String(200))
    address: Mapped[dict[str, Any]] = mapped_column(JsonDocument)
    version_id: Mapped[str] = mapped_column(String(40))


class LeiRecordRow(Base):
    """A GLEIF LEI record."""

    __tablename__ = "lei_records"
    __table_args__ = (Index("ix_lei_records_registered_as", "registered_as"),)

    lei: Mapped[str] = mapped_column(String(20), primary_key=True)
    legal_name: Mapped[str] = mapped_column(String(500))
    name_key: Mapped[str] = mapped_column(String(500))
    other_names: Mapped[list[Any]] = mapped_column(JsonDocument)
    jurisdiction: Mapped[str | None] = mapped_column(String(10))
    legal_form: Mapped[str | None] = mapped_column(String(200))
    entity_status: Mapped[str | None] = mapped_column(String(20))
    registration_status: Mapped[str | None] = mapped_column(String(30))
    registration_authority: Mapped[str | None] = mapped_column(String(20))
    registered_as: Mapped[str | None] = mapped_column(String(100))
    legal_address: Mapped[dict[str, Any]] = mapped_column(JsonDocument)
    headquarters_address: Mapped[dict[str, Any]] = mapped_column(JsonDocument)
    initial_registration: Mapped[date | None] = mapped_column(Date)
    last_update: Mapped[date | None] = mapped_column(Date)
    next_renewal: Mapped[date | None] = mapped_column(Date)
    managing_lou: Mapped[str | None] = mapped_column(String(20))
    version_id: Mapped[str] = mapped_column(String(40))


class LeiRelationshipRow(Base):
    """A GLEIF relationship: ``child`` is consolidated by ``parent`` (direct or ultimate)."""

    __tablename__ = "lei_relationships"
    __table_args__ = (Index("ix_lei_relationships_parent", "parent"),)

    child: Mapped[str] = mapped_column(String(20), primary_key=True)
    parent: Mapped[str] = mapped_column(String(20), primary_key=True)
    kind: Mapped[str] = mapped_column(String(10), primary_key=True)  # direct | ultimate
    status: Mapped[str | None] = mapped_column(String(20))
    registration_status: Mapped[str | None] = mapped_column(String(30))
    start: Mapped[date | None] = mapped_column(Date)
    end: Mapped[date | None] = mapped_column(Date)
    version_id: Mapped[str] = mapped_column(String(40))


class RegistryChange(Base):
    """A company added, changed or removed by a registry load: what monitoring reacts to."""

    __tablename__ = "registry_changes"
    __table_args__ = (
        Index("ix_registry_changes_company", "country", "number"),
        Index("ix_registry_changes_version", "version_id"),
    )

    id: Mapped[int] = mapped_column(
        BigInteger().with_variant(Integer, "sqlite"), primary_key=True, autoincrement=True
    )
    version_id: Mapped[str] = mapped_column(String(40))
    dataset: Mapped[str] = mapped_column(String(100))
    country: Mapped[str] = mapped_column(String(2))
    number: Mapped[str] = mapped_column(String(20))
    change: Mapped[str] = mapped_column(String(10))  # added | changed | removed
    name: Mapped[str | None] = mapped_column(String(500))
    fields: Mapped[list[Any]] = mapped_column(JsonDocument)
    effective: Mapped[date | None] = mapped_column(Date)
    recorded_at: Mapped[datetime] = mapped_column(DateTime(timezone=True))


__all__ = [
    "LeiRecordRow",
    "LeiRelationshipRow",
    "RegistryChange",
    "RegistryCompany",
    "RegistryNameToken",
    "RegistryNameVariant",
    "RegistryPsc",
]
