"""Redis for the gateway tests: skipped on a laptop without it, required in CI."""

from __future__ import annotations

import os
import socket

import pytest

REDIS_URL = os.environ.get("OPENKYB_TEST_REDIS_URL", "redis://127.0.0.1:6379/0")
# Nothing listens on port 1: connections are refused at once, like a Redis that is down.
DOWN_REDIS_URL = "redis://127.0.0.1:1/0"


def require_redis() -> str:
    """The test Redis URL, or skip (fail under CI=true) when it does not answer."""
    try:
        import redis

        redis.Redis.from_url(REDIS_URL, socket_connect_timeout=1).ping()
    except Exception as exc:
        if os.environ.get("CI") == "true":
            pytest.fail(f"Redis must be reachable in CI at {REDIS_URL}: {exc}")
        pytest.skip(f"Redis not reachable at {REDIS_URL} ({exc})")
    return REDIS_URL


def free_port() -> int:
    """A TCP port nothing listens on right now."""
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port: int = probe.getsockname()[1]
        return port
