"""Helpers for the registry load tests: sample paths, tiny in-test formats, table reads."""

from __future__ import annotations

import csv
from collections.abc import Iterator, Sequence
from pathlib import Path
from typing import Any

from sqlalchemy import func, select, text

from openkyb.registry.formats import RegistryFormat, RegistryItem
from openkyb.registry.model import CompanyRecord
from openkyb.store.db import Database
from openkyb.store.models import DatasetVersion
from openkyb.store.registry_models import RegistryChange, RegistryCompany
from tests.helpers import shared_data

BASIC_SAMPLE = "registries/uk_companies_house/basic_sample_mrbrianevans/basic-sample.csv"
MALFORMED = "registries/uk_companies_house/psc_and_company_openownership/basic-company-data-1.csv"
PSC_FOLDER = "registries/uk_companies_house/psc_and_company_openownership"
LEI_XML = "registries/gleif/golden_copy_samples/lei-data.xml"
RR_JSON = "registries/gleif/golden_copy_samples/rr-data.json"


def read_csv(path: Path) -> tuple[list[str], list[list[str]]]:
    """Header and rows of a BasicCompanyData CSV."""
    with path.open(newline="", encoding="utf-8") as handle:
        rows = list(csv.reader(handle))
    return rows[0], rows[1:]


def write_csv(path: Path, header: list[str], rows: Sequence[list[str]]) -> Path:
    """Write rows the way Companies House does (every cell quoted)."""
    with path.open("w", newline="", encoding="utf-8") as handle:
        csv.writer(handle, quoting=csv.QUOTE_ALL).writerows([header, *rows])
    return path


def sample_rows() -> tuple[list[str], list[list[str]]]:
    """The 31-row real BasicCompanyData sample."""
    return read_csv(shared_data(BASIC_SAMPLE))


def items_format(
    name: str, kind: Any, items: Sequence[RegistryItem], dataset: str = "test-registry"
) -> RegistryFormat:
    """A format whose parser yields ``items`` whatever the path."""

    def parse(_path: Path) -> Iterator[RegistryItem]:
        yield from items

    return RegistryFormat(name, "test format", kind, parse, lambda _p: dataset)


def company(number: str, name: str = "ACME LIMITED", country: str = "GB", **extra: Any) -> Any:
    """A minimal company record."""
    return CompanyRecord(country=country, number=number, name=name, **extra)


def count(db: Database, table: Any, *where: Any) -> int:
    """Rows of a table."""
    with db.connection() as connection:
        return int(connection.scalar(select(func.count()).select_from(table).where(*where)) or 0)


def changes(db: Database, version_id: str | None) -> dict[str, tuple[str, list[str]]]:
    """number -> (change, fields) recorded by a version."""
    with db.connection() as connection:
        rows = connection.execute(
            select(RegistryChange.number, RegistryChange.change, RegistryChange.fields).where(
                RegistryChange.version_id == version_id
            )
        )
        return {row[0]: (row[1], row[2]) for row in rows}


def company_numbers(db: Database, country: str = "GB") -> set[str]:
    """The stored company numbers of a country."""
    with db.connection() as connection:
        rows = connection.execute(
            select(RegistryCompany.number).where(RegistryCompany.country == country)
        )
        return {row[0] for row in rows}


def versions(db: Database, dataset: str) -> int:
    """How many versions of ``dataset`` were recorded."""
    return count(db, DatasetVersion, DatasetVersion.dataset == dataset)


def index_names(db: Database, table: str) -> set[str]:
    """The index names of a PostgreSQL table."""
    with db.connection() as connection:
        rows = connection.execute(
            text("SELECT indexname FROM pg_indexes WHERE tablename = :t"), {"t": table}
        )
        return {row[0] for row in rows}
