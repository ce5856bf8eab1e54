"""OFAC's legacy CSV set: ``sdn.csv`` + ``add.csv`` + ``alt.csv`` + ``sdn_comments.csv``.

The consolidated (non-SDN) list ships the same layout as ``cons_prim.csv``, ``cons_add.csv``,
``cons_alt.csv`` and ``cons_comments.csv``. No header row, ``-0-`` for null, cp1252 (newer
files are UTF-8), and a DOS end-of-file character (``\\x1a``) as the last line. The parser
reads the side files into memory keyed by entry number, then streams the main file.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path

from openkyb.sources.list_helpers import country, csv_rows, has_legal_form, invert_name, unique
from openkyb.sources.model import Address, Entity, Identifier, Name, NameType, ParseIssue, Schema
from openkyb.sources.ofac_remarks import parse_remarks
from openkyb.sources.registry import ParseItem, SourceFormat, register
from openkyb.sources.util import clean

_SETS = {
    "sdn": ("sdn.csv", "add.csv", "alt.csv", "sdn_comments.csv"),
    "cons": ("cons_prim.csv", "cons_add.csv", "cons_alt.csv", "cons_comments.csv"),
}
_LIST_NAMES = {"sdn": "OFAC SDN", "cons": "OFAC Consolidated (non-SDN)"}
_SCHEMAS = {"individual": Schema.PERSON, "vessel": Schema.VESSEL, "aircraft": Schema.AIRCRAFT}
_ALT_TYPES = {"aka": NameType.ALIAS, "fka": NameType.PREVIOUS, "nka": NameType.ALIAS}
_COLUMNS = {"main": 12, "add": 6, "alt": 5, "comments": 2}


@dataclass(slots=True)
class _Extras:
    """The side files' rows for each entry number."""

    addresses: dict[str, list[list[str]]] = field(default_factory=lambda: defaultdict(list))
    aliases: dict[str, list[list[str]]] = field(default_factory=lambda: defaultdict(list))
    comments: dict[str, list[str]] = field(default_factory=lambda: defaultdict(list))


def _find(folder: Path, name: str) -> Path | None:
    """The file in the folder, whatever the case of its name (OFAC ships SDN.CSV too)."""
    for candidate in folder.iterdir():
        if candidate.name.lower() == name:
            return candidate
    return None


def _which_set(path: Path) -> tuple[str, Path]:
    folder = path if path.is_dir() else path.parent
    if not folder.is_dir():
        raise ValueError(f"{path}: not a folder of OFAC CSV files")
    for kind, names in _SETS.items():  # a file path picks its own set
        if not path.is_dir() and path.name.lower() == names[0]:
            return kind, folder
    for kind, names in _SETS.items():
        if _find(folder, names[0]):
            return kind, folder
    raise ValueError(f"{path}: no sdn.csv or cons_prim.csv here; not the OFAC legacy CSV set")


def _rows(path: Path) -> Iterator[tuple[int, list[str]]]:
    """(row number, cells) of a header-less OFAC CSV, skipping blank and EOF-marker lines."""
    for number, row in enumerate(csv_rows(path, ".csv"), start=1):
        if any(cell.strip(" \x1a") for cell in row):
            yield number, row


def _value(row: list[str], index: int) -> str | None:
    return clean(row[index]) if index < len(row) else None


def _read_side(
    path: Path | None, kind: str, target: dict[str, list[list[str]]]
) -> Iterator[ParseIssue]:
    if path is None:
        return
    for number, row in _rows(path):
        if (
            len(row) != _COLUMNS[kind]
            or not (ent := _value(row, 0))
            or not (ent.isascii() and ent.isdigit())
        ):
            reason = f"expected {_COLUMNS[kind]} columns starting with an entry number"
            yield ParseIssue(f"{path.name} row {number}", f"{reason}, got {row[:3]!r}")
            continue
        target[ent].append(row)


def _read_extras(folder: Path, names: tuple[str, ...], extras: _Extras) -> Iterator[ParseIssue]:
    yield from _read_side(_find(folder, names[1]), "add", extras.addresses)
    yield from _read_side(_find(folder, names[2]), "alt", extras.aliases)
    comments: dict[str, list[list[str]]] = defaultdict(list)
    yield from _read_side(_find(folder, names[3]), "comments", comments)
    for ent, rows in comments.items():
        extras.comments[ent] = [row[1] for row in rows]


def programs(text: str | None) -> list[str]:
    """``"[SDGT] [IRAN]"`` or ``"DPRK3] [CYBER2"`` as ``["SDGT", "IRAN"]``."""
    if not text:
        return []
    return unique(clean(p.strip("[] ")) for p in text.replace("] [", "]|[").split("|"))


