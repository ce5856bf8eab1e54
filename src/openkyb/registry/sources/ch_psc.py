"""Companies House "persons with significant control" snapshot (and the same objects from the API).

The snapshot (``persons-with-significant-control-snapshot-YYYY-MM-DD.zip``, ~13 million lines,
also published as split ``.txt`` parts) is JSON lines, one ``{"company_number", "data"}`` object
a line, closed by a ``totals#persons-of-significant-control-snapshot`` line with the counts.
Sample extracts wrap the lines in a JSON array: accepted too. ``data`` is exactly what the REST
API returns for one PSC, so :func:`psc_from_register` serves both.
"""

from __future__ import annotations

import json
import re
from collections import Counter
from collections.abc import Iterator
from functools import cache
from importlib import resources
from pathlib import Path
from typing import IO, Any

import ijson  # type: ignore[import-untyped]
import orjson

from openkyb.registry.formats import RegistryFormat, RegistryItem, register_registry_format
from openkyb.registry.model import Psc
from openkyb.registry.sources.gleif_common import (
    file_date,
    first_byte,
    first_published,
    guarded,
    open_inputs,
    parse_date,
)
from openkyb.sources.model import ParseIssue
from openkyb.sources.registry import Published

_SUFFIXES = (".txt", ".json", ".jsonl")
_TOTALS = "totals#persons-of-significant-control-snapshot"
_BAND = re.compile(r"-(\d{2})-to-(\d{2,3})-percent|-more-than-(\d{2})-percent")
# Which natures of control are a share of ownership (LLPs: of surplus assets) or of votes.
_OWNERSHIP = ("ownership-of-shares-", "right-to-share-surplus-assets-", "part-right-to-share-")
_VOTING = ("voting-rights-",)
_PSC_NAME = re.compile(r"psc|significant-control", re.IGNORECASE)
_STATEMENT_KINDS = ("persons-with-significant-control-statement", "exemptions")


def parse(path: Path) -> Iterator[RegistryItem]:
    """Yield the Pscs of a PSC snapshot (JSON lines or a JSON array; .zip, parts, a folder)."""
    yield from first_published(_parse(path))


def _parse(path: Path) -> Iterator[RegistryItem]:
    read: Counter[str] = Counter()
    stated: dict[str, int] = {}
    for name, stream in _inputs(path):
        if published := file_date(name):
            yield published
        for entry in guarded(_objects(stream, name), name):
            if isinstance(entry, ParseIssue):
                yield entry
                continue
            location, line = entry
            if isinstance(line, ParseIssue):
                yield line
                continue
            item = _line_item(line, location, stated)
            if isinstance(item, Psc):
                read["statements" if item.kind in _STATEMENT_KINDS else "persons"] += 1
            if item is not None:
                yield item
    if stated and (issue := _totals_check(stated, read)) is not None:
        yield issue


def _inputs(path: Path) -> Iterator[tuple[str, IO[bytes]]]:
    """The snapshot's files; in a folder, those named like PSC files when there are any."""
    if not path.is_dir():
        yield from open_inputs(path, _SUFFIXES)
        return
    files = sorted(p for p in path.rglob("*") if p.is_file() and _PSC_NAME.search(p.name))
    for file in files or [path]:
        yield from open_inputs(file, _SUFFIXES)


def _objects(stream: IO[bytes], name: str) -> Iterator[tuple[str, Any]]:
    """(location, decoded object) for each line, or for each item of a JSON array."""
    start = first_byte(stream)
    if start == b"[":
        number = 0
        try:
            for number, item in enumerate(ijson.items(stream, "item", use_float=True), 1):
                yield f"{name} item {number}", item
        except (ijson.JSONError, UnicodeDecodeError) as error:
            issue = ParseIssue(f"{name} item {number + 1}", f"JSON syntax error: {error}")
            yield issue.location, issue
        return
    if start not in (b"{", b""):
        raise ValueError(f"{name}: not a PSC snapshot (JSON lines of company PSC objects)")
    for number, raw in enumerate(stream, 1):
        if not raw.strip():
            continue
        try:
            yield f"{name} line {number}", orjson.loads(raw)
        except orjson.JSONDecodeError as error:
            issue = ParseIssue(f"{name} line {number}", f"not JSON: {error}")
            yield issue.location, issue


def _line_item(
    line: Any, location: str, stated: dict[str, int]
) -> Psc | ParseIssue | Published | None:
    data = line.get("data") if isinstance(line, dict) else None
    if not isinstance(data, dict):
        return ParseIssue(location, "no data object")
    if data.get("kind") == _TOTALS:
        for key in ("persons_of_significant_control_count", "statements_count", "exemptions_count"):
            if isinstance(data.get(key), int):
                stated[key] = data[key]  # the whole snapshot's counts, repeated in samples
        generated = parse_date(data.get("generated_at"))
        return Published(generated.isoformat()) if generated else None
    number = line.get("company_number")
    if not isinstance(number, str) or not number.strip():
        return ParseIssue(location, "no company_number")
    try:
        return psc_from_register(number, data)
    except ValueError as error:
        return ParseIssue(location, f"company {number}: {error}")


