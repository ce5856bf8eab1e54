"""Table-driven tests of the digital-presence check and its website/e-mail parsers."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import pytest

from openkyb.checks import CheckResult, Status, registered_checks
from openkyb.checks.capability import parse_email, parse_website

RunCheck = Callable[..., CheckResult]
KEY = "capability.digital_presence"
P, W, F = Status.PASS, Status.WARN, Status.FAIL

CASES: list[Any] = [
    pytest.param(
        {"website": "https://www.acme.co.uk/about", "email": "info@mail.acme.co.uk"},
        P,
        {"DIGITAL_PRESENCE_CONSISTENT"},
        id="subdomains-agree",
    ),
    pytest.param({"website": "acme.com"}, P, {"DIGITAL_PRESENCE_CONSISTENT"}, id="website-only"),
    pytest.param({}, W, {"NO_DIGITAL_PRESENCE"}, id="nothing"),
    pytest.param({"email": "info@acme.com"}, W, {"NO_WEBSITE"}, id="email-only"),
    pytest.param(
        {"website": "acme.com", "email": "acme.ltd@gmail.com"},
        W,
        {"FREE_EMAIL_DOMAIN"},
        id="gmail",
    ),
    pytest.param(
        {"website": "acme.com", "email": "a@yahoo.co.uk"}, W, {"FREE_EMAIL_DOMAIN"}, id="yahoo.*"
    ),
    pytest.param(
        {"website": "outlook.consulting", "email": "jo@outlook.consulting"},
        P,
        {"DIGITAL_PRESENCE_CONSISTENT"},
        id="wildcard-not-under-new-gtld",
    ),
    pytest.param(
        {"website": "acme.com", "email": "x@mailinator.com"},
        F,
        {"DISPOSABLE_EMAIL_DOMAIN"},
        id="disposable",
    ),
    pytest.param(
        {"website": "acme.com", "email": "x@eu.mailinator.com"},
        F,
        {"DISPOSABLE_EMAIL_DOMAIN"},
        id="disposable-subdomain",
    ),
    pytest.param(
        {"website": "acme.com", "email": "info@other.com"},
        W,
        {"EMAIL_WEBSITE_MISMATCH"},
        id="mismatch",
    ),
    pytest.param(
        {"website": "acme.co.uk", "email": "info@other.co.uk"},
        W,
        {"EMAIL_WEBSITE_MISMATCH"},
        id="mismatch-multi-part-suffix",
    ),
    pytest.param({"website": "ftp://acme.com"}, W, {"WEBSITE_MALFORMED"}, id="ftp"),
    pytest.param({"website": "javascript:alert(1)"}, W, {"WEBSITE_MALFORMED"}, id="javascript"),
    pytest.param({"website": "acme com"}, W, {"WEBSITE_MALFORMED"}, id="space"),
    pytest.param({"website": "acme"}, W, {"WEBSITE_MALFORMED"}, id="no-dot"),
    pytest.param({"website": "https://user:pw@acme.com"}, W, {"WEBSITE_MALFORMED"}, id="userinfo"),
    pytest.param({"website": "http://" + "a" * 64 + ".com"}, W, {"WEBSITE_MALFORMED"}, id="label"),
    pytest.param({"website": "http://192.0.2.1/shop"}, W, {"WEBSITE_IP_ADDRESS"}, id="ipv4"),
    pytest.param({"website": "http://[2001:db8::1]/"}, W, {"WEBSITE_IP_ADDRESS"}, id="ipv6"),
    pytest.param(
        {"website": "acme.com", "email": "not-an-email"}, W, {"EMAIL_MALFORMED"}, id="email-bad"
    ),
    pytest.param(
        {"website": "acme", "email": "a@@acme.com"},
        W,
        {"WEBSITE_MALFORMED", "EMAIL_MALFORMED"},
        id="both-bad",
    ),
    pytest.param(
        {"email": "a@gmail.com"}, W, {"FREE_EMAIL_DOMAIN", "NO_WEBSITE"}, id="gmail-no-website"
    ),
]


@pytest.mark.parametrize(("fields", "status", "expected"), CASES)
def test_reason_codes(
    run: RunCheck, fields: dict[str, Any], status: Status, expected: set[str]
) -> None:
    result = run(KEY, **fields)
    assert {r.code for r in result.reasons} == expected, result.reasons
    assert result.status == status


def test_every_reason_code_is_tested() -> None:
    spec = next(s for s in registered_checks() if s.key == KEY)
    assert {code for p in CASES for code in p.values[2]} == set(spec.reason_codes)


def test_facts_and_sources(run: RunCheck) -> None:
    result = run(KEY, website="https://www.Acme.co.uk", email="jo@acme.co.uk")
    assert result.facts["website"]["registrable_domain"] == "acme.co.uk"
    assert result.facts["email"]["provider"] is None
    assert result.facts["domains_match"] is True
    assert {s.dataset for s in result.sources} == {"free-mail-domains", "disposable-email-domains"}
    free = run(KEY, email="a@gmx.de")
    assert [(s.dataset, s.record_id) for s in free.sources] == [("free-mail-domains", "gmx.*")]


@pytest.mark.parametrize(
    ("raw", "host"),
    [
        ("acme.com", "acme.com"),
        ("https://www.acme.com/path?q=1", "www.acme.com"),
        ("HTTP://ACME.COM", "acme.com"),
        ("acme.com:8080/x", "acme.com"),
        ("//acme.com", "acme.com"),
        ("acme.com.", "acme.com"),
        ("https://münchen.de", "xn--mnchen-3ya.de"),
        ("http://xn--mnchen-3ya.de", "xn--mnchen-3ya.de"),
        ("mailto:a@acme.com", None),
        ("http://acme..com", None),
        ("http://-acme.com", None),
        ("http://acme_co.com", None),
        ("http://acme.123", None),
        ("http://acme.com:99999", None),
        ("http://[::1", None),
        ("", None),
    ],
)
def test_parse_website(raw: str, host: str | None) -> None:
    assert parse_website(raw).host == host


@pytest.mark.parametrize(
    ("raw", "host"),
    [
        ("jo@acme.com", "acme.com"),
        ("Jo.Bloggs+kyb@Mail.Acme.CO.UK", "mail.acme.co.uk"),
        ("jörg@bücher.de", "xn--bcher-kva.de"),
        ("@acme.com", None),
        ("jo@", None),
        ("jo..x@acme.com", None),
        ("jo@[192.0.2.1]", None),
        ("jo@localhost", None),
        ("j" * 65 + "@acme.com", None),
    ],
)
def test_parse_email(raw: str, host: str | None) -> None:
    assert parse_email(raw).host == host
