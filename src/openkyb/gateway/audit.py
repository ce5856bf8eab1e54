"""Audit events: what operators must be able to look back on (e.g. a key blocked)."""

from __future__ import annotations

from typing import Any

from sqlalchemy import insert, select

from openkyb.clock import iso_utc, utc_now
from openkyb.ids import new_id
from openkyb.store.db import Database
from openkyb.store.models import AuditEvent

KEY_BLOCKED = "key_blocked"


def record_event(
    db: Database,
    kind: str,
    detail: dict[str, Any],
    tenant_id: str | None = None,
    key_id: str | None = None,
) -> str:
    """Store an event and return its id (one autocommitted statement)."""
    event_id = new_id("evt")
    with db.connection(write=True) as connection:
        connection.execute(
            insert(AuditEvent),
            {
                "id": event_id,
                "at": utc_now(),
                "tenant_id": tenant_id,
                "key_id": key_id,
                "kind": kind,
                "detail": detail,
            },
        )
    return event_id


def list_events(
    db: Database, tenant_id: str | None = None, kind: str | None = None, limit: int = 100
) -> list[dict[str, Any]]:
    """The newest events first, optionally of one tenant or kind."""
    query = select(AuditEvent).order_by(AuditEvent.at.desc(), AuditEvent.id.desc()).limit(limit)
    if tenant_id is not None:
        query = query.where(AuditEvent.tenant_id == tenant_id)
    if kind is not None:
        query = query.where(AuditEvent.kind == kind)
    with db.session() as session:
        events = session.scalars(query).all()
        return [
            {
                "id": e.id,
                "at": iso_utc(e.at),
                "tenant_id": e.tenant_id,
                "key_id": e.key_id,
                "kind": e.kind,
                "detail": e.detail,
            }
            for e in events
        ]
