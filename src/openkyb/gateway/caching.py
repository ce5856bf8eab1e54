"""HTTP validators: ``ETag`` on GET answers and ``304 Not Modified`` for ``If-None-Match``.

The tag is a digest of the exact body, so it changes whenever the answer does, and a
client that revalidates downloads nothing when it has not. ``Cache-Control: private,
no-cache`` lets the caller (never a shared cache: answers are per tenant) keep a copy but
revalidate it on each use.
"""

from __future__ import annotations

import hashlib
from typing import Any

import orjson
from starlette.requests import Request
from starlette.responses import Response

CACHE_CONTROL = "private, no-cache"


def etag_for(body: bytes) -> str:
    """A strong entity tag for a body."""
    return '"' + hashlib.blake2b(body, digest_size=16).hexdigest() + '"'


def if_none_match(header: str | None, etag: str) -> bool:
    """Whether an ``If-None-Match`` value matches the tag (weak comparison, RFC 9110)."""
    if not header:
        return False
    if header.strip() == "*":
        return True
    wanted = etag.removeprefix("W/")
    return any(tag.strip().removeprefix("W/") == wanted for tag in header.split(","))


def etag_response(
    request: Request,
    body: bytes,
    media_type: str = "application/json",
    headers: dict[str, str] | None = None,
) -> Response:
    """``200`` with the body and its ``ETag``, or ``304`` when the client has that version."""
    etag = etag_for(body)
    validators = {"ETag": etag, "Cache-Control": CACHE_CONTROL, **(headers or {})}
    if if_none_match(request.headers.get("if-none-match"), etag):
        return Response(status_code=304, headers=validators)
    return Response(body, 200, validators, media_type=media_type)


def etag_json_response(
    request: Request, content: Any, headers: dict[str, str] | None = None
) -> Response:
    """:func:`etag_response` for a JSON document (encoded once with orjson)."""
    return etag_response(request, orjson.dumps(content), headers=headers)
