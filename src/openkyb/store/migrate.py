"""Programmatic Alembic: ``openkyb db upgrade`` works from an installed package."""

from __future__ import annotations

from functools import cache

from alembic import command
from alembic.config import Config
from alembic.runtime.migration import MigrationContext
from alembic.script import ScriptDirectory

from openkyb.store.db import Database


def alembic_config(database: Database) -> Config:
    """An Alembic config pointing at the packaged migrations and this database."""
    config = Config()
    config.set_main_option("script_location", "openkyb.store:migrations")
    config.set_main_option("sqlalchemy.url", database.url.replace("%", "%%"))
    return config


def upgrade(database: Database, revision: str = "head") -> None:
    """Apply migrations up to ``revision``."""
    config = alembic_config(database)
    with database.engine.begin() as connection:
        config.attributes["connection"] = connection
        command.upgrade(config, revision)


def downgrade(database: Database, revision: str) -> None:
    """Revert migrations down to ``revision``."""
    config = alembic_config(database)
    with database.engine.begin() as connection:
        config.attributes["connection"] = connection
        command.downgrade(config, revision)


def current_revision(database: Database) -> str | None:
    """The revision the database is at, or None when it has never been migrated."""
    with database.engine.connect() as connection:
        return MigrationContext.configure(connection).get_current_revision()


@cache
def head_revision() -> str | None:
    """The newest revision the package ships (read once: readiness probes ask often)."""
    config = Config()
    config.set_main_option("script_location", "openkyb.store:migrations")
    return ScriptDirectory.from_config(config).get_current_head()


def is_up_to_date(database: Database) -> bool:
    """True when the database schema is at the packaged head."""
    return current_revision(database) == head_revision()
