"""Time-ordered, URL-safe identifiers (ULID layout: 48-bit milliseconds + 80 random bits).

Sorting identifiers sorts by creation time, which gives cheap keyset pagination and an index
that only grows at its right edge.
"""

from __future__ import annotations

import os
import threading
import time

_ALPHABET = "0123456789ABCDEFGHJKMNPQRSTVWXYZ"  # Crockford base32
_lock = threading.Lock()
_last: list[int] = [0, 0]  # last millisecond, last random part


def _encode(value: int, length: int) -> str:
    chars = []
    for _ in range(length):
        value, digit = divmod(value, 32)
        chars.append(_ALPHABET[digit])
    return "".join(reversed(chars))


def new_id(prefix: str) -> str:
    """A new identifier such as ``vrf_01JF3Z...``, monotonic within this process."""
    with _lock:
        millis = time.time_ns() // 1_000_000
        if millis <= _last[0]:
            millis, randomness = _last[0], _last[1] + 1  # same ms: keep the order
        else:
            randomness = int.from_bytes(os.urandom(10), "big") >> 1
        _last[0], _last[1] = millis, randomness
    return f"{prefix}_{_encode(millis, 10)}{_encode(randomness, 16)}"
