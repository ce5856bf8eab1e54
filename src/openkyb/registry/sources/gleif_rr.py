"""GLEIF golden copy relationship records (RR-CDF) in XML or JSON, full or delta files.

Only accounting-consolidation relationships say who owns whom:
IS_DIRECTLY_CONSOLIDATED_BY becomes kind "direct", IS_ULTIMATELY_CONSOLIDATED_BY "ultimate".
Fund and branch relationships (IS_FUND-MANAGED_BY, IS_SUBFUND_OF, IS_FEEDER_TO,
IS_INTERNATIONAL_BRANCH_OF) are skipped and counted in one closing issue, not one issue each:
the real file holds hundreds of thousands of them. Reporting-exception (repex) files are refused
with a ``ValueError``: they say why a parent is *not* reported, which the relationship table
cannot hold (the live GLEIF adapter reads them per LEI instead).
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterator
from pathlib import Path
from typing import Any

from stdnum import lei as lei_number

from openkyb.registry.formats import RegistryFormat, RegistryItem, register_registry_format
from openkyb.registry.model import LeiRelationship
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
from openkyb.registry.sources.gleif_lei import own_records, skipped_issue
from openkyb.sources.model import ParseIssue

_SUFFIXES = (".xml", ".json")
KINDS = {"IS_DIRECTLY_CONSOLIDATED_BY": "direct", "IS_ULTIMATELY_CONSOLIDATED_BY": "ultimate"}
_REPEX_HINT = "reporting-exception files are not loaded (see docs/registry-live.md)"


class NotConsolidation(Exception):
    """A well-formed relationship of a type openkyb does not store (fund, branch)."""


def parse(path: Path) -> Iterator[RegistryItem]:
    """Yield the parent LeiRelationships of a golden-copy RR file (XML or JSON, zip, folder)."""
    yield from first_published(_parse(path))


def _parse(path: Path) -> Iterator[RegistryItem]:
    for name, stream in open_inputs(path, _SUFFIXES):
        if first_byte(stream) == b"<":
            items: Iterator[Any] = _xml_items(stream, name)
        else:
            if published := file_date(name):
                yield published  # JSON golden-copy files carry their date in the file name only
            hint = f"load LEI records as gleif-lei; {_REPEX_HINT}"
            items = own_records(json_records(stream, name), name, "relationship", hint)
        skipped: Counter[str] = Counter()
        for item in guarded(items, name):
            if not isinstance(item, tuple):
                yield item
                continue
            number, record = item
            try:
                yield record_to_relationship(record, f"{name} record {number}")
            except NotConsolidation as kind:
                skipped[str(kind)] += 1
        if skipped:
            yield skipped_issue(name, skipped, "relationships that are not parent relationships")


def _xml_items(stream: Any, name: str) -> Iterator[Any]:
    try:
        yield from xml_records(stream, name, "RelationshipRecord", ("RelationshipData",))
    except ValueError as error:
        if "ReportingExceptionData" in str(error):
            raise ValueError(f"{name}: a reporting-exceptions file; {_REPEX_HINT}") from None
        raise


def record_to_relationship(record: Any, location: str) -> LeiRelationship | ParseIssue:
    """One RR-CDF record (plain-dict shape) as a LeiRelationship, or the reason it cannot be.

    Raises :class:`NotConsolidation` (carrying the type) for fund and branch relationships.
    """
    relationship = get(record, "Relationship")
    if not isinstance(relationship, dict):
        return ParseIssue(location, "not a relationship record")
    rel_type = text_of(relationship.get("RelationshipType"))
    if rel_type is None:
        return ParseIssue(location, "no relationship type")
    if rel_type not in KINDS:
        raise NotConsolidation(rel_type)
    child = (text_of(get(relationship, "StartNode", "NodeID")) or "").upper()
    parent = (text_of(get(relationship, "EndNode", "NodeID")) or "").upper()
    for role, lei in (("child", child), ("parent", parent)):
        if not lei_number.is_valid(lei):
            return ParseIssue(location, f"{rel_type}: invalid {role} LEI {lei!r}")
    period = _relationship_period(relationship.get("RelationshipPeriods"))
    return LeiRelationship(
        child=child,
        parent=parent,
        kind=KINDS[rel_type],
        status=text_of(relationship.get("RelationshipStatus")),
        registration_status=text_of(get(record, "Registration", "RegistrationStatus")),
        start=parse_date(get(period, "StartDate")),
        end=parse_date(get(period, "EndDate")),
    )


def _relationship_period(periods: Any) -> Any:
    """The RELATIONSHIP_PERIOD among the periods (accounting and filing periods are not it)."""
    # Sample JSON: a list of periods; XML / golden JSON: {"RelationshipPeriod": [...]}.
    if isinstance(periods, dict) and "RelationshipPeriod" in periods:
        periods = periods["RelationshipPeriod"]
    for period in as_list(periods):
        if text_of(get(period, "PeriodType")) == "RELATIONSHIP_PERIOD":
            return period
    return None


GLEIF_RR = register_registry_format(
    RegistryFormat(
        name="gleif-rr",
        description="GLEIF golden copy relationship records (RR-CDF): direct and ultimate parents",
        kind="relationships",
        parse=parse,
        dataset_for=lambda _path: "gleif-rr",
        url="https://www.gleif.org/en/lei-data/gleif-golden-copy/download-the-golden-copy",
    )
)
