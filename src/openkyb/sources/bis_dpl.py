"""BIS Denied Persons List: tab-separated text with a header row.

Columns: Name, Street_Address, City, State, Country, Postal_Code, Effective_Date,
Expiration_Date, Standard_Order, Last_Update, Action, FR_Citation. A person or company
with several addresses has one row per address; rows with the same name and the same
first Federal Register citation (the order) are one entity. Dates are US month-first
(``06/19/2003``).
"""

from __future__ import annotations

import hashlib
import re
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path

from openkyb.sources.list_helpers import country, csv_rows, looks_like_company, unique, us_date
from openkyb.sources.model import Address, Entity, Name, NameType, ParseIssue, Schema
from openkyb.sources.registry import ParseItem, SourceFormat, register
from openkyb.sources.util import clean

LIST_NAME = "BIS Denied Persons List"
_REQUIRED = {"name", "fr_citation"}
_CITATION = re.compile(r"(\d+)\s*F\.?\s*R\.?\s*(\d+)")
_ALIAS = re.compile(r"\s+(?:A/K/A|AKA|A\.K\.A\.|D/B/A|DBA|D\.B\.A\.)\s+", re.I)


@dataclass(slots=True)
class _Group:
    """The rows of one listed person or company."""

    name: str
    citation: str | None
    rows: list[dict[str, str]] = field(default_factory=list)


def _key(header: str) -> str:
    return re.sub(r"[\s\-]+", "_", header.strip().lower())


def slug(text: str) -> str:
    """Lowercase letters and digits, words joined by ``-``."""
    return "-".join(re.findall(r"[a-z0-9]+", text.lower()))


def first_citation(citation: str | None) -> str:
    """The order's first Federal Register citation, as volume + page: ``"80FR30435"``.

    Renewals of temporary denial orders append citations (not always consistently from
    one address row to the next), so only the first one identifies the order. Without a
    recognisable citation, the whole text reduced to letters and digits.
    """
    text = (citation or "").upper()
    if match := _CITATION.search(text):
        return f"{match[1]}FR{match[2]}"
    return re.sub(r"[^A-Z0-9]", "", text)


def entity_id(name: str, citation: str | None) -> str:
    """A stable id from the name and the order's first Federal Register citation."""
    cited = first_citation(citation)
    digest = hashlib.sha1(f"{slug(name)}|{cited}".encode()).hexdigest()[:10]
    return f"{slug(name)[:60]}-{digest}"


def split_names(value: str) -> list[Name]:
    """``"FUYI SUN A/K/A FRANK SUN"`` as a primary name and an alias."""
    parts = [p for p in (clean(x) for x in _ALIAS.split(value)) if p]
    if not parts:
        return []
    return [Name(parts[0], NameType.PRIMARY), *(Name(p, NameType.ALIAS) for p in parts[1:])]


def _address(row: dict[str, str]) -> tuple[Address | None, str | None]:
    street, city, state = (
        clean(row.get("street_address")),
        clean(row.get("city")),
        clean(row.get("state")),
    )
    postal, land = clean(row.get("postal_code")), clean(row.get("country"))
    code = country(land)
    parts = [p for p in (street, city, state, postal, land) if p]
    if not (street or city or state or postal):
        return None, code
    return Address(full=", ".join(parts), city=city, country=code), code


def build_entity(group: _Group) -> Entity:
    """One entity from the rows of a group."""
    names = split_names(group.name)
    if not names:
        raise ValueError("no name")
    addresses: list[Address] = []
    countries: list[str] = []
    for row in group.rows:
        address, code = _address(row)
        if address:
            addresses.append(address)
        countries.append(code or "")
    effective = [d for d in (us_date(r.get("effective_date")) for r in group.rows) if d]
    expiry = [d for d in (us_date(r.get("expiration_date")) for r in group.rows) if d]
    citations = [c for c in (clean(r.get("fr_citation")) for r in group.rows) if c]
    remark_parts = [f"FR citation: {max(citations, key=len)}" if citations else None]
    remark_parts.append(f"expires {max(expiry)}" if expiry else None)
    remark_parts.append(clean(group.rows[0].get("action")))
    schema = Schema.COMPANY if looks_like_company(names[0].value) else Schema.PERSON
    return Entity(
        id=entity_id(group.name, group.citation),
        schema=schema,
        names=names,
        list_name=LIST_NAME,
        countries=unique(countries),
        addresses=list(dict.fromkeys(addresses)),
        programs=["DPL"],
        topics=["export_control"],
        listed_on=min(effective, default=None),
        remarks="; ".join(p for p in remark_parts if p) or None,
    )


def _groups(path: Path) -> Iterator[ParseIssue | _Group]:
    reader = csv_rows(path, ".txt", delimiter="\t")
    header = [_key(h) for h in next(reader, [])]
    if not set(header) >= _REQUIRED:
        raise ValueError(f"{path.name}: no Name and FR_Citation columns; not the DPL file")
    groups: dict[str, _Group] = {}
    for number, cells in enumerate(reader, start=2):
        if not any(c.strip() for c in cells):
            continue
        if len(cells) != len(header):
            yield ParseIssue(f"line {number}", f"expected {len(header)} fields, got {len(cells)}")
            continue
        row = dict(zip(header, cells, strict=True))
        name = clean(row.get("name"))
        if not name:
            yield ParseIssue(f"line {number}", "no name")
            continue
        citation = clean(row.get("fr_citation"))
        key = entity_id(name, citation)
        groups.setdefault(key, _Group(name, citation)).rows.append(row)
    yield from groups.values()


def parse(path: Path) -> Iterator[ParseItem]:
    """Entities from the DPL text file; line numbers count the header as line 1.

    The whole file is read before the first entity is yielded, because the rows of one
    entity need not be adjacent.
    """
    for item in _groups(path):
        if isinstance(item, ParseIssue):
            yield item
            continue
        try:
            yield build_entity(item)
        except Exception as exc:  # one bad record never stops the load
            yield ParseIssue(f"entity {item.name}", f"{type(exc).__name__}: {exc}")


def dataset_for(path: Path) -> str:  # noqa: ARG001 - one dataset whatever the file
    """Always ``us_bis_dpl``."""
    return "us_bis_dpl"


FORMAT = register(
    SourceFormat(
        name="bis-dpl",
        description="BIS Denied Persons List (tab-separated dpl.txt)",
        parse=parse,
        dataset_for=dataset_for,
        url="https://www.bis.doc.gov/dpl/dpl.txt",
    )
)
