"""``/admin/v1``: the operators' API (tenants, keys, gateway and risk policies, usage).

It authenticates admin keys only (``openkyb admin-keys create``): a tenant key gets 403,
whatever it is, and no tenant route accepts an admin key, so tenants can never reach it.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import date
from typing import Annotated, Any, TypeVar

from fastapi import APIRouter, Depends, Path, Query, Request
from fastapi.concurrency import run_in_threadpool
from pydantic import BaseModel, ConfigDict, Field
from sqlalchemy.orm import Session
from starlette.responses import Response

from openkyb.api.deps import ApiKeyDep, DatabaseDep, require_admin
from openkyb.api.problems import Problem
from openkyb.api.responses import json_response
from openkyb.api.schemas import ProblemOut
from openkyb.api.usage import usage_document
from openkyb.checks import known_reason_codes
from openkyb.clock import iso_utc
from openkyb.decision import PolicyError
from openkyb.gateway import plans
from openkyb.gateway import tenants as tenant_service
from openkyb.gateway.admin_keys import AdminContext
from openkyb.gateway.audit import list_events
from openkyb.gateway.caching import etag_json_response
from openkyb.gateway.tenants import IssuedKey, TenantError
from openkyb.store.db import Database
from openkyb.store.models import Tenant


async def _authenticate(key: ApiKeyDep, db: DatabaseDep) -> AdminContext:
    # A router dependency, so that 401/403 come before any body or parameter error.
    return await run_in_threadpool(require_admin, db, key)


router = APIRouter(
    prefix="/admin/v1",
    tags=["admin"],
    dependencies=[Depends(_authenticate)],
    responses={
        401: {"model": ProblemOut, "description": "Missing, unknown or revoked admin key"},
        403: {"model": ProblemOut, "description": "A tenant key: the admin API needs an admin key"},
        404: {"model": ProblemOut, "description": "No such tenant or key"},
    },
)
TenantPath = Annotated[str, Path(max_length=100, description="Tenant name or id")]
T = TypeVar("T")


class GatewayPatch(BaseModel):
    """Changes to a gateway policy; omitted fields keep their value."""

    model_config = ConfigDict(extra="forbid")

    rate_limits: list[str] | None = Field(
        default=None, description="Each replaces the limit of its granularity", max_length=4
    )
    rate_limits_clear: bool = False
    ip_allow: list[str] | None = Field(default=None, description="CIDRs to add", max_length=100)
    ip_allow_clear: bool = False
    allow_bots: bool | None = None
    cache_ttl: int | None = Field(default=None, ge=0)


class TenantCreate(BaseModel):
    """A new tenant, optionally with its gateway policy."""

    model_config = ConfigDict(extra="forbid")

    name: str = Field(min_length=1, max_length=100)
    gateway: GatewayPatch | None = None


def _tenant_problem(exc: TenantError) -> Problem:
    message = str(exc)
    if message.startswith("no "):
        return Problem(404, "not-found", message)
    if "already" in message:
        return Problem(409, "conflict", message)
    return Problem(422, "invalid", message)


async def _as_admin(db: Database, work: Callable[[Session], T]) -> T:
    """Run ``work`` in one transaction, in the thread pool, mapping errors to problems."""

    def run() -> T:
        try:
            with db.session() as session:
                return work(session)
        except TenantError as exc:
            raise _tenant_problem(exc) from exc
        except plans.GatewayPolicyError as exc:
            raise Problem(422, "invalid-gateway-policy", str(exc)) from exc
        except PolicyError as exc:
            raise Problem(422, "invalid-policy", f"Not a valid risk policy: {exc}") from exc

    return await run_in_threadpool(run)


def _tenant_view(session: Session, tenant: Tenant) -> dict[str, Any]:
    active = [k for k in tenant_service.list_keys(session, tenant.id) if k.revoked_at is None]
    return {
        "id": tenant.id,
        "name": tenant.name,
        "created_at": iso_utc(tenant.created_at),
        "active_keys": len(active),
        "policy": tenant_service.policy_label(tenant_service.tenant_policy(session, tenant)),
        "gateway": plans.tenant_gateway_policy(tenant).as_dict(),
    }


def _key_view(issued: IssuedKey) -> dict[str, Any]:
    return {"id": issued.key_id, "tenant_id": issued.tenant_id, "secret": issued.secret}


def _patched(tenant: Tenant, patch: GatewayPatch) -> plans.GatewayPolicy:
    policy = plans.updated_policy(
        plans.tenant_gateway_policy(tenant), **patch.model_dump(exclude_none=True)
    )
    plans.set_gateway_policy(tenant, policy)
    return policy


@router.get("/tenants", summary="List tenants")
async def list_tenants(db: DatabaseDep) -> Response:
    """Every tenant with its key count, risk policy and gateway policy."""

    def work(session: Session) -> list[dict[str, Any]]:
        tenants = [
            tenant_service.get_tenant(session, t.id) for t in tenant_service.list_tenants(session)
        ]
        return [_tenant_view(session, t) for t in tenants]

    return json_response({"object": "list", "data": await _as_admin(db, work)})


@router.post("/tenants", status_code=201, summary="Create a tenant and its first key")
async def create_tenant(body: TenantCreate, db: DatabaseDep) -> Response:
    """The new tenant, and its first API key (the secret is shown only here)."""

    def work(session: Session) -> dict[str, Any]:
        issued = tenant_service.create_tenant(session, body.name)
        tenant = tenant_service.get_tenant(session, issued.tenant_id)
        if body.gateway is not None:
            _patched(tenant, body.gateway)
        return {"tenant": _tenant_view(session, tenant), "key": _key_view(issued)}

    return json_response(await _as_admin(db, work), 201)


@router.get("/tenants/{tenant}", summary="Show a tenant")
async def show_tenant(tenant: TenantPath, db: DatabaseDep) -> Response:
    """A tenant with its policies in force."""
    view = await _as_admin(db, lambda s: _tenant_view(s, tenant_service.get_tenant(s, tenant)))
    return json_response(view)


@router.patch("/tenants/{tenant}/gateway", summary="Change a tenant's gateway policy")
async def patch_gateway(tenant: TenantPath, body: GatewayPatch, db: DatabaseDep) -> Response:
    """Rate limits, allowlist, bot rule and cache TTL; the change applies at once."""

    def work(session: Session) -> dict[str, Any]:
        return _patched(tenant_service.get_tenant(session, tenant), body).as_dict()

    return json_response(await _as_admin(db, work))


@router.get("/tenants/{tenant}/keys", summary="List a tenant's keys")
async def list_keys(tenant: TenantPath, db: DatabaseDep) -> Response:
    """Key ids and prefixes (secrets are never stored)."""

    def work(session: Session) -> list[dict[str, Any]]:
        return [
            {
                "id": k.id,
                "prefix": k.prefix,
                "created_at": iso_utc(k.created_at),
                "revoked_at": iso_utc(k.revoked_at) if k.revoked_at else None,
            }
            for k in tenant_service.list_keys(session, tenant)
        ]

    return json_response({"object": "list", "data": await _as_admin(db, work)})


@router.post("/tenants/{tenant}/keys", status_code=201, summary="Issue a key")
async def create_key(tenant: TenantPath, db: DatabaseDep) -> Response:
    """A new API key for the tenant (the secret is shown only here)."""
    issued = await _as_admin(db, lambda s: tenant_service.create_key(s, tenant))
    return json_response(_key_view(issued), 201)


@router.delete("/keys/{key_id}", status_code=204, summary="Revoke a key")
async def revoke_key(key_id: Annotated[str, Path(max_length=64)], db: DatabaseDep) -> Response:
    """The key stops working at once."""
    await _as_admin(db, lambda s: tenant_service.revoke_key(s, key_id))
    return Response(status_code=204)


@router.get("/tenants/{tenant}/policy", summary="Show a tenant's risk policy")
async def show_policy(tenant: TenantPath, db: DatabaseDep) -> Response:
    """The risk policy document in force (the default when none is set)."""

    def work(session: Session) -> dict[str, Any]:
        policy = tenant_service.tenant_policy(session, tenant_service.get_tenant(session, tenant))
        return policy.model_dump(mode="json")

    return json_response(await _as_admin(db, work))


@router.put("/tenants/{tenant}/policy", summary="Set a tenant's risk policy")
async def set_policy(tenant: TenantPath, request: Request, db: DatabaseDep) -> Response:
    """Validate a policy document (YAML or JSON body) and make it the one in force."""
    try:
        document = (await request.body()).decode("utf-8")
    except UnicodeDecodeError as exc:
        raise Problem(400, "malformed-body", "Send the policy as UTF-8 YAML or JSON.") from exc
    codes = set(known_reason_codes())

    def work(session: Session) -> dict[str, Any]:
        policy = tenant_service.set_policy(session, tenant, document, codes)
        return {"policy": tenant_service.policy_label(policy)}

    return json_response(await _as_admin(db, work))


@router.delete("/tenants/{tenant}/policy", summary="Reset a tenant's risk policy")
async def reset_policy(tenant: TenantPath, db: DatabaseDep) -> Response:
    """Return the tenant to the shipped default policy (history is kept)."""
    await _as_admin(db, lambda s: tenant_service.reset_policy(s, tenant))
    return Response(status_code=204)


@router.get("/tenants/{tenant}/usage", summary="A tenant's usage per day")
async def tenant_usage(
    request: Request,
    tenant: TenantPath,
    db: DatabaseDep,
    start: Annotated[date | None, Query(alias="from")] = None,
    end: Annotated[date | None, Query(alias="to")] = None,
) -> Response:
    """The same document a tenant gets from ``GET /v1/usage``."""
    tenant_id = await _as_admin(db, lambda s: tenant_service.get_tenant(s, tenant).id)
    document = await run_in_threadpool(usage_document, db, tenant_id, start, end)
    return etag_json_response(request, document)


@router.get("/audit-events", summary="Audit events")
async def audit_events(
    db: DatabaseDep,
    tenant: Annotated[str | None, Query(max_length=100)] = None,
    kind: Annotated[str | None, Query(max_length=50)] = None,
    limit: Annotated[int, Query(ge=1, le=500)] = 100,
) -> Response:
    """The newest events first (e.g. ``key_blocked``), optionally for one tenant."""

    def work(session: Session) -> str | None:
        return None if tenant is None else tenant_service.get_tenant(session, tenant).id

    tenant_id = await _as_admin(db, work)
    events = await run_in_threadpool(list_events, db, tenant_id, kind, limit)
    return json_response({"object": "list", "data": events})
