"""ETag comparison rules."""

from __future__ import annotations

import pytest

from openkyb.gateway.caching import etag_for, if_none_match

TAG = etag_for(b'{"a":1}')


@pytest.mark.parametrize(
    ("header", "matches"),
    [
        (None, False),
        ("", False),
        (TAG, True),
        ("*", True),
        (f'"other", {TAG}', True),
        (f"W/{TAG}", True),
        ('"other"', False),
    ],
)
def test_if_none_match(header, matches):
    assert if_none_match(header, TAG) is matches


def test_tags_follow_the_body():
    assert etag_for(b"a") != etag_for(b"b")
    assert etag_for(b"a") == etag_for(b"a")
