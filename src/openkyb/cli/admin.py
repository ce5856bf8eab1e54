"""Operator commands: database migrations, tenants, API keys and tenant policies."""

from __future__ import annotations

from datetime import datetime
from pathlib import Path
from typing import Annotated, Any

import orjson
import typer
from rich.table import Column, Table

from openkyb.checks import known_reason_codes
from openkyb.cli.common import EXIT_BAD_INPUT, console, fail, open_database
from openkyb.clock import as_utc, iso_utc
from openkyb.decision import PolicyError
from openkyb.gateway import plans
from openkyb.gateway import tenants as tenant_service
from openkyb.gateway.admin_keys import (
    AdminKeyError,
    create_admin_key,
    list_admin_keys,
    revoke_admin_key,
)
from openkyb.gateway.tenants import IssuedKey, TenantError
from openkyb.store import migrate

db_app = typer.Typer(help="Database schema.", no_args_is_help=True)
tenants_app = typer.Typer(help="Tenants (client marketplaces).", no_args_is_help=True)
keys_app = typer.Typer(help="API keys.", no_args_is_help=True)
policy_app = typer.Typer(help="Risk policies per tenant.", no_args_is_help=True)
admin_keys_app = typer.Typer(help="Admin keys for the /admin/v1 API.", no_args_is_help=True)


@db_app.command("upgrade")
def db_upgrade(revision: Annotated[str, typer.Argument()] = "head") -> None:
    """Apply the database migrations (creates the SQLite file if needed)."""
    db = open_database(upgrade=False)
    migrate.upgrade(db, revision)
    console.print(f"database at revision [bold]{migrate.current_revision(db)}[/] ({db.backend})")


@db_app.command("current")
def db_current() -> None:
    """Show the database's revision and the packaged head."""
    db = open_database(upgrade=False)
    console.print(f"current: {migrate.current_revision(db)}  head: {migrate.head_revision()}")


def _short(moment: datetime) -> str:
    return as_utc(moment).strftime("%Y-%m-%d %H:%M:%S")


def _print_key(issued: IssuedKey) -> None:
    console.print(f"tenant  [bold]{issued.tenant_name}[/] ({issued.tenant_id})")
    console.print(f"key id  {issued.key_id}")
    console.print(f"api key [bold green]{issued.secret}[/]")
    console.print("[dim]Store the key now: it is not shown again.[/]")


@tenants_app.command("create")
def tenants_create(name: str) -> None:
    """Create a tenant and print its first API key (once)."""
    db = open_database()
    try:
        with db.session() as session:
            issued = tenant_service.create_tenant(session, name)
    except TenantError as exc:
        fail(str(exc))
    _print_key(issued)


JsonOption = Annotated[bool, typer.Option("--json", help="Print JSON for scripts")]


def _print_json(rows: list[dict[str, Any]]) -> None:
    typer.echo(orjson.dumps(rows, option=orjson.OPT_INDENT_2).decode())


@tenants_app.command("list")
def tenants_list(as_json: JsonOption = False) -> None:
    """List tenants with their active key count and policy."""
    db = open_database()
    with db.session() as session:
        infos = tenant_service.list_tenants(session)
    if as_json:
        _print_json(
            [
                {
                    "id": i.id,
                    "name": i.name,
                    "created_at": iso_utc(i.created_at),
                    "active_keys": i.active_keys,
                    "policy": i.policy,
                }
                for i in infos
            ]
        )
        return
    table = Table(Column("id", no_wrap=True), "name", "created", "active keys", "policy")
    for info in infos:
        table.add_row(
            info.id, info.name, _short(info.created_at), str(info.active_keys), info.policy
        )
    console.print(table)


@keys_app.command("create")
def keys_create(tenant: str) -> None:
    """Issue another API key for a tenant (printed once)."""
    db = open_database()
    try:
        with db.session() as session:
            issued = tenant_service.create_key(session, tenant)
    except TenantError as exc:
        fail(str(exc))
    _print_key(issued)


