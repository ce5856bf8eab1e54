"""``openkyb tenants update/show``, ``openkyb usage`` and ``openkyb admin-keys``."""

from __future__ import annotations

import re
from pathlib import Path

import orjson
import pytest
from typer.testing import CliRunner

from openkyb.cli import app
from openkyb.gateway.usage import UsageMeter
from openkyb.settings import get_settings
from openkyb.store.db import Database

runner = CliRunner()


@pytest.fixture(autouse=True)
def database_url(tmp_path: Path, monkeypatch: pytest.MonkeyPatch):
    url = f"sqlite:///{tmp_path / 'cli.db'}"
    monkeypatch.setenv("OPENKYB_DATABASE_URL", url)
    get_settings.cache_clear()
    yield url
    get_settings.cache_clear()


def invoke(*args: str):
    return runner.invoke(app, list(args))


def test_update_and_show_the_gateway_policy():
    assert invoke("tenants", "create", "shop").exit_code == 0
    shown = orjson.loads(invoke("tenants", "show", "shop", "--json").stdout)
    assert shown["gateway"] == {
        "rate_limits": [],
        "ip_allow": [],
        "allow_bots": False,
        "cache_ttl": 0,
    }
    updated = invoke(
        "tenants", "update", "shop",
        "--rate-limit", "100/minute", "--rate-limit", "5000/day",
        "--ip-allow", "203.0.113.0/24", "--ip-allow", "2001:db8::/32",
        "--allow-bots", "--cache-ttl", "600",
    )  # fmt: skip
    assert updated.exit_code == 0, updated.output
    assert "100/minute, 5000/day" in updated.output
    gateway = orjson.loads(invoke("tenants", "show", "shop", "--json").stdout)["gateway"]
    assert gateway == {
        "rate_limits": ["100/minute", "5000/day"],
        "ip_allow": ["203.0.113.0/24", "2001:db8::/32"],
        "allow_bots": True,
        "cache_ttl": 600,
    }
    again = invoke(
        "tenants", "update", "shop", "--ip-allow-clear", "--ip-allow", "10.0.0.0/8",
        "--block-bots", "--rate-limit", "10/minute",
    )  # fmt: skip
    assert again.exit_code == 0, again.output
    text = invoke("tenants", "show", "shop").output
    assert "10/minute, 5000/day" in text
    assert "10.0.0.0/8" in text
    assert "203.0.113.0/24" not in text
    assert "blocked" in text
    assert "600 s" in text


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["--rate-limit", "lots"], "not a rate limit"),
        (["--ip-allow", "300.0.0.0/8"], "not an IPv4 or IPv6"),
        (["--cache-ttl", "-5"], "cache_ttl"),
    ],
)
def test_bad_values_are_readable_errors(args, message):
    invoke("tenants", "create", "shop")
    result = invoke("tenants", "update", "shop", *args)
    assert result.exit_code == 2
    assert message in result.output


def test_unknown_tenant():
    result = invoke("tenants", "update", "ghost", "--allow-bots")
    assert result.exit_code == 1
    assert "no tenant" in result.output


def test_usage_command(database_url: str):
    created = invoke("tenants", "create", "shop").output
    tenant_id = re.search(r"\((ten_\w+)\)", created)[1]
    db = Database(database_url)
    meter = UsageMeter(db)
    meter.count(tenant_id, "requests", 7)
    meter.count(tenant_id, "rejected_bot", 2)
    meter.flush()
    db.dispose()
    document = orjson.loads(invoke("usage", "shop", "--json").stdout)
    assert document["totals"]["requests"] == 7
    assert document["totals"]["rejected_bot"] == 2
    assert len(document["days"]) == 1
    table = invoke("usage", "shop", "--from", "2020-01-01", "--to", "2020-01-02")
    assert table.exit_code == 0
    assert "2020-01-01" in table.output
    assert invoke("usage", "shop", "--from", "2020-02-01", "--to", "2020-01-01").exit_code == 2


def test_admin_keys_lifecycle():
    created = invoke("admin-keys", "create", "ops")
    assert created.exit_code == 0, created.output
    assert re.search(r"okbadmin_[\w-]{40,}", created.output)
    key_id = re.search(r"(adk_\w+)", created.output)[1]
    listed = orjson.loads(invoke("admin-keys", "list", "--json").stdout)
    assert [k["id"] for k in listed] == [key_id]
    assert invoke("admin-keys", "revoke", key_id).exit_code == 0
    assert invoke("admin-keys", "revoke", key_id).exit_code == 1
