"""`openkyb data ...` and `openkyb screen ...` on a fresh SQLite file."""

from __future__ import annotations

from pathlib import Path

import orjson
import pytest
from tests.helpers import shared_data
from typer.testing import CliRunner

from openkyb.cli import app
from openkyb.settings import get_settings

runner = CliRunner()
UN_2024 = "sanctions/un_consolidated_2024-11/consolidated.xml"
UN_2026 = "sanctions/un_consolidated_2026-02/UN_consolidated.xml"


@pytest.fixture(autouse=True)
def fresh_database(tmp_path: Path, monkeypatch: pytest.MonkeyPatch):
    monkeypatch.setenv("OPENKYB_DATABASE_URL", f"sqlite:///{tmp_path / 'cli.db'}")
    get_settings.cache_clear()
    yield
    get_settings.cache_clear()


def invoke(*args: str):
    return runner.invoke(app, list(args))


def test_load_list_diff(tmp_path: Path):
    first = invoke("data", "load", "un-xml", str(shared_data(UN_2024)))
    assert first.exit_code == 0, first.output
    assert "879 entities" in first.output
    assert (
        "already the latest" in invoke("data", "load", "un-xml", str(shared_data(UN_2024))).output
    )
    issues = tmp_path / "issues.tsv"
    second = invoke(
        "data", "load", "un-xml", str(shared_data(UN_2026)), "--issues-file", str(issues)
    )
    assert second.exit_code == 0, second.output
    assert issues.exists()
    listed = orjson.loads(invoke("data", "list", "--json").stdout)
    assert [(v["dataset"], v["entities"]) for v in listed] == [("un_sc_sanctions", 1003)]
    history = orjson.loads(invoke("data", "list", "--all", "--json").stdout)
    assert len(history) == 2
    diff = orjson.loads(invoke("data", "diff", "un_sc_sanctions", "--json").stdout)
    assert diff["version"]["added"] == len([c for c in diff["changes"] if c["change"] == "added"])
    assert invoke("data", "diff", "nothing").exit_code == 1


def test_load_errors_are_readable(tmp_path: Path):
    missing = invoke("data", "load", "un-xml", str(tmp_path / "none.xml"))
    assert missing.exit_code == 2
    assert "does not exist" in missing.output
    unknown = invoke("data", "load", "no-such-format", str(tmp_path))
    assert unknown.exit_code == 2
    assert "known formats" in unknown.output
    bogus = tmp_path / "x.xml"
    bogus.write_text("not xml at all")
    wrong = invoke("data", "load", "un-xml", str(bogus))
    assert wrong.exit_code == 2
    assert "Traceback" not in wrong.output


def test_screen_one_name_and_a_batch(tmp_path: Path):
    invoke("data", "load", "un-xml", str(shared_data(UN_2024)))
    one = invoke("screen", "SADDAM HUSSEIN AL-TIKRITI", "--type", "person", "--json")
    assert one.exit_code == 0, one.output
    hits = orjson.loads(one.stdout)["hits"]
    assert hits and hits[0]["score"] >= 0.9

    csv_file = tmp_path / "customers.csv"
    csv_file.write_text(
        "name,type,date_of_birth,country\n"
        "Saddam Hussein Al-Tikriti,person,1937,Iraq\n"
        "Harbour Lane Textiles Ltd,company,,GB\n"
        ",person,,\n"
        "Jane Example,martian,,\n"
        "Someone Else,person,not-a-date,\n"
    )
    output = tmp_path / "out.jsonl"
    batch = invoke("screen", "batch", "--input", str(csv_file), "--output", str(output))
    assert batch.exit_code == 0, batch.output
    lines = [orjson.loads(line) for line in output.read_text().splitlines()]
    assert [line["row"] for line in lines] == [1, 2, 3, 4, 5]
    assert lines[0]["hits"] and not lines[1]["hits"]
    assert [("error" in line) for line in lines] == [False, False, True, True, True]
    assert "row 3" in batch.output and "row 4" in batch.output
