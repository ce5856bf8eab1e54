"""Registry records to table rows and back.

Each ``*_values`` function returns the row as a tuple in the table's column order (what the
bulk loaders COPY or insert); ``*_to_row`` is the same as a column dict; ``*_from_row`` rebuilds
the record from a row read back. Reading accepts what either backend returns: dates as
``date`` or ISO text, JSON columns as lists/dicts or JSON text.
"""

from __future__ import annotations

import hashlib
from collections.abc import Mapping
from datetime import date
from typing import Any

import orjson

from openkyb.registry.addresses import address_key_of_lines, postcode_key
from openkyb.registry.copy_text import copy_field
from openkyb.registry.model import (
    CompanyRecord,
    LeiRecord,
    LeiRelationship,
    PreviousName,
    Psc,
    RegisteredAddress,
    SicCode,
)
from openkyb.registry.names import name_key

# Content first, in :func:`company_content` order, then what is derived from it: the COPY line
# of a company then starts with the exact text its fingerprint digests.
COMPANY_CONTENT_COLUMNS: tuple[str, ...] = (
    "country", "number", "name", "status", "status_code", "category", "incorporation_date",
    "dissolution_date", "country_of_origin", "care_of", "po_box", "address_line1",
    "address_line2", "post_town", "county", "address_country", "postcode", "accounts_ref_day",
    "accounts_ref_month", "accounts_next_due", "accounts_last_made_up", "accounts_category",
    "returns_next_due", "returns_last_made_up", "confirmation_next_due",
    "confirmation_last_made_up", "charges_total", "charges_outstanding",
    "charges_part_satisfied", "charges_satisfied", "sic_codes", "previous_names", "uri",
)  # fmt: skip
COMPANY_COLUMNS: tuple[str, ...] = (
    *COMPANY_CONTENT_COLUMNS, "name_key", "postcode_key", "address_key", "fingerprint",
    "version_id",
)  # fmt: skip
PSC_COLUMNS: tuple[str, ...] = (
    "company_country", "company_number", "psc_id", "kind", "name", "natures_of_control",
    "ownership_min", "ownership_max", "voting_min", "voting_max", "birth_year", "birth_month",
    "nationality", "country_of_residence", "notified_on", "ceased_on", "registration_number",
    "registration_country", "legal_form", "statement", "address", "version_id",
)  # fmt: skip
LEI_COLUMNS: tuple[str, ...] = (
    "lei", "legal_name", "name_key", "other_names", "jurisdiction", "legal_form",
    "entity_status", "registration_status", "registration_authority", "registered_as",
    "legal_address", "headquarters_address", "initial_registration", "last_update",
    "next_renewal", "managing_lou", "version_id",
)  # fmt: skip
RELATIONSHIP_COLUMNS: tuple[str, ...] = (
    "child", "parent", "kind", "status", "registration_status", "start", "end", "version_id",
)  # fmt: skip
# Columns holding JSON documents: the COPY path writes them as JSON text.
JSON_COLUMNS: dict[str, frozenset[str]] = {
    "registry_companies": frozenset({"sic_codes", "previous_names"}),
    "registry_pscs": frozenset({"natures_of_control", "address"}),
    "lei_records": frozenset({"other_names", "legal_address", "headquarters_address"}),
    "lei_relationships": frozenset(),
}


def _cut(value: str | None, length: int) -> str | None:
    """Fit the column; registries occasionally publish over-long free text."""
    return value[:length] if value is not None and len(value) > length else value


def fingerprint(content_text: str) -> str:
    """A short stable digest of a record's content, given as its COPY text (the tab-joined
    :func:`copy_field` of each content value): reloads compare these to find changes."""
    return hashlib.blake2b(content_text.encode(), digest_size=16).hexdigest()


