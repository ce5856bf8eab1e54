"""Response models of ``/v1/companies``, for the OpenAPI document (routes render JSON)."""

from __future__ import annotations

from typing import Literal

from pydantic import BaseModel, Field


class AddressOut(BaseModel):
    """The registered office address as the registry holds it."""

    care_of: str | None
    po_box: str | None
    line1: str | None
    line2: str | None
    post_town: str | None
    county: str | None
    country: str | None
    postcode: str | None


class SicCodeOut(BaseModel):
    """A UK SIC 2007 code and the registry's text."""

    code: str
    text: str | None


class PreviousNameOut(BaseModel):
    """A name the company had until ``changed_on``."""

    name: str
    changed_on: str | None = Field(description="ISO date")


class VersionOut(BaseModel):
    """The registry load (dataset version) the record came from."""

    id: str
    dataset: str
    published: str | None
    loaded_at: str | None


class CompanyOut(BaseModel):
    """A company's registry record; dates are ISO (YYYY-MM-DD)."""

    key: str = Field(examples=["GB/04475590"])
    country: str = Field(examples=["GB"])
    number: str = Field(examples=["04475590"])
    name: str
    status: str | None
    status_code: str | None = Field(description="active, dissolved, liquidation, ...")
    category: str | None
    incorporation_date: str | None
    dissolution_date: str | None
    country_of_origin: str | None
    address: AddressOut
    accounts_ref_day: int | None
    accounts_ref_month: int | None
    accounts_next_due: str | None
    accounts_last_made_up: str | None
    accounts_category: str | None
    returns_next_due: str | None
    returns_last_made_up: str | None
    confirmation_next_due: str | None
    confirmation_last_made_up: str | None
    charges_total: int | None
    charges_outstanding: int | None
    charges_part_satisfied: int | None
    charges_satisfied: int | None
    sic_codes: list[SicCodeOut]
    previous_names: list[PreviousNameOut]
    uri: str | None
    dataset: str | None = Field(examples=["gb-companies-house"])
    version: VersionOut | None


class ExplanationOut(BaseModel):
    """What matched: the name cores' similarity and the optional postcode and town."""

    name_score: float = Field(ge=0, le=1)
    matched_name: str = Field(description="The registry name's core that was compared")
    legal_form: Literal["same", "different"] | None
    postcode_match: bool | None
    city_match: bool | None


class CandidateOut(BaseModel):
    """A company found by a search, with its score (0..1) and why."""

    score: float = Field(ge=0, le=1)
    explanation: ExplanationOut
    company: CompanyOut


class CompanySearchOut(BaseModel):
    """Search results, best first."""

    object: Literal["list"]
    query: str
    unambiguous: bool = Field(
        description="The first candidate scores >= 0.9 and leads the second by >= 0.05"
    )
    data: list[CandidateOut]
