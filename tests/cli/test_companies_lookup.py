"""``openkyb companies show`` and ``openkyb companies search`` on a seeded SQLite file."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import orjson
import pytest
from tests.registry.search_fixtures import seed_companies
from typer.testing import CliRunner

from openkyb.cli import app
from openkyb.settings import get_settings
from openkyb.store import migrate
from openkyb.store.db import Database

runner = CliRunner()


@pytest.fixture(autouse=True)
def seeded(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Iterator[None]:
    url = f"sqlite:///{tmp_path / 'cli.db'}"
    monkeypatch.setenv("OPENKYB_DATABASE_URL", url)
    get_settings.cache_clear()
    db = Database(url)
    migrate.upgrade(db)
    seed_companies(db)
    db.dispose()
    yield
    get_settings.cache_clear()


def invoke(*args: str):
    return runner.invoke(app, ["companies", *args])


def test_show_prints_the_record():
    result = invoke("show", "GB", "4475590")
    assert result.exit_code == 0, result.output
    assert "YOU LIMITED" in result.output and "GB/04475590" in result.output
    assert "NW1 6XE" in result.output


def test_show_json():
    result = invoke("show", "gb", "SC 123456", "--json")
    assert result.exit_code == 0, result.output
    body = orjson.loads(result.output)
    assert (body["key"], body["name"]) == ("GB/SC123456", "HIGHLAND WHISKY TRADERS LIMITED")
    assert body["version"] == "dsv_searchtest"


@pytest.mark.parametrize(
    ("args", "code", "message"),
    [
        (("show", "GB", "99999999"), 1, "no company 99999999"),
        (("show", "DE", "HRB1234"), 1, "no registry data is loaded for DE"),
        (("show", "GBR", "04475590"), 2, "two-letter country code"),
        (("show", "GB", "04-475590"), 2, "not a company number"),
        (("search", "  "), 2, "blank"),
        (("search", "acme", "--limit", "0"), 2, "--limit"),
        (("search", "acme", "--country", "England"), 2, "two-letter country code"),
        (("search", "xyzzyplugh"), 1, "No company found"),
    ],
)
def test_errors_and_not_found(args, code, message):
    result = invoke(*args)
    assert result.exit_code == code, result.output
    assert message in result.output


def test_search_table():
    result = invoke("search", "acme tradng ltd", "--country", "GB", "--limit", "3")
    assert result.exit_code == 0, result.output
    lines = [line for line in result.output.splitlines() if "GB/" in line]
    assert "ACME TRADING LTD" in lines[0]
    assert len(lines) <= 3


def test_search_json_with_postcode():
    result = invoke("search", "Orchard Bakery", "--postcode", "BS1 4DJ", "--json")
    assert result.exit_code == 0, result.output
    body = orjson.loads(result.output)
    assert body["data"][0]["company"]["key"] == "GB/00000014"
    assert body["data"][0]["explanation"]["postcode_match"] is True
    assert body["unambiguous"] is True