@keys_app.command("list")
def keys_list(tenant: str, as_json: JsonOption = False) -> None:
    """List a tenant's keys (prefixes only; secrets are never stored)."""
    db = open_database()
    try:
        with db.session() as session:
            keys = tenant_service.list_keys(session, tenant)
    except TenantError as exc:
        fail(str(exc))
    if as_json:
        _print_json(
            [
                {
                    "id": k.id,
                    "prefix": k.prefix,
                    "created_at": iso_utc(k.created_at),
                    "revoked_at": iso_utc(k.revoked_at) if k.revoked_at else None,
                }
                for k in keys
            ]
        )
        return
    table = Table(
        Column("key id", no_wrap=True), Column("prefix", no_wrap=True), "created", "revoked"
    )
    for key in keys:
        revoked = _short(key.revoked_at) if key.revoked_at else ""
        table.add_row(key.id, key.prefix + "…", _short(key.created_at), revoked)
    console.print(table)


@keys_app.command("revoke")
def keys_revoke(key_id: str) -> None:
    """Revoke an API key; it stops working at once."""
    db = open_database()
    try:
        with db.session() as session:
            tenant_service.revoke_key(session, key_id)
    except TenantError as exc:
        fail(str(exc))
    console.print(f"revoked {key_id}")


@policy_app.command("set")
def policy_set(tenant: str, file: Path) -> None:
    """Validate a policy YAML file and make it the tenant's policy in force."""
    try:
        document = file.read_text("utf-8")
    except OSError as exc:
        fail(f"cannot read {file}: {exc.strerror}", EXIT_BAD_INPUT)
    db = open_database()
    try:
        with db.session() as session:
            policy = tenant_service.set_policy(session, tenant, document, set(known_reason_codes()))
    except PolicyError as exc:
        fail(f"{file} is not a valid policy: {exc}", EXIT_BAD_INPUT)
    except TenantError as exc:
        fail(str(exc))
    console.print(f"tenant {tenant} now uses policy [bold]{policy.name}@{policy.version}[/]")


@policy_app.command("reset")
def policy_reset(tenant: str) -> None:
    """Return a tenant to the shipped default policy."""
    db = open_database()
    try:
        with db.session() as session:
            tenant_service.reset_policy(session, tenant)
    except TenantError as exc:
        fail(str(exc))
    console.print(f"tenant {tenant} now uses the default policy")


@policy_app.command("show")
def policy_show(tenant: Annotated[str | None, typer.Argument()] = None) -> None:
    """Print the policy in force for a tenant (or the default) as YAML."""
    import yaml

    from openkyb.decision import default_policy

    if tenant is None:
        policy = default_policy()
    else:
        db = open_database()
        try:
            with db.session() as session:
                policy = tenant_service.tenant_policy(
                    session, tenant_service.get_tenant(session, tenant)
                )
        except TenantError as exc:
            fail(str(exc))
    typer.echo(yaml.safe_dump(policy.model_dump(mode="json"), sort_keys=False), nl=False)


def _print_gateway(name: str, tenant_id: str, policy: plans.GatewayPolicy) -> None:
    console.print(f"tenant      [bold]{name}[/] ({tenant_id})")
    console.print(f"rate limits {', '.join(policy.rate_limits) or 'none (unlimited)'}")
    console.print(f"ip allow    {', '.join(policy.ip_allow) or 'any address'}")
    console.print(f"bots        {'allowed' if policy.allow_bots else 'blocked'}")
    ttl = f"{policy.cache_ttl} s" if policy.cache_ttl else "off"
    console.print(f"cache ttl   {ttl}", highlight=False)


