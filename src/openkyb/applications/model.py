"""Pydantic models of a verification request (an "application").

Validation is strict: unknown fields are rejected, sizes are bounded, countries and currencies
are checked against ISO lists and no date may lie in the future. Whether an identifier is
*valid* (a VAT checksum, a malformed website) is not a validation error: those are findings
that the checks report with reasons, so a marketplace still gets an explained verdict.
"""

from __future__ import annotations

from datetime import date
from decimal import Decimal
from typing import Annotated, Any, Literal

from pydantic import (
    AfterValidator,
    BaseModel,
    ConfigDict,
    Field,
    StringConstraints,
    field_validator,
    model_validator,
)

from openkyb.applications.codes import (
    country_codes,
    currency_codes,
    normalize_country,
    normalize_currency,
    normalize_partial_date,
    today_utc,
)

Name = Annotated[str, StringConstraints(strip_whitespace=True, min_length=1, max_length=300)]
ShortText = Annotated[str, StringConstraints(strip_whitespace=True, min_length=1, max_length=100)]
Identifier = Annotated[str, StringConstraints(strip_whitespace=True, min_length=1, max_length=64)]
CountryCode = Annotated[
    str,
    StringConstraints(min_length=2, max_length=2),
    AfterValidator(normalize_country),
    Field(
        description="ISO 3166-1 alpha-2 country code",
        examples=["GB"],
        json_schema_extra={"enum": sorted(country_codes())},
    ),
]
CurrencyCode = Annotated[
    str,
    StringConstraints(min_length=3, max_length=3),
    AfterValidator(normalize_currency),
    Field(
        description="ISO 4217 currency code",
        examples=["GBP"],
        json_schema_extra={"enum": sorted(currency_codes())},
    ),
]
PartialDate = Annotated[
    str,
    StringConstraints(min_length=7, max_length=10),
    AfterValidator(normalize_partial_date),
    Field(
        description="YYYY-MM-DD or YYYY-MM, not in the future",
        examples=["1975-04"],
        pattern=r"^(19|20)\d\d-(0[1-9]|1[0-2])(-(0[1-9]|[12]\d|3[01]))?$",
    ),
]
MetadataValue = Annotated[str, StringConstraints(max_length=500)] | int | float | bool | None


class _Strict(BaseModel):
    model_config = ConfigDict(extra="forbid", str_strip_whitespace=True, frozen=True)


class Address(_Strict):
    """A postal address."""

    lines: list[Annotated[str, StringConstraints(min_length=1, max_length=200)]] = Field(
        default_factory=list, max_length=5
    )
    city: ShortText | None = None
    region: ShortText | None = None
    postcode: Annotated[str, StringConstraints(min_length=1, max_length=20)] | None = None
    country: CountryCode | None = None


class Industry(_Strict):
    """The business activity: a classification code, a free-text description, or both."""

    code_system: Literal["SIC2007", "NACE2", "NAICS"] | None = None
    code: Annotated[str, StringConstraints(min_length=1, max_length=10)] | None = None
    description: Annotated[str, StringConstraints(min_length=1, max_length=500)] | None = None

    @model_validator(mode="before")
    @classmethod
    def _accept_plain_text(cls, data: Any) -> Any:
        if isinstance(data, str):
            return {"description": data}
        return data

    @model_validator(mode="after")
    def _code_or_description(self) -> Industry:
        if (self.code_system is None) != (self.code is None):
            raise ValueError("code_system and code must be given together")
        if self.code is None and self.description is None:
            raise ValueError("give a code_system and code, or a description")
        return self


class MonetaryAmount(_Strict):
    """An amount of money in a currency."""

    amount: Annotated[Decimal, Field(ge=0, le=Decimal("1e15"), max_digits=20, decimal_places=2)]
    currency: CurrencyCode


class Officer(_Strict):
    """A director, secretary or other officer of the company."""

    name: Name
    role: ShortText | None = None
    date_of_birth: PartialDate | None = None
    nationality: CountryCode | None = None
    country_of_residence: CountryCode | None = None


class Owner(_Strict):
    """A shareholder or other beneficial owner: a person or a company."""

    kind: Literal["person", "company"]
    name: Name
    ownership_pct: (
        Annotated[Decimal, Field(ge=0, le=100, max_digits=6, decimal_places=3)] | None
    ) = None
    date_of_birth: PartialDate | None = None
    nationality: CountryCode | None = None
    country: CountryCode | None = None
    registration_number: Identifier | None = None

    @model_validator(mode="after")
    def _fields_fit_kind(self) -> Owner:
        if self.kind == "company" and (self.date_of_birth or self.nationality):
            raise ValueError("a company owner has no date_of_birth or nationality")
        if self.kind == "person" and self.registration_number:
            raise ValueError("a person owner has no registration_number")
        return self


class Application(_Strict):
    """A business that a marketplace asks us to verify."""

    legal_name: Name
    trading_name: Name | None = None
    registration_number: Identifier | None = None
    country: CountryCode
    company_type: ShortText | None = None
    incorporation_date: date | None = None

    registered_address: Address | None = None
    trading_address: Address | None = None

    website: Annotated[str, StringConstraints(min_length=1, max_length=2048)] | None = None
    email: Annotated[str, StringConstraints(min_length=1, max_length=320)] | None = None
    phone: Annotated[str, StringConstraints(min_length=1, max_length=40)] | None = None
    vat_number: Identifier | None = None
    lei: Identifier | None = None
    iban: Identifier | None = None
    tax_id: Identifier | None = Field(
        default=None, description="National tax identifier, for example a US EIN"
    )

    industry: Industry | None = None
    expected_monthly_volume: MonetaryAmount | None = None

    officers: list[Officer] = Field(default_factory=list, max_length=50)
    owners: list[Owner] = Field(default_factory=list, max_length=50)

    external_ref: Annotated[str, StringConstraints(min_length=1, max_length=128)] | None = None
    metadata: dict[
        Annotated[str, StringConstraints(min_length=1, max_length=64)], MetadataValue
    ] = Field(default_factory=dict, max_length=50)

    @field_validator("incorporation_date")
    @classmethod
    def _not_in_future(cls, value: date | None) -> date | None:
        if value is not None and value > today_utc():
            raise ValueError("date may not be in the future")
        return value

    def addresses(self) -> list[tuple[str, Address]]:
        """The addresses given, each with the field it came from."""
        found = [("registered_address", self.registered_address)]
        found.append(("trading_address", self.trading_address))
        return [(label, address) for label, address in found if address is not None]
