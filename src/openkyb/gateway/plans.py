"""Per-tenant gateway policies: rate limits, IP allowlist, bot rule and verification cache.

A policy is a small frozen value, stored as canonical JSON in ``tenants.gateway_policy``
(NULL means :data:`DEFAULT_GATEWAY_POLICY`: no limits, any address, bots blocked, no
cache). The authentication query reads that column with the key, so enforcing a policy
costs no extra database round trip, and a change takes effect at once in every process.
"""

from __future__ import annotations

import ipaddress
from dataclasses import dataclass, replace
from typing import Any

import orjson
from limits import RateLimitItem, parse
from sqlalchemy import select

from openkyb.store.db import Database
from openkyb.store.models import Tenant

# Kong's rate-limiting plugin (and most gateways) count per second, minute, hour and day.
GRANULARITIES = ("second", "minute", "hour", "day")
MAX_CACHE_TTL = 7 * 24 * 3600
MAX_ALLOW_ENTRIES = 100

IPNetwork = ipaddress.IPv4Network | ipaddress.IPv6Network


class GatewayPolicyError(ValueError):
    """An invalid rate limit, CIDR or TTL, with a readable reason."""


def parse_rate_limit(text: str) -> RateLimitItem:
    """One limit such as ``100/minute`` or ``10 per second``, parsed by ``limits``."""
    try:
        item = parse(text.strip())
    except ValueError as exc:
        raise GatewayPolicyError(
            f"'{text}' is not a rate limit; write it like 100/minute, 10/second or 5000/day"
        ) from exc
    granularity = item.GRANULARITY.name
    if granularity not in GRANULARITIES or item.multiples != 1:
        raise GatewayPolicyError(
            f"'{text}': limits count per second, minute, hour or day (e.g. 100/minute)"
        )
    if not 1 <= item.amount <= 10**9:
        raise GatewayPolicyError(f"'{text}': the amount must be between 1 and 1000000000")
    return item


def canonical_rate_limit(text: str) -> str:
    """``100 per minute`` → ``100/minute``: one spelling, so policies compare and merge."""
    item = parse_rate_limit(text)
    return f"{item.amount}/{item.GRANULARITY.name}"


def parse_cidr(text: str) -> IPNetwork:
    """An IPv4 or IPv6 network; a bare address is a /32 or /128. Host bits are dropped."""
    try:
        return ipaddress.ip_network(text.strip(), strict=False)
    except ValueError as exc:
        raise GatewayPolicyError(f"'{text}' is not an IPv4 or IPv6 address or CIDR") from exc


def _sorted_limits(values: tuple[str, ...]) -> tuple[str, ...]:
    canonical = [canonical_rate_limit(v) for v in values]
    by_granularity: dict[str, str] = {}
    for value in canonical:
        granularity = value.split("/")[1]
        if granularity in by_granularity and by_granularity[granularity] != value:
            raise GatewayPolicyError(
                f"two limits per {granularity}: {by_granularity[granularity]} and {value}"
            )
        by_granularity[granularity] = value
    return tuple(by_granularity[g] for g in GRANULARITIES if g in by_granularity)


def _unique_networks(values: tuple[str, ...]) -> tuple[str, ...]:
    if len(values) > MAX_ALLOW_ENTRIES:
        raise GatewayPolicyError(f"at most {MAX_ALLOW_ENTRIES} allowlist entries")
    networks = dict.fromkeys(str(parse_cidr(v)) for v in values)
    return tuple(networks)


