"""The HTTP plumbing the live registry clients share: caching, rate limit, errors, timeouts.

Every GET goes through :meth:`JsonApi.get_json`: a cached answer (404s included) is returned
without touching the budget; otherwise one unit of the client-side moving-window budget is
spent (``limits``, in memory) and the request is sent with a short timeout. When the budget is
spent, or the server answers 429, :class:`RateLimited` is raised at once with the wait in
seconds: a KYB check must not sleep for minutes.
"""

from __future__ import annotations

import time
from typing import Any

import httpx
from limits import parse as parse_limit
from limits.storage import MemoryStorage
from limits.strategies import MovingWindowRateLimiter

from openkyb.registry.live.cache import TtlCache, is_missing
from openkyb.registry.live.errors import RateLimited, RegistryUnavailable

DEFAULT_TIMEOUT = 5.0


class JsonApi:
    """GET JSON from one registry API, with a TTL cache and a client-side request budget."""

    def __init__(
        self,
        registry: str,
        base_url: str,
        *,
        rate_limit: str,
        cache_seconds: float,
        client: httpx.Client | None = None,
        auth: httpx.Auth | None = None,
        headers: dict[str, str] | None = None,
        timeout: float = DEFAULT_TIMEOUT,
        cache_entries: int = 2048,
    ) -> None:
        self.registry = registry
        self.base_url = base_url.rstrip("/")
        self.timeout = timeout
        self.cache = TtlCache(cache_seconds, cache_entries)
        self._client = client or httpx.Client(timeout=timeout)
        self._auth = auth
        self._headers = {"Accept": "application/json", **(headers or {})}
        self._limit = parse_limit(rate_limit)
        self._limiter = MovingWindowRateLimiter(MemoryStorage())

    def get_json(self, path: str, params: dict[str, Any] | None = None) -> Any:
        """The decoded JSON at ``path``, or None when the registry answers 404.

        Raises :class:`RateLimited` when the budget is spent or on 429, and
        :class:`RegistryUnavailable` on network errors, timeouts, 5xx and other errors.
        """
        key = (path, tuple(sorted((params or {}).items())))
        cached = self.cache.get(key)
        if not is_missing(cached):
            return cached
        self._spend()
        response = self._send(path, params)
        value = self._decode(response)
        self.cache.put(key, value)
        return value

    def _spend(self) -> None:
        if self._limiter.hit(self._limit, self.registry):
            return
        stats = self._limiter.get_window_stats(self._limit, self.registry)
        wait = max(0.0, stats.reset_time - time.time())
        raise RateLimited(
            self.registry,
            f"request budget of {self._limit} spent; try again in {wait:.0f} s",
            retry_after=wait,
        )

    def _send(self, path: str, params: dict[str, Any] | None) -> httpx.Response:
        url = f"{self.base_url}{path}"
        try:
            return self._client.get(
                url,
                params=params,
                headers=self._headers,
                auth=self._auth if self._auth is not None else httpx.USE_CLIENT_DEFAULT,
                timeout=self.timeout,
            )
        except httpx.TimeoutException:
            raise RegistryUnavailable(
                self.registry, f"no answer within {self.timeout:g} s ({path})"
            ) from None
        except httpx.HTTPError as error:
            raise RegistryUnavailable(
                self.registry, f"cannot reach {self.base_url}: {error}"
            ) from None

    def _decode(self, response: httpx.Response) -> Any:
        status = response.status_code
        path = response.request.url.path
        if status == 404:
            return None
        if status == 429:
            wait = _retry_after(response.headers.get("Retry-After"))
            hint = f"; retry after {wait:g} s" if wait is not None else ""
            raise RateLimited(self.registry, f"the server's rate limit was reached{hint}", wait)
        if status in (401, 403):
            raise RegistryUnavailable(self.registry, f"access refused ({status}): check the key")
        if status >= 400:
            raise RegistryUnavailable(self.registry, f"HTTP {status} for {path}")
        try:
            return response.json()
        except ValueError:
            raise RegistryUnavailable(self.registry, f"answer for {path} is not JSON") from None

    def close(self) -> None:
        """Close the HTTP client (also the injected one)."""
        self._client.close()


def _retry_after(value: str | None) -> float | None:
    """Seconds from a Retry-After header (seconds or an HTTP date), None when unreadable."""
    if not value:
        return None
    try:
        return max(0.0, float(value))
    except ValueError:
        pass
    from email.utils import parsedate_to_datetime

    try:
        when = parsedate_to_datetime(value)
    except (TypeError, ValueError):
        return None
    return max(0.0, when.timestamp() - time.time())


def paged_items(
    api: JsonApi, path: str, page_size: int = 100, max_pages: int = 10
) -> list[dict[str, Any]]:
    """Every ``items`` entry of a Companies-House-style paged list (start_index paging).

    Stops at the stated total (``total_results`` / ``total_count``), an empty page or
    ``max_pages``; a 404 on the first page is an empty list.
    """
    items: list[dict[str, Any]] = []
    for _ in range(max_pages):
        page = api.get_json(path, {"items_per_page": page_size, "start_index": len(items)})
        if not isinstance(page, dict):
            break
        new = [item for item in page.get("items") or () if isinstance(item, dict)]
        items.extend(new)
        total = page.get("total_results", page.get("total_count"))
        if not new or not isinstance(total, int) or len(items) >= total:
            break
    return items
