"""Storage: SQLAlchemy models, engines and Alembic migrations (SQLite and PostgreSQL)."""

from openkyb.store.db import Database, normalize_url

__all__ = ["Database", "normalize_url"]
