"""A few hundred realistic companies for the search, API and CLI tests (helper, no tests)."""

from __future__ import annotations

import itertools
import random
from datetime import UTC, datetime

from openkyb.registry.model import CompanyRecord, RegisteredAddress
from openkyb.registry.rows import company_to_row
from openkyb.registry.search_vocab import refresh_search_vocabulary
from openkyb.store.db import Database
from openkyb.store.models import DatasetVersion
from openkyb.store.registry_models import RegistryCompany

VERSION = "dsv_searchtest"
DATASET = "gb-companies-house"

# (number, name, postcode, town, status_code): the companies the cases look for.
TARGETS: list[tuple[str, str, str, str, str]] = [
    ("00000001", "ACME LIMITED", "SW1A 1AA", "LONDON", "active"),
    ("00000002", "ACME TRADING LTD", "EC1A 1BB", "LONDON", "active"),
    ("00000003", "ACME HOLDINGS PLC", "EC2A 2BB", "LONDON", "active"),
    ("00000004", "ACNE LIMITED", "M1 1AE", "MANCHESTER", "active"),
    ("00000005", "SMITH & JONES LLP", "LS1 4AP", "LEEDS", "active"),
    ("04475590", "YOU LIMITED", "NW1 6XE", "LONDON", "active"),
    ("00445790", "TESCO PLC", "AL7 1GA", "WELWYN GARDEN CITY", "active"),
    ("00214436", "MARKS AND SPENCER PLC", "W2 1NW", "LONDON", "active"),
    ("00000008", "ZYTRONIC LIMITED", "NE21 5NH", "BLAYDON-ON-TYNE", "active"),
    ("00000009", "ZYTRONIC DISPLAYS LIMITED", "NE21 5NH", "BLAYDON-ON-TYNE", "active"),
    ("00000010", "LONDON PROPERTY SERVICES LTD", "E1 6AN", "LONDON", "active"),
    ("00000011", "THE LONDON PROPERTY COMPANY LIMITED", "E1 7AA", "LONDON", "dissolved"),
    ("00000012", "BRIGHT HORIZONS FAMILY SOLUTIONS LTD", "EC4M 7RF", "LONDON", "active"),
    ("00000013", "ORCHARD BAKERY LTD", "M1 1AE", "MANCHESTER", "active"),
    ("00000014", "ORCHARD BAKERY LLP", "BS1 4DJ", "BRISTOL", "active"),
    ("00000015", "GLOBAL SERVICES LIMITED", "B1 1AA", "BIRMINGHAM", "active"),
    ("00000016", "GLOBAL SERVICES GROUP LTD", "B2 4QA", "BIRMINGHAM", "active"),
    ("00000017", "GLOBAL IT SERVICES LTD", "B3 2QP", "BIRMINGHAM", "active"),
    ("00000018", "NORTHERN LIGHTS CONSULTING LIMITED", "YO1 7HH", "YORK", "active"),
    ("00000019", "KINGFISHER LOGISTICS LTD", "CF10 1EP", "CARDIFF", "active"),
    ("SC123456", "HIGHLAND WHISKY TRADERS LIMITED", "IV1 1AA", "INVERNESS", "active"),
    ("00000020", "QUANTUMLEAP ANALYTICS LTD", "CB2 1TN", "CAMBRIDGE", "active"),
]
_SURNAMES = ["ashworth", "bennett", "carver", "dalton", "ellison", "fairbairn", "goodwin",
             "hartley", "ingram", "jarvis", "kendrick", "lockwood", "merriman", "norwood",
             "oakley", "pemberton", "quinlan", "radcliffe", "sheridan", "thornton"]  # fmt: skip
_TRADES = ["plumbing", "electrical", "catering", "roofing", "joinery", "recruitment",
           "marketing", "software", "logistics", "property", "consulting", "design"]  # fmt: skip
_FORMS = ["LIMITED", "LTD", "LLP"]
_TOWNS = [("LS2 7EW", "LEEDS"), ("M2 3WQ", "MANCHESTER"), ("BS2 0JA", "BRISTOL")]


def distractors() -> list[tuple[str, str, str, str, str]]:
    """About 250 plausible other companies (fixed seed): the haystack."""
    rng = random.Random(4)
    names = set()
    for surname, trade in itertools.product(_SURNAMES, _TRADES):
        names.add(f"{surname} {trade} {rng.choice(['services', 'solutions', 'uk', ''])}")
    rows = []
    for i, core in enumerate(sorted(names)):
        postcode, town = rng.choice(_TOWNS)
        name = " ".join(core.split()).upper() + " " + rng.choice(_FORMS)
        rows.append((f"{10000000 + i:08d}", name, postcode, town, "active"))
    return rows


def seed_companies(db: Database) -> int:
    """Store the targets, the distractors and a French company; returns how many."""
    rows = TARGETS + distractors()
    records = [
        CompanyRecord(
            country="GB",
            number=number,
            name=name,
            status=status.title(),
            status_code=status,
            address=RegisteredAddress(line1="1 HIGH STREET", post_town=town, postcode=postcode),
        )
        for number, name, postcode, town, status in rows
    ]
    records.append(CompanyRecord(country="FR", number="552100554", name="ACME SARL"))
    with db.engine.begin() as conn:
        conn.execute(
            DatasetVersion.__table__.insert(),
            {
                "id": VERSION,
                "dataset": DATASET,
                "format": "uk-ch-basic",
                "origin": "test",
                "sha256": "0" * 64,
                "published": "2026-12-01",
                "loaded_at": datetime.now(UTC),
                "entities": len(records),
                "names": len(records),
                "issues": 0,
                "added": 0,
                "changed": 0,
                "removed": 0,
                "report": {},
            },
        )
        conn.execute(
            RegistryCompany.__table__.insert(), [company_to_row(r, VERSION) for r in records]
        )
    refresh_search_vocabulary(db)
    return len(records)
