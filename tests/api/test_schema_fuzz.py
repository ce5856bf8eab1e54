"""Schema-driven fuzzing of the whole API: no input may produce a server error.

Schemathesis generates valid and invalid requests from `/openapi.json` for every operation
and checks each response: no 5xx, documented status codes, content types and schemas.
(Its pytest plugin is driven by hand here: it does not support pytest 9 yet.)
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
import schemathesis
from hypothesis import HealthCheck, given, settings
from schemathesis.checks import positive_data_acceptance

from openkyb.app import create_app
from openkyb.gateway import tenants as tenant_service
from openkyb.settings import Settings
from openkyb.store import migrate
from openkyb.store.db import Database

EXAMPLES_PER_OPERATION = 80


@pytest.fixture(scope="module")
def fuzz_target(tmp_path_factory: pytest.TempPathFactory) -> Iterator[tuple[Any, str]]:
    path: Path = tmp_path_factory.mktemp("fuzz") / "fuzz.db"
    db = Database(f"sqlite:///{path}")
    migrate.upgrade(db)
    with db.session() as session:
        key = tenant_service.create_tenant(session, "fuzz").secret
    app = create_app(Settings(database_url=db.url), database=db)
    yield schemathesis.openapi.from_asgi("/openapi.json", app), key
    db.dispose()


def _fuzz(operation: Any, key: str, statuses: Counter[int]) -> None:
    @given(case=operation.as_strategy())
    @settings(
        max_examples=EXAMPLES_PER_OPERATION,
        deadline=None,
        database=None,
        suppress_health_check=list(HealthCheck),
    )
    def run(case: Any) -> None:
        response = case.call_and_validate(
            headers={"Authorization": f"Bearer {key}"},
            # The schema cannot say "not in the future" or "code and code_system together",
            # so schema-valid data may rightly get 422; every other check stays on.
            excluded_checks=[positive_data_acceptance],
        )
        statuses[response.status_code] += 1

    run()


def test_every_operation_survives_fuzzing(fuzz_target: tuple[Any, str]) -> None:
    schema, key = fuzz_target
    operations = [result.ok() for result in schema.get_all_operations()]
    assert len(operations) >= 5, "every route must be in the OpenAPI document"
    failures = {}
    statuses: dict[str, Counter[int]] = {}
    for operation in operations:
        statuses[operation.label] = Counter()
        try:
            _fuzz(operation, key, statuses[operation.label])
        except Exception as exc:
            failures[operation.label] = f"{type(exc).__name__}: {exc}"[:2000]
    assert not failures, "\n\n".join(f"{op}\n{message}" for op, message in failures.items())
    # The fuzzing reached both sides of the create route: stored verdicts and refusals.
    created = statuses["POST /v1/verifications"]
    assert created[201] > 0, created
    assert created[422] > 0, created
