"""Companies House Product 183: the company snapshot ("directory with full address").

Fixed width (0-based byte offsets, end exclusive; see docs/registry-formats.md)::

    0-8 company number          12-20 incorporation      20-28 accounts made up
    28-36 confirmation stmt     36-38 company type       38-40/40-42 accounting ref day/month
    42-62 SIC codes (4 x 5)     66-68 accounts type      68 inspect marker (L, R, ...)
    70-78 postcode              78 postcode status       90-250 name
    250-310 alpha key           310 jurisdiction         311- address, "<"-separated

The snapshot holds live companies: the status is Active unless the inspect marker says the
company is in liquidation or receivership.
"""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

from openkyb.registry.formats import RegistryFormat, RegistryItem, register_registry_format
from openkyb.registry.model import CompanyRecord, SicCode
from openkyb.registry.sources import ch_fixed
from openkyb.registry.sources.ch_common import COUNTRY, DATASET, normalise_company_number
from openkyb.sources.model import ParseIssue

MIN_LENGTH = 311  # a company record reaches at least the jurisdiction


def parse_product183(path: Path) -> Iterator[RegistryItem]:
    """Yield the companies of a Product 183 snapshot file (or a folder of them)."""
    for location, line in ch_fixed.lines(path, (".dat", ".txt")):
        if line.startswith(ch_fixed.HEADER):
            yield ch_fixed.header(line, location)
        elif line.startswith(ch_fixed.TRAILER):
            continue
        elif len(line) < MIN_LENGTH:
            yield ParseIssue(
                location,
                f"not a Product 183 company record: {len(line)} characters, at least "
                f"{MIN_LENGTH} expected ({ch_fixed.text(line[:40])!r})",
            )
        else:
            problems: list[str] = []
            record = snapshot_record(line, problems)
            for problem in problems:
                yield ParseIssue(location, problem)
            if record is not None:
                yield record


def snapshot_record(line: bytes, problems: list[str]) -> CompanyRecord | None:
    """The company of one Product 183 record line; None (with a problem) when unusable."""
    number = normalise_company_number(ch_fixed.text(line[0:8]))
    name = ch_fixed.text(line[90:250])
    if not number or not name:
        problems.append("company record without a " + ("number" if not number else "name"))
        return None
    last_accounts = ch_fixed.date_field(line[20:28], "accounts made-up date", problems)
    status, code = ch_fixed.INSPECT_STATUS.get(ch_fixed.text(line[68:69]), ("Active", "active"))
    sic_codes = tuple(
        SicCode(part) for i in range(42, 62, 5) if (part := line[i : i + 5].decode("latin-1"))
        and part.isdigit()
    )  # fmt: skip
    return CompanyRecord(
        country=COUNTRY,
        number=number,
        name=name,
        status=status,
        status_code=code,
        category=ch_fixed.category(number, ch_fixed.text(line[36:38])),
        incorporation_date=ch_fixed.date_field(line[12:20], "incorporation date", problems),
        country_of_origin=ch_fixed.ORIGIN.get(ch_fixed.text(line[310:311])),
        address=ch_fixed.address(line[311:], ch_fixed.text(line[70:78]) or None),
        accounts_ref_day=ch_fixed.int_field(line[38:40], 31),
        accounts_ref_month=ch_fixed.int_field(line[40:42], 12),
        accounts_last_made_up=last_accounts,
        accounts_category=ch_fixed.accounts_category(ch_fixed.text(line[66:68]), last_accounts),
        confirmation_last_made_up=ch_fixed.date_field(
            line[28:36], "confirmation statement date", problems
        ),
        sic_codes=sic_codes,
    )


register_registry_format(
    RegistryFormat(
        name="uk-ch-snapshot",
        description="Companies House Product 183 company snapshot (fixed width)",
        kind="companies",
        parse=parse_product183,
        dataset_for=lambda _path: DATASET,
        url="https://www.gov.uk/guidance/companies-house-data-products",
    )
)
