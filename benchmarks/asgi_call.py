"""One request straight into an ASGI app, without a server: what the overhead benchmarks time."""

from __future__ import annotations

from typing import Any

from fastapi import FastAPI


async def asgi_call(app: FastAPI, scope: dict[str, Any], body: bytes = b"") -> int:
    """Send ``scope`` (with ``body``) to ``app``; the response status."""
    status = 0

    async def receive() -> dict[str, Any]:
        return {"type": "http.request", "body": body, "more_body": False}

    async def send(message: dict[str, Any]) -> None:
        nonlocal status
        if message["type"] == "http.response.start":
            status = message["status"]

    await app(scope, receive, send)
    return status
