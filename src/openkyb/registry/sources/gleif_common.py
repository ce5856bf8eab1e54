"""Streaming readers shared by the registry parsers (GLEIF golden copy, Companies House PSC).

The real files are large (the LEI golden copy is 4+ GB of XML, the PSC snapshot 13 million
JSON lines), so nothing here reads a whole file: inputs are opened as streams (plain, gzip, each
member of a zip, each file of a folder), XML is walked with ``iterparse`` and cleared record by
record, golden-copy JSON is walked with ``ijson``. Records come out as plain dicts in one shape
whatever the file format, so each parser has one mapping function.
"""

from __future__ import annotations

import gzip
import re
import xml.etree.ElementTree as ET
import zipfile
import zlib
from collections.abc import Iterator
from contextlib import ExitStack
from datetime import date
from functools import cache
from pathlib import Path
from typing import IO, Any, cast

import ijson  # type: ignore[import-untyped]

from openkyb.sources.model import ParseIssue
from openkyb.sources.registry import Published

_DATE = re.compile(r"^(\d{4})-(\d{2})-(\d{2})")
# "20231106-0800-gleif-goldencopy-lei2-golden-copy.json.zip", "...-snapshot-2024-11-22.zip"
_FILE_DATE = re.compile(r"(?<!\d)(20\d{2})-?(\d{2})-?(\d{2})(?!\d)")


def open_inputs(path: Path, suffixes: tuple[str, ...]) -> Iterator[tuple[str, IO[bytes]]]:
    """Each input of ``path`` as (name, binary stream): a file, a .gz, every member of a zip
    whose name ends with one of ``suffixes``, or every such file (or zip) in a folder.

    Raises ``ValueError`` when there is nothing readable (a folder or zip without such files).
    """
    if path.is_dir():
        files = sorted(p for p in path.rglob("*") if p.is_file() and _wanted(p.name, suffixes))
        if not files:
            raise ValueError(f"{path}: no {'/'.join(suffixes)} file in the folder")
        for file in files:
            yield from open_inputs(file, suffixes)
        return
    with ExitStack() as stack:
        raw = stack.enter_context(path.open("rb"))
        magic = raw.read(4)
        raw.seek(0)
        if magic.startswith(b"PK"):
            yield from _zip_members(path, raw, suffixes)
        elif magic.startswith(b"\x1f\x8b"):
            unzipped: IO[bytes] = stack.enter_context(gzip.GzipFile(fileobj=raw))  # type: ignore[arg-type]
            yield path.name, _guard(unzipped)
        else:
            yield path.name, _guard(raw)


class CorruptInput(ValueError):
    """A compressed stream broke while being read (truncated gzip or zip member)."""


class _Guarded:
    """A binary stream whose decompression errors surface as :class:`CorruptInput`."""

    def __init__(self, stream: IO[bytes]) -> None:
        self._stream = stream

    def _call(self, method: str, *args: Any) -> Any:
        try:
            return getattr(self._stream, method)(*args)
        except (EOFError, OSError, zlib.error, zipfile.BadZipFile) as error:
            raise CorruptInput(f"unreadable data: {error}") from None

    def read(self, size: int = -1) -> bytes:
        """Read up to ``size`` bytes."""
        data: bytes = self._call("read", size)
        return data

    def peek(self, size: int = 1) -> bytes:
        """The next bytes without consuming them."""
        data: bytes = self._call("peek", size)
        return data

    def readline(self, size: int = -1) -> bytes:
        """One line."""
        data: bytes = self._call("readline", size)
        return data

    def __iter__(self) -> Iterator[bytes]:
        while line := self.readline():
            yield line


def _guard(stream: IO[bytes]) -> IO[bytes]:
    return cast(IO[bytes], _Guarded(stream))


def _wanted(name: str, suffixes: tuple[str, ...]) -> bool:
    lowered = name.lower()
    return any(lowered.endswith(s) or lowered.endswith(f"{s}.zip") for s in suffixes) or (
        lowered.endswith((".zip", ".gz"))
    )


def _zip_members(
    path: Path, raw: IO[bytes], suffixes: tuple[str, ...]
) -> Iterator[tuple[str, IO[bytes]]]:
    try:
        archive = zipfile.ZipFile(raw)
    except zipfile.BadZipFile as error:
        raise ValueError(f"{path.name}: not a readable zip ({error})") from None
    with archive:
        names = [
            n for n in archive.namelist() if not n.endswith("/") and n.lower().endswith(suffixes)
        ]
        if not names:
            raise ValueError(f"{path.name}: no {'/'.join(suffixes)} file inside the zip")
        for name in sorted(names):
            with archive.open(name) as member:
                yield f"{path.name}:{name}", _guard(member)


def guarded(items: Iterator[Any], name: str) -> Iterator[Any]:
    """The items, then a :class:`ParseIssue` instead of a crash if the stream breaks."""
    try:
        yield from items
    except CorruptInput as error:
        yield ParseIssue(f"file {name}", f"stopped reading: {error}")


def first_byte(stream: IO[bytes]) -> bytes:
    """The first non-whitespace byte of a stream (b"" when empty), leaving it unread.

    Works on unseekable streams (zip members) by peeking through a buffered reader.
    """
    peek = getattr(stream, "peek", None)
    if peek is None:
        raise ValueError("stream cannot be peeked")
    while True:
        head: bytes = peek(64)
        if not head:
            return b""
        stripped = head.lstrip(b" \t\r\n\xef\xbb\xbf")
        if stripped:
            return stripped[:1]
        stream.read(len(head))


