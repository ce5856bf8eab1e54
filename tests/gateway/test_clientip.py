"""The client address, with X-Forwarded-For believed only from trusted proxies."""

from __future__ import annotations

import ipaddress

import pytest

from openkyb.gateway.clientip import client_address, in_networks, parse_ip, parse_networks

TRUSTED = parse_networks(["10.0.0.0/8", "fd00::/8"])


@pytest.mark.parametrize(
    ("peer", "forwarded", "trusted", "expected"),
    [
        # No trusted proxies: the header is ignored.
        ("203.0.113.9", ["198.51.100.1"], (), "203.0.113.9"),
        # An untrusted peer cannot speak for anyone else.
        ("203.0.113.9", ["198.51.100.1"], TRUSTED, "203.0.113.9"),
        # A trusted proxy: the right-most untrusted hop is the client.
        ("10.0.0.2", ["198.51.100.1"], TRUSTED, "198.51.100.1"),
        ("10.0.0.2", ["1.1.1.1, 198.51.100.1, 10.0.0.5"], TRUSTED, "198.51.100.1"),
        ("10.0.0.2", ["1.1.1.1", "198.51.100.1"], TRUSTED, "198.51.100.1"),
        # IPv6 behind an IPv6 proxy, and bracketed forms.
        ("fd00::1", ["2001:db8::7"], TRUSTED, "2001:db8::7"),
        ("fd00::1", ["[2001:db8::8]"], TRUSTED, "2001:db8::8"),
        # A garbled hop stops the walk at the last address known good.
        ("10.0.0.2", ["198.51.100.1, not-an-ip"], TRUSTED, "10.0.0.2"),
        # Every hop trusted: the left-most one.
        ("10.0.0.2", ["10.0.0.9, 10.0.0.8"], TRUSTED, "10.0.0.9"),
        # No header from a trusted proxy: the proxy itself.
        ("10.0.0.2", [], TRUSTED, "10.0.0.2"),
        # IPv4-mapped IPv6 is folded to IPv4.
        ("::ffff:203.0.113.4", [], (), "203.0.113.4"),
    ],
)
def test_client_address(peer, forwarded, trusted, expected):
    assert client_address(peer, forwarded, trusted) == ipaddress.ip_address(expected)


def test_names_and_missing_peers_have_no_address():
    assert client_address("testclient", [], TRUSTED) is None
    assert client_address(None, ["1.2.3.4"], TRUSTED) is None
    assert parse_ip("example.com") is None


def test_membership_never_mixes_families():
    networks = parse_networks(["0.0.0.0/0"])
    assert in_networks(parse_ip("192.0.2.1"), networks)
    assert not in_networks(parse_ip("2001:db8::1"), networks)
    assert not in_networks(None, networks)
