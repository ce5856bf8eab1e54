"""Schema-driven fuzzing of the whole API: no input may produce a server error.

Schemathesis generates valid and invalid requests from `/openapi.json` and checks each
response: no 5xx, the documented status codes, content types and response schemas.
"""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
import schemathesis
from hypothesis import HealthCheck, settings

from openkyb.app import create_app
from openkyb.gateway import tenants as tenant_service
from openkyb.settings import Settings
from openkyb.store import migrate
from openkyb.store.db import Database

_state: dict[str, Any] = {}


@pytest.fixture(scope="module")
def api_schema(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Any]:
    path: Path = tmp_path_factory.mktemp("fuzz") / "fuzz.db"
    db = Database(f"sqlite:///{path}")
    migrate.upgrade(db)
    with db.session() as session:
        _state["key"] = tenant_service.create_tenant(session, "fuzz").secret
    app = create_app(Settings(database_url=db.url), database=db)
    yield schemathesis.openapi.from_asgi("/openapi.json", app)
    db.dispose()


schema = schemathesis.pytest.from_fixture("api_schema")


@schema.parametrize()
@settings(
    max_examples=60,
    deadline=None,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.filter_too_much],
)
def test_no_input_breaks_the_api(case: Any) -> None:
    case.call_and_validate(headers={"Authorization": f"Bearer {_state['key']}"})
