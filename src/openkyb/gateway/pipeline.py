"""Enforcing a tenant's gateway policy on one request.

:class:`GatewayMiddleware` opens a :class:`GatewayCall` per request (peer, headers) in a
context variable; :func:`openkyb.api.deps.require_tenant` calls :func:`enforce` right after
the key lookup, in the same thread-pool call, so a policy costs no extra hop and no extra
database round trip. Checks run cheapest first: allowlist, bot rule, then rate limits.
"""

from __future__ import annotations

import logging
import time
from contextvars import ContextVar
from dataclasses import dataclass, field
from functools import lru_cache

from limits import RateLimitItem

from openkyb.api.problems import Problem
from openkyb.gateway import usage
from openkyb.gateway.audit import KEY_BLOCKED, record_event
from openkyb.gateway.auth import TenantContext
from openkyb.gateway.bots import is_bot
from openkyb.gateway.clientip import (
    IPAddress,
    IPNetwork,
    client_address,
    in_networks,
    parse_networks,
)
from openkyb.gateway.plans import GatewayPolicy
from openkyb.gateway.ratelimit import RateDecision, StorageUnavailable, TenantRateLimiter
from openkyb.gateway.usage import UsageMeter
from openkyb.settings import Settings
from openkyb.store.db import Database
from openkyb.telemetry import record_rejection

logger = logging.getLogger("openkyb.gateway")
_WARN_EVERY_SECONDS = 60.0


class Gateway:
    """A process's gateway state: limiter, trusted proxies, usage meter."""

    def __init__(self, settings: Settings, db: Database) -> None:
        self.db = db
        self.limiter = TenantRateLimiter(
            settings.redis_url, settings.burst_factor, settings.burst_block_seconds
        )
        self.fail_closed = settings.rate_limit_failure == "closed"
        self.trusted: tuple[IPNetwork, ...] = _networks(tuple(settings.trusted_proxies))
        self.usage = UsageMeter(db, settings.usage_flush_seconds)
        self._last_warning = 0.0

    def storage_down(self, exc: StorageUnavailable) -> None:
        """Fail closed (503) or open (allow, and log at most once a minute)."""
        if self.fail_closed:
            record_rejection("redis_unavailable")
            raise Problem(
                503,
                "rate-limit-unavailable",
                "Rate limits cannot be checked right now; retry shortly.",
                headers={"Retry-After": "5"},
            ) from exc
        now = time.monotonic()
        if now - self._last_warning > _WARN_EVERY_SECONDS:
            self._last_warning = now
            logger.warning("rate-limit store unreachable, allowing requests: %s", exc)

    def close(self) -> None:
        """Flush usage counters (at shutdown)."""
        self.usage.close()


@dataclass(slots=True)
class GatewayCall:
    """One request as the gateway sees it, and the headers it adds to the answer."""

    gateway: Gateway
    peer: str | None
    forwarded_for: list[str]
    user_agent: str | None
    response_headers: dict[str, str] = field(default_factory=dict)
    tenant_id: str | None = None

    def client_ip(self) -> IPAddress | None:
        """The caller's address (``X-Forwarded-For`` believed only from trusted proxies)."""
        return client_address(self.peer, self.forwarded_for, self.gateway.trusted)


current_call: ContextVar[GatewayCall | None] = ContextVar("openkyb_gateway_call", default=None)


@lru_cache(maxsize=64)
def _networks(cidrs: tuple[str, ...]) -> tuple[IPNetwork, ...]:
    return parse_networks(cidrs)


@lru_cache(maxsize=4096)
def _compiled(policy: GatewayPolicy) -> tuple[tuple[IPNetwork, ...], tuple[RateLimitItem, ...]]:
    # Policies are frozen and hashable: parse each one once per process.
    return policy.networks(), policy.rate_limit_items()


def enforce(tenant: TenantContext) -> None:
    """Apply the tenant's gateway policy to the current request, or raise a Problem.

    Outside a request opened by the middleware (scripts, other apps) there is nothing to
    enforce against, and nothing is done.
    """
    call = current_call.get()
    if call is None:
        return
    gateway = call.gateway
    call.tenant_id = tenant.tenant_id
    meter = gateway.usage
    meter.count(tenant.tenant_id, usage.REQUESTS)
    policy = tenant.gateway
    networks, items = _compiled(policy)
    if networks and not in_networks(call.client_ip(), networks):
        meter.count(tenant.tenant_id, usage.REJECTED_IP)
        record_rejection("ip_not_allowed", tenant.tenant_name)
        raise Problem(
            403, "ip-not-allowed", "Requests for this tenant must come from its allowed networks."
        )
    if not policy.allow_bots and is_bot(call.user_agent):
        meter.count(tenant.tenant_id, usage.REJECTED_BOT)
        record_rejection("bot", tenant.tenant_name)
        raise Problem(
            403,
            "bot-blocked",
            "Automated clients without a user agent, crawlers and scrapers are refused; "
            "send a User-Agent naming your integration.",
        )
    if not items:
        return
    try:
        decision = gateway.limiter.check(tenant.tenant_id, tenant.key_id, items)
    except StorageUnavailable as exc:
        gateway.storage_down(exc)
        return
    if decision.state is not None:
        call.response_headers.update(decision.state.headers())
    if not decision.allowed:
        _reject(gateway, tenant, decision)


def _reject(gateway: Gateway, tenant: TenantContext, decision: RateDecision) -> None:
    headers = {"Retry-After": str(decision.retry_after)}
    if decision.newly_blocked:
        record_event(
            gateway.db,
            KEY_BLOCKED,
            {
                "reason": f"more than {gateway.limiter.burst_factor}x the rate limit",
                "limit": decision.state.limit if decision.state else None,
                "window_seconds": decision.state.window if decision.state else None,
                "blocked_seconds": gateway.limiter.block_seconds,
            },
            tenant.tenant_id,
            tenant.key_id,
        )
        logger.warning("key %s of tenant %s blocked for bursting", tenant.key_id, tenant.tenant_id)
    if decision.blocked:
        gateway.usage.count(tenant.tenant_id, usage.REJECTED_BLOCKED)
        record_rejection("burst_blocked", tenant.tenant_name)
        raise Problem(
            429,
            "key-blocked",
            f"This API key sent far more requests than its limit allows and is blocked; "
            f"retry in {decision.retry_after} seconds.",
            headers=headers,
        )
    gateway.usage.count(tenant.tenant_id, usage.REJECTED_RATE_LIMIT)
    record_rejection("rate_limit", tenant.tenant_name)
    raise Problem(
        429,
        "rate-limited",
        f"Rate limit exceeded; retry in {decision.retry_after} seconds.",
        headers=headers,
    )


def count_usage(metric: str) -> None:
    """Count a metric for the current request's tenant (after :func:`enforce`)."""
    call = current_call.get()
    if call is not None and call.tenant_id is not None:
        call.gateway.usage.count(call.tenant_id, metric)
