"""Loading real published lists: versions, diffs, re-loads and `data update` over HTTP."""

from __future__ import annotations

import functools
import http.server
import threading
from collections.abc import Iterator
from pathlib import Path

import httpx
import pytest

from openkyb.sources.registry import get_format
from openkyb.store.db import Database
from openkyb.watchlists.catalog import (
    current_versions,
    entity_count,
    iter_entities,
    version_changes,
)
from openkyb.watchlists.loader import load_dataset
from openkyb.watchlists.update import SourceConfig, load_sources, update_all
from tests.helpers import shared_data

UN_2024 = "sanctions/un_consolidated_2024-11/consolidated.xml"
UN_2026 = "sanctions/un_consolidated_2026-02/UN_consolidated.xml"


def test_versions_and_diff_between_two_un_lists(db: Database):
    older, newer = shared_data(UN_2024), shared_data(UN_2026)
    un = get_format("un-xml")
    first = load_dataset(db, un, older)
    assert first.entities > 800 and first.added == first.entities and first.issue_count == 0
    assert first.published is not None

    again = load_dataset(db, un, older)
    assert again.unchanged_file, "the same file is not loaded twice"

    second = load_dataset(db, un, newer)
    assert second.added > 0 and second.dataset == first.dataset
    assert second.entities == first.entities + second.added - second.removed
    (version,) = current_versions(db)
    assert version.id == second.version_id
    info, changes = version_changes(db, "un_sc_sanctions", limit=10_000)
    assert info is not None and info.id == second.version_id
    kinds = {c["change"] for c in changes}
    assert "added" in kinds
    assert len(changes) == second.added + second.changed + second.removed
    assert entity_count(db) == second.entities
    loaded = {e.id: e for _, e in iter_entities(db)}
    assert len(loaded) == second.entities


class _Quiet(http.server.SimpleHTTPRequestHandler):
    def log_message(self, format: str, *args: object) -> None:
        pass


@pytest.fixture
def file_server() -> Iterator[str]:
    """A local HTTP server serving the shared data folder, as an official site would."""
    root = shared_data("sanctions")
    handler = functools.partial(_Quiet, directory=str(root))
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{server.server_address[1]}"
    server.shutdown()


def test_update_downloads_and_loads_every_source(sqlite_db: Database, file_server: str):
    sources = [
        SourceConfig(
            dataset="un", format="un-xml", url=f"{file_server}/{UN_2024.split('/', 1)[1]}"
        ),
        SourceConfig(
            dataset="ofac",
            format="ofac-csv",
            urls=[
                f"{file_server}/ofac_sdn_2021/{n}"
                for n in ("sdn.csv", "add.csv", "alt.csv", "sdn_comments.csv")
            ],
        ),
        SourceConfig(dataset="missing", format="un-xml", url=f"{file_server}/nope.xml"),
    ]
    with httpx.Client() as client:
        results = update_all(sqlite_db, sources, client)
    un, ofac, missing = results
    assert un.report is not None and un.report.entities > 800
    assert ofac.report is not None and ofac.report.entities > 8000
    assert missing.report is None and missing.error is not None and "404" in missing.error
    assert {v.dataset for v in current_versions(sqlite_db)} == {"un", "ofac"}


def test_packaged_sources_file_is_valid():
    sources = load_sources()
    assert {s.format for s in sources} >= {"ofac-csv", "un-xml", "us-csl"}
    assert all(url.startswith("https://") for s in sources for url in s.all_urls())


def test_a_path_that_is_not_the_format_is_a_clear_error(sqlite_db: Database, tmp_path: Path):
    bogus = tmp_path / "list.xml"
    bogus.write_text("this is not xml")
    with pytest.raises(ValueError, match="not an XML file"):
        load_dataset(sqlite_db, get_format("un-xml"), bogus)
    assert current_versions(sqlite_db) == []  # nothing half-loaded
