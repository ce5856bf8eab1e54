"""The screener's catalogue holds watchlists only, not company registries."""

from __future__ import annotations

from openkyb.registry.formats import get_registry_format
from openkyb.registry.load import load_registry
from openkyb.sources.registry import get_format
from openkyb.store.db import Database
from openkyb.watchlists.catalog import current_versions, current_watchlist_versions
from openkyb.watchlists.loader import load_dataset
from tests.helpers import shared_data


def test_registry_datasets_are_not_watchlists(sqlite_db: Database) -> None:
    companies = shared_data(
        "registries/uk_companies_house/psc_and_company_openownership/company-data-1.json"
    )
    un_list = shared_data("sanctions/un_consolidated_2024-11/consolidated.xml")
    registry_format = get_registry_format("uk-ch-basic")
    assert registry_format is not None
    load_registry(sqlite_db, registry_format, companies)
    load_dataset(sqlite_db, get_format("un-xml"), un_list)
    every = {v.dataset for v in current_versions(sqlite_db)}
    watchlists = {v.dataset for v in current_watchlist_versions(sqlite_db)}
    assert "gb-companies-house" in every
    assert "gb-companies-house" not in watchlists and watchlists
