"""Done-when of issue 5: 4 API processes sharing Redis accept 100 of 1,000 requests."""

from __future__ import annotations

import pytest
from benchmarks.ratelimit import run
from tests.gateway.support import require_redis


@pytest.mark.slow
def test_four_processes_share_one_limit():
    outcome = run(servers_count=4, requests=1000, limit=100, redis_url=require_redis())
    assert 100 <= outcome.accepted <= 101, outcome.statuses
    assert outcome.correct, outcome.statuses
