"""Time-ordered, URL-safe identifiers (ULID layout: 48-bit milliseconds + 80 more bits).

Sorting identifiers sorts by creation time, which gives cheap keyset pagination and an index
that only grows at its right edge. Within one millisecond a per-process sequence keeps ids
in creation order; the remaining bits are random, so processes never collide.
"""

from __future__ import annotations

import itertools
import random
import time

_ALPHABET = "0123456789ABCDEFGHJKMNPQRSTVWXYZ"  # Crockford base32
# next() on itertools.count is atomic under the GIL: no lock, so no convoy of threads.
_sequence = itertools.count()


def _encode(value: int, length: int) -> str:
    chars = []
    for _ in range(length):
        value, digit = divmod(value, 32)
        chars.append(_ALPHABET[digit])
    return "".join(reversed(chars))


def new_id(prefix: str) -> str:
    """A new identifier such as ``vrf_01JF3Z...``, ordered by creation within this process."""
    millis = time.time_ns() // 1_000_000
    sequence = next(_sequence) & 0xFFFFFF  # 24 bits
    # Not os.urandom: its system call releases the GIL, and under load every thread then
    # queues to take it back. The random module is reseeded in every forked worker.
    randomness = random.getrandbits(56)
    return f"{prefix}_{_encode(millis, 10)}{_encode((sequence << 56) | randomness, 16)}"
