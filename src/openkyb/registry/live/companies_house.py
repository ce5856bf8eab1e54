"""The Companies House public data REST API, live, for what the bulk files do not hold.

Officers, insolvency cases, charges and filing history are only in the API; the company profile
and PSCs are fresher there than in the monthly / daily files. Authentication is HTTP Basic with
the API key as the user name and no password. Companies House allows 600 requests per 5 minutes
per key: the client keeps to that itself (see :mod:`openkyb.registry.live.http`).
"""

from __future__ import annotations

from typing import Any

import httpx

from openkyb.registry.live.http import DEFAULT_TIMEOUT, JsonApi, paged_items
from openkyb.registry.live.profile import company_from_profile
from openkyb.registry.model import CompanyRecord, Psc
from openkyb.registry.sources.ch_psc import normalise_company_number, psc_from_register

RATE_LIMIT = "600 per 5 minutes"  # the documented budget per API key


class CompaniesHouseClient:
    """A sync client of the Companies House REST API (one per process: it holds the cache and
    the request budget)."""

    def __init__(
        self,
        base_url: str,
        api_key: str,
        cache_seconds: float = 3600,
        client: httpx.Client | None = None,
        *,
        rate_limit: str = RATE_LIMIT,
        timeout: float = DEFAULT_TIMEOUT,
    ) -> None:
        self.api = JsonApi(
            "Companies House",
            base_url,
            rate_limit=rate_limit,
            cache_seconds=cache_seconds,
            client=client,
            auth=httpx.BasicAuth(api_key, ""),
            timeout=timeout,
        )

    def company(self, number: str) -> CompanyRecord | None:
        """The company profile as a CompanyRecord, None when there is no such company."""
        profile = self.api.get_json(f"/company/{_number(number)}")
        return company_from_profile(profile) if isinstance(profile, dict) else None

    def officers(self, number: str) -> list[dict[str, Any]]:
        """The officers (current and resigned) as the API lists them."""
        return paged_items(self.api, f"/company/{_number(number)}/officers")

    def pscs(self, number: str) -> list[Psc]:
        """The persons with significant control (ceased ones included, see ``Psc.active``).

        Items the register cannot identify (no kind or self link) are left out.
        """
        company = _number(number)
        items = paged_items(self.api, f"/company/{company}/persons-with-significant-control")
        pscs: list[Psc] = []
        for item in items:
            try:
                pscs.append(psc_from_register(company, item))
            except ValueError:
                continue  # malformed item: nothing stable to cite it by
        return pscs

    def insolvency(self, number: str) -> list[dict[str, Any]]:
        """The insolvency cases: type, number, dates (by type), practitioners.

        Empty when the company has none (the API answers 404 then).
        """
        answer = self.api.get_json(f"/company/{_number(number)}/insolvency")
        cases = answer.get("cases") if isinstance(answer, dict) else None
        return [_case(case) for case in cases or () if isinstance(case, dict)]

    def charges(self, number: str) -> dict[str, Any]:
        """The charges register: counts (total, satisfied, part satisfied) and the items."""
        answer = self.api.get_json(f"/company/{_number(number)}/charges")
        if not isinstance(answer, dict):
            return {"total_count": 0, "satisfied_count": 0, "part_satisfied_count": 0, "items": []}
        return answer

    def filing_history(self, number: str) -> list[dict[str, Any]]:
        """The filings, newest first (up to 1,000)."""
        return paged_items(self.api, f"/company/{_number(number)}/filing-history")

    def search(self, q: str) -> list[dict[str, Any]]:
        """The register's company search results for ``q`` (first 100, best first)."""
        answer = self.api.get_json("/search/companies", {"q": q, "items_per_page": 100})
        items = answer.get("items") if isinstance(answer, dict) else None
        return [item for item in items or () if isinstance(item, dict)]

    def close(self) -> None:
        """Close the HTTP connections."""
        self.api.close()


def _number(number: str) -> str:
    value = normalise_company_number(number)
    if not value.isalnum():
        # Refuse before building a URL from it: a number is letters and digits only.
        raise ValueError(f"not a Companies House company number: {number!r}")
    return value


def _case(case: dict[str, Any]) -> dict[str, Any]:
    dates = {
        d["type"]: d["date"]
        for d in case.get("dates") or ()
        if isinstance(d, dict) and isinstance(d.get("type"), str) and isinstance(d.get("date"), str)
    }
    return {
        "type": case.get("type"),
        "number": case.get("number"),
        "dates": dates,
        "practitioners": [p for p in case.get("practitioners") or () if isinstance(p, dict)],
        "notes": list(case.get("notes") or ()),
    }
