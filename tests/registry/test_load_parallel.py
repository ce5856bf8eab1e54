"""COPY text formatting and the worker-count rule of the parallel company load."""

from __future__ import annotations

from datetime import date
from pathlib import Path

import pytest

from openkyb.registry import load_parallel
from openkyb.registry.copy_text import copy_field, copy_line
from openkyb.registry.load_parallel import auto_workers


@pytest.mark.parametrize(
    ("value", "text"),
    [
        (None, "\\N"),
        ("plain", "plain"),
        ("a\tb\nc\rd\\e", "a\\tb\\nc\\rd\\\\e"),
        ("\\N", "\\\\N"),
        (date(2024, 1, 2), "2024-01-02"),
        (7, "7"),
        ([["62012", "a\tb"]], '[["62012","a\\\\tb"]]'),
        ({}, "{}"),
    ],
)
def test_copy_field(value: object, text: str) -> None:
    assert copy_field(value) == text


def test_copy_line_is_tab_separated_and_ends_the_line() -> None:
    assert copy_line(["GB", None, 3]) == "GB\t\\N\t3\n"


def test_small_files_or_few_cpus_use_no_workers(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    small = tmp_path / "small.csv"
    small.write_text("x", "utf-8")
    assert auto_workers(small) == 0
    monkeypatch.setattr(load_parallel, "AUTO_MIN_BYTES", 0)
    monkeypatch.setattr(load_parallel.os, "cpu_count", lambda: 2)
    assert auto_workers(small) == 0
    monkeypatch.setattr(load_parallel.os, "cpu_count", lambda: 16)
    assert auto_workers(tmp_path) == 4
