"""Shared helpers for the check tests: build an application and run one check on it."""

from __future__ import annotations

import sys
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest

try:
    import openkyb  # noqa: F401
except ImportError:  # the package is not installed: test the source tree
    sys.path.insert(0, str(Path(__file__).resolve().parents[2] / "src"))

from openkyb.applications import Application
from openkyb.checks import CheckResult, Evidence, load_reference, registered_checks, run_check

BASE: dict[str, Any] = {"legal_name": "Acme Widgets Ltd", "country": "GB"}

RunCheck = Callable[..., CheckResult]


def run_on(key: str, **fields: Any) -> CheckResult:
    """Run the check ``key`` on an application made of BASE plus ``fields``."""
    app = Application.model_validate({**BASE, **fields})
    spec = next(s for s in registered_checks() if s.key == key)
    return run_check(spec, Evidence(application=app, reference=load_reference()))


@pytest.fixture
def run() -> RunCheck:
    """The :func:`run_on` helper, as a fixture."""
    return run_on