@tenants_app.command("update")
def tenants_update(
    name: str,
    rate_limit: Annotated[
        list[str] | None,
        typer.Option(help="e.g. 100/minute; replaces the limit of that granularity (repeat)"),
    ] = None,
    rate_limit_clear: Annotated[bool, typer.Option(help="Remove every rate limit")] = False,
    ip_allow: Annotated[
        list[str] | None, typer.Option(help="IPv4/IPv6 CIDR callers may come from (repeat)")
    ] = None,
    ip_allow_clear: Annotated[
        bool, typer.Option(help="Empty the allowlist first (any address when left empty)")
    ] = False,
    allow_bots: Annotated[
        bool | None, typer.Option("--allow-bots/--block-bots", help="Accept crawlers and bots")
    ] = None,
    cache_ttl: Annotated[
        int | None, typer.Option(help="Seconds identical verifications are cached (0: off)")
    ] = None,
) -> None:
    """Change a tenant's gateway policy (rate limits, allowlist, bots, cache)."""
    db = open_database()
    try:
        with db.session() as session:
            tenant = tenant_service.get_tenant(session, name)
            policy = plans.updated_policy(
                plans.tenant_gateway_policy(tenant),
                rate_limits=rate_limit,
                rate_limits_clear=rate_limit_clear,
                ip_allow=ip_allow,
                ip_allow_clear=ip_allow_clear,
                allow_bots=allow_bots,
                cache_ttl=cache_ttl,
            )
            plans.set_gateway_policy(tenant, policy)
            tenant_name, tenant_id = tenant.name, tenant.id
    except plans.GatewayPolicyError as exc:
        fail(str(exc), EXIT_BAD_INPUT)
    except TenantError as exc:
        fail(str(exc))
    _print_gateway(tenant_name, tenant_id, policy)


@tenants_app.command("show")
def tenants_show(name: str, as_json: JsonOption = False) -> None:
    """Print the gateway and risk policies in force for a tenant."""
    db = open_database()
    try:
        with db.session() as session:
            tenant = tenant_service.get_tenant(session, name)
            gateway = plans.tenant_gateway_policy(tenant)
            label = tenant_service.policy_label(tenant_service.tenant_policy(session, tenant))
            tenant_name, tenant_id = tenant.name, tenant.id
    except TenantError as exc:
        fail(str(exc))
    if as_json:
        document = {"id": tenant_id, "name": tenant_name, "policy": label}
        typer.echo(orjson.dumps({**document, "gateway": gateway.as_dict()}).decode())
        return
    _print_gateway(tenant_name, tenant_id, gateway)
    console.print(f"policy      {label}")


@admin_keys_app.command("create")
def admin_keys_create(name: str) -> None:
    """Issue an admin key for the /admin/v1 API (printed once)."""
    db = open_database()
    try:
        with db.session() as session:
            issued = create_admin_key(session, name)
    except AdminKeyError as exc:
        fail(str(exc), EXIT_BAD_INPUT)
    console.print(f"admin key id {issued.key_id} ({issued.name})")
    console.print(f"admin key    [bold green]{issued.secret}[/]")
    console.print("[dim]Store the key now: it is not shown again.[/]")


@admin_keys_app.command("list")
def admin_keys_list(as_json: JsonOption = False) -> None:
    """List admin keys (prefixes only)."""
    db = open_database()
    with db.session() as session:
        rows = [
            {
                "id": k.id,
                "name": k.name,
                "prefix": k.prefix,
                "created_at": iso_utc(k.created_at),
                "revoked_at": iso_utc(k.revoked_at) if k.revoked_at else None,
            }
            for k in list_admin_keys(session)
        ]
    if as_json:
        _print_json(rows)
        return
    table = Table(Column("key id", no_wrap=True), "name", "prefix", "created", "revoked")
    for row in rows:
        table.add_row(
            row["id"],
            row["name"],
            f"{row['prefix']}…",
            row["created_at"],
            row["revoked_at"] or "",
        )
    console.print(table)


@admin_keys_app.command("revoke")
def admin_keys_revoke(key_id: str) -> None:
    """Revoke an admin key; it stops working at once."""
    db = open_database()
    try:
        with db.session() as session:
            revoke_admin_key(session, key_id)
    except AdminKeyError as exc:
        fail(str(exc))
    console.print(f"revoked {key_id}")
