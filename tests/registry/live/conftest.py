"""Fixtures: replay servers for the live registry adapters."""

from __future__ import annotations

from collections.abc import Iterator

import pytest

from tests.helpers import shared_data
from tests.registry.live.replay import Replay, ch_routes, gleif_routes, start


@pytest.fixture
def ch_server() -> Iterator[Replay]:
    """A replay of the saved Companies House API answers."""
    replay, server = start(
        ch_routes(shared_data("registries/uk_companies_house/api_responses_herrbert74"))
    )
    yield replay
    server.shutdown()
    server.server_close()


@pytest.fixture
def gleif_server() -> Iterator[Replay]:
    """A replay of the saved GLEIF API answers."""
    replay, server = start(gleif_routes(shared_data("registries/gleif/api_responses")))
    yield replay
    server.shutdown()
    server.server_close()
