"""API key generation and hashing.

Keys are 256 random bits, so a single SHA-256 is enough to store them safely: unlike a
password there is nothing to brute-force, and a fast hash keeps authentication to one indexed
lookup per request.
"""

from __future__ import annotations

import hashlib
import secrets

KEY_PREFIX = "okb_"
DISPLAY_PREFIX_LENGTH = 12


def generate_key() -> str:
    """A new secret API key, for example ``okb_3kD9...``."""
    return KEY_PREFIX + secrets.token_urlsafe(32)


def hash_key(key: str) -> str:
    """The digest stored for a key and looked up on every request."""
    return hashlib.sha256(key.encode("utf-8")).hexdigest()


def display_prefix(key: str) -> str:
    """The non-secret beginning of a key, shown in listings so users can tell keys apart."""
    return key[:DISPLAY_PREFIX_LENGTH]
