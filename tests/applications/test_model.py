"""The application model: strict validation with readable errors."""

from __future__ import annotations

import contextlib
from datetime import timedelta

import pytest
from hypothesis import given
from hypothesis import strategies as st
from pydantic import ValidationError

from openkyb.applications import Application
from openkyb.applications.codes import normalize_partial_date, today_utc

MINIMAL = {"legal_name": "Acme Ltd", "country": "GB"}


def errors_for(**fields: object) -> set[tuple[str | int, ...]]:
    with pytest.raises(ValidationError) as info:
        Application.model_validate({**MINIMAL, **fields})
    return {tuple(e["loc"]) for e in info.value.errors()}


def test_minimal_application_and_normalisation():
    app = Application.model_validate({"legal_name": "  Acme Ltd ", "country": "gb"})
    assert (app.legal_name, app.country) == ("Acme Ltd", "GB")
    assert Application.model_validate({**MINIMAL, "country": "XK"}).country == "XK"


@pytest.mark.parametrize(
    ("fields", "location"),
    [
        ({"surprise": True}, ("surprise",)),
        ({"legal_name": "x" * 301}, ("legal_name",)),
        ({"country": "UK"}, ("country",)),
        ({"country": "GBR"}, ("country",)),
        ({"incorporation_date": str(today_utc() + timedelta(days=1))}, ("incorporation_date",)),
        ({"officers": [{"name": "A"}] * 51}, ("officers",)),
        ({"owners": [{"kind": "person", "name": "B"}] * 51}, ("owners",)),
        (
            {"officers": [{"name": "A", "date_of_birth": "1980-13"}]},
            ("officers", 0, "date_of_birth"),
        ),
        ({"officers": [{"name": "A", "nationality": "ZZ"}]}, ("officers", 0, "nationality")),
        ({"owners": [{"kind": "trust", "name": "T"}]}, ("owners", 0, "kind")),
        (
            {"owners": [{"kind": "person", "name": "P", "ownership_pct": 101}]},
            ("owners", 0, "ownership_pct"),
        ),
        ({"owners": [{"kind": "company", "name": "C", "nationality": "FR"}]}, ("owners", 0)),
        (
            {"expected_monthly_volume": {"amount": 1, "currency": "XYZ"}},
            ("expected_monthly_volume", "currency"),
        ),
        (
            {"expected_monthly_volume": {"amount": -1, "currency": "EUR"}},
            ("expected_monthly_volume", "amount"),
        ),
        ({"industry": {"code_system": "SIC2007"}}, ("industry",)),
        ({"industry": {"code_system": "ISIC", "code": "1"}}, ("industry", "code_system")),
        ({"registered_address": {"lines": ["a"] * 6}}, ("registered_address", "lines")),
        ({"registered_address": {"country": "EU"}}, ("registered_address", "country")),
        ({"metadata": {f"k{i}": i for i in range(51)}}, ("metadata",)),
    ],
)
def test_invalid_fields_are_located(fields, location):
    assert location in errors_for(**fields)


def test_industry_accepts_free_text_and_codes():
    text = Application.model_validate({**MINIMAL, "industry": "Wholesale of textiles"})
    assert text.industry is not None
    assert text.industry.description == "Wholesale of textiles"
    code = Application.model_validate(
        {**MINIMAL, "industry": {"code_system": "NACE2", "code": "46.41"}}
    )
    assert code.industry is not None
    assert code.industry.code == "46.41"


@pytest.mark.parametrize("value", ["1980-02", "1980-02-29", "2000-12-31"])
def test_partial_dates_accepted(value):
    assert normalize_partial_date(value) == value


@pytest.mark.parametrize("value", ["1980", "1981-02-29", "80-01", "1980-00", "1800-01", "2999-01"])
def test_partial_dates_rejected(value):
    with pytest.raises(ValueError):  # noqa: PT011 - the message varies by cause
        normalize_partial_date(value)


@given(st.text(max_size=12))
def test_partial_date_never_crashes(value):
    with contextlib.suppress(ValueError):
        assert normalize_partial_date(value)


@given(
    st.dictionaries(
        st.sampled_from(list(Application.model_fields)), st.none() | st.text() | st.integers()
    )
)
def test_arbitrary_documents_validate_or_raise_validation_error(document):
    with contextlib.suppress(ValidationError):
        Application.model_validate(document)
