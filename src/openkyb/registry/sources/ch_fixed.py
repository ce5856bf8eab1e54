"""What the Companies House fixed-width products (Product 101 and 183) have in common.

Both are plain text, one record a line: a header (``AAAAAAAA`` + run number + production date
``YYYYMMDD``), company records of fixed-width fields followed by ``<``-separated variable data
(the registered office address), and a trailer (``99999999`` + a count). Positions are byte
offsets, so lines are sliced as bytes and each field decoded on its own (UTF-8, falling back to
Latin-1): a multi-byte character in a name cannot shift the fields after it. Lines end at
``\\n`` only; a stray ``\\r`` inside an address (it happens) is data, not a line break.

Code tables are from the Companies House product specifications as implemented in public
parsers of these samples; docs/registry-formats.md lists the layouts and their sources.
"""

from __future__ import annotations

from collections.abc import Iterator
from datetime import date
from pathlib import Path

from openkyb.registry.model import RegisteredAddress
from openkyb.registry.sources.ch_common import parse_ymd
from openkyb.sources.model import ParseIssue
from openkyb.sources.registry import Published

HEADER = b"AAAAAAAA"
TRAILER = b"99999999"

# Company type ("company status" in the spec) -> the wording BasicCompanyData uses.
CATEGORIES = {
    "1": "Private Unlimited Company",
    "2": "Private Limited Company",
    "3": "Public Limited Company",
    "4": "Old Public Company",
    "5": "PRI/LBG/NSC (Private, Limited by guarantee, no share capital, use of 'Limited' "
    "exemption)",
    "6": "Limited Partnership",
    "7": "PRI/LTD BY GUAR/NSC (Private, limited by guarantee, no share capital)",
    "8": "Converted/Closed",
    "9": "Private Unlimited",
    "A": "PRIV LTD SECT. 30 (Private limited company, section 30 of the Companies Act)",
    "B": "European Public Limited-Liability Company (SE)",
    "C": "Scottish Partnership",
    "D": "Protected Cell Company",
    "E": "Further Education and Sixth Form College Corps",
}
_ICVC = {"1": "ICVC (Securities)", "2": "ICVC (Warrant)", "3": "ICVC (Umbrella)"}
# Code "0" ("other") says nothing; the number prefix does.
_BY_PREFIX = {
    "OC": "Limited Liability Partnership", "SO": "Limited Liability Partnership",
    "NC": "Limited Liability Partnership", "CE": "Charitable Incorporated Organisation",
    "CS": "Scottish Charitable Incorporated Organisation", "RS": "Registered Society",
    "SP": "Registered Society", "IP": "Registered Society", "NP": "Registered Society",
    "FC": "Overseas Entity", "SF": "Overseas Entity", "NF": "Overseas Entity",
    "LP": "Limited Partnership", "SL": "Limited Partnership", "NL": "Limited Partnership",
}  # fmt: skip
# Accounts type -> BasicCompanyData's Accounts.AccountCategory wording.
ACCOUNTS = {
    "0": "ACCOUNTS TYPE NOT AVAILABLE", "1": "FULL", "2": "SMALL", "3": "MEDIUM", "4": "GROUP",
    "5": "DORMANT", "6": "INTERIM", "7": "INITIAL", "8": "TOTAL EXEMPTION FULL",
    "9": "TOTAL EXEMPTION SMALL", "10": "PARTIAL EXEMPTION", "14": "AUDIT EXEMPTION SUBSIDIARY",
    "15": "FILING EXEMPTION SUBSIDIARY", "16": "MICRO ENTITY", "17": "AUDITED ABRIDGED",
    "18": "UNAUDITED ABRIDGED",
}  # fmt: skip
# Inspect marker -> (CompanyStatus wording, status code) for the markers that change status.
INSPECT_STATUS = {"L": ("Liquidation", "liquidation"), "R": ("Receivership", "receivership")}
# Jurisdiction code -> CountryOfOrigin (UK registers only; 5, 8, 9 are foreign/none).
ORIGIN = {"1": "United Kingdom", "2": "United Kingdom", "3": "United Kingdom",
          "4": "United Kingdom", "6": "United Kingdom", "7": "United Kingdom"}  # fmt: skip


def text(raw: bytes) -> str:
    """One field's text, stripped (UTF-8, else Latin-1, which decodes any byte)."""
    try:
        value = raw.decode("utf-8")
    except UnicodeDecodeError:
        value = raw.decode("latin-1")
    return value.replace("\r", " ").strip()


