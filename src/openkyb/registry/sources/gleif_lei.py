"""GLEIF golden copy LEI records (LEI-CDF 2.1/3.x) in XML or JSON, full or delta files.

The XML golden copy (``...-lei2-golden-copy.xml.zip``, ~2.5 million records, 4+ GB unzipped)
is walked with a namespace-aware ``iterparse``; the JSON golden copy writes each leaf as
``{"$": value}`` inside ``{"records": [...]}``, and GLEIF's sample files as a plain array of
plain values: all three reach one mapping function through the shared plain-dict shape.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterator
from pathlib import Path
from typing import Any

from stdnum import lei as lei_number

from openkyb.registry.formats import RegistryFormat, RegistryItem, register_registry_format
from openkyb.registry.model import LeiRecord
from openkyb.registry.sources.gleif_common import (
    as_list,
    file_date,
    first_byte,
    first_published,
    get,
    guarded,
    json_records,
    open_inputs,
    parse_date,
    text_of,
    xml_records,
)
from openkyb.sources.model import ParseIssue
from openkyb.sources.registry import Published

_SUFFIXES = (".xml", ".json")
# ELF code 8888 means "no ELF code: see OtherLegalForm".
_OTHER_LEGAL_FORM = "8888"


def parse(path: Path) -> Iterator[RegistryItem]:
    """Yield the LeiRecords of a golden-copy LEI file (XML or JSON, a zip or a folder)."""
    yield from first_published(_parse(path))


def _parse(path: Path) -> Iterator[RegistryItem]:
    for name, stream in open_inputs(path, _SUFFIXES):
        if first_byte(stream) == b"<":
            items = xml_records(stream, name, "LEIRecord", ("LEIData",))
        else:
            items = _json_items(stream, name)
        for item in guarded(items, name):
            if isinstance(item, tuple):
                number, record = item
                yield record_to_lei(record, f"{name} record {number}")
            else:
                yield item


def _json_items(stream: Any, name: str) -> Iterator[tuple[int, Any] | ParseIssue | Published]:
    if published := file_date(name):
        yield published  # JSON golden-copy files carry their date in the file name only
    hint = "load relationship files as gleif-rr (reporting exceptions are not loaded)"
    yield from own_records(json_records(stream, name), name, "lei", hint)


def record_to_lei(record: Any, location: str) -> LeiRecord | ParseIssue:
    """One LEI-CDF record (plain-dict shape) as a LeiRecord, or the reason it cannot be."""
    if not isinstance(record, dict):
        return ParseIssue(location, "not an LEI record object")
    lei = (text_of(record.get("LEI")) or "").upper()
    if not lei_number.is_valid(lei):
        return ParseIssue(location, f"invalid LEI {lei!r}" if lei else "no LEI")
    entity, registration = get(record, "Entity"), get(record, "Registration")
    legal_name = text_of(get(entity, "LegalName"))
    if legal_name is None:
        return ParseIssue(location, f"LEI {lei}: no legal name")
    return LeiRecord(
        lei=lei,
        legal_name=legal_name,
        other_names=_other_names(entity),
        jurisdiction=text_of(get(entity, "LegalJurisdiction")),
        legal_form=_legal_form(get(entity, "LegalForm")),
        entity_status=text_of(get(entity, "EntityStatus")),
        registration_status=text_of(get(registration, "RegistrationStatus")),
        registration_authority=text_of(
            get(entity, "RegistrationAuthority", "RegistrationAuthorityID")
        ),
        registered_as=text_of(
            get(entity, "RegistrationAuthority", "RegistrationAuthorityEntityID")
        ),
        legal_address=cdf_address(get(entity, "LegalAddress")),
        headquarters_address=cdf_address(get(entity, "HeadquartersAddress")),
        initial_registration=parse_date(get(registration, "InitialRegistrationDate")),
        last_update=parse_date(get(registration, "LastUpdateDate")),
        next_renewal=parse_date(get(registration, "NextRenewalDate")),
        managing_lou=text_of(get(registration, "ManagingLOU")),
    )


def _other_names(entity: Any) -> tuple[str, ...]:
    """Other and transliterated names, in any of the three shapes, without repeats."""
    names: list[str] = []
    for group, leaf in (
        ("OtherEntityNames", "OtherEntityName"),
        ("TransliteratedOtherEntityNames", "TransliteratedOtherEntityName"),
    ):
        for item in as_list(get(entity, group)):
            # Samples: [{"type", "OtherEntityName"}]; XML, golden JSON: {"OtherEntityName": [..]}
            inner = item.get(leaf) if isinstance(item, dict) and leaf in item else item
            for value in as_list(inner):
                if (name := text_of(value)) and name not in names:
                    names.append(name)
    return tuple(names)


def _legal_form(form: Any) -> str | None:
    code = text_of(get(form, "EntityLegalFormCode"))
    other = text_of(get(form, "OtherLegalForm"))
    if code == _OTHER_LEGAL_FORM or code is None:
        return other or code
    return code


def cdf_address(address: Any) -> dict[str, Any]:
    """A LEI-CDF address as openkyb's LEI address dict (the keys the live adapter also uses)."""
    lines = [text_of(get(address, "FirstAddressLine"))]
    lines += [text_of(line) for line in as_list(get(address, "AdditionalAddressLine"))]
    return lei_address(
        lines=[line for line in lines if line],
        number=text_of(get(address, "AddressNumber")),
        number_within_building=text_of(get(address, "AddressNumberWithinBuilding")),
        mail_routing=text_of(get(address, "MailRouting")),
        city=text_of(get(address, "City")),
        region=text_of(get(address, "Region")),
        country=text_of(get(address, "Country")),
        postal_code=text_of(get(address, "PostalCode")),
    )


