"""Helpers shared by tests (fixtures live in conftest.py)."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

from openkyb.gateway import tenants as tenant_service
from openkyb.store.db import Database


def new_tenant_key(db: Database, name: str) -> str:
    """Create a tenant and return its API key."""
    with db.session() as session:
        return tenant_service.create_tenant(session, name).secret


def auth(key: str) -> dict[str, str]:
    """Authorization header for a key."""
    return {"Authorization": f"Bearer {key}"}


def shared_data(relative: str) -> Path:
    """A path in the shared real data, or skip the test with the reason when it is absent."""
    root = Path(
        os.environ.get(
            "OPENKYB_SHARED_DATA", Path(__file__).resolve().parents[2] / "shared" / "data"
        )
    )
    path = root / relative
    if not path.exists():
        if os.environ.get("CI") == "true":
            pytest.fail(f"shared data missing in CI: {path}")
        pytest.skip(f"shared data not available: {path}")
    return path