def _address(row: list[str]) -> tuple[Address | None, str | None]:
    street, city, land = _value(row, 2), _value(row, 3), _value(row, 4)
    code = country(land)
    if not street and not city:
        return None, code
    full = ", ".join(p for p in (street, city, land) if p)
    return Address(full=full, city=city, country=code), code


def _names(row: list[str], aliases: list[list[str]], person: bool) -> list[Name]:
    primary = clean(row[1]) or ""
    names = [Name(invert_name(primary) if person else primary, NameType.PRIMARY)]
    for alias in aliases:
        value = _value(alias, 3)
        if value is None:
            continue
        name_type = _ALT_TYPES.get((_value(alias, 2) or "").lower(), NameType.ALIAS)
        quality = (_value(alias, 4) or "").lower()
        if "weak" in quality or "low quality" in quality:
            name_type = NameType.WEAK_ALIAS
        names.append(Name(invert_name(value) if person else value, name_type))
    return names


def _vessel_identifiers(row: list[str]) -> list[Identifier]:
    call_sign = _value(row, 5)
    return [Identifier("other", call_sign, note="Call Sign")] if call_sign else []


def build_entity(row: list[str], extras: _Extras, list_name: str) -> Entity:
    """One entity from a main-file row and its side-file rows."""
    ent, name = row[0].strip(), clean(row[1])
    if not (ent.isascii() and ent.isdigit()) or not name:
        raise ValueError("no entry number or no name")
    sdn_type = (_value(row, 2) or "").lower()
    person = sdn_type == "individual"
    remarks_text = "".join([row[11] if clean(row[11]) else "", *extras.comments.get(ent, [])])
    remarks = parse_remarks(remarks_text, person=person)
    schema = _SCHEMAS.get(sdn_type, Schema.ORGANIZATION)
    if schema is Schema.ORGANIZATION and (remarks.is_company or has_legal_form(name)):
        schema = Schema.COMPANY
    addresses, countries = [], list(remarks.countries)
    for add in extras.addresses.get(ent, []):
        address, code = _address(add)
        if address:
            addresses.append(address)
        countries.append(code or "")
    countries.append(country(_value(row, 9)) or "")
    names = _names(row, extras.aliases.get(ent, []), person) + remarks.names
    return Entity(
        id=ent,
        schema=schema,
        names=list(dict.fromkeys(names)),
        list_name=list_name,
        birth_dates=remarks.birth_dates,
        birth_places=remarks.birth_places,
        nationalities=remarks.nationalities,
        countries=unique(countries),
        addresses=list(dict.fromkeys(addresses)),
        identifiers=_vessel_identifiers(row) + remarks.identifiers,
        programs=programs(row[3]),
        topics=["sanction"],
        remarks=clean(remarks_text),
        gender=remarks.gender,
        positions=unique([_value(row, 4)]),
    )


def parse(path: Path) -> Iterator[ParseItem]:
    """Entities from a folder holding the SDN or the consolidated legacy CSV set."""
    kind, folder = _which_set(path)
    names = _SETS[kind]
    main = _find(folder, names[0])
    assert main is not None  # _which_set found it
    extras = _Extras()
    yield from _read_extras(folder, names, extras)
    seen: set[str] = set()
    for number, row in _rows(main):
        if len(row) != _COLUMNS["main"]:
            yield ParseIssue(f"row {number}", f"expected 12 columns, got {len(row)}")
            continue
        try:
            entity = build_entity(row, extras, _LIST_NAMES[kind])
        except Exception as exc:  # one bad record never stops the load
            yield ParseIssue(f"row {number}", f"{type(exc).__name__}: {exc}")
            continue
        if entity.id in seen:
            yield ParseIssue(f"row {number}", f"entry {entity.id} listed twice; skipped")
            continue
        seen.add(entity.id)
        yield entity
    yield from _orphans(extras, seen)


def _orphans(extras: _Extras, seen: set[str]) -> Iterator[ParseIssue]:
    sides = (("address", extras.addresses), ("alias", extras.aliases))
    for label, rows in (*sides, ("comment", extras.comments)):
        for ent in sorted(set(rows) - seen, key=int):
            yield ParseIssue(f"entity {ent}", f"{label} rows for an entry not in the main file")


def dataset_for(path: Path) -> str:
    """``us_ofac_sdn`` for a folder with sdn.csv, ``us_ofac_cons`` for cons_prim.csv."""
    try:
        kind, _ = _which_set(path)
    except (ValueError, OSError):
        return "us_ofac_sdn"
    return "us_ofac_cons" if kind == "cons" else "us_ofac_sdn"


FORMAT = register(
    SourceFormat(
        name="ofac-csv",
        description="OFAC legacy CSV set (sdn.csv/add.csv/alt.csv/sdn_comments.csv or cons_*.csv)",
        parse=parse,
        dataset_for=dataset_for,
        url="https://www.treasury.gov/ofac/downloads/sdn.csv",
    )
)
