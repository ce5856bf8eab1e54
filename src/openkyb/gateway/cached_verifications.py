"""A tenant's verification cache: an identical application within the TTL is not re-run.

"Identical" is the digest of the validated application in canonical JSON (the same
``request_hash`` idempotency uses), under the same policy version. A cached answer is
stored as a new verification (its own id, Location and idempotency key, so replays and
listings behave as for any other) whose result is the original's, marked
``"cached": true`` and ``"cached_from": <original id>``. The TTL runs from the original
evaluation: copies are never used as originals, so an answer cannot outlive it.
"""

from __future__ import annotations

from datetime import timedelta
from typing import Any

import orjson
from sqlalchemy import insert, select
from sqlalchemy.exc import IntegrityError

from openkyb.applications import Application
from openkyb.clock import iso_utc, utc_now
from openkyb.decision import Policy
from openkyb.ids import new_id
from openkyb.store.db import Database
from openkyb.store.models import Verification, verifications_table
from openkyb.verifications.service import Created, request_hash, verification_row


def _original(
    db: Database, tenant_id: str, digest: str, policy_version: str, ttl: int
) -> tuple[str, dict[str, Any]] | None:
    since = utc_now() - timedelta(seconds=ttl)
    with db.connection() as connection:
        row = connection.execute(
            select(Verification.id, Verification.result)
            .where(
                Verification.tenant_id == tenant_id,
                Verification.request_hash == digest,
                Verification.created_at >= since,
                Verification.cached_from.is_(None),
                Verification.policy_version == policy_version,
            )
            .order_by(Verification.created_at.desc())
            .limit(1)
        ).first()
    return None if row is None else (row[0], row[1])


def _key_used(db: Database, tenant_id: str, idempotency_key: str) -> bool:
    with db.connection() as connection:
        found = connection.scalar(
            select(Verification.id).where(
                Verification.tenant_id == tenant_id,
                Verification.idempotency_key == idempotency_key,
            )
        )
    return found is not None


def answer_from_cache(
    db: Database,
    tenant_id: str,
    application: Application,
    policy: Policy,
    ttl: int,
    idempotency_key: str | None = None,
) -> Created | None:
    """The cached answer, stored as a new verification; None to verify for real.

    None is also returned when the idempotency key was used before: the service then
    replays (or reports the conflict) exactly as without a cache.
    """
    if ttl <= 0 or (idempotency_key is not None and _key_used(db, tenant_id, idempotency_key)):
        return None
    document = application.model_dump(mode="json", exclude_none=True)
    digest = request_hash(document)
    original = _original(db, tenant_id, digest, policy.version, ttl)
    if original is None:
        return None
    original_id, original_result = original
    created_at = utc_now()
    result = {
        **original_result,
        "id": new_id("vrf"),
        "created_at": iso_utc(created_at),
        "cached": True,
        "cached_from": original_id,
    }
    encoded = orjson.dumps(result)
    row = verification_row(
        result,
        encoded,
        created_at,
        tenant_id,
        application,
        policy,
        idempotency_key,
        digest,
        cached_from=original_id,
    )
    try:
        with db.connection(write=True) as connection:
            connection.execute(insert(verifications_table), row)
    except IntegrityError:
        return None  # a concurrent request took the idempotency key: let the service replay
    return Created(result, replayed=False, encoded=encoded)
