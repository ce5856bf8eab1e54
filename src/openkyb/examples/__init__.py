"""Sample applications shipped with the package (the demo uses them)."""

from __future__ import annotations

from importlib import resources
from typing import Any

import orjson


def load_example(name: str) -> dict[str, Any]:
    """A packaged example application by file stem, for example ``uk_ltd_clean``."""
    text = resources.files("openkyb.examples").joinpath(f"{name}.json").read_bytes()
    document: dict[str, Any] = orjson.loads(text)
    return document
