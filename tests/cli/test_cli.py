"""The command line, in-process, on a fresh SQLite file per test."""

from __future__ import annotations

import re
from pathlib import Path

import orjson
import pytest
from typer.testing import CliRunner

from openkyb.cli import app
from openkyb.settings import get_settings
from openkyb.store import migrate

ROOT = Path(__file__).resolve().parents[2]
EXAMPLES = ROOT / "examples"
runner = CliRunner()


@pytest.fixture(autouse=True)
def fresh_database(tmp_path: Path, monkeypatch: pytest.MonkeyPatch):
    monkeypatch.setenv("OPENKYB_DATABASE_URL", f"sqlite:///{tmp_path / 'cli.db'}")
    get_settings.cache_clear()
    yield
    get_settings.cache_clear()


def invoke(*args: str):
    return runner.invoke(app, list(args))


def test_tenant_and_key_lifecycle():
    created = invoke("tenants", "create", "market-one")
    assert created.exit_code == 0, created.output
    assert re.search(r"okb_[\w-]{40,}", created.output)
    assert "not shown again" in created.output
    assert invoke("tenants", "create", "market-one").exit_code == 1

    second = invoke("keys", "create", "market-one")
    key_id = re.search(r"key id\s+(key_\w+)", second.output)[1]
    listed = orjson.loads(invoke("keys", "list", "market-one", "--json").stdout)
    assert key_id in [k["id"] for k in listed]
    assert invoke("keys", "revoke", key_id).exit_code == 0
    again = invoke("keys", "revoke", key_id)
    assert again.exit_code == 1
    assert "already revoked" in again.output
    listed = orjson.loads(invoke("keys", "list", "market-one", "--json").stdout)
    assert [k["revoked_at"] is not None for k in listed if k["id"] == key_id] == [True]

    tenants = orjson.loads(invoke("tenants", "list", "--json").stdout)
    assert [(t["name"], t["active_keys"]) for t in tenants] == [("market-one", 1)]
    assert tenants[0]["policy"].startswith("openkyb-default@")
    assert "market" in invoke("tenants", "list").output  # the table renders too


@pytest.mark.parametrize(
    ("stem", "code"),
    [("uk_ltd_clean", 0), ("fr_sas_disposable_email", 10), ("ae_trading_sanctioned_owner", 20)],
)
def test_verify_exit_codes_and_report(stem: str, code: int):
    result = invoke("verify", str(EXAMPLES / f"{stem}.json"))
    assert result.exit_code == code, result.output
    assert "Pillars" in result.output
    assert "Checks" in result.output


def test_verify_json_output():
    result = invoke("verify", str(EXAMPLES / "uk_ltd_clean.json"), "--json")
    document = orjson.loads(result.stdout)
    assert document["decision"] == "approve"
    assert len(document["checks"]) >= 6


def test_verify_bad_input_is_exit_2_with_readable_message(tmp_path: Path):
    bad = tmp_path / "bad.json"
    bad.write_text('{"legal_name": "X", "country": "ZZ", "officers": [{"nationality": "GB"}]}')
    result = invoke("verify", str(bad))
    assert result.exit_code == 2
    assert "country" in result.output
    assert "officers.0.name" in result.output
    assert "Traceback" not in result.output
    missing = invoke("verify", str(tmp_path / "nope.json"))
    assert missing.exit_code == 2
    assert "cannot read" in missing.output


def test_policy_set_validates(tmp_path: Path):
    invoke("tenants", "create", "strict-market")
    good = tmp_path / "strict.yaml"
    good.write_text(
        "name: strict\nversion: '2'\nthresholds: {review: 5, decline: 60}\n"
        "weights: {FREE_EMAIL_DOMAIN: 60}\n"
    )
    assert invoke("policy", "set", "strict-market", str(good)).exit_code == 0
    assert "strict" in invoke("policy", "show", "strict-market").output
    freemail = invoke("verify", str(EXAMPLES / "us_llc_freemail.json"), "--tenant", "strict-market")
    assert freemail.exit_code == 20, freemail.output

    bad = tmp_path / "bad.yaml"
    bad.write_text(
        "name: x\nversion: '1'\nthresholds: {review: 10, decline: 50}\nweights: {NOPE: 1}\n"
    )
    refused = invoke("policy", "set", "strict-market", str(bad))
    assert refused.exit_code == 2
    assert "unknown reason codes: NOPE" in refused.output


def test_db_upgrade_and_current():
    assert invoke("db", "upgrade").exit_code == 0
    assert f"head: {migrate.head_revision()}" in invoke("db", "current").output


def test_checks_catalogue_is_documented():
    generated = invoke("checks", "--markdown").stdout
    assert (ROOT / "docs" / "checks.md").read_text() == generated, (
        "docs/checks.md is stale: run 'openkyb checks --markdown > docs/checks.md'"
    )
