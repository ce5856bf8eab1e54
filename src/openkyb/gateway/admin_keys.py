"""Admin keys: operators' keys for ``/admin/v1``, separate from every tenant key.

They live in their own table with their own prefix, so a tenant key can never match one
(and an admin key never authenticates on the tenant API: it is not in ``api_keys``).
"""

from __future__ import annotations

import secrets
from dataclasses import dataclass

from sqlalchemy import Connection, select, update
from sqlalchemy.orm import Session

from openkyb.clock import utc_now
from openkyb.gateway.keys import hash_key
from openkyb.ids import new_id
from openkyb.store.models import AdminKey

ADMIN_KEY_PREFIX = "okbadmin_"
_DISPLAY_LENGTH = 16


class AdminKeyError(ValueError):
    """An admin-key operation that cannot be done, with a readable reason."""


@dataclass(frozen=True, slots=True)
class IssuedAdminKey:
    """A freshly created admin key: the secret is only ever available here."""

    key_id: str
    name: str
    secret: str


@dataclass(frozen=True, slots=True)
class AdminContext:
    """The operator behind an admin key."""

    key_id: str
    name: str


def create_admin_key(session: Session, name: str) -> IssuedAdminKey:
    """Issue an admin key labelled ``name`` (who or what uses it)."""
    name = name.strip()
    if not 1 <= len(name) <= 100:
        raise AdminKeyError("an admin key name has 1 to 100 characters")
    secret = ADMIN_KEY_PREFIX + secrets.token_urlsafe(32)
    key = AdminKey(
        id=new_id("adk"),
        name=name,
        prefix=secret[:_DISPLAY_LENGTH],
        key_hash=hash_key(secret),
        created_at=utc_now(),
    )
    session.add(key)
    session.flush()
    return IssuedAdminKey(key.id, name, secret)


def list_admin_keys(session: Session) -> list[AdminKey]:
    """Every admin key, newest first (prefixes only)."""
    return list(session.scalars(select(AdminKey).order_by(AdminKey.created_at.desc())))


def revoke_admin_key(session: Session, key_id: str) -> None:
    """Revoke an admin key; it stops working at once."""
    result = session.execute(
        update(AdminKey)
        .where(AdminKey.id == key_id, AdminKey.revoked_at.is_(None))
        .values(revoked_at=utc_now())
    )
    if result.rowcount == 0:  # type: ignore[attr-defined]
        exists = session.get(AdminKey, key_id) is not None
        raise AdminKeyError(
            f"admin key {key_id} is already revoked" if exists else f"no admin key {key_id}"
        )


def is_admin_key(presented: str) -> bool:
    """Whether a presented key has the admin shape (no lookup)."""
    return presented.startswith(ADMIN_KEY_PREFIX)


def authenticate_admin(connection: Connection, presented: str) -> AdminContext | None:
    """The operator behind an active admin key, or None."""
    if not is_admin_key(presented) or len(presented) > 200:
        return None
    row = connection.execute(
        select(AdminKey.id, AdminKey.name).where(
            AdminKey.key_hash == hash_key(presented), AdminKey.revoked_at.is_(None)
        )
    ).first()
    return None if row is None else AdminContext(row[0], row[1])
