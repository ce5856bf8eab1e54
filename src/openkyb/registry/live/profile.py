"""A Companies House API company profile mapped onto the shared CompanyRecord.

The API writes codes ("active", "ltd", "total-exemption-full") where the bulk file writes words
("Active", "Private Limited Company", "TOTAL EXEMPTION FULL"): the record keeps the bulk file's
wording so both sources read the same to the checks.
"""

from __future__ import annotations

from datetime import date
from typing import Any

from openkyb.registry.model import CompanyRecord, PreviousName, RegisteredAddress, SicCode
from openkyb.registry.sources.ch_psc import normalise_company_number
from openkyb.registry.sources.gleif_common import parse_date

# company_status (and company_status_detail) -> (bulk-file wording, normalised status_code)
_STATUS = {
    "active": ("Active", "active"),
    "dissolved": ("Dissolved", "dissolved"),
    "liquidation": ("Liquidation", "liquidation"),
    "receivership": ("Receiver Action", "receivership"),
    "administration": ("In Administration", "administration"),
    "voluntary-arrangement": ("Voluntary Arrangement", "voluntary_arrangement"),
    "converted-closed": ("Converted/Closed", "converted"),
    "closed": ("Closed", "closed"),
    "insolvency-proceedings": ("Insolvency Proceedings", "other"),
    "open": ("Open", "active"),  # overseas entities' establishments
    "registered": ("Registered", "active"),
    "removed": ("Removed", "closed"),
}
_DETAIL = {
    "active-proposal-to-strike-off": ("Active - Proposal to Strike off", "proposal_to_strike_off"),
}
_TYPES = {
    "ltd": "Private Limited Company",
    "plc": "Public Limited Company",
    "llp": "Limited Liability Partnership",
    "private-unlimited": "Private Unlimited Company",
    "private-unlimited-nsc": "Private Unlimited Company",
    "private-limited-guarant-nsc": "PRI/LTD BY GUAR/NSC (Private, limited by guarantee, no "
    "share capital)",
    "private-limited-guarant-nsc-limited-exemption": "PRI/LBG/NSC (Private, Limited by "
    "guarantee, no share capital, use of 'Limited' exemption)",
    "private-limited-shares-section-30-exemption": "PRIV LTD SECT. 30 (Private limited "
    "company, section 30 of the Companies Act)",
    "limited-partnership": "Limited Partnership",
    "scottish-partnership": "Scottish Partnership",
    "oversea-company": "Overseas Entity",
    "registered-overseas-entity": "Registered Overseas Entity",
    "charitable-incorporated-organisation": "Charitable Incorporated Organisation",
    "scottish-charitable-incorporated-organisation": "Scottish Charitable Incorporated "
    "Organisation",
    "community-interest-company": "Community Interest Company",
    "royal-charter": "Royal Charter Company",
    "uk-establishment": "UK Establishment",
}


def status_of(status: str | None, detail: str | None = None) -> tuple[str | None, str | None]:
    """(registry wording, normalised status_code) for the API's company_status and detail."""
    if detail in _DETAIL:
        return _DETAIL[detail]
    if not status:
        return None, None
    return _STATUS.get(status, (status.replace("-", " ").capitalize(), "other"))


def company_from_profile(profile: dict[str, Any]) -> CompanyRecord | None:
    """The CompanyRecord of a company profile (None when it has no number or name)."""
    number, name = profile.get("company_number"), profile.get("company_name")
    if not isinstance(number, str) or not isinstance(name, str):
        return None
    number = normalise_company_number(number)
    status, status_code = status_of(
        profile.get("company_status"), profile.get("company_status_detail")
    )
    accounts = _dict(profile.get("accounts"))
    reference = _dict(accounts.get("accounting_reference_date"))
    last_accounts = _dict(accounts.get("last_accounts"))
    returns = _dict(profile.get("annual_return"))
    confirmation = _dict(profile.get("confirmation_statement"))
    kind = profile.get("type")
    return CompanyRecord(
        country="GB",
        number=number,
        name=name.strip(),
        status=status,
        status_code=status_code,
        category=_TYPES.get(kind, kind) if isinstance(kind, str) else None,
        incorporation_date=parse_date(profile.get("date_of_creation")),
        dissolution_date=parse_date(profile.get("date_of_cessation")),
        country_of_origin=_origin(profile),
        address=_address(_dict(profile.get("registered_office_address"))),
        accounts_ref_day=_int(reference.get("day")),
        accounts_ref_month=_int(reference.get("month")),
        accounts_next_due=_first_date(
            accounts.get("next_due"), _dict(accounts.get("next_accounts")).get("due_on")
        ),
        accounts_last_made_up=_first_date(
            last_accounts.get("made_up_to"), last_accounts.get("period_end_on")
        ),
        accounts_category=_accounts_category(last_accounts.get("type")),
        returns_next_due=parse_date(returns.get("next_due")),
        returns_last_made_up=parse_date(returns.get("last_made_up_to")),
        confirmation_next_due=parse_date(confirmation.get("next_due")),
        confirmation_last_made_up=parse_date(confirmation.get("last_made_up_to")),
        sic_codes=tuple(SicCode(c) for c in profile.get("sic_codes") or () if isinstance(c, str)),
        previous_names=tuple(
            PreviousName(p["name"], parse_date(p.get("ceased_on")))
            for p in profile.get("previous_company_names") or ()
            if isinstance(p, dict) and isinstance(p.get("name"), str)
        ),
        uri=f"http://business.data.gov.uk/id/company/{number}",
    )


def _address(address: dict[str, Any]) -> RegisteredAddress:
    line1 = " ".join(p for p in (_str(address, "premises"), _str(address, "address_line_1")) if p)
    return RegisteredAddress(
        care_of=_str(address, "care_of"),
        po_box=_str(address, "po_box"),
        line1=line1 or None,
        line2=_str(address, "address_line_2"),
        post_town=_str(address, "locality"),
        county=_str(address, "region"),
        country=_str(address, "country"),
        postcode=_str(address, "postal_code"),
    )


def _origin(profile: dict[str, Any]) -> str:
    foreign = _dict(_dict(profile.get("foreign_company_details")).get("originating_registry"))
    return _str(foreign, "country") or "United Kingdom"


def _accounts_category(kind: Any) -> str | None:
    if not isinstance(kind, str) or not kind:
        return None
    if kind == "null":
        return "NO ACCOUNTS FILED"  # the API's word for "never filed"
    return kind.replace("-", " ").upper()


def _first_date(*values: Any) -> date | None:
    for value in values:
        if (parsed := parse_date(value)) is not None:
            return parsed
    return None


def _dict(value: Any) -> dict[str, Any]:
    return value if isinstance(value, dict) else {}


def _str(mapping: dict[str, Any], key: str) -> str | None:
    value = mapping.get(key)
    return value.strip() or None if isinstance(value, str) else None


def _int(value: Any) -> int | None:
    if isinstance(value, int) and not isinstance(value, bool):
        return value
    return int(value) if isinstance(value, str) and value.isdigit() else None
