"""Routes of ``/v1/companies``: a company by number, and fuzzy search by name."""

from __future__ import annotations

import re
from dataclasses import asdict
from datetime import date
from typing import Annotated, Any

from fastapi import APIRouter, Path, Query
from fastapi.concurrency import run_in_threadpool
from sqlalchemy import bindparam, text
from starlette.responses import Response

from openkyb.api.company_schemas import CompanyOut, CompanySearchOut
from openkyb.api.deps import ApiKeyDep, DatabaseDep, require_tenant
from openkyb.api.problems import Problem
from openkyb.api.responses import json_response
from openkyb.api.schemas import ProblemOut
from openkyb.registry.model import CompanyRecord
from openkyb.registry.search import (
    MAX_LIMIT,
    Candidate,
    InvalidNumber,
    find_company,
    has_registry_data,
    is_unambiguous,
    search_companies,
)
from openkyb.store.db import Database

router = APIRouter(prefix="/v1/companies", tags=["companies"])

_ERRORS: dict[int | str, dict[str, Any]] = {
    401: {"model": ProblemOut, "description": "Missing, unknown or revoked API key"},
    422: {"model": ProblemOut, "description": "Invalid parameters"},
}
_COUNTRY = re.compile(r"^[A-Za-z]{2}$")


def _jsonable(value: Any) -> Any:
    if isinstance(value, date):
        return value.isoformat()
    if isinstance(value, dict):
        return {k: _jsonable(v) for k, v in value.items()}
    if isinstance(value, list | tuple):
        return [_jsonable(v) for v in value]
    return value


def company_json(record: CompanyRecord, version: dict[str, Any] | None) -> dict[str, Any]:
    """A company record as the API shows it: the record's fields, dates ISO, and its source."""
    body: dict[str, Any] = _jsonable(asdict(record))
    body["key"] = record.key
    body["dataset"] = version["dataset"] if version else None
    body["version"] = version
    return body


def _versions(db: Database, ids: set[str]) -> dict[str, dict[str, Any]]:
    if not ids:
        return {}
    statement = text(
        "SELECT id, dataset, published, loaded_at FROM dataset_versions WHERE id IN :ids"
    ).bindparams(bindparam("ids", expanding=True))
    with db.connection() as conn:
        rows = conn.execute(statement, {"ids": sorted(ids)}).mappings().all()
    return {
        row["id"]: {
            "id": row["id"],
            "dataset": row["dataset"],
            "published": row["published"],
            "loaded_at": _loaded_at(row["loaded_at"]),
        }
        for row in rows
    }


def _loaded_at(value: Any) -> str | None:
    if value is None:
        return None
    return value.isoformat() if hasattr(value, "isoformat") else str(value)


def _country(value: str, pointer: str) -> str:
    if not _COUNTRY.match(value):
        raise Problem(
            422,
            "validation-error",
            f"'{value}' is not an ISO 3166-1 alpha-2 country code.",
            errors=[
                {
                    "pointer": pointer,
                    "field": pointer.rsplit("/", 1)[-1],
                    "message": "expected two letters, such as GB",
                    "type": "value_error",
                }
            ],
        )
    return value.upper()


def _read(db: Database, key: str, country: str, number: str) -> dict[str, Any]:
    require_tenant(db, key)  # 401 before anything else
    country = _country(country, "/path/country")
    try:
        found = find_company(db, country, number)
    except InvalidNumber as exc:
        raise Problem(422, "validation-error", str(exc)) from exc
    if found is None:
        if not has_registry_data(db, country):
            raise Problem(
                404,
                "registry-not-loaded",
                f"No company registry data is loaded for {country}: the company cannot be "
                "looked up. An operator loads it with 'openkyb data load'.",
            )
        raise Problem(404, "not-found", f"No company {number} in the {country} registry.")
    versions = _versions(db, {found.version_id})
    return company_json(found.record, versions.get(found.version_id))


@router.get(
    "/search",
    response_model=CompanySearchOut,
    summary="Search companies by name",
    responses=_ERRORS,
)
async def search(
    key: ApiKeyDep,
    db: DatabaseDep,
    q: Annotated[str, Query(min_length=1, max_length=300, description="A company name")],
    country: Annotated[str | None, Query(description="ISO 3166-1 alpha-2, such as GB")] = None,
    postcode: Annotated[str | None, Query(max_length=20, description="Lifts a match")] = None,
    city: Annotated[str | None, Query(max_length=100, description="Lifts a match")] = None,
    limit: Annotated[int, Query(ge=1, le=MAX_LIMIT)] = 10,
) -> Response:
    """Companies whose names are like ``q``, best first, legal-form aware and typo tolerant.

    ``unambiguous`` is true when the first candidate scores at least 0.9 and 0.05 more than
    the second: the rule the identity check uses to accept a match.
    """

    def run() -> dict[str, Any]:
        require_tenant(db, key)  # 401 before anything else
        wanted = _country(country, "/query/country") if country else None
        if not q.strip():
            raise Problem(422, "validation-error", "The query 'q' is blank.")
        candidates = search_companies(db, q, wanted, postcode, city, limit)
        versions = _versions(db, {c.version_id for c in candidates if c.version_id})
        return {
            "object": "list",
            "query": q,
            "unambiguous": is_unambiguous(candidates),
            "data": [_candidate(c, versions) for c in candidates],
        }

    return json_response(await run_in_threadpool(run))


def _candidate(candidate: Candidate, versions: dict[str, dict[str, Any]]) -> dict[str, Any]:
    version = versions.get(candidate.version_id or "")
    return {
        "score": candidate.score,
        "explanation": candidate.explanation.as_dict(),
        "company": company_json(candidate.record, version),
    }


@router.get(
    "/{country}/{number}",
    response_model=CompanyOut,
    summary="Read a company by number",
    responses={
        **_ERRORS,
        404: {"model": ProblemOut, "description": "Unknown company, or no registry loaded"},
    },
)
async def read(
    key: ApiKeyDep,
    db: DatabaseDep,
    country: Annotated[str, Path(description="ISO 3166-1 alpha-2, such as GB")],
    number: Annotated[str, Path(max_length=40, description="Spaces and case are ignored")],
) -> Response:
    """The registry record of one company, with the dataset version it came from."""
    return json_response(await run_in_threadpool(_read, db, key, country, number))
