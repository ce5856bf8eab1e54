"""The caller's address, believing ``X-Forwarded-For`` only from trusted proxies.

Anyone can send an ``X-Forwarded-For`` header, so it is read only when the direct peer is
one of the configured trusted proxies. Each proxy appends the address it received the
request from, so the list is walked from the right: trusted hops are skipped and the first
untrusted address is the client. An unparsable entry stops the walk, and the last address
known good (a trusted proxy) is used: a forged or garbled value never wins.
"""

from __future__ import annotations

import ipaddress
from collections.abc import Iterable

IPAddress = ipaddress.IPv4Address | ipaddress.IPv6Address
IPNetwork = ipaddress.IPv4Network | ipaddress.IPv6Network


def parse_ip(text: str) -> IPAddress | None:
    """An address, IPv4-mapped IPv6 folded to IPv4; None for anything else (e.g. a name)."""
    try:
        address = ipaddress.ip_address(text.strip().strip("[]"))
    except ValueError:
        return None
    if isinstance(address, ipaddress.IPv6Address) and address.ipv4_mapped is not None:
        return address.ipv4_mapped
    return address


def parse_networks(cidrs: Iterable[str]) -> tuple[IPNetwork, ...]:
    """Networks from CIDR strings (bare addresses are single hosts)."""
    return tuple(ipaddress.ip_network(c.strip(), strict=False) for c in cidrs)


def in_networks(address: IPAddress | None, networks: tuple[IPNetwork, ...]) -> bool:
    """Whether the address lies in any of the networks (mixed families never match)."""
    if address is None:
        return False
    return any(address.version == n.version and address in n for n in networks)


def client_address(
    peer: str | None, forwarded_for: list[str], trusted: tuple[IPNetwork, ...]
) -> IPAddress | None:
    """The client's address given the direct peer and every ``X-Forwarded-For`` value."""
    address = parse_ip(peer) if peer else None
    if not trusted or not in_networks(address, trusted):
        return address
    hops = [hop for value in forwarded_for for hop in value.split(",") if hop.strip()]
    for hop in reversed(hops):
        candidate = parse_ip(hop)
        if candidate is None:
            return address
        address = candidate
        if not in_networks(candidate, trusted):
            return candidate
    return address
