"""Companies House Product 101: daily company changes ("directory updates with full address").

Each record is one transaction on one company. Fixed width (0-based byte offsets)::

    0-8 company number        10-12 transaction type    12 correction marker (0, 1, 9)
    13-16 gazettable doc type 17 voluntary dissolution  18-26 incorporation date
    26-34 accounts made up    34-42 confirmation stmt   42-50 gazette date
    50-58 original publication 58-66 received date      66-68 company type
    68-70/70-72 accounting ref day/month                72-92 SIC codes (4 x 5)
    92-100 number converted to 100-102 accounts type    102 inspect marker
    103 dissolved marker (D, R) 104-112 postcode        112 postcode status
    113-116 country of origin 116 with-updates flag     117 private fund indicator
    118-128 transaction id    128 jurisdiction          129-289 name
    289-349 alpha key         349- address, "<"-separated

Every transaction becomes a :class:`CompanyChange`. New incorporations, added records and
restorations are "new" with the whole company; a delete is "deleted"; everything else is
"amended", and then only the attributes named in ``fields`` are meaningful in ``record`` (a
name change carries the name, an address change the address, ...).
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import replace
from pathlib import Path

from openkyb.registry.formats import RegistryFormat, RegistryItem, register_registry_format
from openkyb.registry.model import CompanyChange, CompanyRecord, SicCode
from openkyb.registry.sources import ch_fixed
from openkyb.registry.sources.ch_common import COUNTRY, DATASET, normalise_company_number
from openkyb.sources.model import ParseIssue

MIN_LENGTH = 129  # every transaction reaches the jurisdiction
_WHOLE = (
    "name", "category", "incorporation_date", "address", "accounts_ref_day",
    "accounts_ref_month", "accounts_last_made_up", "accounts_category",
    "confirmation_last_made_up", "status", "status_code",
)  # fmt: skip
_STATUS = ("status", "status_code")
# transaction type -> (kind, record attributes it carries, fixed status or None)
TRANSACTIONS: dict[str, tuple[str, tuple[str, ...], tuple[str, str] | None]] = {
    "01": ("new", _WHOLE, None),  # new incorporation
    "02": ("new", _WHOLE, None),  # add record
    "03": ("new", _WHOLE, None),  # restoration: back on the register
    "04": ("amended", ("category",), None),  # company type
    "05": ("amended", ("accounts_last_made_up", "accounts_category"), None),
    "06": ("amended", ("returns_last_made_up",), None),  # annual return
    "07": ("amended", ("accounts_ref_day", "accounts_ref_month"), None),
    "08": ("amended", ("name",), None),
    "09": ("amended", ("address",), None),
    "10": ("amended", (), None),  # no longer used
    "11": ("amended", ("accounts_last_made_up", "accounts_category"), None),  # amended accounts
    "12": ("amended", _STATUS, ("Voluntary Arrangement", "voluntary_arrangement")),
    "13": ("amended", ("incorporation_date",), None),
    "14": ("amended", _STATUS, None),  # inspect marker: read from the record
    "15": ("amended", (), None),  # a gazettable document only
    "16": ("amended", _STATUS, ("Converted/Closed", "converted")),
    "17": ("amended", _STATUS, ("Active - Proposal to Strike off", "proposal_to_strike_off")),
    "18": ("amended", (*_STATUS, "dissolution_date"), ("Dissolved", "dissolved")),
    "19": ("deleted", (), None),
    "20": ("amended", ("sic_codes",), None),
    "21": ("amended", ("country_of_origin",), None),
    "22": ("amended", ("returns_last_made_up",), None),  # full members list
    "23": ("amended", _STATUS, None),  # voluntary dissolution: read from the record
    "24": ("amended", (), None),  # PLC <-> SE conversion
    "28": ("amended", ("accounts_last_made_up",), None),  # subsidiary exemption documents
    "29": ("amended", ("accounts_last_made_up",), None),
    "30": ("amended", (), None),  # change of jurisdiction
    "31": ("amended", ("confirmation_last_made_up",), None),
    "32": ("amended", (), None),  # private fund limited partnership designation
}
# Voluntary dissolution indicator (type 23): Application, Withdrawal, Discontinuance, Suspension
_STRIKE_OFF = {
    "A": ("Active - Proposal to Strike off", "proposal_to_strike_off"),
    "W": ("Active", "active"),
    "D": ("Active", "active"),
    "S": ("Active", "active"),
}


def parse_product101(path: Path) -> Iterator[RegistryItem]:
    """Yield a CompanyChange per transaction of a Product 101 file (or a folder of them)."""
    for location, line in ch_fixed.lines(path, (".txt", ".dat")):
        if line.startswith(ch_fixed.HEADER):
            yield ch_fixed.header(line, location)
        elif line.startswith(ch_fixed.TRAILER):
            continue
        else:
            problems: list[str] = []
            change = transaction(line, problems)
            for problem in problems:
                yield ParseIssue(location, problem)
            if change is not None:
                yield change


def transaction(line: bytes, problems: list[str]) -> CompanyChange | None:
    """The change one transaction line describes; None (with a problem) when unusable."""
    if len(line) < MIN_LENGTH:
        problems.append(
            f"not a Product 101 transaction: {len(line)} characters, at least {MIN_LENGTH} "
            f"expected ({ch_fixed.text(line[:40])!r})"
        )
        return None
    number = normalise_company_number(ch_fixed.text(line[0:8]))
    code = ch_fixed.text(line[10:12])
    if not number or code not in TRANSACTIONS:
        problems.append(f"unknown transaction type {code!r}" if number else "no company number")
        return None
    kind, fields, status = TRANSACTIONS[code]
    record = _record(number, line, problems)
    if status is None and code in ("01", "02", "03", "14"):
        status = ch_fixed.INSPECT_STATUS.get(ch_fixed.text(line[102:103]))
        if status is None and (code != "14" or ch_fixed.text(line[102:103]) in ("", "N")):
            status = ("Active", "active")
    if code == "23":
        status = _STRIKE_OFF.get(ch_fixed.text(line[17:18]))
    if status is None:
        fields = tuple(f for f in fields if f not in _STATUS)
    else:
        record = replace(record, status=status[0], status_code=status[1])
    gazette = ch_fixed.date_field(line[42:50], "gazette date", problems)
    if code == "18":
        record = replace(record, dissolution_date=gazette)
    effective = gazette if code in ("17", "18") and gazette else None
    effective = effective or ch_fixed.date_field(line[58:66], "received date", problems)
    return CompanyChange(
        country=COUNTRY,
        number=number,
        kind=kind,
        record=None if kind == "deleted" else record,
        fields=fields,
        effective=effective,
    )


def _record(number: str, line: bytes, problems: list[str]) -> CompanyRecord:
    """Everything the line holds, as a record (blank fields are None)."""
    last_accounts = ch_fixed.date_field(line[26:34], "accounts made-up date", problems)
    statement = ch_fixed.date_field(line[34:42], "confirmation statement date", problems)
    sic_codes = tuple(
        SicCode(part) for i in range(72, 92, 5) if (part := line[i : i + 5].decode("latin-1"))
        and part.isdigit()
    )  # fmt: skip
    postcode = ch_fixed.text(line[104:112]) or None
    return CompanyRecord(
        country=COUNTRY,
        number=number,
        name=ch_fixed.text(line[129:289]),
        category=ch_fixed.category(number, ch_fixed.text(line[66:68]))
        if line[66:68].strip()
        else None,
        incorporation_date=ch_fixed.date_field(line[18:26], "incorporation date", problems),
        country_of_origin=ch_fixed.text(line[113:116]) or None,
        address=ch_fixed.address(line[349:], postcode),
        accounts_ref_day=ch_fixed.int_field(line[68:70], 31),
        accounts_ref_month=ch_fixed.int_field(line[70:72], 12),
        accounts_last_made_up=last_accounts,
        accounts_category=ch_fixed.accounts_category(ch_fixed.text(line[100:102]), last_accounts)
        if line[100:102].strip()
        else None,
        returns_last_made_up=statement,
        confirmation_last_made_up=statement,
        sic_codes=sic_codes,
    )


register_registry_format(
    RegistryFormat(
        name="uk-ch-changes",
        description="Companies House Product 101 daily company changes (fixed width)",
        kind="changes",
        parse=parse_product101,
        dataset_for=lambda _path: DATASET,
        url="https://www.gov.uk/guidance/companies-house-data-products",
    )
)