def company_content(record: CompanyRecord) -> tuple[Any, ...]:
    """The record's own values (no derived keys), cut to the columns: what is fingerprinted.

    A flat tuple of strings, numbers, dates and lists: cheap to send to a worker process.
    """
    # The hot path of a bulk load (millions of rows): cuts are inlined (``x and x[:n]`` keeps
    # None) rather than calls, as each call costs as much as the slice.
    a = record.address
    r = record
    return (
        r.country, r.number, r.name[:500], r.status and r.status[:100],
        r.status_code and r.status_code[:40], r.category and r.category[:200],
        r.incorporation_date, r.dissolution_date,
        r.country_of_origin and r.country_of_origin[:100], a.care_of and a.care_of[:200],
        a.po_box and a.po_box[:50], a.line1 and a.line1[:300], a.line2 and a.line2[:300],
        a.post_town and a.post_town[:100], a.county and a.county[:100],
        a.country and a.country[:100], a.postcode and a.postcode[:20],
        r.accounts_ref_day, r.accounts_ref_month, r.accounts_next_due, r.accounts_last_made_up,
        r.accounts_category and r.accounts_category[:100], r.returns_next_due,
        r.returns_last_made_up, r.confirmation_next_due, r.confirmation_last_made_up,
        r.charges_total, r.charges_outstanding, r.charges_part_satisfied, r.charges_satisfied,
        [[s.code, s.text] for s in r.sic_codes],
        [[p.name, p.changed_on.isoformat() if p.changed_on else None]
         for p in r.previous_names],
        r.uri and r.uri[:300],
    )  # fmt: skip


def company_values_from_content(content: tuple[Any, ...], version_id: str) -> tuple[Any, ...]:
    """The full row from :func:`company_content`: derived keys, fingerprint and version added."""
    code = postcode_key(content[16])
    return (
        *content,
        name_key(content[2])[:500],
        code and code[:20],
        address_key_of_lines(content[11], content[12], content[16]),
        fingerprint("\t".join(map(copy_field, content))),
        version_id,
    )


def company_values(record: CompanyRecord, version_id: str) -> tuple[Any, ...]:
    """The ``registry_companies`` row of ``record`` in :data:`COMPANY_COLUMNS` order."""
    return company_values_from_content(company_content(record), version_id)


def company_to_row(record: CompanyRecord, version_id: str) -> dict[str, Any]:
    """The ``registry_companies`` row of ``record`` as a column dict."""
    return dict(zip(COMPANY_COLUMNS, company_values(record, version_id), strict=True))


def _date(value: Any) -> date | None:
    """A date column as read back (SQLite text through raw SQL, or a date)."""
    if value is None or isinstance(value, date):
        return value
    return date.fromisoformat(str(value)[:10])


def _json(value: Any) -> Any:
    return orjson.loads(value) if isinstance(value, str | bytes) else value


def company_from_row(row: Mapping[Any, Any]) -> CompanyRecord:
    """The company a ``registry_companies`` row holds."""
    address = RegisteredAddress(
        care_of=row["care_of"], po_box=row["po_box"], line1=row["address_line1"],
        line2=row["address_line2"], post_town=row["post_town"], county=row["county"],
        country=row["address_country"], postcode=row["postcode"],
    )  # fmt: skip
    sic = tuple(SicCode(code, text) for code, text in _json(row["sic_codes"]) or ())
    previous = tuple(
        PreviousName(name, _date(when)) for name, when in _json(row["previous_names"]) or ()
    )
    dates: dict[str, Any] = {
        column: _date(row[column])
        for column in (
            "incorporation_date", "dissolution_date", "accounts_next_due",
            "accounts_last_made_up", "returns_next_due", "returns_last_made_up",
            "confirmation_next_due", "confirmation_last_made_up",
        )
    }  # fmt: skip
    scalars = {
        column: row[column]
        for column in (
            "country", "number", "name", "status", "status_code", "category",
            "country_of_origin", "accounts_ref_day", "accounts_ref_month", "accounts_category",
            "charges_total", "charges_outstanding", "charges_part_satisfied",
            "charges_satisfied", "uri",
        )
    }  # fmt: skip
    return CompanyRecord(
        **scalars, **dates, address=address, sic_codes=sic, previous_names=previous
    )


