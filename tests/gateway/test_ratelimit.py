"""The rate limiter: exact under concurrency, burst blocks, memory and Redis, Redis down."""

from __future__ import annotations

from concurrent.futures import ThreadPoolExecutor

import pytest
from pydantic import ValidationError
from tests.gateway.support import DOWN_REDIS_URL, require_redis

from openkyb.gateway.pipeline import Gateway
from openkyb.gateway.plans import GatewayPolicy
from openkyb.gateway.ratelimit import StorageUnavailable, TenantRateLimiter
from openkyb.ids import new_id
from openkyb.settings import Settings
from openkyb.store.db import Database


@pytest.fixture(params=["memory", "redis"])
def limiter(request: pytest.FixtureRequest) -> TenantRateLimiter:
    uri = require_redis() if request.param == "redis" else None
    return TenantRateLimiter(uri, burst_factor=3, block_seconds=60)


def _items(*limits: str):
    return GatewayPolicy(rate_limits=limits).rate_limit_items()


def test_exactly_the_limit_is_accepted_under_concurrency(limiter: TenantRateLimiter):
    tenant, items = new_id("ten"), _items("50/minute")
    with ThreadPoolExecutor(16) as pool:
        decisions = list(
            pool.map(lambda _: limiter.check(tenant, new_id("key"), items), range(120))
        )
    assert sum(d.allowed for d in decisions) == 50


def test_headers_count_down_and_rejections_say_when(limiter: TenantRateLimiter):
    tenant, key, items = new_id("ten"), new_id("key"), _items("2/minute", "100/day")
    first = limiter.check(tenant, key, items)
    assert first.allowed
    assert first.state is not None
    assert first.state.headers()["RateLimit-Limit"] == "2"
    assert first.state.headers()["RateLimit-Remaining"] == "1"
    assert 0 < first.state.reset <= 60
    limiter.check(tenant, key, items)
    refused = limiter.check(tenant, key, items)
    assert not refused.allowed
    assert not refused.blocked
    assert refused.state is not None
    assert refused.state.remaining == 0
    assert 1 <= refused.retry_after <= 60


def test_a_key_bursting_past_three_times_its_limit_is_blocked(limiter: TenantRateLimiter):
    tenant, key, other_key, items = new_id("ten"), new_id("key"), new_id("key"), _items("5/minute")
    decisions = [limiter.check(tenant, key, items) for _ in range(20)]
    assert sum(d.allowed for d in decisions) == 5
    # Rejections 1..10 are plain 429s; the 11th (attempt 16 > 3 x 5) blocks the key once.
    assert [d.newly_blocked for d in decisions].count(True) == 1
    assert decisions[15].newly_blocked
    assert all(d.blocked for d in decisions[15:])
    assert not any(d.blocked for d in decisions[:15])
    assert decisions[-1].retry_after > 50
    # The block is per key: another key of the tenant only meets the tenant's limit.
    other = limiter.check(tenant, other_key, items)
    assert not other.allowed
    assert not other.blocked


def test_no_limits_costs_nothing():
    limiter = TenantRateLimiter(DOWN_REDIS_URL)
    assert limiter.check("ten_x", "key_x", ()).allowed  # never touches the dead Redis


def test_unreachable_redis_is_reported():
    limiter = TenantRateLimiter(DOWN_REDIS_URL)
    with pytest.raises(StorageUnavailable):
        limiter.check("ten_x", "key_x", _items("10/minute"))


def test_burst_and_flush_settings_reach_the_gateway(sqlite_db: Database) -> None:
    settings = Settings(burst_factor=5, burst_block_seconds=42, usage_flush_seconds=1.5)
    gateway = Gateway(settings, sqlite_db)
    try:
        assert (gateway.limiter.burst_factor, gateway.limiter.block_seconds) == (5, 42)
        assert gateway.usage.flush_seconds == 1.5
    finally:
        gateway.close()


@pytest.mark.parametrize(
    "values", [{"burst_factor": 1}, {"burst_block_seconds": 0}, {"usage_flush_seconds": 0}]
)
def test_burst_and_flush_settings_are_checked(values: dict[str, float]) -> None:
    with pytest.raises(ValidationError):
        Settings(**values)  # type: ignore[arg-type]
