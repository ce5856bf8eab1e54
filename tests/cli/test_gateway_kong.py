"""``openkyb gateway export-kong``: a decK document built from the tenants' policies."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
import yaml
from typer.testing import CliRunner

from openkyb.cli import app
from openkyb.cli.gateway import kong_config
from openkyb.gateway.plans import GatewayPolicy
from openkyb.settings import get_settings

runner = CliRunner()


@pytest.fixture(autouse=True)
def fresh_database(tmp_path: Path, monkeypatch: pytest.MonkeyPatch):
    monkeypatch.setenv("OPENKYB_DATABASE_URL", f"sqlite:///{tmp_path / 'cli.db'}")
    monkeypatch.delenv("OPENKYB_RATE_LIMIT_FAILURE", raising=False)
    get_settings.cache_clear()
    yield
    get_settings.cache_clear()


def invoke(*args: str) -> Any:
    result = runner.invoke(app, list(args))
    assert result.exit_code == 0, result.output
    return result


def plugins(consumer: dict[str, Any]) -> dict[str, dict[str, Any]]:
    by_name = {p["name"]: p["config"] for p in consumer["plugins"]}
    assert len(by_name) == len(consumer["plugins"])  # one plugin of each kind
    return by_name


@pytest.fixture
def tenants() -> None:
    invoke("tenants", "create", "big-market")
    invoke("tenants", "create", "small-shop")
    invoke("tenants", "create", "open-data")
    invoke(
        "tenants", "update", "big-market",
        "--rate-limit", "50/second", "--rate-limit", "1000/minute", "--rate-limit", "100000/day",
        "--ip-allow", "203.0.113.0/24", "--ip-allow", "2001:db8::/32",
        "--cache-ttl", "300",
    )  # fmt: skip
    invoke("tenants", "update", "small-shop", "--rate-limit", "100/minute")
    invoke("tenants", "update", "open-data", "--allow-bots")


def test_export_to_stdout_is_a_deck_document(tenants: None):
    text = invoke("gateway", "export-kong").stdout
    assert text.startswith("# Kong declarative configuration")
    document = yaml.safe_load(text)
    assert document["_format_version"] == "3.0"
    (service,) = document["services"]
    assert service["url"] == "http://openkyb-api:8000"
    assert service["routes"][0]["paths"] == ["/v1"]
    assert service["routes"][0]["strip_path"] is False
    consumers = {c["username"]: c for c in document["consumers"]}
    assert sorted(consumers) == ["big-market", "open-data", "small-shop"]
    assert all(isinstance(c["custom_id"], str) and c["custom_id"] for c in consumers.values())
    assert len({c["custom_id"] for c in consumers.values()}) == 3
    assert "keyauth_credentials" not in str(document)  # keys are hashed: never exported

    big = plugins(consumers["big-market"])
    assert set(big) == {"rate-limiting", "ip-restriction", "bot-detection", "proxy-cache"}
    limits = big["rate-limiting"]
    assert (limits["second"], limits["minute"], limits["day"]) == (50, 1000, 100000)
    assert "hour" not in limits
    assert limits["policy"] == "local" and limits["limit_by"] == "consumer"
    assert limits["fault_tolerant"] is True  # OPENKYB_RATE_LIMIT_FAILURE=open (default)
    assert big["ip-restriction"]["allow"] == ["203.0.113.0/24", "2001:db8::/32"]
    cache = big["proxy-cache"]
    assert cache["cache_ttl"] == 300 and cache["strategy"] == "memory"
    assert cache["content_type"] == ["application/json"]
    assert cache["request_method"] == ["GET", "HEAD"]

    small = plugins(consumers["small-shop"])
    assert set(small) == {"rate-limiting", "bot-detection"}
    assert small["rate-limiting"]["minute"] == 100
    assert plugins(consumers["open-data"]) == {}  # no limit, any address, bots allowed


def test_export_to_a_file_with_redis_and_upstream(
    tenants: None, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
):
    monkeypatch.setenv("OPENKYB_RATE_LIMIT_FAILURE", "closed")
    get_settings.cache_clear()
    target = tmp_path / "kong.yaml"
    result = invoke(
        "gateway", "export-kong", "--output", str(target),
        "--upstream", "https://kyb.internal:8443", "--redis-host", "redis.internal",
    )  # fmt: skip
    assert "3 consumer(s)" in result.stdout
    document = yaml.safe_load(target.read_text())
    assert document["services"][0]["url"] == "https://kyb.internal:8443"
    small = next(c for c in document["consumers"] if c["username"] == "small-shop")
    limits = plugins(small)["rate-limiting"]
    assert limits["policy"] == "redis"
    assert limits["redis"] == {"host": "redis.internal", "port": 6379}
    assert limits["fault_tolerant"] is False


def test_bad_upstream_is_refused():
    result = runner.invoke(app, ["gateway", "export-kong", "--upstream", "openkyb-api:8000"])
    assert result.exit_code == 2
    assert "http(s) URL" in result.output


def test_no_tenants_gives_an_empty_consumer_list():
    document = yaml.safe_load(invoke("gateway", "export-kong").stdout)
    assert document["consumers"] == []
    assert kong_config([("t", "tnt_1", GatewayPolicy(allow_bots=True))])["consumers"] == [
        {"username": "t", "custom_id": "tnt_1", "tags": ["openkyb"], "plugins": []}
    ]
