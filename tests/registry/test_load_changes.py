"""Applying daily company changes on top of the stored register."""

from __future__ import annotations

from datetime import date
from pathlib import Path

from sqlalchemy import select

from openkyb.registry.formats import get_registry_format
from openkyb.registry.load import load_registry
from openkyb.registry.model import CompanyChange, CompanyRecord, RegisteredAddress
from openkyb.registry.rows import company_from_row
from openkyb.store.db import Database
from openkyb.store.registry_models import RegistryChange, RegistryCompany
from tests.helpers import shared_data
from tests.registry.loadhelpers import (
    BASIC_SAMPLE,
    changes,
    company,
    company_numbers,
    count,
    items_format,
)

PRODUCT_101 = "registries/uk_companies_house/bulk_samples/snapshot/input/product-101"


def _stored(db: Database, number: str) -> CompanyRecord:
    with db.connection() as connection:
        row = (
            connection.execute(
                select(RegistryCompany.__table__).where(RegistryCompany.number == number)
            )
            .mappings()
            .one()
        )
    return company_from_row(row)


def _load_sample(db: Database) -> None:
    basic = get_registry_format("uk-ch-basic")
    assert basic is not None
    load_registry(db, basic, shared_data(BASIC_SAMPLE))


def test_changes_insert_amend_and_delete(db: Database, tmp_path: Path) -> None:
    _load_sample(db)
    moved = CompanyRecord(
        country="GB",
        number="",
        name="",
        address=RegisteredAddress(line1="1 NEW ST", postcode="N1 1AA"),
    )
    items = [
        CompanyChange("GB", "77777777", "new", company("77777777", "NEWCO LIMITED"), ("name",)),
        CompanyChange("GB", "12402527", "amended", moved, ("address",), date(2024, 5, 1)),
        CompanyChange("GB", "12234705", "deleted"),
        CompanyChange("GB", "11006939", "amended", moved, ()),  # a filing, nothing to copy
        CompanyChange("GB", "55555555", "amended", moved, ("address",)),  # not in the register
        CompanyChange("GB", "1", "bogus", None),
    ]
    daily = items_format("test-changes", "changes", items, "gb-companies-house")
    path = tmp_path / "daily.txt"
    path.write_text("daily", "utf-8")
    report = load_registry(db, daily, path)
    assert (report.added, report.changed, report.removed) == (1, 3, 1)
    assert report.records == 5 and report.issue_count == 1 and "bogus" in report.issues[0].reason
    numbers = company_numbers(db)
    assert "77777777" in numbers and "12234705" not in numbers and "55555555" not in numbers
    assert len(numbers) == 31
    amended = _stored(db, "12402527")
    assert amended.address == moved.address and amended.name == "!L PRODUCTIONS LIMITED"
    assert _stored(db, "11006939").address.line1 == "OLD BARN FARM"
    recorded = changes(db, report.version_id)
    assert recorded["12402527"] == ("changed", ["address"])
    assert recorded["12234705"] == ("removed", [])
    with db.connection() as connection:
        row = connection.execute(
            select(RegistryChange.name, RegistryChange.effective).where(
                RegistryChange.number == "12402527"
            )
        ).one()
        deleted_name = connection.scalar(
            select(RegistryChange.name).where(RegistryChange.number == "12234705")
        )
    assert row == ("!L PRODUCTIONS LIMITED", date(2024, 5, 1))
    assert deleted_name == "!NKED LTD"


def test_real_product_101_files_apply(db: Database) -> None:
    daily = get_registry_format("uk-ch-changes")
    assert daily is not None
    folder = shared_data(PRODUCT_101)
    applied = 0
    for path in sorted(folder.rglob("*.txt")):
        report = load_registry(db, daily, path)
        assert report.issue_count == 0, report.issues
        applied += report.records
        assert count(db, RegistryChange, RegistryChange.version_id == report.version_id) == (
            report.records
        )
    assert applied == count(db, RegistryChange) > 0
    new = _stored(db, "00849210")  # a "new" transaction holds the whole company
    assert new.name == "P.L.A. (METROPOLITAN TERMINALS) LIMITED"
