"""Reading JSON-lines files (or one JSON array) record by record, for the JSON parsers.

Lines are decoded one at a time, so a malformed line becomes a :class:`ParseIssue` and the
rest of the file still loads. gzip and zip files are read on the fly.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import orjson

from openkyb.sources.listparse import STREAM_ERRORS, open_binary
from openkyb.sources.model import ParseIssue

Props = dict[str, list[str]]
_BOM = b"\xef\xbb\xbf"


@dataclass(frozen=True, slots=True)
class Record:
    """One decoded JSON object and where it was."""

    location: str  # "line 12" or "item 12"
    data: dict[str, Any]


def read_records(path: Path, member_suffix: str = ".json") -> Iterator[Record | ParseIssue]:
    """Each JSON object of a JSON-lines file, or of a file holding one JSON array.

    Raises ValueError for a directory, or a JSON array that does not parse as a whole.
    """
    if path.is_dir():
        raise ValueError(f"{path}: expected a JSON or JSON-lines file, got a folder")
    with open_binary(path, member_suffix) as stream:
        lines = iter(stream)
        number, started = 0, False
        while True:
            try:
                raw = next(lines, None)
                if raw is None:
                    return
                number += 1
                line = (raw.removeprefix(_BOM) if number == 1 else raw).strip()
                array = line + b"".join(lines) if not started and line.startswith(b"[") else None
            except STREAM_ERRORS as exc:  # a truncated or corrupt gzip/zip
                if not started:
                    raise ValueError(f"{path.name}: unreadable file ({exc})") from None
                yield ParseIssue(f"line {number}", f"unreadable, rest of file not read: {exc}")
                return
            if array is not None:
                yield from _array(array, path.name)
                return
            if line:
                started = True
                yield _decode(line, f"line {number}")


def _decode(line: bytes, location: str) -> Record | ParseIssue:
    try:
        data = orjson.loads(line)
    except orjson.JSONDecodeError as exc:
        return ParseIssue(location, f"malformed JSON: {exc}")
    if not isinstance(data, dict):
        return ParseIssue(location, f"not a JSON object: {type(data).__name__}")
    return Record(location, data)


def _array(raw: bytes, name: str) -> Iterator[Record | ParseIssue]:
    try:
        items = orjson.loads(raw)
    except orjson.JSONDecodeError as exc:
        raise ValueError(f"{name}: malformed JSON array: {exc}") from None
    if not isinstance(items, list):  # "[" then something else: not an array after all
        raise ValueError(f"{name}: not a JSON array")
    for number, item in enumerate(items, start=1):
        if isinstance(item, dict):
            yield Record(f"item {number}", item)
        else:
            yield ParseIssue(f"item {number}", f"not a JSON object: {type(item).__name__}")


def props(data: dict[str, Any], key: str = "properties") -> Props:
    """A FollowTheMoney ``properties`` mapping with only non-empty string values kept."""
    raw = data.get(key)
    if not isinstance(raw, dict):
        return {}
    values: Props = {}
    for name, value in raw.items():
        items = value if isinstance(value, list) else [value]
        strings = [v.strip() for v in items if isinstance(v, str) and v.strip()]
        if strings and isinstance(name, str):
            values[name] = strings
    return values
