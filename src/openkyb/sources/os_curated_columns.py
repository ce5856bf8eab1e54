"""Which column of an OpenSanctions curated CSV means what, recognised by its header text.

The curated lists (China counter-sanctions, Swiss FIAA freezes, US DoD 1260H, FinCEN 311,
Bulgaria's national list, the Cuba restricted list, BIS MIEU) each have their own columns;
this table names the role of every header seen in them so a new list with similar headers
loads without code changes. Unknown headers are ignored.
"""

from __future__ import annotations

# Header (lower case, single spaces) -> role. A role taken by several columns keeps the
# values of all of them, except "name": the first non-empty of _NAME_PRIORITY wins.
ROLES: dict[str, str] = {
    "id": "id",
    "section": "id",
    "number": "id",
    "clean name": "name",
    "name": "name",
    "company": "name",
    "name bg": "local_name",
    "chinese name": "local_name",
    "alias": "alias",
    "aliases": "alias",
    "alias bg": "alias",
    "acronym": "weak_alias",
    "previous name": "previous",
    "previous name bg": "previous",
    "type": "type",
    "dob": "birth_date",
    "birth date": "birth_date",
    "date of birth": "birth_date",
    "pob": "birth_place",
    "birth place": "birth_place",
    "place of birth": "birth_place",
    "nationality": "nationality",
    "citizenship": "nationality",
    "country": "country",
    "passport": "passport",
    "passport numbers": "passport",
    "id number": "national_id",
    "registration number": "registration",
    "qid": "wikidata",
    "address": "address",
    "notes": "remarks",
    "note": "remarks",
    "summary": "remarks",
    "sector": "remarks",
    "category": "remarks",
    "gazette": "remarks",
    "body": "remarks",
    "parent name": "parent",
    "parent": "parent",
    "relationship": "relationship",
    "program": "program",
    "list": "program",
    "measure": "program",
    "listed": "listed",
    "date": "listed",
    "start date": "listed",
    "effectivedate": "listed",
    "effective date": "listed",
    "delisted": "delisted",
    "end date": "delisted",
    "topics": "topics",
}

# Several name columns: the cleaned one beats the raw one ("Clean Name" vs "Name").
NAME_PRIORITY = ("clean name", "name", "company")

# Roles a column holds several ";"-separated values in.
MULTI_VALUED = {
    "alias",
    "weak_alias",
    "previous",
    "birth_date",
    "birth_place",
    "nationality",
    "country",
    "passport",
    "national_id",
    "registration",
    "address",
    "topics",
}

# Columns that show a layout describes people even without a "Type" column.
PERSON_ROLES = {"birth_date", "birth_place", "nationality", "passport"}
