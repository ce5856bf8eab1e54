"""Migrations build the schema the models describe, on SQLite and PostgreSQL."""

from __future__ import annotations

from alembic.autogenerate import compare_metadata
from alembic.runtime.migration import MigrationContext
from sqlalchemy import inspect

from openkyb.store import migrate
from openkyb.store.db import Database, normalize_url
from openkyb.store.models import Base

# SQLite's FTS5 table for company search (migration 0004) and its shadow tables are virtual
# tables SQLAlchemy cannot model; PostgreSQL has no such tables.
_UNMODELLED_PREFIXES = ("registry_names_fts",)


def _modelled(name: str | None, type_: str, _parent: object) -> bool:
    return not (type_ == "table" and (name or "").startswith(_UNMODELLED_PREFIXES))


def test_upgrade_matches_models_and_downgrades(database_url: str):
    db = Database(database_url)
    try:
        assert migrate.current_revision(db) is None
        migrate.upgrade(db)
        assert migrate.is_up_to_date(db)
        with db.engine.connect() as connection:
            context = MigrationContext.configure(connection, opts={"include_name": _modelled})
            diff = compare_metadata(context, Base.metadata)
        assert diff == [], diff
        migrate.downgrade(db, "base")
        assert not set(inspect(db.engine).get_table_names()) & {"tenants", "verifications"}
        migrate.upgrade(db)  # and back up again
        assert migrate.is_up_to_date(db)
    finally:
        db.dispose()


def test_postgres_urls_use_psycopg3():
    assert normalize_url("postgresql://u@h/db").startswith("postgresql+psycopg://")
    assert normalize_url("postgres://u@h/db").startswith("postgresql+psycopg://")
    assert normalize_url("sqlite:///x.db") == "sqlite:///x.db"
