"""One Settings object, read from OPENKYB_* environment variables, injected, never mutated."""

from __future__ import annotations

from functools import cache
from typing import Literal

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

    # Company registries (issue 4): live adapters are off unless configured.
    companies_house_api_key: str | None = Field(
        default=None, description="Companies House REST API key; enables the live adapter"
    )
    companies_house_api_url: str = Field(
        default="https://api.company-information.service.gov.uk",
        description="Companies House REST API base URL",
    )
    gleif_api_url: str | None = Field(
        default=None,
        description="GLEIF API base URL (https://api.gleif.org/api/v1); enables the live adapter",
    )
    registry_cache_seconds: float = Field(
        default=3600.0, ge=0, description="How long live registry responses are cached"
    )

    # Gateway (issue 5).
    redis_url: str | None = Field(
        default=None, description="Redis for rate limits shared by every process; memory if unset"
    )
    rate_limit_failure: Literal["open", "closed"] = Field(
        default="open",
        description="When Redis is unreachable: open (log and allow) or closed (503)",
    )
    trusted_proxies: list[str] = Field(
        default_factory=list,
        description="CIDRs of proxies whose X-Forwarded-For is believed (JSON list)",
    )
    burst_factor: int = Field(
        default=3, ge=2, description="A key trying more than this many times its limit is blocked"
    )
    burst_block_seconds: int = Field(
        default=300, ge=1, description="How long a key that bursts stays blocked"
    )
    usage_flush_seconds: float = Field(
        default=5.0, gt=0, description="How often each process writes its usage counts"
    )

    # Telemetry (issue 5). Traces follow the standard OTEL_* variables.
    metrics_enabled: bool = Field(default=True, description="Serve Prometheus /metrics")
    metrics_token: str | None = Field(
        default=None, description="Bearer token required to scrape /metrics (open if unset)"
    )
    log_format: Literal["json", "text"] = Field(
        default="json", description="Structured JSON logs with request and trace ids, or text"
    )


@cache
def get_settings() -> Settings:
    """The process-wide settings, read once from the environment."""
    return Settings()
