"""Per-tenant rate limits (moving window, ``limits``) and blocking of keys that burst.

The moving window keeps one timestamp per accepted request; in Redis the check-and-add is
a single Lua script, so it is exact however many processes share the counter (a fixed or
sliding-counter window would let a burst at a window edge through, or approximate).

A key whose rejections within a window pass ``(burst_factor - 1) x limit`` (that is, it
tried more than ``burst_factor`` times its limit) is blocked for ``block_seconds``: every
request with it is refused at once, before any counter is touched.
"""

from __future__ import annotations

import math
import time
from dataclasses import dataclass

from limits import RateLimitItem
from limits.errors import StorageError
from limits.storage import MemoryStorage, Storage, storage_from_string
from limits.strategies import MovingWindowRateLimiter

BURST_FACTOR = 3
BLOCK_SECONDS = 300
# Redis must answer fast or not at all: a hung connection must not hold a request thread.
REDIS_OPTIONS: dict[str, float | str | bool] = {
    "socket_connect_timeout": 0.25,
    "socket_timeout": 0.5,
}


class LeanMemoryStorage(MemoryStorage):
    """``limits``' memory storage, sweeping expired entries at most once a second.

    The stock storage starts a new timer thread every 10 ms while requests arrive; the
    thread churn and GIL hand-offs cost about 1.5 ms per request (measured by
    benchmarks/gateway_overhead.py). Expiry is still exact: reads check timestamps and
    expiry times themselves; the sweep only frees memory.
    """

    SWEEP_SECONDS = 1.0

    def __init__(self) -> None:
        super().__init__()
        self._last_sweep = 0.0

    def _MemoryStorage__schedule_expiry(self) -> None:  # noqa: N802 - overrides a private name
        now = time.monotonic()
        if now - self._last_sweep >= self.SWEEP_SECONDS:
            self._last_sweep = now
            getattr(super(), "_MemoryStorage__schedule_expiry")()  # noqa: B009


class StorageUnavailable(Exception):
    """The shared counter store (Redis) did not answer."""


@dataclass(frozen=True, slots=True)
class LimitState:
    """One limit's state, for the ``RateLimit-*`` headers."""

    limit: int
    remaining: int
    reset: int  # seconds until the window frees a slot
    window: int  # seconds

    def headers(self) -> dict[str, str]:
        """``RateLimit-Limit``, ``-Remaining``, ``-Reset`` and ``-Policy``."""
        return {
            "RateLimit-Limit": str(self.limit),
            "RateLimit-Remaining": str(max(self.remaining, 0)),
            "RateLimit-Reset": str(self.reset),
            "RateLimit-Policy": f"{self.limit};w={self.window}",
        }


@dataclass(frozen=True, slots=True)
class RateDecision:
    """Whether a request may proceed, and what to tell the caller."""

    allowed: bool
    state: LimitState | None = None
    retry_after: int = 0
    blocked: bool = False  # the key is blocked for bursting
    newly_blocked: bool = False  # this request caused the block (record it once)


ALLOWED = RateDecision(True)


def _seconds_until(moment: float, now: float) -> int:
    return max(0, math.ceil(moment - now))


class TenantRateLimiter:
    """Rate limits per tenant and burst blocks per key, in memory or in Redis."""

    def __init__(
        self,
        storage_uri: str | None = None,
        burst_factor: int = BURST_FACTOR,
        block_seconds: int = BLOCK_SECONDS,
    ) -> None:
        self.shared = storage_uri is not None
        storage = (
            storage_from_string(
                storage_uri, wrap_exceptions=True, key_prefix="openkyb", **REDIS_OPTIONS
            )
            if storage_uri
            else LeanMemoryStorage()
        )
        if not isinstance(storage, Storage):  # an async scheme (async+redis://) was given
            raise ValueError(f"not a synchronous rate-limit storage: {storage_uri}")
        self.storage = storage
        self.limiter = MovingWindowRateLimiter(self.storage)
        self.burst_factor = burst_factor
        self.block_seconds = block_seconds

    def check(self, tenant_id: str, key_id: str, items: tuple[RateLimitItem, ...]) -> RateDecision:
        """Count one request against every limit; raise StorageUnavailable if Redis is down."""
        if not items:
            return ALLOWED
        try:
            return self._check(tenant_id, key_id, items)
        except (StorageError, OSError) as exc:
            raise StorageUnavailable(str(exc)) from exc

    def _check(self, tenant_id: str, key_id: str, items: tuple[RateLimitItem, ...]) -> RateDecision:
        now = time.time()
        block_key = f"block/{key_id}"
        if self.storage.get(block_key) > 0:
            retry = _seconds_until(self.storage.get_expiry(block_key), now)
            return RateDecision(False, retry_after=max(retry, 1), blocked=True)
        states = []
        for item in items:
            accepted = self.limiter.hit(item, "tenant", tenant_id)
            state = self._state(item, tenant_id)
            if not accepted:
                return self._reject(item, state, key_id, block_key)
            states.append(state)
        return RateDecision(True, min(states, key=lambda s: (s.remaining, s.window)))

    def _state(self, item: RateLimitItem, tenant_id: str) -> LimitState:
        stats = self.limiter.get_window_stats(item, "tenant", tenant_id)
        window = item.get_expiry()
        reset = min(_seconds_until(stats.reset_time, time.time()), window)
        return LimitState(item.amount, stats.remaining, reset, window)

    def _reject(
        self, item: RateLimitItem, state: LimitState, key_id: str, block_key: str
    ) -> RateDecision:
        # Only rejections are counted, so the accepted path pays nothing for burst detection.
        rejected_key = f"rejected/{key_id}/{item.amount}/{item.GRANULARITY.name}"
        rejected = self.storage.incr(rejected_key, item.get_expiry())
        if rejected > (self.burst_factor - 1) * item.amount:
            first = self.storage.incr(block_key, self.block_seconds) == 1
            return RateDecision(False, state, self.block_seconds, blocked=True, newly_blocked=first)
        return RateDecision(False, state, max(state.reset, 1))

    def reset(self) -> None:
        """Forget every counter and block (tests and benchmarks)."""
        self.storage.reset()
