"""Dependencies shared by the routes: the database, settings and the caller's API key.

Dependencies here do no I/O and are ``async``: FastAPI would run a sync dependency in the
thread pool, one hop per dependency. The key is looked up by :func:`require_tenant` inside
the route's single thread-pool call, together with the route's own database work.
"""

from __future__ import annotations

from typing import Annotated

from fastapi import Depends, Request
from fastapi.security import HTTPAuthorizationCredentials, HTTPBearer

from openkyb.api.problems import Problem
from openkyb.gateway.admin_keys import AdminContext, authenticate_admin, is_admin_key
from openkyb.gateway.auth import TenantContext, authenticate
from openkyb.gateway.keys import KEY_PREFIX
from openkyb.gateway.pipeline import enforce
from openkyb.settings import Settings
from openkyb.store.db import Database
from openkyb.telemetry import set_tenant_attribute


async def get_db(request: Request) -> Database:
    """The process's database."""
    db: Database = request.app.state.db
    return db


async def get_settings_dep(request: Request) -> Settings:
    """The settings the app was created with."""
    settings: Settings = request.app.state.settings
    return settings


def _unauthorized(detail: str) -> Problem:
    return Problem(
        401, "unauthorized", detail, headers={"WWW-Authenticate": 'Bearer realm="openkyb"'}
    )


_bearer = HTTPBearer(
    auto_error=False, scheme_name="ApiKey", description="A tenant API key: `Bearer okb_...`"
)


async def bearer_key(
    credentials: Annotated[HTTPAuthorizationCredentials | None, Depends(_bearer)],
) -> str:
    """The API key the request presents, or 401 when there is none."""
    if credentials is None or not credentials.credentials.strip():
        raise _unauthorized("Send your API key as 'Authorization: Bearer <key>'.")
    return credentials.credentials.strip()


def require_tenant(db: Database, key: str) -> TenantContext:
    """The tenant behind an active key, or 401; then its gateway policy is enforced.

    Blocking: call it from the thread pool. The allowlist, bot rule and rate limits run
    here (403, 429, 503 problems) so that every tenant route gets them by authenticating.
    """
    with db.connection() as connection:
        tenant = authenticate(connection, key)
    if tenant is None:
        if is_admin_key(key):
            raise Problem(403, "admin-key", "Admin keys work only on the admin API.")
        raise _unauthorized("The API key is unknown or revoked.")
    set_tenant_attribute(tenant.tenant_id, tenant.tenant_name)
    enforce(tenant)
    return tenant


def require_admin(db: Database, key: str) -> AdminContext:
    """The operator behind an admin key; tenant keys get 403, anything else 401."""
    if key.startswith(KEY_PREFIX):
        raise Problem(
            403, "tenant-key", "Tenant API keys cannot use the admin API; use an admin key."
        )
    with db.connection() as connection:
        admin = authenticate_admin(connection, key)
    if admin is None:
        raise _unauthorized("The admin key is unknown or revoked.")
    return admin


DatabaseDep = Annotated[Database, Depends(get_db)]
SettingsDep = Annotated[Settings, Depends(get_settings_dep)]
ApiKeyDep = Annotated[str, Depends(bearer_key)]