def psc_values(psc: Psc, version_id: str) -> tuple[Any, ...]:
    """The ``registry_pscs`` row of ``psc`` in :data:`PSC_COLUMNS` order."""
    return (
        psc.company_country, psc.company_number, psc.psc_id[:200], psc.kind[:100],
        _cut(psc.name, 500), list(psc.natures_of_control), psc.ownership_min,
        psc.ownership_max, psc.voting_min, psc.voting_max, psc.birth_year, psc.birth_month,
        _cut(psc.nationality, 100), _cut(psc.country_of_residence, 100), psc.notified_on,
        psc.ceased_on, _cut(psc.registration_number, 100), _cut(psc.registration_country, 100),
        _cut(psc.legal_form, 200), _cut(psc.statement, 200), dict(psc.address), version_id,
    )  # fmt: skip


def psc_to_row(psc: Psc, version_id: str) -> dict[str, Any]:
    """The ``registry_pscs`` row of ``psc`` as a column dict."""
    return dict(zip(PSC_COLUMNS, psc_values(psc, version_id), strict=True))


def psc_from_row(row: Mapping[Any, Any]) -> Psc:
    """The PSC a ``registry_pscs`` row holds."""
    values = {c: row[c] for c in PSC_COLUMNS if c != "version_id"}
    values["natures_of_control"] = tuple(_json(values["natures_of_control"]) or ())
    values["address"] = dict(_json(values["address"]) or {})
    values["notified_on"] = _date(values["notified_on"])
    values["ceased_on"] = _date(values["ceased_on"])
    return Psc(**values)


def lei_values(record: LeiRecord, version_id: str) -> tuple[Any, ...]:
    """The ``lei_records`` row of ``record`` in :data:`LEI_COLUMNS` order."""
    return (
        record.lei, record.legal_name[:500], name_key(record.legal_name)[:500],
        list(record.other_names), _cut(record.jurisdiction, 10), _cut(record.legal_form, 200),
        _cut(record.entity_status, 20), _cut(record.registration_status, 30),
        _cut(record.registration_authority, 20), _cut(record.registered_as, 100),
        dict(record.legal_address), dict(record.headquarters_address),
        record.initial_registration, record.last_update, record.next_renewal,
        _cut(record.managing_lou, 20), version_id,
    )  # fmt: skip


def lei_to_row(record: LeiRecord, version_id: str) -> dict[str, Any]:
    """The ``lei_records`` row of ``record`` as a column dict."""
    return dict(zip(LEI_COLUMNS, lei_values(record, version_id), strict=True))


def lei_from_row(row: Mapping[Any, Any]) -> LeiRecord:
    """The LEI record a ``lei_records`` row holds."""
    values = {c: row[c] for c in LEI_COLUMNS if c not in ("version_id", "name_key")}
    values["other_names"] = tuple(_json(values["other_names"]) or ())
    for column in ("legal_address", "headquarters_address"):
        values[column] = dict(_json(values[column]) or {})
    for column in ("initial_registration", "last_update", "next_renewal"):
        values[column] = _date(values[column])
    return LeiRecord(**values)


def relationship_values(relationship: LeiRelationship, version_id: str) -> tuple[Any, ...]:
    """The ``lei_relationships`` row in :data:`RELATIONSHIP_COLUMNS` order."""
    r = relationship
    return (
        r.child, r.parent, r.kind[:10], _cut(r.status, 20), _cut(r.registration_status, 30),
        r.start, r.end, version_id,
    )  # fmt: skip


def relationship_to_row(relationship: LeiRelationship, version_id: str) -> dict[str, Any]:
    """The ``lei_relationships`` row as a column dict."""
    values = relationship_values(relationship, version_id)
    return dict(zip(RELATIONSHIP_COLUMNS, values, strict=True))


def relationship_from_row(row: Mapping[Any, Any]) -> LeiRelationship:
    """The relationship a ``lei_relationships`` row holds."""
    return LeiRelationship(
        child=row["child"], parent=row["parent"], kind=row["kind"], status=row["status"],
        registration_status=row["registration_status"], start=_date(row["start"]),
        end=_date(row["end"]),
    )  # fmt: skip
