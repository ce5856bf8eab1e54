"""Tenants, keys and tenant policies, on SQLite and PostgreSQL."""

from __future__ import annotations

import pytest
from sqlalchemy import select

from openkyb.checks import known_reason_codes
from openkyb.decision import PolicyError, default_policy
from openkyb.gateway import tenants as service
from openkyb.gateway.auth import authenticate
from openkyb.gateway.keys import hash_key
from openkyb.store.db import Database
from openkyb.store.models import ApiKey

POLICY = """
name: strict
version: "7"
thresholds: {review: 5, decline: 40}
weights: {FREE_EMAIL_DOMAIN: 40}
"""


def test_keys_are_stored_hashed_and_authenticate(db: Database):
    with db.session() as session:
        issued = service.create_tenant(session, "Market One")
    with db.session() as session:
        stored = session.scalars(select(ApiKey)).one()
        assert stored.key_hash == hash_key(issued.secret)
        assert issued.secret not in (stored.key_hash, stored.prefix)
        context = authenticate(session, issued.secret)
    assert context is not None
    assert (context.tenant_name, context.key_id) == ("Market One", issued.key_id)


def test_duplicate_tenant_and_unknown_names_are_readable_errors(db: Database):
    with db.session() as session:
        service.create_tenant(session, "dup")
    with pytest.raises(service.TenantError, match="already exists"), db.session() as session:
        service.create_tenant(session, "dup")
    with pytest.raises(service.TenantError, match="no tenant"), db.session() as session:
        service.create_key(session, "ghost")


def test_revoke_and_second_key(db: Database):
    with db.session() as session:
        first = service.create_tenant(session, "t")
        second = service.create_key(session, "t")
        service.revoke_key(session, first.key_id)
    with db.session() as session:
        assert authenticate(session, first.secret) is None
        assert authenticate(session, second.secret) is not None
        with pytest.raises(service.TenantError, match="already revoked"):
            service.revoke_key(session, first.key_id)
        with pytest.raises(service.TenantError, match="no key"):
            service.revoke_key(session, "key_missing")
        infos = service.list_tenants(session)
    assert [(i.name, i.active_keys) for i in infos] == [("t", 1)]


def test_tenant_policy_override_and_reset(db: Database):
    codes = set(known_reason_codes())
    with db.session() as session:
        issued = service.create_tenant(session, "p")
        service.set_policy(session, "p", POLICY, codes)
    with db.session() as session:
        context = authenticate(session, issued.secret)
        assert context is not None
        assert (context.policy.name, context.policy.version) == ("strict", "7")
        with pytest.raises(PolicyError):
            service.set_policy(session, "p", "name: x", codes)
        service.reset_policy(session, "p")
    with db.session() as session:
        context = authenticate(session, issued.secret)
        assert context is not None
        assert context.policy == default_policy()
