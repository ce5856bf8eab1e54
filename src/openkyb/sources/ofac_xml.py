"""OFAC's enhanced XML (``SDN_ENHANCED.XML``, ``CONS_ENHANCED.XML``, zipped or not).

The file opens with reference value sets (countries by id, feature types) and then lists
``entity`` elements. It is read with ``iterparse`` and every finished element is dropped, so
the full SDN file streams in bounded memory.
"""

from __future__ import annotations

import gzip
import zipfile
import zlib
from collections.abc import Iterator
from contextlib import ExitStack
from pathlib import Path
from typing import IO, cast
from xml.etree import ElementTree as ET

from openkyb.sources.list_helpers import country
from openkyb.sources.model import ParseIssue
from openkyb.sources.ofac_xml_entity import Reader
from openkyb.sources.registry import ParseItem, Published, SourceFormat, register
from openkyb.sources.util import parse_date

_ROOT = "sanctionsData"
# A truncated or corrupt gzip/zip stream fails while it is read.
_STREAM_ERRORS = (EOFError, zlib.error, zipfile.BadZipFile, gzip.BadGzipFile)
_LIST_NAMES = {"consolidated list": "OFAC Consolidated (non-SDN)", "sdn list": "OFAC SDN"}


def _open(path: Path, stack: ExitStack) -> IO[bytes]:
    """A byte stream of the XML: the first .xml member of a zip, un-gzipped, or the file."""
    with path.open("rb") as probe:
        magic = probe.read(4)
    if magic[:2] == b"\x1f\x8b":
        return cast("IO[bytes]", stack.enter_context(gzip.GzipFile(path, "rb")))
    if magic == b"PK\x03\x04":
        try:
            archive = stack.enter_context(zipfile.ZipFile(path))
        except zipfile.BadZipFile as exc:
            raise ValueError(f"{path.name}: broken zip: {exc}") from exc
        members = [n for n in archive.namelist() if n.lower().endswith(".xml")]
        if not members:
            raise ValueError(f"{path.name}: no .xml file inside the zip")
        return stack.enter_context(archive.open(members[0]))
    return stack.enter_context(path.open("rb"))


def _local(tag: str) -> str:
    return tag.rsplit("}", 1)[-1]


def _namespace(tag: str) -> str:
    return tag[1:].split("}", 1)[0] if tag.startswith("{") else ""


def _list_name_for(path: Path) -> str:
    return _LIST_NAMES["consolidated list" if path.name.upper().startswith("CONS") else "sdn list"]


def _publication(elem: ET.Element, reader: Reader) -> tuple[Published | None, str | None]:
    """The dataAsOf date and the list the file was filtered to."""
    published = None
    if day := parse_date((reader.text(elem, "dataAsOf") or "")[:10]):
        published = Published(day)
    listed = [reader.clean_text(e) for e in elem.iter(reader.q("sanctionsList"))]
    names = [_LIST_NAMES[n.lower()] for n in listed if n and n.lower() in _LIST_NAMES]
    return published, (names[0] if names else None)


def _reference(elem: ET.Element, reader: Reader) -> None:
    if reader.text(elem, "type") == "COUNTRY" and (ref := elem.get("refId")):
        code = country(reader.text(elem, "isoCode")) or country(reader.text(elem, "value"))
        if code:
            reader.countries[ref] = code


def _events(stream: IO[bytes]) -> Iterator[tuple[str, ET.Element]]:
    yield from ET.iterparse(stream, events=("start", "end"))


def parse(path: Path) -> Iterator[ParseItem]:
    """Entities (and the publication date) from an OFAC enhanced XML file."""
    with ExitStack() as stack:
        stream = _open(path, stack)
        yield from _parse_stream(stream, _list_name_for(path))


def _parse_stream(stream: IO[bytes], list_name: str) -> Iterator[ParseItem]:
    reader: Reader | None = None
    stack: list[ET.Element] = []
    events = _events(stream)
    while True:
        try:
            event, elem = next(events)
        except StopIteration:
            return
        except (ET.ParseError, *_STREAM_ERRORS) as exc:
            if reader is None:
                raise ValueError(f"not XML: {exc}") from None
            line = exc.position[0] if isinstance(exc, ET.ParseError) else "?"
            yield ParseIssue(f"line {line}", f"XML is broken, stopped here: {exc}")
            return
        if event == "start":
            if reader is None:
                if _local(elem.tag) != _ROOT:
                    raise ValueError(f"root element is <{_local(elem.tag)}>, not <{_ROOT}>")
                reader = Reader(_namespace(elem.tag), list_name)
            stack.append(elem)
            continue
        stack.pop()
        assert reader is not None  # a start event always comes first
        yield from _handle(elem, reader, stack[-1] if stack else None)


def _handle(elem: ET.Element, reader: Reader, parent: ET.Element | None) -> Iterator[ParseItem]:
    name = _local(elem.tag)
    if name == "entity":
        yield reader.entity_or_issue(elem)
    elif name == "referenceValue":
        _reference(elem, reader)
    elif name == "featureType" and (type_id := elem.get("featureTypeId")):
        reader.feature_types[type_id] = reader.text(elem, "type") or ""
    elif name == "publicationInfo":
        published, list_name = _publication(elem, reader)
        if published:
            yield published
        if list_name:
            reader.list_name = list_name
    else:
        return
    if parent is not None:
        parent.remove(elem)


def dataset_for(path: Path) -> str:
    """``us_ofac_cons`` for CONS_* files, else ``us_ofac_sdn``."""
    return "us_ofac_cons" if path.name.upper().startswith("CONS") else "us_ofac_sdn"


FORMAT = register(
    SourceFormat(
        name="ofac-xml",
        description="OFAC enhanced XML (SDN_ENHANCED / CONS_ENHANCED), zipped or not",
        parse=parse,
        dataset_for=dataset_for,
        url="https://sanctionslistservice.ofac.treas.gov/api/PublicationPreview/exports/SDN_ENHANCED.ZIP",
    )
)
