"""Gateway policies: parsing, canonical forms, merging and storage."""

from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

from openkyb.gateway import plans
from openkyb.gateway import tenants as tenant_service
from openkyb.gateway.plans import GatewayPolicy, GatewayPolicyError
from openkyb.store.db import Database


@pytest.mark.parametrize(
    ("text", "canonical"),
    [
        ("100/minute", "100/minute"),
        ("10/second", "10/second"),
        ("5000/day", "5000/day"),
        ("100 per minute", "100/minute"),
        (" 7/hour ", "7/hour"),
    ],
)
def test_rate_limits_are_canonical(text: str, canonical: str):
    assert plans.canonical_rate_limit(text) == canonical


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ("lots", "not a rate limit"),
        ("100/fortnight", "not a rate limit"),
        ("10/5 minutes", "per second, minute"),
        ("3/month", "per second, minute"),
        ("0/minute", "between 1"),
    ],
)
def test_bad_rate_limits_are_readable(text: str, message: str):
    with pytest.raises(GatewayPolicyError, match=message):
        plans.canonical_rate_limit(text)


def test_policy_orders_limits_and_normalises_networks():
    policy = GatewayPolicy(
        rate_limits=("5000/day", "10 per second"),
        ip_allow=("203.0.113.7", "10.1.2.3/8", "2001:db8::1/32", "10.0.0.0/8"),
        cache_ttl=60,
    )
    assert policy.rate_limits == ("10/second", "5000/day")
    assert policy.ip_allow == ("203.0.113.7/32", "10.0.0.0/8", "2001:db8::/32")
    assert policy.rate_limit_counts() == {"second": 10, "day": 5000}
    assert [n.version for n in policy.networks()] == [4, 4, 6]
    assert GatewayPolicy.from_json(policy.to_json()) == policy
    assert GatewayPolicy.from_dict(policy.as_dict()) == policy


@pytest.mark.parametrize(
    "document",
    [
        {"rate_limits": ["1/minute", "2/minute"]},
        {"ip_allow": ["300.1.1.1"]},
        {"ip_allow": "10.0.0.0/8"},
        {"cache_ttl": -1},
        {"cache_ttl": "60"},
        {"allow_bots": "yes"},
        {"colour": "red"},
    ],
)
def test_invalid_documents_are_refused(document: dict):
    with pytest.raises(GatewayPolicyError):
        GatewayPolicy.from_dict(document)


def test_empty_column_is_the_default():
    assert GatewayPolicy.from_json(None) == plans.DEFAULT_GATEWAY_POLICY
    assert plans.DEFAULT_GATEWAY_POLICY.allow_bots is False
    assert plans.DEFAULT_GATEWAY_POLICY.rate_limits == ()


def test_updates_merge_by_granularity_and_clear():
    base = GatewayPolicy(rate_limits=("100/minute", "5000/day"), ip_allow=("10.0.0.0/8",))
    changed = plans.updated_policy(
        base, rate_limits=["200/minute"], ip_allow=["2001:db8::/48"], allow_bots=True
    )
    assert changed.rate_limits == ("200/minute", "5000/day")
    assert changed.ip_allow == ("10.0.0.0/8", "2001:db8::/48")
    assert changed.allow_bots is True
    cleared = plans.updated_policy(changed, rate_limits_clear=True, ip_allow_clear=True)
    assert (cleared.rate_limits, cleared.ip_allow, cleared.allow_bots) == ((), (), True)
    assert plans.updated_policy(base) == base


@given(
    amounts=st.dictionaries(
        st.sampled_from(plans.GRANULARITIES), st.integers(min_value=1, max_value=10**9)
    ),
    ttl=st.integers(min_value=0, max_value=plans.MAX_CACHE_TTL),
    bots=st.booleans(),
)
def test_json_round_trip(amounts: dict[str, int], ttl: int, bots: bool):
    policy = GatewayPolicy(tuple(f"{n}/{g}" for g, n in amounts.items()), (), bots, ttl)
    assert GatewayPolicy.from_json(policy.to_json()) == policy


def test_stored_policies_are_read_back(db: Database):
    with db.session() as session:
        first = tenant_service.create_tenant(session, "beta")
        second = tenant_service.create_tenant(session, "alpha")
        tenant = tenant_service.get_tenant(session, "beta")
        plans.set_gateway_policy(tenant, GatewayPolicy(rate_limits=("100/minute",)))
    assert plans.get_gateway_policy(db, first.tenant_id).rate_limits == ("100/minute",)
    listed = plans.list_gateway_policies(db)
    assert [(name, tid) for name, tid, _ in listed] == [
        ("alpha", second.tenant_id),
        ("beta", first.tenant_id),
    ]
    assert listed[0][2] == plans.DEFAULT_GATEWAY_POLICY
