"""A small thread-safe TTL cache with a size bound, for live registry responses."""

from __future__ import annotations

import threading
import time
from collections import OrderedDict
from collections.abc import Callable, Hashable
from typing import Any

_MISSING = object()


class TtlCache:
    """Entries expire ``ttl`` seconds after they were stored; the least recently used entry is
    dropped when ``max_entries`` is reached. ``ttl`` of 0 disables caching."""

    def __init__(
        self, ttl: float, max_entries: int = 2048, clock: Callable[[], float] = time.monotonic
    ) -> None:
        self.ttl = ttl
        self.max_entries = max_entries
        self._clock = clock
        self._entries: OrderedDict[Hashable, tuple[float, Any]] = OrderedDict()
        self._lock = threading.Lock()

    def get(self, key: Hashable) -> Any:
        """The cached value, or the module's ``MISSING`` sentinel (None is a cacheable value)."""
        with self._lock:
            entry = self._entries.get(key)
            if entry is None:
                return _MISSING
            expires, value = entry
            if expires <= self._clock():
                del self._entries[key]
                return _MISSING
            self._entries.move_to_end(key)
            return value

    def put(self, key: Hashable, value: Any) -> None:
        """Store ``value`` (no-op when caching is disabled)."""
        if self.ttl <= 0:
            return
        with self._lock:
            self._entries[key] = (self._clock() + self.ttl, value)
            self._entries.move_to_end(key)
            while len(self._entries) > self.max_entries:
                self._entries.popitem(last=False)

    def __len__(self) -> int:
        with self._lock:
            return len(self._entries)


def is_missing(value: Any) -> bool:
    """Whether :meth:`TtlCache.get` found nothing."""
    return value is _MISSING
