"""The GLEIF API (JSON:API, no key) live: an LEI's record, its parents, and name search.

GLEIF allows 60 requests per minute; the client keeps to that itself. A missing parent is a
404 on the ``*-parent-relationship`` endpoint (the entity then files a reporting exception,
readable with :meth:`GleifClient.reporting_exceptions`).
"""

from __future__ import annotations

from typing import Any

import httpx

from openkyb.registry.live.http import DEFAULT_TIMEOUT, JsonApi
from openkyb.registry.model import LeiRecord, LeiRelationship
from openkyb.registry.sources.gleif_common import get, parse_date, text_of
from openkyb.registry.sources.gleif_lei import lei_address
from openkyb.registry.sources.gleif_rr import KINDS

RATE_LIMIT = "60 per minute"  # GLEIF's documented fair-use limit
_PARENTS = (("direct", "direct-parent"), ("ultimate", "ultimate-parent"))


class GleifClient:
    """A sync client of the GLEIF API (one per process: it holds the cache and the budget)."""

    def __init__(
        self,
        base_url: str,
        cache_seconds: float = 3600,
        client: httpx.Client | None = None,
        *,
        rate_limit: str = RATE_LIMIT,
        timeout: float = DEFAULT_TIMEOUT,
    ) -> None:
        self.api = JsonApi(
            "GLEIF",
            base_url,
            rate_limit=rate_limit,
            cache_seconds=cache_seconds,
            client=client,
            headers={"Accept": "application/vnd.api+json"},
            timeout=timeout,
        )

    def lei_record(self, lei: str) -> LeiRecord | None:
        """The LEI record, None when GLEIF does not know the LEI."""
        return lei_from_api(self.api.get_json(f"/lei-records/{_lei(lei)}"))

    def parents(self, lei: str) -> tuple[list[LeiRelationship], list[LeiRecord]]:
        """The direct and ultimate parent relationships and the parents' own records.

        A parent that is not reported (404, a reporting exception) is simply absent.
        """
        relationships: list[LeiRelationship] = []
        records: list[LeiRecord] = []
        for kind, endpoint in _PARENTS:
            answer = self.api.get_json(f"/lei-records/{_lei(lei)}/{endpoint}-relationship")
            relationship = relationship_from_api(answer)
            if relationship is None or relationship.kind != kind:
                continue
            relationships.append(relationship)
            parent = lei_from_api(self.api.get_json(f"/lei-records/{_lei(lei)}/{endpoint}"))
            if parent is not None and parent.lei not in {r.lei for r in records}:
                records.append(parent)
        return relationships, records

    def reporting_exceptions(self, lei: str) -> list[dict[str, Any]]:
        """Why a parent is not reported: [{"kind": "direct", "category", "reason"}, ...]."""
        exceptions: list[dict[str, Any]] = []
        for kind, endpoint in _PARENTS:
            answer = self.api.get_json(f"/lei-records/{_lei(lei)}/{endpoint}-reporting-exception")
            attributes = get(answer, "data", "attributes")
            if isinstance(attributes, dict):
                exceptions.append(
                    {
                        "kind": kind,
                        "category": attributes.get("category"),
                        "reason": attributes.get("reason"),
                    }
                )
        return exceptions

    def search(self, name: str) -> list[dict[str, Any]]:
        """Names like ``name`` with their LEI: [{"name", "lei"}] (fuzzy, else autocomplete)."""
        for endpoint, field in (
            ("/fuzzycompletions", "entity.legalName"),
            ("/autocompletions", "fulltext"),
        ):
            answer = self.api.get_json(endpoint, {"field": field, "q": name})
            found = [
                {
                    "name": text_of(get(item, "attributes", "value")),
                    "lei": text_of(get(item, "relationships", "lei-records", "data", "id")),
                }
                for item in get(answer, "data") or ()
                if isinstance(item, dict)
            ]
            if found := [f for f in found if f["name"]]:
                return found
        return []

    def close(self) -> None:
        """Close the HTTP connections."""
        self.api.close()


def _lei(lei: str) -> str:
    value = lei.strip().upper()
    if len(value) != 20 or not value.isalnum():
        # Refuse before building a URL from it.
        raise ValueError(f"not an LEI: {lei!r}")
    return value


def lei_from_api(answer: Any) -> LeiRecord | None:
    """A GLEIF API ``lei-records`` document as a LeiRecord (None when absent or unusable)."""
    attributes = get(answer, "data", "attributes")
    entity, registration = get(attributes, "entity"), get(attributes, "registration")
    lei, name = text_of(get(attributes, "lei")), text_of(get(entity, "legalName", "name"))
    if lei is None or name is None:
        return None
    others = [*(get(entity, "otherNames") or ()), *(get(entity, "transliteratedOtherNames") or ())]
    form_id = text_of(get(entity, "legalForm", "id"))
    return LeiRecord(
        lei=lei,
        legal_name=name,
        other_names=tuple(dict.fromkeys(n for o in others if (n := text_of(get(o, "name"))))),
        jurisdiction=text_of(get(entity, "jurisdiction")),
        legal_form=text_of(get(entity, "legalForm", "other"))
        if form_id in (None, "8888")
        else form_id,
        entity_status=text_of(get(entity, "status")),
        registration_status=text_of(get(registration, "status")),
        registration_authority=text_of(get(entity, "registeredAt", "id")),
        registered_as=text_of(get(entity, "registeredAs")),
        legal_address=_address(get(entity, "legalAddress")),
        headquarters_address=_address(get(entity, "headquartersAddress")),
        initial_registration=parse_date(get(registration, "initialRegistrationDate")),
        last_update=parse_date(get(registration, "lastUpdateDate")),
        next_renewal=parse_date(get(registration, "nextRenewalDate")),
        managing_lou=text_of(get(registration, "managingLou")),
    )


def _address(address: Any) -> dict[str, Any]:
    return lei_address(
        lines=[line for line in get(address, "addressLines") or () if isinstance(line, str)],
        number=text_of(get(address, "addressNumber")),
        number_within_building=text_of(get(address, "addressNumberWithinBuilding")),
        mail_routing=text_of(get(address, "mailRouting")),
        city=text_of(get(address, "city")),
        region=text_of(get(address, "region")),
        country=text_of(get(address, "country")),
        postal_code=text_of(get(address, "postalCode")),
    )


def relationship_from_api(answer: Any) -> LeiRelationship | None:
    """A GLEIF API ``relationship-records`` document as a LeiRelationship (None if not one)."""
    attributes = get(answer, "data", "attributes")
    relationship = get(attributes, "relationship")
    kind = KINDS.get(text_of(get(relationship, "type")) or "")
    child = text_of(get(relationship, "startNode", "id"))
    parent = text_of(get(relationship, "endNode", "id"))
    if kind is None or child is None or parent is None:
        return None
    period = next(
        (p for p in get(relationship, "periods") or () if get(p, "type") == "RELATIONSHIP_PERIOD"),
        None,
    )
    return LeiRelationship(
        child=child,
        parent=parent,
        kind=kind,
        status=text_of(get(relationship, "status")),
        registration_status=text_of(get(attributes, "registration", "status")),
        start=parse_date(get(period, "startDate")),
        end=parse_date(get(period, "endDate")),
    )
