"""`openkyb data load` with registry formats and `openkyb companies generate`, end to end."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
from tests.helpers import shared_data
from tests.registry.loadhelpers import BASIC_SAMPLE, MALFORMED, sample_rows, write_csv
from typer.testing import CliRunner

from openkyb.cli import app
from openkyb.settings import get_settings

runner = CliRunner()


@pytest.fixture(autouse=True)
def fresh_database(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Iterator[None]:
    monkeypatch.setenv("OPENKYB_DATABASE_URL", f"sqlite:///{tmp_path / 'cli.db'}")
    get_settings.cache_clear()
    yield
    get_settings.cache_clear()


def invoke(*args: str):  # type: ignore[no-untyped-def]
    return runner.invoke(app, list(args))


def test_formats_lists_registry_formats() -> None:
    result = invoke("data", "formats")
    assert result.exit_code == 0, result.output
    assert "uk-ch-basic" in result.output and "registry" in result.output
    assert "un-xml" in result.output


def test_load_reload_and_modified(tmp_path: Path) -> None:
    sample = str(shared_data(BASIC_SAMPLE))
    first = invoke("data", "load", "uk-ch-basic", sample)
    assert first.exit_code == 0, first.output
    assert "31 companies (GB)" in first.output and "+31 added" in first.output
    again = invoke("data", "load", "uk-ch-basic", sample)
    assert again.exit_code == 0 and "already the latest" in again.output
    header, rows = sample_rows()
    rows[0][11] = "Liquidation"
    changed = invoke(
        "data", "load", "uk-ch-basic", str(write_csv(tmp_path / "b.csv", header, rows))
    )
    assert changed.exit_code == 0, changed.output
    assert "~1 changed" in changed.output and "-0 removed" in changed.output
    listed = invoke("data", "list", "--json")
    assert '"gb-companies-house"' in listed.output


def test_malformed_file_reports_rows_and_exit_code(tmp_path: Path) -> None:
    issues = tmp_path / "issues.tsv"
    result = invoke(
        "data", "load", "uk-ch-basic", str(shared_data(MALFORMED)), "--issues-file", str(issues)
    )
    lines = issues.read_text("utf-8").splitlines()
    assert lines and all(line.startswith(("row ", "line ")) for line in lines)
    assert len(lines) == 14  # no row survived the hard wrapping: nothing stored, exit 2
    assert result.exit_code == 2 and "nothing was stored" in result.output


def test_unknown_format_names_both_kinds(tmp_path: Path) -> None:
    result = invoke("data", "load", "no-such-format", str(shared_data(BASIC_SAMPLE)))
    assert result.exit_code == 2
    assert "uk-ch-basic" in result.output


def test_generate_then_load(tmp_path: Path) -> None:
    output = tmp_path / "synthetic.csv"
    generated = invoke("companies", "generate", "--rows", "300", "--output", str(output))
    assert generated.exit_code == 0, generated.output
    assert len(output.read_text("utf-8").splitlines()) == 301
    loaded = invoke("data", "load", "uk-ch-basic", str(output))
    assert loaded.exit_code == 0, loaded.output
    assert "300 companies" in loaded.output


GLEIF = "registries/gleif/golden_copy_samples"


def test_gleif_update_files_load_on_top_and_delta_is_refused_elsewhere() -> None:
    full = invoke("data", "load", "gleif-lei", str(shared_data(f"{GLEIF}/lei-data.xml")))
    assert full.exit_code == 0, full.output
    update = invoke("data", "load", "gleif-lei", str(shared_data(f"{GLEIF}/lei-updates-data.json")))
    assert update.exit_code == 0, update.output
    assert "delta: applied on top" in update.output and "-0 removed" in update.output
    refused = invoke("data", "load", "uk-ch-basic", str(shared_data(BASIC_SAMPLE)), "--delta")
    assert refused.exit_code == 2 and "only gleif-lei and gleif-rr" in refused.output
