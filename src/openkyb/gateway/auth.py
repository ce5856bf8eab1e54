"""Bearer-key authentication: one indexed lookup per request, policies cached by row id."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from sqlalchemy import Connection, select
from sqlalchemy.orm import Session

from openkyb.decision import Policy, default_policy, parse_policy
from openkyb.gateway.keys import KEY_PREFIX, hash_key
from openkyb.gateway.plans import DEFAULT_GATEWAY_POLICY, GatewayPolicy
from openkyb.store.models import ApiKey, Tenant
from openkyb.store.models import Policy as PolicyRow


@dataclass(frozen=True, slots=True)
class TenantContext:
    """Who is calling: the tenant behind the key, and the policy in force for it."""

    tenant_id: str
    tenant_name: str
    key_id: str
    policy: Policy
    gateway: GatewayPolicy = DEFAULT_GATEWAY_POLICY


class _PolicyCache:
    """Parsed tenant policies by row id.

    Policy rows are never updated (a change inserts a new row and repoints the tenant), so a
    row id always names the same document and can be cached without invalidation.
    """

    def __init__(self, max_entries: int = 1024) -> None:
        self._entries: dict[str, Policy] = {}
        self._max_entries = max_entries

    def get(self, session: Connection | Session, policy_id: str | None) -> Policy:
        if policy_id is None:
            return default_policy()
        policy = self._entries.get(policy_id)
        if policy is None:
            document: dict[str, Any] | None = session.scalar(
                select(PolicyRow.document).where(PolicyRow.id == policy_id)
            )
            policy = default_policy() if document is None else parse_policy(document)
            if len(self._entries) >= self._max_entries:
                self._entries.clear()
            self._entries[policy_id] = policy
        return policy


_policies = _PolicyCache()


class _GatewayPolicyCache:
    """Parsed gateway policies by their stored JSON text.

    The column is read with the key on every request (no extra round trip), so a change is
    seen at once by every process; only the parsing is cached, keyed by the exact text.
    """

    def __init__(self, max_entries: int = 1024) -> None:
        self._entries: dict[str, GatewayPolicy] = {}
        self._max_entries = max_entries

    def get(self, stored: str | None) -> GatewayPolicy:
        if not stored:
            return DEFAULT_GATEWAY_POLICY
        policy = self._entries.get(stored)
        if policy is None:
            policy = GatewayPolicy.from_json(stored)
            if len(self._entries) >= self._max_entries:
                self._entries.clear()
            self._entries[stored] = policy
        return policy


_gateway_policies = _GatewayPolicyCache()


def authenticate(session: Connection | Session, presented_key: str) -> TenantContext | None:
    """The tenant for an active key, or None for an unknown or revoked key."""
    if not presented_key.startswith(KEY_PREFIX) or len(presented_key) > 200:
        return None
    row = session.execute(
        select(ApiKey.id, Tenant.id, Tenant.name, Tenant.policy_id, Tenant.gateway_policy)
        .join(Tenant, Tenant.id == ApiKey.tenant_id)
        .where(ApiKey.key_hash == hash_key(presented_key), ApiKey.revoked_at.is_(None))
    ).first()
    if row is None:
        return None
    key_id, tenant_id, tenant_name, policy_id, gateway = row
    return TenantContext(
        tenant_id,
        tenant_name,
        key_id,
        _policies.get(session, policy_id),
        _gateway_policies.get(gateway),
    )
