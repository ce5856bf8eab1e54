"""What a live registry call raises when the registry cannot answer.

The evidence layer catches :class:`RegistryUnavailable` (rate limits included) and records an
``error`` note on the verification instead of failing it.
"""

from __future__ import annotations


class RegistryUnavailable(Exception):
    """The registry could not be asked or did not answer usefully (network, 5xx, bad key)."""

    def __init__(self, registry: str, message: str) -> None:
        super().__init__(f"{registry}: {message}")
        self.registry = registry


class RateLimited(RegistryUnavailable):
    """The request budget is spent (ours, client-side, or the server's 429).

    ``retry_after`` is how many seconds until a request may succeed, when known.
    """

    def __init__(self, registry: str, message: str, retry_after: float | None = None) -> None:
        super().__init__(registry, message)
        self.retry_after = retry_after