def file_date(name: str) -> Published | None:
    """The publication date a publisher wrote into the file name, when it did."""
    if (match := _FILE_DATE.search(name)) is None:
        return None
    try:
        return Published(date(int(match[1]), int(match[2]), int(match[3])).isoformat())
    except ValueError:
        return None


def parse_date(value: Any) -> date | None:
    """The date part of an ISO date or timestamp ("2012-11-29T16:33:00.000Z"), else None."""
    text = text_of(value)
    if text is None or not (match := _DATE.match(text)):
        return None
    try:
        return date(int(match[1]), int(match[2]), int(match[3]))
    except ValueError:
        return None


def text_of(value: Any) -> str | None:
    """A leaf's text, whether plain ("x"), golden-copy JSON ({"$": "x"}) or XML-with-attributes."""
    if isinstance(value, dict):
        value = value.get("$")
    if isinstance(value, (int, float)) and not isinstance(value, bool):
        value = str(value)
    if not isinstance(value, str):
        return None
    value = value.strip()
    return value or None


def as_list(value: Any) -> list[Any]:
    """A repeated element as a list: golden-copy JSON writes one item without the array."""
    if value is None:
        return []
    return value if isinstance(value, list) else [value]


def get(record: Any, *keys: str) -> Any:
    """``record[k1][k2]...`` or None when any step is missing or not a dict."""
    for key in keys:
        if not isinstance(record, dict):
            return None
        record = record.get(key)
    return record


def element_to_dict(element: ET.Element) -> Any:
    """An XML element as the plain-dict shape (local names, "@attr", "$" text, repeats as lists)."""
    children = list(element)
    attributes = {f"@{_local(k)}": v for k, v in element.attrib.items()}
    if not children:
        if not attributes:
            return element.text or ""
        return {**attributes, "$": element.text or ""}
    result: dict[str, Any] = dict(attributes)
    for child in children:
        key = _local(child.tag)
        value = element_to_dict(child)
        if key in result:
            existing = result[key]
            result[key] = [*existing, value] if isinstance(existing, list) else [existing, value]
        else:
            result[key] = value
    return result


@cache
def _local(tag: str) -> str:
    # Cached: a golden-copy file repeats a few dozen tags millions of times.
    return tag.rsplit("}", 1)[-1]


def xml_records(
    stream: IO[bytes], name: str, record_tag: str, root_tags: tuple[str, ...]
) -> Iterator[tuple[int, dict[str, Any]] | ParseIssue | Published]:
    """Each ``record_tag`` element of an XML golden-copy file as (number, dict), streaming.

    Yields :class:`Published` from the header's ContentDate. Raises ``ValueError`` when the
    root element is not one of ``root_tags`` (or the file is not XML at all); a syntax error
    later in the file ends the walk with a :class:`ParseIssue` (the records before it are kept).
    """
    number = 0
    stack: list[ET.Element] = []
    try:
        for event, element in ET.iterparse(stream, events=("start", "end")):
            tag = _local(element.tag)
            if event == "start":
                if not stack and tag not in root_tags:
                    raise ValueError(f"{name}: root element <{tag}> is not <{root_tags[0]}>")
                stack.append(element)
                continue
            stack.pop()
            if tag == "ContentDate" and number == 0:
                if (published := parse_date(element.text)) is not None:
                    yield Published(published.isoformat())
            elif tag == record_tag:
                number += 1
                for extension in [c for c in element if _local(c.tag) == "Extension"]:
                    element.remove(extension)  # GLEIF's geocoding: large and not read
                yield number, element_to_dict(element)
                # Drop the finished record from its parent: memory stays flat on a 4 GB file.
                if stack:
                    stack[-1].clear()
    except ET.ParseError as error:
        if not stack and number == 0:
            raise ValueError(f"{name}: not XML ({error})") from None
        yield ParseIssue(f"record {number + 1}", f"{name}: XML syntax error: {error}")


def json_records(stream: IO[bytes], name: str) -> Iterator[tuple[int, Any] | ParseIssue]:
    """Each item of a golden-copy JSON file, streaming: a top-level array or ``{"records": [...]}``.

    Raises ``ValueError`` when the top level is neither; a syntax error later ends the walk with
    a :class:`ParseIssue`.
    """
    start = first_byte(stream)
    if start == b"[":
        prefix = "item"
    elif start == b"{":
        prefix = "records.item"
    else:
        raise ValueError(f"{name}: not a JSON array or records object")
    number = 0
    try:
        for item in ijson.items(stream, prefix, use_float=True):
            number += 1
            yield number, item
    except (ijson.JSONError, ijson.IncompleteJSONError, UnicodeDecodeError) as error:
        yield ParseIssue(f"record {number + 1}", f"{name}: JSON syntax error: {error}")


def first_published(items: Iterator[Any]) -> Iterator[Any]:
    """The items with only the first :class:`Published` (a folder or zip holds several files)."""
    seen = False
    for item in items:
        if isinstance(item, Published):
            if seen:
                continue
            seen = True
        yield item
