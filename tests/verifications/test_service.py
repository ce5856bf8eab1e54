"""The verification service against real databases: idempotency under concurrency."""

from __future__ import annotations

from concurrent.futures import ThreadPoolExecutor

import pytest

from openkyb.applications import Application
from openkyb.decision import default_policy
from openkyb.examples import load_example
from openkyb.gateway import tenants as tenant_service
from openkyb.store.db import Database
from openkyb.verifications.service import (
    IdempotencyConflict,
    ListFilters,
    create_verification,
    list_verifications,
)


def test_concurrent_requests_with_one_key_store_one_verification(db: Database):
    with db.session() as session:
        tenant_id = tenant_service.create_tenant(session, "racer").tenant_id
    application = Application.model_validate(load_example("demo"))

    def attempt(_: int) -> str:
        created = create_verification(db, tenant_id, application, default_policy(), "same-key")
        return str(created.result["id"])

    with ThreadPoolExecutor(max_workers=8) as pool:
        ids = list(pool.map(attempt, range(16)))
    assert len(set(ids)) == 1
    page, _ = list_verifications(db, tenant_id, ListFilters(), limit=50)
    assert [item["id"] for item in page] == ids[:1]

    changed = application.model_copy(update={"legal_name": "Changed Ltd"})
    with pytest.raises(IdempotencyConflict):
        create_verification(db, tenant_id, changed, default_policy(), "same-key")
