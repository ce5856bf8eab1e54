"""Live registry adapters: the Companies House REST API and the GLEIF API.

Both are off unless configured (OPENKYB_COMPANIES_HOUSE_API_KEY, OPENKYB_GLEIF_API_URL). Calls
raise :class:`RegistryUnavailable` (or its :class:`RateLimited`) when the registry cannot
answer; the evidence layer turns that into an ``error`` note. See docs/registry-live.md.
"""

from __future__ import annotations

from functools import lru_cache

from openkyb.registry.live.companies_house import CompaniesHouseClient
from openkyb.registry.live.errors import RateLimited, RegistryUnavailable
from openkyb.registry.live.gleif import GleifClient
from openkyb.settings import Settings

__all__ = [
    "CompaniesHouseClient",
    "GleifClient",
    "RateLimited",
    "RegistryUnavailable",
    "make_live_clients",
]


def make_live_clients(
    settings: Settings,
) -> tuple[CompaniesHouseClient | None, GleifClient | None]:
    """The configured live clients (None for each one that is not configured).

    The same settings give the same client objects, so the cache and the request budget are
    shared by every caller in the process rather than reset per verification.
    """
    return _clients(
        settings.companies_house_api_url,
        settings.companies_house_api_key,
        settings.gleif_api_url,
        settings.registry_cache_seconds,
    )


@lru_cache(maxsize=8)
def _clients(
    ch_url: str, ch_key: str | None, gleif_url: str | None, cache_seconds: float
) -> tuple[CompaniesHouseClient | None, GleifClient | None]:
    companies_house = (
        CompaniesHouseClient(ch_url, ch_key, cache_seconds=cache_seconds) if ch_key else None
    )
    gleif = GleifClient(gleif_url, cache_seconds=cache_seconds) if gleif_url else None
    return companies_house, gleif
