"""Capability checks: does the business have a coherent, real-looking digital presence?

Website and e-mail are parsed offline (``urllib.parse`` and the ``idna`` codec); nothing is
fetched or resolved. The host helpers here are shared with the location checks.
"""

from __future__ import annotations

import ipaddress
import re
from dataclasses import dataclass
from typing import Any
from urllib.parse import urlsplit

from openkyb.checks.base import Evidence, Outcome, Pillar, Reason, Source, Status, check
from openkyb.checks.reference import DomainRules, ReferenceData

_SCHEME = re.compile(r"^([A-Za-z][A-Za-z0-9+.\-]*):")
_LABEL = re.compile(r"^[a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?$")
_TLD = re.compile(r"^(?:[a-z]{2,63}|xn--[a-z0-9-]{1,59})$")
_WHITESPACE = re.compile(r"\s")


@dataclass(frozen=True, slots=True)
class Host:
    """A website's or e-mail address's host: ASCII (punycode) if well-formed, else why not."""

    claimed: str
    host: str | None
    problem: str | None = None
    is_ip: bool = False

    def as_fact(self, rules: DomainRules) -> dict[str, Any]:
        """JSON form, with the registrable domain when the host is a domain name."""
        domain = self.host if self.host and not self.is_ip else None
        return {
            "claimed": self.claimed,
            "host": self.host,
            "registrable_domain": rules.registrable_domain(domain) if domain else None,
            "problem": self.problem,
        }


def ascii_host(host: str) -> tuple[str | None, str | None]:
    """A host name in lower-case ASCII (IDNs to punycode) and None, or None and the problem."""
    host = host.rstrip(".")
    if "." not in host:
        return None, "the host has no dot"
    try:
        encoded = host.encode("idna").decode("ascii").lower()
    except (UnicodeError, ValueError):
        return None, "the host has an empty or over-long label, or invalid characters"
    labels = encoded.split(".")
    if len(encoded) > 253 or not all(_LABEL.match(label) for label in labels):
        return None, "the host has an empty, over-long or invalid label"
    if not _TLD.match(labels[-1]):
        return None, "the host's top-level domain is not valid"
    return encoded, None


def _ip_host(claimed: str, host: str) -> Host | None:
    try:
        ipaddress.ip_address(host)
    except ValueError:
        return None
    return Host(claimed, host, "the host is an IP address", is_ip=True)


def parse_website(raw: str) -> Host:
    """Parse a website: a bare domain or an http(s) URL; no user info, no IP address."""
    text = raw.strip()
    if _WHITESPACE.search(text):
        return Host(raw, None, "the address contains whitespace")
    scheme = _SCHEME.match(text)
    if scheme and text[scheme.end() : scheme.end() + 2] == "//":
        if scheme.group(1).lower() not in ("http", "https"):
            return Host(raw, None, f"the scheme {scheme.group(1)!r} is not http or https")
    elif scheme and "." not in scheme.group(1):
        return Host(raw, None, f"{scheme.group(1)!r} is not an http or https address")
    else:
        text = "http:" + text if text.startswith("//") else "http://" + text
    try:
        parts = urlsplit(text)
        host, _ = parts.hostname, parts.port
    except ValueError:
        return Host(raw, None, "the address is not a valid URL")
    if "@" in parts.netloc:
        return Host(raw, None, "the address contains user info")
    if not host:
        return Host(raw, None, "the address has no host")
    ip = _ip_host(raw, host)
    if ip is not None:
        return ip
    encoded, problem = ascii_host(host)
    return Host(raw, encoded, problem)


def parse_email(raw: str) -> Host:
    """Parse an e-mail address into its domain (a domain name, not an IP literal)."""
    text = raw.strip()
    local, at, domain = text.rpartition("@")
    if _WHITESPACE.search(text) or not at or "@" in local:
        return Host(raw, None, "the address does not have one @ and no whitespace")
    if not local or len(local) > 64 or ".." in local or local[0] == "." or local[-1] == ".":
        return Host(raw, None, "the local part is empty, too long or has misplaced dots")
    if domain.startswith("["):
        return Host(raw, None, "the domain is an IP literal")
    encoded, problem = ascii_host(domain)
    return Host(raw, encoded, problem)


def email_provider(domain: str, ref: ReferenceData) -> tuple[str | None, Source | None]:
    """Whether an e-mail domain is a disposable or free-mail provider, with the citation."""
    registrable = ref.domains.registrable_domain(domain)
    for kind, listed in (("disposable", ref.disposable_email), ("free", ref.free_mail)):
        entry = listed.match(domain, registrable)
        if entry is not None:
            return kind, listed.source(entry)
    return None, None


