"""Time in one convention: every stored and reported moment is UTC."""

from __future__ import annotations

from datetime import UTC, datetime


def utc_now() -> datetime:
    """The current moment, timezone-aware, in UTC."""
    return datetime.now(UTC)


def as_utc(moment: datetime) -> datetime:
    """The same moment in UTC; naive values (SQLite keeps no offset) are taken as UTC."""
    return moment.replace(tzinfo=UTC) if moment.tzinfo is None else moment.astimezone(UTC)


def iso_utc(moment: datetime) -> str:
    """RFC 3339 with a ``Z`` suffix, as every API response writes time."""
    return as_utc(moment).isoformat().replace("+00:00", "Z")
