"""Tests of the reference data files, their loader, and the check catalogue."""

from __future__ import annotations

import importlib
import re

import pytest

from openkyb.checks import load_reference, registered_checks
from openkyb.checks.reference import (
    DomainList,
    DomainRules,
    IdentifierSchemes,
    JurisdictionList,
    _countries,
)
from openkyb.checks.registry_common import REGISTRY_CODES

ISO_DATE = re.compile(r"^\d{4}-\d{2}-\d{2}$")


def test_loaded_once() -> None:
    assert load_reference() is load_reference()


def test_every_list_is_dated_and_sourced() -> None:
    ref = load_reference()
    dated: list[JurisdictionList | DomainList | DomainRules | IdentifierSchemes] = [
        *ref.jurisdiction_lists,
        ref.free_mail,
        ref.disposable_email,
        ref.domains,
        ref.identifiers,
    ]
    for item in dated:
        assert ISO_DATE.match(item.version), item
        assert item.dataset
        assert item.source_url


def test_datasets_lists_every_dataset_once() -> None:
    names = [d.dataset for d in load_reference().datasets()]
    assert len(names) == len(set(names)) == 8
    assert "fatf-increased-monitoring" in names


def test_fatf_lists_as_of_october_2025() -> None:
    ref = load_reference()
    assert ref.fatf_call_for_action.countries == {"KP", "IR", "MM"}
    grey = ref.fatf_increased_monitoring.countries
    assert {"DZ", "BG", "MC", "VG", "VN", "YE"} <= grey
    assert len(grey) == 20
    # Left the list before October 2025.
    assert not {"HR", "ZA", "NG", "MZ", "BF", "ML", "TZ"} & grey


def test_sanctions_lists() -> None:
    ref = load_reference()
    assert ref.comprehensive_sanctions.countries == {"CU", "IR", "KP"}
    assert {r.record_id for r in ref.comprehensive_sanctions.regions} == {
        "UA-43",
        "UA-40",
        "UA-14",
        "UA-09",
    }
    assert ref.sectoral_sanctions.countries == {"RU", "BY"}


def test_every_country_code_is_iso() -> None:
    ref = load_reference()
    iso = ref.domains.iso_countries
    for listed in ref.jurisdiction_lists:
        assert listed.countries <= iso, listed.key
    schemes = ref.identifiers
    assert set(schemes.registration) | set(schemes.tax) | set(schemes.registration_formats) <= iso
    assert "NO" in schemes.registration  # not read as YAML false


def test_loader_rejects_non_country_values() -> None:
    with pytest.raises(ValueError, match="ISO 3166-1"):
        _countries([False], "test")


def test_every_stdnum_module_exists() -> None:
    schemes = load_reference().identifiers
    for name in {m for table in (schemes.registration, schemes.tax) for m in table.values()}:
        for module in name:
            assert callable(importlib.import_module(f"stdnum.{module}").validate), module


def test_email_lists() -> None:
    ref = load_reference()
    free, disposable = ref.free_mail, ref.disposable_email
    assert len(free.domains) + len(free.names) >= 60
    assert len(disposable.domains) >= 40
    assert not (free.domains & disposable.domains)
    assert {"gmail.com", "web.de", "qq.com", "proton.me"} <= free.domains
    assert {"yahoo", "hotmail", "gmx"} <= free.names
    assert {"mailinator.com", "yopmail.com", "maildrop.cc"} <= disposable.domains
    for domain in free.domains | disposable.domains:
        assert domain == domain.lower(), domain
        assert domain.isascii(), domain


@pytest.mark.parametrize(
    ("host", "registrable"),
    [
        ("acme.com", "acme.com"),
        ("www.acme.com", "acme.com"),
        ("mail.acme.co.uk", "acme.co.uk"),
        ("acme.co.uk", "acme.co.uk"),
        ("shop.acme.com.au", "acme.com.au"),
        ("a.b.acme.co.jp", "acme.co.jp"),
        ("acme.de.", "acme.de"),
    ],
)
def test_registrable_domain(host: str, registrable: str) -> None:
    assert load_reference().domains.registrable_domain(host) == registrable


@pytest.mark.parametrize(
    ("tld", "country"),
    [
        ("de", "DE"),
        ("uk", "GB"),
        ("UK", "GB"),
        ("xk", "XK"),
        *[(generic, None) for generic in ("io", "co", "com", "eu", "me", "ai", "tv")],
    ],
)
def test_country_of_tld(tld: str, country: str | None) -> None:
    assert load_reference().domains.country_of_tld(tld) == country


def test_catalogue() -> None:
    specs = registered_checks()
    assert {s.key for s in specs} >= {
        "identity.identifier_format",
        "identity.vat_country",
        "location.country_consistency",
        "location.jurisdiction_risk",
        "capability.digital_presence",
        "ownership.structure",
    }
    seen: dict[str, str] = {}
    for spec in specs:
        assert spec.description, spec.key
        assert "  " not in spec.description, spec.key
        needs = {"application", "reference", "screening", "registry", "lei", "policy"}
        assert set(spec.needs) <= needs
        for code, description in spec.reason_codes.items():
            assert re.fullmatch(r"[A-Z][A-Z0-9_]+", code), code
            assert description, code
            if code in REGISTRY_CODES:  # "no registry data" reads the same in every check
                continue
            assert seen.setdefault(code, spec.key) == spec.key, f"{code} in two checks"
