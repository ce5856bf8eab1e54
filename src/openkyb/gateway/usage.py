"""Usage metering per tenant and UTC day, counted in memory and added to the database.

Counting a request is a dictionary increment under a lock: nothing touches the database
on the request path. A background thread flushes the buffer every few seconds (and at
shutdown) with additive upserts, ``count = count + excluded.count``. Each upsert is atomic
in both PostgreSQL and SQLite, so any number of processes and replicas add up exactly; a
process that dies unexpectedly loses at most its last unflushed interval.
"""

from __future__ import annotations

import logging
import threading
from collections import Counter
from datetime import date, timedelta
from typing import Any

from sqlalchemy import select
from sqlalchemy.dialects.postgresql import insert as pg_insert
from sqlalchemy.dialects.sqlite import insert as sqlite_insert

from openkyb.clock import utc_now
from openkyb.store.db import Database
from openkyb.store.models import UsageDaily, usage_daily_table

logger = logging.getLogger("openkyb.gateway")

REQUESTS = "requests"
VERIFICATIONS = "verifications"
VERIFICATIONS_CACHED = "verifications_cached"
SCREENINGS = "screenings"
REJECTED_RATE_LIMIT = "rejected_rate_limit"
REJECTED_BLOCKED = "rejected_blocked"
REJECTED_IP = "rejected_ip"
REJECTED_BOT = "rejected_bot"
METRICS = (
    REQUESTS,
    VERIFICATIONS,
    VERIFICATIONS_CACHED,
    SCREENINGS,
    REJECTED_RATE_LIMIT,
    REJECTED_BLOCKED,
    REJECTED_IP,
    REJECTED_BOT,
)
FLUSH_SECONDS = 5.0

_Key = tuple[str, date, str]


class UsageMeter:
    """A process's buffer of usage counts, flushed to ``usage_daily``."""

    def __init__(self, db: Database, flush_seconds: float = FLUSH_SECONDS) -> None:
        self.db = db
        self.flush_seconds = flush_seconds
        self._counts: Counter[_Key] = Counter()
        self._lock = threading.Lock()
        self._stop = threading.Event()
        self._thread: threading.Thread | None = None

    def count(self, tenant_id: str, metric: str, amount: int = 1) -> None:
        """Add to today's (UTC) counter; starts the flusher on first use."""
        key = (tenant_id, utc_now().date(), metric)
        with self._lock:
            self._counts[key] += amount
        if self._thread is None:
            self._start()

    def _start(self) -> None:
        with self._lock:
            if self._thread is not None:
                return
            self._thread = threading.Thread(
                target=self._run, name="openkyb-usage-flush", daemon=True
            )
            self._thread.start()

    def _run(self) -> None:
        while not self._stop.wait(self.flush_seconds):
            try:
                self.flush()
            except Exception:  # keep flushing later; the counts are back in the buffer
                logger.exception("usage flush failed")

    def pending(self) -> dict[_Key, int]:
        """The counts not yet written (tests and diagnostics)."""
        with self._lock:
            return dict(self._counts)

    def flush(self) -> int:
        """Add the buffered counts to the database; returns how many counters were written."""
        with self._lock:
            counts, self._counts = self._counts, Counter()
        if not counts:
            return 0
        rows = [
            {"tenant_id": t, "day": d, "metric": m, "count": n}
            for (t, d, m), n in sorted(counts.items())  # one order: no deadlock between peers
        ]
        try:
            _upsert(self.db, rows)
        except Exception:
            with self._lock:
                self._counts.update(counts)
            raise
        return len(rows)

    def close(self) -> None:
        """Stop the flusher and write what is left."""
        self._stop.set()
        if self._thread is not None:
            self._thread.join(timeout=5)
        try:
            self.flush()
        except Exception:
            logger.exception("final usage flush failed")


def _upsert(db: Database, rows: list[dict[str, Any]]) -> None:
    insert = pg_insert if db.backend == "postgresql" else sqlite_insert
    statement = insert(usage_daily_table)
    statement = statement.on_conflict_do_update(
        index_elements=["tenant_id", "day", "metric"],
        set_={"count": usage_daily_table.c.count + statement.excluded.count},
    )
    with db.connection(write=True) as connection:
        connection.execute(statement, rows)


def default_range(start: date | None, end: date | None) -> tuple[date, date]:
    """``start``..``end`` inclusive; the last 30 days up to today (UTC) by default."""
    end = end or utc_now().date()
    if start is None:  # near year 1 the window starts at the first representable day
        start = end - timedelta(days=29) if end >= date.min + timedelta(days=29) else date.min
    return start, end


def read_usage(db: Database, tenant_id: str, start: date, end: date) -> dict[str, Any]:
    """Daily counters (days with any activity) and totals for ``start``..``end`` inclusive."""
    with db.connection() as connection:
        rows = connection.execute(
            select(UsageDaily.day, UsageDaily.metric, UsageDaily.count)
            .where(
                UsageDaily.tenant_id == tenant_id,
                UsageDaily.day >= start,
                UsageDaily.day <= end,
            )
            .order_by(UsageDaily.day)
        ).all()
    days: dict[date, dict[str, int]] = {}
    totals = dict.fromkeys(METRICS, 0)
    for day, metric, count in rows:
        days.setdefault(day, dict.fromkeys(METRICS, 0))[metric] = int(count)
        totals[metric] = totals.get(metric, 0) + int(count)
    return {
        "from": start.isoformat(),
        "to": end.isoformat(),
        "days": [{"day": day.isoformat(), **counts} for day, counts in days.items()],
        "totals": totals,
    }