def lei_address(**parts: Any) -> dict[str, Any]:
    """The LEI address dict: lines, number, number_within_building, mail_routing, city,
    region, country, postal_code; empty parts are left out."""
    return {key: value for key, value in parts.items() if value}


def record_kind(record: Any) -> str:
    """What a golden-copy JSON record is: lei, relationship, reporting-exception or unknown."""
    if isinstance(record, dict):
        if "Relationship" in record:
            return "relationship"
        if "ExceptionCategory" in record:
            return "reporting-exception"
        if "LEI" in record:
            return "lei"
    return "unknown"


def own_records(
    items: Iterator[tuple[int, Any] | ParseIssue], name: str, own: str, hint: str
) -> Iterator[tuple[int, Any] | ParseIssue]:
    """The records of kind ``own`` (and unrecognisable ones, for the mapper to report).

    GLEIF's sample delta files mix record kinds, so records of another kind are skipped and
    counted in one closing issue. A file holding only other kinds is not this format at all:
    ``ValueError`` (with ``hint`` on what to load it as) once the stream is read.
    """
    skipped: Counter[str] = Counter()
    kept = 0
    for item in items:
        if isinstance(item, tuple) and (kind := record_kind(item[1])) not in (own, "unknown"):
            skipped[kind] += 1
            continue
        kept += isinstance(item, tuple)
        yield item
    if skipped and not kept:
        kinds = ", ".join(sorted(skipped))
        raise ValueError(f"{name}: holds {kinds} records, not {own} records; {hint}")
    if skipped:
        yield skipped_issue(name, skipped, f"records that are not {own} records")


def skipped_issue(name: str, skipped: Counter[str], what: str) -> ParseIssue:
    """One issue counting what a file held that was skipped on purpose (by kind)."""
    counts = ", ".join(f"{kind} {count}" for kind, count in skipped.most_common())
    return ParseIssue(f"file {name}", f"skipped {skipped.total()} {what} ({counts})")


GLEIF_LEI = register_registry_format(
    RegistryFormat(
        name="gleif-lei",
        description="GLEIF golden copy LEI records (LEI-CDF XML or JSON, full or delta)",
        kind="lei",
        parse=parse,
        dataset_for=lambda _path: "gleif-lei",
        url="https://www.gleif.org/en/lei-data/gleif-golden-copy/download-the-golden-copy",
    )
)
