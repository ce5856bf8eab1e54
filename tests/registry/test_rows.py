"""Registry records to table rows and back, on both backends."""

from __future__ import annotations

from datetime import date

from hypothesis import given
from hypothesis import strategies as st
from sqlalchemy import insert, select, text

from openkyb.registry.model import (
    CompanyRecord,
    LeiRecord,
    LeiRelationship,
    PreviousName,
    Psc,
    RegisteredAddress,
    SicCode,
)
from openkyb.registry.rows import (
    company_from_row,
    company_to_row,
    lei_from_row,
    lei_to_row,
    psc_from_row,
    psc_to_row,
    relationship_from_row,
    relationship_to_row,
)
from openkyb.store.db import Database
from openkyb.store.registry_models import (
    LeiRecordRow,
    LeiRelationshipRow,
    RegistryCompany,
    RegistryPsc,
)

COMPANY = CompanyRecord(
    country="GB",
    number="04475590",
    name="ACME TRADING LIMITED",
    status="Active",
    status_code="active",
    category="Private Limited Company",
    incorporation_date=date(2002, 6, 27),
    address=RegisteredAddress(
        line1="Suite 4A", line2="20-22 Wenlock Road", post_town="LONDON", postcode="N1 7GU"
    ),
    accounts_ref_day=31,
    accounts_ref_month=3,
    accounts_next_due=date(2025, 12, 31),
    accounts_category="DORMANT",
    charges_total=2,
    sic_codes=(SicCode("62012", "62012 - Business and domestic software development"),),
    previous_names=(PreviousName("ACME LTD", date(2010, 1, 2)), PreviousName("OLD", None)),
    uri="http://business.data.gov.uk/id/company/04475590",
)
PSC = Psc(
    company_country="GB",
    company_number="04475590",
    psc_id="abc123",
    kind="individual-person-with-significant-control",
    name="Jane Doe",
    natures_of_control=("ownership-of-shares-75-to-100-percent",),
    ownership_min=75,
    ownership_max=100,
    birth_year=1970,
    birth_month=5,
    notified_on=date(2016, 4, 6),
    address={"locality": "London", "postal_code": "N1 7GU"},
)
LEI = LeiRecord(
    lei="213800ABCDEFGHIJKL12",
    legal_name="ACME TRADING LIMITED",
    other_names=("ACME",),
    jurisdiction="GB",
    registration_status="ISSUED",
    registered_as="04475590",
    legal_address={"country": "GB", "postal_code": "N1 7GU"},
    initial_registration=date(2014, 1, 1),
    next_renewal=date(2026, 1, 1),
)
RELATIONSHIP = LeiRelationship(
    child="213800ABCDEFGHIJKL12",
    parent="5493001KJTIIGC8Y1R12",
    kind="direct",
    status="ACTIVE",
    start=date(2015, 1, 1),
)


def test_company_row_has_derived_keys() -> None:
    row = company_to_row(COMPANY, "dsv_1")
    assert row["name_key"] == "acme trading"
    assert row["postcode_key"] == "N17GU"
    assert row["address_key"] == "N17GU 20-22 wenlock road"
    assert row["sic_codes"] == [["62012", "62012 - Business and domestic software development"]]
    assert row["previous_names"] == [["ACME LTD", "2010-01-02"], ["OLD", None]]
    assert len(row["fingerprint"]) == 32 and row["version_id"] == "dsv_1"


def test_fingerprint_follows_content_not_version() -> None:
    first = company_to_row(COMPANY, "dsv_1")["fingerprint"]
    assert company_to_row(COMPANY, "dsv_2")["fingerprint"] == first
    moved = CompanyRecord(**{**_fields(COMPANY), "status": "Liquidation"})
    assert company_to_row(moved, "dsv_1")["fingerprint"] != first


def _fields(record: CompanyRecord) -> dict[str, object]:
    return {name: getattr(record, name) for name in record.__slots__}  # type: ignore[attr-defined]


def test_round_trips_in_memory() -> None:
    assert company_from_row(company_to_row(COMPANY, "v")) == COMPANY
    assert psc_from_row(psc_to_row(PSC, "v")) == PSC
    assert lei_from_row(lei_to_row(LEI, "v")) == LEI
    assert relationship_from_row(relationship_to_row(RELATIONSHIP, "v")) == RELATIONSHIP


def test_round_trips_through_the_database(db: Database) -> None:
    with db.engine.begin() as connection:
        connection.execute(insert(RegistryCompany), [company_to_row(COMPANY, "v")])
        connection.execute(insert(RegistryPsc), [psc_to_row(PSC, "v")])
        connection.execute(insert(LeiRecordRow), [lei_to_row(LEI, "v")])
        connection.execute(insert(LeiRelationshipRow), [relationship_to_row(RELATIONSHIP, "v")])
    with db.connection() as connection:
        company = connection.execute(select(RegistryCompany.__table__)).mappings().one()
        psc = connection.execute(select(RegistryPsc.__table__)).mappings().one()
        lei = connection.execute(select(LeiRecordRow.__table__)).mappings().one()
        rel = connection.execute(select(LeiRelationshipRow.__table__)).mappings().one()
        raw = connection.execute(text("SELECT * FROM registry_companies")).mappings().one()
    assert company_from_row(company) == COMPANY
    assert isinstance(company_from_row(company).incorporation_date, date)
    assert company_from_row(raw) == COMPANY  # raw SQL: SQLite hands back ISO text
    assert psc_from_row(psc) == PSC
    assert lei_from_row(lei) == LEI
    assert relationship_from_row(rel) == RELATIONSHIP


def test_overlong_values_are_cut_to_the_column() -> None:
    long = CompanyRecord(country="GB", number="1", name="X" * 900, category="C" * 300)
    row = company_to_row(long, "v")
    assert len(row["name"]) == 500 and len(row["category"]) == 200


_text = st.none() | st.text(min_size=1, max_size=30)
_postcodes = st.none() | st.text(min_size=1, max_size=20)  # the column's width
_dates = st.none() | st.dates(min_value=date(1800, 1, 1), max_value=date(2100, 1, 1))


@given(
    name=st.text(min_size=1, max_size=60),
    status=_text,
    line1=_text,
    postcode=_postcodes,
    incorporated=_dates,
    sic=st.lists(st.tuples(st.text(min_size=1, max_size=5), _text), max_size=4),
)
def test_company_round_trip_property(
    name: str,
    status: str | None,
    line1: str | None,
    postcode: str | None,
    incorporated: date | None,
    sic: list[tuple[str, str | None]],
) -> None:
    record = CompanyRecord(
        country="GB",
        number="00000001",
        name=name,
        status=status,
        incorporation_date=incorporated,
        address=RegisteredAddress(line1=line1, postcode=postcode),
        sic_codes=tuple(SicCode(c, t) for c, t in sic),
    )
    assert company_from_row(company_to_row(record, "v")) == record
