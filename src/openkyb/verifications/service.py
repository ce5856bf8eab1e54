"""Persisting and reading verifications, always scoped to one tenant."""

from __future__ import annotations

import base64
import hashlib
from dataclasses import dataclass
from datetime import datetime
from typing import Any

import orjson
from sqlalchemy import insert, select
from sqlalchemy.exc import IntegrityError

from openkyb.applications import Application
from openkyb.clock import as_utc, iso_utc, utc_now
from openkyb.decision import Policy
from openkyb.ids import new_id
from openkyb.store.db import Database
from openkyb.store.models import Verification, verifications_table
from openkyb.verifications.orchestrator import RegistrySource, evaluate, render_result
from openkyb.watchlists.screener import Screener


class IdempotencyConflict(Exception):
    """The idempotency key was already used with a different request body."""


class InvalidCursor(ValueError):
    """A pagination cursor that this server did not issue."""


@dataclass(frozen=True, slots=True)
class Created:
    """The outcome of a create: the result, and whether it replays an earlier request."""

    result: dict[str, Any]
    replayed: bool
    encoded: bytes | None = None

    def body(self) -> bytes:
        """The result as JSON bytes, reusing the encoding made for storage when there is one."""
        return self.encoded if self.encoded is not None else orjson.dumps(self.result)


def request_hash(application_document: dict[str, Any]) -> str:
    """A digest of the validated application, insensitive to key order and whitespace."""
    canonical = orjson.dumps(application_document, option=orjson.OPT_SORT_KEYS)
    return hashlib.sha256(canonical).hexdigest()


def _stored_for_key(db: Database, tenant_id: str, key: str) -> tuple[str, dict[str, Any]] | None:
    with db.connection() as connection:
        row = connection.execute(
            select(Verification.request_hash, Verification.result).where(
                Verification.tenant_id == tenant_id, Verification.idempotency_key == key
            )
        ).first()
    return None if row is None else (row[0], row[1])


def _replay(stored: tuple[str, dict[str, Any]], digest: str) -> Created:
    if stored[0] != digest:
        raise IdempotencyConflict
    return Created(stored[1], replayed=True)


def verification_row(
    result: dict[str, Any],
    encoded: bytes,
    created_at: datetime,
    tenant_id: str,
    application: Application,
    policy: Policy,
    idempotency_key: str | None,
    digest: str,
    cached_from: str | None = None,
) -> dict[str, Any]:
    """The ``verifications`` row of a rendered result (``encoded`` is its JSON, made once)."""
    return {
        "id": result["id"],
        "tenant_id": tenant_id,
        "created_at": created_at,
        "decision": result["decision"],
        "risk_score": result["risk_score"],
        "external_ref": application.external_ref,
        "legal_name": application.legal_name,
        "country": application.country,
        "idempotency_key": idempotency_key,
        "request_hash": digest,
        "policy_version": policy.version,
        "result": orjson.Fragment(encoded),  # serialised once, for the row and the response
        "cached_from": cached_from,
    }


def create_verification(
    db: Database,
    tenant_id: str,
    application: Application,
    policy: Policy,
    idempotency_key: str | None = None,
    screener: Screener | None = None,
    registry: RegistrySource | None = None,
) -> Created:
    """Verify an application and store the result; honour an idempotency key if given."""
    document = application.model_dump(mode="json", exclude_none=True)
    digest = request_hash(document)
    if idempotency_key is not None:
        stored = _stored_for_key(db, tenant_id, idempotency_key)
        if stored is not None:
            return _replay(stored, digest)
    evaluation = evaluate(application, policy, screener=screener, registry=registry)
    created_at = utc_now()
    result = render_result(evaluation, new_id("vrf"), created_at, document)
    encoded = orjson.dumps(result)
    row = verification_row(
        result, encoded, created_at, tenant_id, application, policy, idempotency_key, digest
    )
    try:
        with db.connection(write=True) as connection:  # one statement: atomic on its own
            connection.execute(insert(verifications_table), row)
    except IntegrityError:
        # Two requests raced with the same key: the other one won, so replay its result.
        stored = _stored_for_key(db, tenant_id, idempotency_key) if idempotency_key else None
        if stored is None:
            raise
        return _replay(stored, digest)
    return Created(result, replayed=False, encoded=encoded)


def get_verification(db: Database, tenant_id: str, verification_id: str) -> dict[str, Any] | None:
    """The stored result, or None if it does not exist *for this tenant*."""
    with db.connection() as connection:
        result: dict[str, Any] | None = connection.scalar(
            select(Verification.result).where(
                Verification.tenant_id == tenant_id, Verification.id == verification_id
            )
        )
    return result


@dataclass(frozen=True, slots=True)
class ListFilters:
    """Filters of the verification listing."""

    decision: str | None = None
    created_after: datetime | None = None
    created_before: datetime | None = None
    external_ref: str | None = None


def encode_cursor(verification_id: str) -> str:
    """An opaque cursor pointing just past a verification."""
    return base64.urlsafe_b64encode(verification_id.encode()).decode().rstrip("=")


def decode_cursor(cursor: str) -> str:
    """The verification id inside a cursor, or InvalidCursor."""
    try:
        value = base64.urlsafe_b64decode(cursor + "=" * (-len(cursor) % 4)).decode()
    except (ValueError, UnicodeDecodeError) as exc:
        raise InvalidCursor("the cursor is not one this API issued") from exc
    if not value.startswith("vrf_") or len(value) > 40:
        raise InvalidCursor("the cursor is not one this API issued")
    return value


def _summary(row: Any) -> dict[str, Any]:
    return {
        "id": row.id,
        "object": "verification",
        "created_at": iso_utc(row.created_at),
        "decision": row.decision,
        "risk_score": row.risk_score,
        "external_ref": row.external_ref,
        "legal_name": row.legal_name,
        "country": row.country,
    }


def list_verifications(
    db: Database, tenant_id: str, filters: ListFilters, limit: int, cursor: str | None = None
) -> tuple[list[dict[str, Any]], str | None]:
    """A page of the tenant's verifications, newest first, and the cursor of the next page."""
    columns = (
        Verification.id,
        Verification.created_at,
        Verification.decision,
        Verification.risk_score,
        Verification.external_ref,
        Verification.legal_name,
        Verification.country,
    )
    query = select(*columns).where(Verification.tenant_id == tenant_id)
    if filters.decision:
        query = query.where(Verification.decision == filters.decision)
    if filters.external_ref:
        query = query.where(Verification.external_ref == filters.external_ref)
    if filters.created_after:
        query = query.where(Verification.created_at >= as_utc(filters.created_after))
    if filters.created_before:
        query = query.where(Verification.created_at < as_utc(filters.created_before))
    if cursor:
        query = query.where(Verification.id < decode_cursor(cursor))
    query = query.order_by(Verification.id.desc()).limit(limit + 1)
    with db.connection() as connection:
        rows = connection.execute(query).all()
    page = [_summary(r) for r in rows[:limit]]
    next_cursor = encode_cursor(rows[limit - 1].id) if len(rows) > limit else None
    return page, next_cursor
