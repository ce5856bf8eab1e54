"""Dependencies shared by the routes: the database and the calling tenant."""

from __future__ import annotations

from typing import Annotated

from fastapi import Depends, Request
from fastapi.security import HTTPAuthorizationCredentials, HTTPBearer

from openkyb.api.problems import Problem
from openkyb.gateway.auth import TenantContext, authenticate
from openkyb.settings import Settings
from openkyb.store.db import Database


def get_db(request: Request) -> Database:
    """The process's database."""
    db: Database = request.app.state.db
    return db


def get_settings_dep(request: Request) -> Settings:
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


def current_tenant(
    db: Annotated[Database, Depends(get_db)],
    credentials: Annotated[HTTPAuthorizationCredentials | None, Depends(_bearer)],
) -> TenantContext:
    """The tenant behind the request's bearer key, or 401."""
    if credentials is None or not credentials.credentials.strip():
        raise _unauthorized("Send your API key as 'Authorization: Bearer <key>'.")
    with db.session() as session:
        tenant = authenticate(session, credentials.credentials.strip())
    if tenant is None:
        raise _unauthorized("The API key is unknown or revoked.")
    return tenant


DatabaseDep = Annotated[Database, Depends(get_db)]
SettingsDep = Annotated[Settings, Depends(get_settings_dep)]
TenantDep = Annotated[TenantContext, Depends(current_tenant)]