def category(number: str, code: str) -> str | None:
    """The company type wording for a type code, using the number prefix where it decides."""
    if number[:2] in ("IC", "SI") and code in _ICVC:
        return _ICVC[code]
    if code in ("0", "") and number[:2] in _BY_PREFIX:
        return _BY_PREFIX[number[:2]]
    if code == "0":
        return "Other company type"
    return CATEGORIES.get(code)


def accounts_category(code: str, last_made_up: date | None) -> str | None:
    """Accounts type wording; type 0 with no accounts made up is BasicCompanyData's wording."""
    if code == "0" and last_made_up is None:
        return "NO ACCOUNTS FILED"
    return ACCOUNTS.get(code)


def address(variable: bytes, postcode: str | None) -> RegisteredAddress:
    """The registered office from the ``<``-separated variable data.

    Parts, in order: house name/number, street, area, post town, region, country, postcode,
    care of, supplied company name, PO box. The house and street make line 1 as
    BasicCompanyData prints it ("18 GROSVENOR PLACE"; a house name is followed by a comma).
    """
    parts = [text(p).rstrip(",").strip() for p in variable.split(b"<")]
    parts += [""] * (10 - len(parts))
    house, street, area, town, region, country, code, care_of, _, po_box = parts[:10]
    if house and street:
        joiner = " " if house[-1].isdigit() or len(house) <= 4 else ", "
        line1: str | None = house + joiner + street
    else:
        line1 = house or street or None
    return RegisteredAddress(
        care_of=care_of or None,
        po_box=po_box or None,
        line1=line1,
        line2=area or None,
        post_town=town or None,
        county=region or None,
        country=country or None,
        postcode=code or postcode or None,
    )


def date_field(raw: bytes, name: str, problems: list[str]) -> date | None:
    """A YYYYMMDD field; a bad one is reported and left out."""
    try:
        return parse_ymd(raw.decode("latin-1"))
    except ValueError as error:
        problems.append(f"{name} {error}; loaded without it")
        return None


def int_field(raw: bytes, highest: int) -> int | None:
    """A day or month field ("31", " 7"); None when blank, not a number or out of range (the
    register writes 99/99 for "none")."""
    value = raw.strip()
    number = int(value) if value.isdigit() else 0
    return number if 1 <= number <= highest else None


def header(line: bytes, location: str) -> Published | ParseIssue:
    """The Published date of a header record (``AAAAAAAA`` + run number + YYYYMMDD)."""
    try:
        produced = parse_ymd(line[12:20].decode("latin-1"))
    except ValueError as error:
        return ParseIssue(location, f"header record with a bad production date: {error}")
    if produced is None:
        return ParseIssue(location, "header record without a production date")
    return Published(produced.isoformat())


def lines(path: Path, suffixes: tuple[str, ...]) -> Iterator[tuple[str, bytes]]:
    """(location, line) of every line of a file, or of every matching file under a folder.

    Locations are "line N", prefixed with the file name when the path is a folder.
    """
    path = Path(path)
    if not path.exists():
        raise ValueError(f"{path} does not exist")
    if path.is_dir():
        files = sorted(p for p in path.rglob("*") if p.is_file() and p.suffix.lower() in suffixes)
        if not files:
            raise ValueError(f"{path} holds no {'/'.join(suffixes)} file")
        prefixes = [f"{file.name} " for file in files]
    else:
        files, prefixes = [path], [""]
    for file, prefix in zip(files, prefixes, strict=True):
        with open(file, "rb") as handle:
            yield from _records(handle, prefix)


def _records(handle: Iterator[bytes], prefix: str) -> Iterator[tuple[str, bytes]]:
    """The records of one file: lines, except that in a file whose records end with a bare
    ``\n``, a line ending ``\r\n`` is a line break typed into an address and the record goes
    on (seen in Prod101_3536)."""
    crlf_file: bool | None = None
    pending, start = b"", 0
    for number, raw in enumerate(handle, start=1):
        if crlf_file is None:
            crlf_file = raw.endswith(b"\r\n")
        if not pending:
            start = number
        if not crlf_file and raw.endswith(b"\r\n"):
            pending += raw[:-2]
            continue
        line = pending + raw.rstrip(b"\n").rstrip(b"\r")
        pending = b""
        if line.strip():
            yield f"{prefix}line {start}", line
    if pending.strip():
        yield f"{prefix}line {start}", pending