@dataclass(frozen=True, slots=True)
class GatewayPolicy:
    """What the gateway enforces for one tenant. Values are validated and canonicalised.

    - ``rate_limits``: e.g. ``("10/second", "100/minute")``, at most one per granularity,
      ordered second → day. Empty: unlimited.
    - ``ip_allow``: CIDRs (IPv4 and IPv6) callers must come from. Empty: any address.
    - ``allow_bots``: accept empty, crawler and scraper user agents.
    - ``cache_ttl``: seconds an identical verification is answered from the earlier one
      (0: off).
    """

    rate_limits: tuple[str, ...] = ()
    ip_allow: tuple[str, ...] = ()
    allow_bots: bool = False
    cache_ttl: int = 0

    def __post_init__(self) -> None:
        if isinstance(self.cache_ttl, bool) or not isinstance(self.cache_ttl, int):
            raise GatewayPolicyError("cache_ttl is a whole number of seconds")
        if not 0 <= self.cache_ttl <= MAX_CACHE_TTL:
            raise GatewayPolicyError(f"cache_ttl must be between 0 and {MAX_CACHE_TTL} seconds")
        object.__setattr__(self, "rate_limits", _sorted_limits(tuple(self.rate_limits)))
        object.__setattr__(self, "ip_allow", _unique_networks(tuple(self.ip_allow)))
        object.__setattr__(self, "allow_bots", bool(self.allow_bots))

    def rate_limit_items(self) -> tuple[RateLimitItem, ...]:
        """The limits as ``limits`` items, for the rate limiter."""
        return tuple(parse(value) for value in self.rate_limits)

    def rate_limit_counts(self) -> dict[str, int]:
        """``{"minute": 100, "day": 5000}``: the shape Kong's rate-limiting plugin takes."""
        return {value.split("/")[1]: int(value.split("/")[0]) for value in self.rate_limits}

    def networks(self) -> tuple[IPNetwork, ...]:
        """The allowlist as ``ipaddress`` networks."""
        return tuple(ipaddress.ip_network(value) for value in self.ip_allow)

    def as_dict(self) -> dict[str, Any]:
        """A JSON-ready document (lists, not tuples)."""
        return {
            "rate_limits": list(self.rate_limits),
            "ip_allow": list(self.ip_allow),
            "allow_bots": self.allow_bots,
            "cache_ttl": self.cache_ttl,
        }

    @classmethod
    def from_dict(cls, document: dict[str, Any]) -> GatewayPolicy:
        """Validate a document such as :meth:`as_dict` returns; unknown fields are refused."""
        unknown = set(document) - {"rate_limits", "ip_allow", "allow_bots", "cache_ttl"}
        if unknown:
            raise GatewayPolicyError(f"unknown gateway policy fields: {', '.join(sorted(unknown))}")
        limits_value = document.get("rate_limits") or ()
        allow_value = document.get("ip_allow") or ()
        if isinstance(limits_value, str) or isinstance(allow_value, str):
            raise GatewayPolicyError("rate_limits and ip_allow are lists")
        allow_bots = document.get("allow_bots", False)
        if not isinstance(allow_bots, bool):
            raise GatewayPolicyError("allow_bots is true or false")
        return cls(
            tuple(str(v) for v in limits_value),
            tuple(str(v) for v in allow_value),
            allow_bots,
            document.get("cache_ttl", 0),
        )

    def to_json(self) -> str:
        """Canonical JSON, as stored in ``tenants.gateway_policy``."""
        return orjson.dumps(self.as_dict(), option=orjson.OPT_SORT_KEYS).decode()

    @classmethod
    def from_json(cls, text: str | None) -> GatewayPolicy:
        """The policy a stored column holds (NULL or empty: the default)."""
        if not text:
            return DEFAULT_GATEWAY_POLICY
        document = orjson.loads(text)
        if not isinstance(document, dict):
            raise GatewayPolicyError("a gateway policy is a JSON object")
        return cls.from_dict(document)


DEFAULT_GATEWAY_POLICY = GatewayPolicy()


def get_gateway_policy(db: Database, tenant_id: str) -> GatewayPolicy:
    """The gateway policy in force for a tenant id (the default for an unknown id)."""
    with db.connection() as connection:
        stored = connection.scalar(select(Tenant.gateway_policy).where(Tenant.id == tenant_id))
    return GatewayPolicy.from_json(stored)


def list_gateway_policies(db: Database) -> list[tuple[str, str, GatewayPolicy]]:
    """``(tenant name, tenant id, policy)`` for every tenant, by name."""
    with db.connection() as connection:
        rows = connection.execute(
            select(Tenant.name, Tenant.id, Tenant.gateway_policy).order_by(Tenant.name)
        ).all()
    return [(name, tenant_id, GatewayPolicy.from_json(stored)) for name, tenant_id, stored in rows]


def tenant_gateway_policy(tenant: Tenant) -> GatewayPolicy:
    """The policy of a loaded tenant row."""
    return GatewayPolicy.from_json(tenant.gateway_policy)


def updated_policy(
    current: GatewayPolicy,
    *,
    rate_limits: list[str] | None = None,
    rate_limits_clear: bool = False,
    ip_allow: list[str] | None = None,
    ip_allow_clear: bool = False,
    allow_bots: bool | None = None,
    cache_ttl: int | None = None,
) -> GatewayPolicy:
    """``current`` with changes applied.

    A new rate limit replaces the one of the same granularity (``100/minute`` replaces the
    per-minute limit and keeps the daily one); ``*_clear`` empties a list before additions.
    """
    limits_by_granularity = {} if rate_limits_clear else current.rate_limit_counts()
    for text in rate_limits or ():
        item = parse_rate_limit(text)
        limits_by_granularity[item.GRANULARITY.name] = item.amount
    allow = () if ip_allow_clear else current.ip_allow
    return replace(
        current,
        rate_limits=tuple(f"{n}/{g}" for g, n in limits_by_granularity.items()),
        ip_allow=allow + tuple(ip_allow or ()),
        allow_bots=current.allow_bots if allow_bots is None else allow_bots,
        cache_ttl=current.cache_ttl if cache_ttl is None else cache_ttl,
    )


def set_gateway_policy(tenant: Tenant, policy: GatewayPolicy) -> None:
    """Store a tenant's policy on its row, saved with the session (the default is NULL)."""
    tenant.gateway_policy = None if policy == DEFAULT_GATEWAY_POLICY else policy.to_json()
