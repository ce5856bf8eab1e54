"""Tenant, API key and tenant-policy management (used by the CLI and the API)."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from sqlalchemy import select, update
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session

from openkyb.clock import utc_now
from openkyb.decision import Policy, default_policy, parse_policy
from openkyb.gateway.keys import display_prefix, generate_key, hash_key
from openkyb.ids import new_id
from openkyb.store.models import ApiKey, Tenant
from openkyb.store.models import Policy as PolicyRow


class TenantError(ValueError):
    """A tenant operation that cannot be done, with a readable reason."""


@dataclass(frozen=True, slots=True)
class IssuedKey:
    """A freshly created key: the secret is only ever available here."""

    key_id: str
    tenant_id: str
    tenant_name: str
    secret: str


@dataclass(frozen=True, slots=True)
class TenantInfo:
    """A tenant as listed."""

    id: str
    name: str
    created_at: datetime
    active_keys: int
    policy: str


def get_tenant(session: Session, name_or_id: str) -> Tenant:
    """The tenant with that name or id, or TenantError."""
    tenant = session.scalar(
        select(Tenant).where((Tenant.name == name_or_id) | (Tenant.id == name_or_id))
    )
    if tenant is None:
        raise TenantError(f"no tenant named '{name_or_id}'")
    return tenant


def create_tenant(session: Session, name: str) -> IssuedKey:
    """Create a tenant and its first API key."""
    name = name.strip()
    if not 1 <= len(name) <= 100:
        raise TenantError("a tenant name has 1 to 100 characters")
    tenant = Tenant(id=new_id("ten"), name=name, created_at=utc_now())
    session.add(tenant)
    try:
        session.flush()
    except IntegrityError as exc:
        raise TenantError(f"a tenant named '{name}' already exists") from exc
    return create_key(session, tenant.id)


def create_key(session: Session, tenant_name_or_id: str) -> IssuedKey:
    """Issue a new API key for a tenant."""
    tenant = get_tenant(session, tenant_name_or_id)
    secret = generate_key()
    key = ApiKey(
        id=new_id("key"),
        tenant_id=tenant.id,
        prefix=display_prefix(secret),
        key_hash=hash_key(secret),
        created_at=utc_now(),
    )
    session.add(key)
    session.flush()
    return IssuedKey(key.id, tenant.id, tenant.name, secret)


def revoke_key(session: Session, key_id: str) -> None:
    """Revoke a key; requests with it are refused from now on."""
    result = session.execute(
        update(ApiKey)
        .where(ApiKey.id == key_id, ApiKey.revoked_at.is_(None))
        .values(revoked_at=utc_now())
    )
    if result.rowcount == 0:  # type: ignore[attr-defined]
        exists = session.get(ApiKey, key_id) is not None
        raise TenantError(f"key {key_id} is already revoked" if exists else f"no key {key_id}")


def list_tenants(session: Session) -> list[TenantInfo]:
    """Every tenant with its count of active keys and the policy in force."""
    tenants = session.scalars(select(Tenant).order_by(Tenant.created_at)).all()
    infos = []
    for tenant in tenants:
        active = session.scalars(
            select(ApiKey.id).where(ApiKey.tenant_id == tenant.id, ApiKey.revoked_at.is_(None))
        ).all()
        policy = tenant_policy(session, tenant)
        infos.append(
            TenantInfo(tenant.id, tenant.name, tenant.created_at, len(active), policy_label(policy))
        )
    return infos


def list_keys(session: Session, tenant_name_or_id: str) -> list[ApiKey]:
    """A tenant's keys, newest first (secrets are never stored, only prefixes)."""
    tenant = get_tenant(session, tenant_name_or_id)
    return list(
        session.scalars(
            select(ApiKey).where(ApiKey.tenant_id == tenant.id).order_by(ApiKey.created_at.desc())
        )
    )


def policy_label(policy: Policy) -> str:
    """``name@version`` for display."""
    return f"{policy.name}@{policy.version}"


def tenant_policy(session: Session, tenant: Tenant) -> Policy:
    """The policy in force for a tenant: its override, or the shipped default."""
    if tenant.policy_id is None:
        return default_policy()
    row = session.get(PolicyRow, tenant.policy_id)
    if row is None:  # pragma: no cover - guarded by set_policy
        return default_policy()
    return parse_policy(row.document)


def set_policy(
    session: Session, tenant_name_or_id: str, document: str, known_codes: set[str]
) -> Policy:
    """Validate a policy document and make it the tenant's policy in force."""
    tenant = get_tenant(session, tenant_name_or_id)
    policy = parse_policy(document, known_codes)
    row = PolicyRow(
        id=new_id("pol"),
        tenant_id=tenant.id,
        name=policy.name,
        version=policy.version,
        digest=policy.digest,
        document=policy.model_dump(mode="json"),
        created_at=utc_now(),
    )
    session.add(row)
    session.flush()
    tenant.policy_id = row.id
    return policy


def reset_policy(session: Session, tenant_name_or_id: str) -> None:
    """Return a tenant to the shipped default policy (its history is kept)."""
    get_tenant(session, tenant_name_or_id).policy_id = None