@check(
    key="capability.digital_presence",
    pillar=Pillar.CAPABILITY,
    needs=("application", "reference"),
    reason_codes={
        "DIGITAL_PRESENCE_CONSISTENT": "Website and e-mail are well-formed and consistent.",
        "NO_DIGITAL_PRESENCE": "Neither a website nor an e-mail address was given.",
        "NO_WEBSITE": "An e-mail address was given but no website.",
        "WEBSITE_MALFORMED": "The website is not a well-formed http(s) address.",
        "WEBSITE_IP_ADDRESS": "The website's host is an IP address, not a domain name.",
        "EMAIL_MALFORMED": "The e-mail address is not well-formed.",
        "FREE_EMAIL_DOMAIN": "The e-mail address is at a free or consumer mail provider.",
        "DISPOSABLE_EMAIL_DOMAIN": "The e-mail address is at a disposable mail provider.",
        "EMAIL_WEBSITE_MISMATCH": "The e-mail domain differs from the website's domain.",
    },
)
def digital_presence(evidence: Evidence) -> Outcome:
    """Website and e-mail are well-formed, share a domain and avoid free or disposable mail.

    Domains are compared by their registrable part (``mail.acme.co.uk`` and
    ``www.acme.co.uk`` agree), offline: nothing is fetched or resolved. Free-mail and
    disposable providers come from the reference data's dated e-mail domain lists.
    """
    app = evidence.application
    ref: ReferenceData = evidence.reference
    if app.website is None and app.email is None:
        message = "Neither a website nor an e-mail address was given."
        return Outcome([Reason("NO_DIGITAL_PRESENCE", Status.WARN, message)])
    reasons: list[Reason] = []
    facts: dict[str, Any] = {}
    sources: list[Source] = []
    site = parse_website(app.website) if app.website is not None else None
    email = parse_email(app.email) if app.email is not None else None
    if site is not None:
        facts["website"] = site.as_fact(ref.domains)
        if site.is_ip:
            msg = f"The website {site.claimed!r} points at an IP address, not a domain name."
            reasons.append(Reason("WEBSITE_IP_ADDRESS", Status.WARN, msg))
        elif site.host is None:
            msg = f"The website {site.claimed!r} is malformed: {site.problem}."
            reasons.append(Reason("WEBSITE_MALFORMED", Status.WARN, msg))
    if email is not None:
        facts["email"] = email.as_fact(ref.domains)
        if email.host is None:
            msg = f"The e-mail address {email.claimed!r} is malformed: {email.problem}."
            reasons.append(Reason("EMAIL_MALFORMED", Status.WARN, msg))
        else:
            reasons += _email_findings(email.host, site, ref, facts, sources)
    if email is not None and site is None:
        msg = "An e-mail address was given but no website."
        reasons.append(Reason("NO_WEBSITE", Status.WARN, msg))
    if not reasons:
        msg = "The website and e-mail address are well-formed and consistent."
        if email is None:
            msg = "The website is well-formed; no e-mail address was given."
        reasons.append(Reason("DIGITAL_PRESENCE_CONSISTENT", Status.PASS, msg))
    return Outcome(reasons=reasons, facts=facts, sources=sources)


def _email_findings(
    email: str, site: Host | None, ref: ReferenceData, facts: dict[str, Any], sources: list[Source]
) -> list[Reason]:
    """Reasons about an e-mail domain: its provider, and whether it is the website's domain."""
    provider, source = email_provider(email, ref)
    facts["email"]["provider"] = provider
    if source is not None:
        sources.append(source)
    else:
        sources += [ref.disposable_email.source(), ref.free_mail.source()]
    if provider == "disposable":
        msg = f"The e-mail domain {email} is a disposable mail provider."
        return [Reason("DISPOSABLE_EMAIL_DOMAIN", Status.FAIL, msg)]
    if provider == "free":
        msg = f"The e-mail domain {email} is a free or consumer mail provider."
        return [Reason("FREE_EMAIL_DOMAIN", Status.WARN, msg)]
    if site is None or site.host is None or site.is_ip:
        return []
    site_domain = ref.domains.registrable_domain(site.host)
    email_domain = ref.domains.registrable_domain(email)
    facts["domains_match"] = site_domain == email_domain
    if site_domain == email_domain:
        return []
    msg = f"The e-mail domain {email_domain} differs from the website's {site_domain}."
    return [Reason("EMAIL_WEBSITE_MISMATCH", Status.WARN, msg)]
