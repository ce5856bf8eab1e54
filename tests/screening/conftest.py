"""A small, hand-made watchlist for the screening tests (no shared data needed)."""

from __future__ import annotations

import pytest

from openkyb.screening import ScreeningIndex
from openkyb.sources.model import Entity, Identifier, Name, NameType, Schema


def person(entity_id: str, *names: str, **facts: object) -> Entity:
    """A listed person; the first name is primary, the rest aliases."""
    return _entity(entity_id, Schema.PERSON, names, facts)


def company(
    entity_id: str, *names: str, schema: Schema = Schema.COMPANY, **facts: object
) -> Entity:
    """A listed company (or organisation, or vessel)."""
    return _entity(entity_id, schema, names, facts)


def _entity(
    entity_id: str, schema: Schema, names: tuple[str, ...], facts: dict[str, object]
) -> Entity:
    listed = [Name(n, NameType.PRIMARY if i == 0 else NameType.ALIAS) for i, n in enumerate(names)]
    return Entity(
        id=entity_id,
        schema=schema,
        names=listed,
        list_name="Test List",
        programs=["TEST"],
        topics=["sanction"],
        **facts,  # type: ignore[arg-type]
    )


ENTITIES = [
    person("putin", "Vladimir Vladimirovich PUTIN", "Vladimir PUTIN", birth_dates=["1952-10-07"],
           nationalities=["RU"]),
    person("smith", "John SMITH", birth_dates=["1965-07-10"], nationalities=["GB"],
           identifiers=[Identifier("passport", "A1234567", "GB")]),
    person("hassan", "Muhammad Ali HASSAN", birth_dates=["1970"], nationalities=["IQ"]),
    person("xi", "XI Jinping", nationalities=["CN"]),
    person("laden", "Usama bin Muhammad bin Awad BIN LADIN", "Osama bin Laden"),
    person("abdulrahman", "Abdul Rahman YASIN", birth_dates=["1960-04-10"]),
    person("gilboa", "Joseph GILBOA", birth_dates=["1943-04-08"]),
    person("kuznetsov", "Artem KUZNETSOV"),
    person("weak", "Ali", "Abu Ali"),
    company("acme", "ACME LIMITED"),
    company("emma", "EMMA OIL COMPANY LLC"),
    company("melli", "BANK MELLI IRAN", nationalities=[], countries=["IR"]),
    company("romashka", "ROMASHKA LLC"),
    company("muller", "MULLER MASCHINENBAU GMBH"),
    company("rosneft", "ROSNEFT OIL COMPANY"),
    company("trading", "GLOBAL TRADING GROUP LLC"),
    company("oilstar", "OILSTAR", schema=Schema.VESSEL),
    company("qaida", "AL-QAIDA", schema=Schema.ORGANIZATION),
    company("commerz", "COMMERZBANK AG"),
    # Filler so that token rarity behaves as on a real list.
    person("f1", "Mohammed AHMED"),
    person("f2", "Mohammed Hassan ALI"),
    person("f3", "Ahmed Mohammed SALEH"),
    person("f4", "John DOE"),
    person("f5", "Maria GARCIA LOPEZ"),
    company("f6", "OCEAN TRADING COMPANY LIMITED"),
    company("f7", "NORTH STAR SHIPPING LLC"),
    company("f8", "ALPHA INVESTMENT GROUP"),
    company("f9", "SUNRISE HOLDINGS LTD"),
]  # fmt: skip


@pytest.fixture(scope="session")
def index() -> ScreeningIndex:
    """The screening index over :data:`ENTITIES`."""
    return ScreeningIndex.build(("test", e) for e in ENTITIES)
