"""Apply a file of company changes ("changes" formats) on top of the current register.

New companies are inserted (replacing any row), deleted ones removed, and an amendment copies
the attributes it names (``fields``) onto the stored company: an amendment's record carries
only those. Every change is recorded in ``registry_changes`` (what monitoring reads) with its
fields and effective date, also for companies the register does not hold.
"""

from __future__ import annotations

from dataclasses import fields, replace
from datetime import datetime
from pathlib import Path
from typing import Any

from sqlalchemy import Connection, delete, insert, select, tuple_

from openkyb.clock import utc_now
from openkyb.registry import load_swap
from openkyb.registry.formats import RegistryFormat
from openkyb.registry.load_common import Progress, RegistryLoadReport, insert_version, records_of
from openkyb.registry.model import CompanyChange, CompanyRecord
from openkyb.registry.rows import company_from_row, company_to_row
from openkyb.sources.model import ParseIssue
from openkyb.store.db import Database
from openkyb.store.registry_models import RegistryChange, RegistryCompany

BATCH = 2000
CHANGE_KINDS = {"new": "added", "amended": "changed", "deleted": "removed"}
_RECORD_FIELDS = frozenset(f.name for f in fields(CompanyRecord)) - {"country", "number"}


def load_changes(
    db: Database,
    registry_format: RegistryFormat,
    path: Path,
    report: RegistryLoadReport,
    progress: Progress | None,
) -> None:
    """Apply every change in ``path`` in one transaction."""
    now = utc_now()
    countries: set[str] = set()
    with db.engine.begin() as connection:
        if db.backend == "postgresql":
            load_swap.lock(connection, RegistryCompany.__tablename__)
        batch: list[CompanyChange] = []
        for change in records_of(registry_format, path, CompanyChange, report, progress):
            if _valid(change, report):
                batch.append(change)
                countries.add(change.country)
            if len(batch) >= BATCH:
                _apply(connection, batch, report, now)
                batch.clear()
        if batch:
            _apply(connection, batch, report, now)
        report.countries = sorted(countries)
        insert_version(connection, report, path)


def _valid(change: CompanyChange, report: RegistryLoadReport) -> bool:
    where = f"company {change.country}/{change.number}"
    if change.kind not in CHANGE_KINDS:
        report.add_issue(ParseIssue(where, f"unknown change kind {change.kind!r}; skipped"))
        return False
    if change.kind != "deleted" and change.record is None:
        report.add_issue(ParseIssue(where, f"a {change.kind} change without a record; skipped"))
        return False
    return True


def _merge(current: CompanyRecord, change: CompanyChange) -> CompanyRecord:
    """``current`` with the attributes an amendment names taken from its record."""
    assert change.record is not None
    updates = {f: getattr(change.record, f) for f in change.fields if f in _RECORD_FIELDS}
    return replace(current, **updates) if updates else current


def _next_state(
    current: CompanyRecord | None, change: CompanyChange
) -> tuple[CompanyRecord | None, bool]:
    """The company after ``change`` and whether its stored row changes."""
    if change.kind == "deleted":
        return None, current is not None
    if change.kind == "new":
        return change.record, True
    if current is None:  # an amendment to a company this register lacks: nothing to amend
        return None, False
    merged = _merge(current, change)
    return merged, merged != current


def _apply(
    connection: Connection, batch: list[CompanyChange], report: RegistryLoadReport, now: datetime
) -> None:
    assert report.version_id is not None
    key = tuple_(RegistryCompany.country, RegistryCompany.number)
    keys = {(c.country, c.number) for c in batch}
    stored = connection.execute(select(RegistryCompany.__table__).where(key.in_(keys)))
    state: dict[tuple[str, str], CompanyRecord | None] = {
        (row["country"], row["number"]): company_from_row(row) for row in stored.mappings()
    }
    touched: set[tuple[str, str]] = set()
    changes: list[dict[str, Any]] = []
    for change in batch:  # in file order: each change applies to the state the last one left
        where = (change.country, change.number)
        before = state.get(where)
        after, differs = _next_state(before, change)
        if differs:
            state[where] = after
            touched.add(where)
        kind = CHANGE_KINDS[change.kind]
        name = (change.record.name if change.record else None) or (before.name if before else None)
        changes.append(
            {
                "version_id": report.version_id,
                "dataset": report.dataset,
                "country": change.country,
                "number": change.number,
                "change": kind,
                "name": name[:500] if name else None,
                "fields": list(change.fields),
                "effective": change.effective or report.effective,
                "recorded_at": now,
            }
        )
        setattr(report, kind, getattr(report, kind) + 1)
    report.records += len(batch)
    if touched:
        connection.execute(delete(RegistryCompany).where(key.in_(touched)))
        rows = [
            {**company_to_row(record, report.version_id), "country": k[0], "number": k[1]}
            for k in touched
            if (record := state.get(k)) is not None
        ]
        if rows:
            connection.execute(insert(RegistryCompany), rows)
    connection.execute(insert(RegistryChange), changes)
