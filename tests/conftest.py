"""Shared fixtures: a fresh database per test (SQLite always, PostgreSQL when reachable)."""

from __future__ import annotations

import os
import uuid
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import psycopg
import pytest
from fastapi.testclient import TestClient

from openkyb.app import create_app
from openkyb.examples import load_example
from openkyb.settings import Settings
from openkyb.store import migrate
from openkyb.store.db import Database
from tests.helpers import new_tenant_key

PG_ADMIN_URL = os.environ.get(
    "OPENKYB_TEST_PG_URL", "postgresql://postgres@127.0.0.1:5432/postgres"
)
SHARED_DATA = Path(__file__).resolve().parents[1].parent / "shared" / "data"


def _postgres_available() -> str | None:
    try:
        with psycopg.connect(PG_ADMIN_URL, connect_timeout=3):
            return None
    except psycopg.Error as exc:
        return str(exc).strip().splitlines()[0] if str(exc).strip() else type(exc).__name__


def require_postgres() -> None:
    """Skip without PostgreSQL on a laptop; in CI a missing server is a failure."""
    problem = _postgres_available()
    if problem is None:
        return
    if os.environ.get("CI") == "true":
        pytest.fail(f"PostgreSQL must be reachable in CI at {PG_ADMIN_URL}: {problem}")
    pytest.skip(f"PostgreSQL not reachable at {PG_ADMIN_URL} ({problem})")


@pytest.fixture
def sqlite_url(tmp_path: Path) -> str:
    """A new SQLite file for this test."""
    return f"sqlite:///{tmp_path / 'openkyb.db'}"


@pytest.fixture
def postgres_url() -> Iterator[str]:
    """A new PostgreSQL database for this test, dropped afterwards."""
    require_postgres()
    name = f"okb_test_{uuid.uuid4().hex[:12]}"
    with psycopg.connect(PG_ADMIN_URL, autocommit=True) as admin:
        admin.execute(f'CREATE DATABASE "{name}"')
    base = PG_ADMIN_URL.rsplit("/", 1)[0]
    try:
        yield f"{base}/{name}"
    finally:
        with psycopg.connect(PG_ADMIN_URL, autocommit=True) as admin:
            admin.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')


@pytest.fixture(params=["sqlite", "postgresql"])
def database_url(request: pytest.FixtureRequest) -> str:
    """Each storage/API test runs on both backends."""
    fixture = "sqlite_url" if request.param == "sqlite" else "postgres_url"
    url: str = request.getfixturevalue(fixture)
    return url


@pytest.fixture
def db(database_url: str) -> Iterator[Database]:
    """A migrated database on the test's backend."""
    database = Database(database_url, pool_size=4)
    migrate.upgrade(database)
    yield database
    database.dispose()


@pytest.fixture
def sqlite_db(sqlite_url: str) -> Iterator[Database]:
    """A migrated SQLite database, for tests that need only one backend."""
    database = Database(sqlite_url)
    migrate.upgrade(database)
    yield database
    database.dispose()


@pytest.fixture
def client(db: Database) -> Iterator[TestClient]:
    """The real app over the test's database."""
    app = create_app(Settings(database_url=db.url), database=db)
    with TestClient(app, raise_server_exceptions=False) as test_client:
        yield test_client


@pytest.fixture
def api_key(db: Database) -> str:
    """An API key of a fresh tenant named 'acme-market'."""
    return new_tenant_key(db, "acme-market")


@pytest.fixture
def demo_application() -> dict[str, Any]:
    """The packaged demo application (a clean UK limited company)."""
    return load_example("demo")