def _totals_check(stated: dict[str, int], read: Counter[str]) -> ParseIssue | None:
    """Compare with the totals line: a difference means a partial or truncated snapshot."""
    persons = stated.get("persons_of_significant_control_count", 0)
    statements = stated.get("statements_count", 0) + stated.get("exemptions_count", 0)
    if (persons, statements) == (read["persons"], read["statements"]):
        return None
    return ParseIssue(
        "totals",
        f"the snapshot states {persons:,} PSCs and {statements:,} statements/exemptions; "
        f"read {read['persons']:,} and {read['statements']:,} (a partial or truncated file)",
    )


def normalise_company_number(number: str) -> str:
    """Companies House numbers are 8 characters: "8209948" -> "08209948", "sc123456" upper."""
    value = number.strip().upper()
    return value.zfill(8) if value.isdigit() else value


def psc_from_register(company_number: str, data: dict[str, Any]) -> Psc:
    """One PSC object of the register (snapshot ``data`` or an API item) as a :class:`Psc`.

    Raises ``ValueError`` when it has no kind or no self link to take a stable id from.
    """
    kind = data.get("kind")
    if not isinstance(kind, str) or not kind:
        raise ValueError("PSC without a kind")
    self_link = _str(data.get("links"), "self")
    if self_link is None:
        raise ValueError(f"{kind} without a self link")
    natures = tuple(n for n in data.get("natures_of_control") or () if isinstance(n, str))
    identification = data.get("identification")
    birth = data.get("date_of_birth")
    is_statement = kind in _STATEMENT_KINDS or kind.startswith("super-secure")
    return Psc(
        company_country="GB",
        company_number=normalise_company_number(company_number),
        psc_id=self_link.rstrip("/").rsplit("/", 1)[-1],
        kind=kind,
        name=None if is_statement else _str(data, "name"),
        natures_of_control=natures,
        ownership_min=(ownership := band(natures, _OWNERSHIP))[0],
        ownership_max=ownership[1],
        voting_min=(voting := band(natures, _VOTING))[0],
        voting_max=voting[1],
        birth_year=_int(birth, "year"),
        birth_month=_int(birth, "month"),
        nationality=_str(data, "nationality"),
        country_of_residence=_str(data, "country_of_residence"),
        notified_on=parse_date(data.get("notified_on")),
        ceased_on=parse_date(data.get("ceased_on")),
        registration_number=_str(identification, "registration_number"),
        registration_country=_str(identification, "country_registered")
        or _str(identification, "place_registered"),
        legal_form=_str(identification, "legal_form"),
        statement=_statement(kind, data),
        address={k: v for k, v in (data.get("address") or {}).items() if isinstance(v, str)},
    )


def band(natures: tuple[str, ...], prefixes: tuple[str, ...]) -> tuple[int | None, int | None]:
    """The (min, max) percentage band of the natures starting with ``prefixes``.

    "...-25-to-50-percent" is (25, 50); overseas entities' "...-more-than-25-percent" is
    (25, 100). Several natures (held directly and as trustee) give the highest band.
    """
    best: tuple[int | None, int | None] = (None, None)
    for nature in natures:
        if not nature.startswith(prefixes) or (match := _BAND.search(nature)) is None:
            continue
        low, high = (int(match[1]), int(match[2])) if match[1] else (int(match[3]), 100)
        if best[0] is None or low > best[0]:
            best = (low, high)
    return best


def _statement(kind: str, data: dict[str, Any]) -> str | None:
    if kind == "exemptions":
        exemptions = data.get("exemptions")
        types = sorted(exemptions) if isinstance(exemptions, dict) else []
        return ",".join(types) or "exemptions"
    return _str(data, "statement") or _str(data, "description")


def _str(mapping: Any, key: str) -> str | None:
    value = mapping.get(key) if isinstance(mapping, dict) else None
    return value.strip() or None if isinstance(value, str) else None


def _int(mapping: Any, key: str) -> int | None:
    value = mapping.get(key) if isinstance(mapping, dict) else None
    if isinstance(value, str) and value.isdigit():
        return int(value)
    return value if isinstance(value, int) and not isinstance(value, bool) else None


@cache
def _descriptions() -> dict[str, str]:
    text = resources.files(__package__).joinpath("ch_psc_descriptions.json").read_text("utf-8")
    tables = json.loads(text)
    merged: dict[str, str] = {}
    for table in ("super_secure_description", "statement_description", "short_description"):
        merged.update(tables[table])
    return merged


def nature_text(code: str) -> str:
    """The register's words for a nature of control, statement or super-secure code.

    "ownership-of-shares-75-to-100-percent" -> "Ownership of shares – 75% or more"; an
    unknown code comes back as it is.
    """
    return _descriptions().get(code, code)


CH_PSC = register_registry_format(
    RegistryFormat(
        name="uk-ch-psc",
        description="Companies House persons with significant control snapshot (JSON lines)",
        kind="psc",
        parse=parse,
        dataset_for=lambda _path: "gb-companies-house-psc",
        url="https://download.companieshouse.gov.uk/en_pscdata.html",
    )
)
