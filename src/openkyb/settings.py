"""One Settings object, read from OPENKYB_* environment variables, injected, never mutated."""

from __future__ import annotations

from functools import cache

from pydantic import Field
from pydantic_settings import BaseSettings, SettingsConfigDict

DEFAULT_DATABASE_URL = "sqlite:///openkyb.db"


class Settings(BaseSettings):
    """Runtime configuration. Every field maps to ``OPENKYB_<FIELD>``."""

    model_config = SettingsConfigDict(env_prefix="OPENKYB_", frozen=True, extra="ignore")

    database_url: str = Field(
        default=DEFAULT_DATABASE_URL,
        description="SQLAlchemy URL. SQLite file by default; postgresql://... for production.",
    )
    max_body_bytes: int = Field(default=1024 * 1024, ge=1024)
    page_size_max: int = Field(default=200, ge=1)
    db_pool_size: int = Field(default=20, ge=1, description="PostgreSQL connections per process")
    db_pool_pre_ping: bool = Field(
        default=False, description="Test each pooled connection before use (one more round trip)"
    )
    threads: int = Field(
        default=16,
        ge=1,
        description="Threads per process for blocking work (database, checks); more adds GIL "
        "contention, fewer leaves the database round trips idle",
    )
    screening_url: str | None = Field(
        default=None, description="Use `openkyb screening serve` at this URL instead of in-process"
    )
    screening_token: str | None = Field(
        default=None, description="Bearer token between the API and the screening service"
    )
    screening_refresh_seconds: float = Field(
        default=60.0, ge=1, description="How often to look for newly loaded dataset versions"
    )
    log_level: str = "info"


@cache
def get_settings() -> Settings:
    """The process-wide settings, read once from the environment."""
    return Settings()
