"""Helpers shared by tests (fixtures live in conftest.py)."""

from __future__ import annotations

from openkyb.gateway import tenants as tenant_service
from openkyb.store.db import Database


def new_tenant_key(db: Database, name: str) -> str:
    """Create a tenant and return its API key."""
    with db.session() as session:
        return tenant_service.create_tenant(session, name).secret


def auth(key: str) -> dict[str, str]:
    """Authorization header for a key."""
    return {"Authorization": f"Bearer {key}"}
