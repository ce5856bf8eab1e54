"""Property tests: no check errors on any valid application, and every check stays fast."""

from __future__ import annotations

import json
from datetime import date
from decimal import Decimal
from typing import Any

import pycountry
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from openkyb.applications import Address, Application, Officer, Owner
from openkyb.checks import Evidence, Source, Status, load_reference, registered_checks, run_check

COUNTRIES = [*sorted(c.alpha_2 for c in pycountry.countries), "XK"]
RISKY = ["IR", "KP", "CU", "MM", "RU", "BY", "UA", "BG", "GB", "US", "DE", "IM", "JE", "GR"]
countries = st.one_of(st.sampled_from(RISKY), st.sampled_from(COUNTRIES))


def text(max_size: int, samples: list[str]) -> st.SearchStrategy[str]:
    """Realistic samples, or arbitrary text that survives the model's whitespace stripping."""
    arbitrary = st.text(min_size=1, max_size=max_size).filter(lambda s: bool(s.strip()))
    return st.one_of(st.sampled_from(samples), arbitrary)


identifiers = text(
    64,
    ["01234567", "SC123456", "GB980780684", "XI980780684", "EL094259216", "DE136695976",
     "EU372022452", "CHE-116.281.710 MWST", "5493001KJTIIGC8Y1R12", "GB82WEST12345698765432",
     "HRB 12345", "München HRB 123456", "732 829 320", "04-2103594", "١٢٣", "GB", "EL", "0"],
)  # fmt: skip
websites = text(
    300,
    ["acme.com", "https://www.acme.co.uk/x", "http://192.0.2.1", "ftp://a.b", "javascript:x",
     "http://[::1", "https://münchen.de", "http://a..b", "acme", "//acme.io", "http://u@a.com"],
)  # fmt: skip
emails = st.one_of(
    text(320, ["a@acme.com", "a@gmail.com", "x@mailinator.com", "a@@b", "@", "a@[1.2.3.4]"]),
    st.emails().filter(lambda e: len(e) <= 320),
)
phones = text(40, ["+44 20 7946 0018", "020 7946 0018", "+1 416 555 0199", "+800 1234 5678"])
words = text(100, ["Crimea", "Donetsk", "Rostov", "Sebastopol", "London", "Крым"])
lines = text(200, ["1 High Street", "Sevastopol", "ДНР", "Luhansk oblast"])
maybe = st.none

addresses = st.builds(
    Address,
    lines=st.lists(lines, max_size=5),
    city=words | maybe(),
    region=words | maybe(),
    country=countries | maybe(),
)
officers = st.builds(
    Officer,
    name=words,
    nationality=countries | maybe(),
    country_of_residence=countries | maybe(),
)
pcts = st.decimals(min_value=0, max_value=100, places=3, allow_nan=False, allow_infinity=False)
owners = st.one_of(
    st.builds(
        Owner,
        kind=st.just("person"),
        name=words,
        ownership_pct=pcts | maybe(),
        nationality=countries | maybe(),
        country=countries | maybe(),
    ),
    st.builds(
        Owner,
        kind=st.just("company"),
        name=words,
        ownership_pct=pcts | maybe(),
        country=countries | maybe(),
        registration_number=identifiers | maybe(),
    ),
)
applications = st.builds(
    Application,
    legal_name=words,
    country=countries,
    registration_number=identifiers | maybe(),
    incorporation_date=st.dates(max_value=date(2024, 1, 1)) | maybe(),
    registered_address=addresses | maybe(),
    trading_address=addresses | maybe(),
    website=websites | maybe(),
    email=emails | maybe(),
    phone=phones | maybe(),
    vat_number=identifiers | maybe(),
    lei=identifiers | maybe(),
    iban=identifiers | maybe(),
    tax_id=identifiers | maybe(),
    officers=st.lists(officers, max_size=4),
    owners=st.lists(owners, max_size=4),
)


@settings(max_examples=400, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(applications)
def test_no_check_errors_on_any_valid_application(app: Application) -> None:
    evidence = Evidence(application=app, reference=load_reference())
    for spec in registered_checks():
        result = run_check(spec, evidence)
        assert result.status != Status.ERROR, (spec.key, result.reasons)
        assert result.reasons
        assert {r.code for r in result.reasons} <= set(spec.reason_codes), spec.key
        json.dumps(result.facts)
        assert all(isinstance(s, Source) and s.version for s in result.sources)


def full_application() -> Application:
    """A realistic GB application: VAT, phone, website, e-mail, two officers, two owners."""
    data: dict[str, Any] = {
        "legal_name": "Acme Widgets Ltd",
        "registration_number": "01234567",
        "country": "GB",
        "registered_address": {"lines": ["1 High St"], "city": "London", "country": "GB"},
        "trading_address": {"lines": ["2 Market Rd"], "city": "Leeds", "country": "GB"},
        "website": "https://www.acme-widgets.co.uk",
        "email": "accounts@acme-widgets.co.uk",
        "phone": "+44 20 7946 0018",
        "vat_number": "GB980780684",
        "officers": [
            {"name": "Jane Smith", "nationality": "GB", "country_of_residence": "GB"},
            {"name": "Raj Patel", "nationality": "IN", "country_of_residence": "GB"},
        ],
        "owners": [
            {"kind": "person", "name": "Jane Smith", "ownership_pct": Decimal(60)},
            {"kind": "company", "name": "Holdco", "ownership_pct": 40, "registration_number": "1"},
        ],
    }
    return Application.model_validate(data)


def test_a_clean_full_application_passes_every_local_check() -> None:
    # Speed is measured in benchmarks/verify.py, not asserted here.
    evidence = Evidence(application=full_application(), reference=load_reference())
    for spec in registered_checks():
        status = run_check(spec, evidence).status
        # No screening or registry evidence here: nothing to conclude.
        if {"screening", "registry", "lei"} & set(spec.needs):
            assert status == Status.NOT_APPLICABLE, spec.key
        else:
            assert status == Status.PASS, spec.key
