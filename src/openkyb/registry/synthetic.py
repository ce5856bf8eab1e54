"""Synthetic Companies House BasicCompanyData, for benchmarks and tests at full scale.

Writes the real file's exact header and quoting, any number of rows, deterministic for a seed,
~100k rows/s. The rows look like the register: names from word lists with Zipf-like word
frequencies (SERVICES, HOLDINGS, UK... often; surnames and coined words rarely) and legal
forms (LIMITED, LTD, PLC, LLP, CIC, "(THE)", "&", initials), real post towns with their
postcode areas, mostly Active companies with some in liquidation, administration or being
struck off, overdue accounts, 1-4 SIC codes with their official descriptions, previous names,
and formation-agent addresses holding thousands of companies each. Names repeat and nearly
repeat as on the register, which is what fuzzy name search has to cope with.

Word lists, towns and SIC descriptions are in ``data/ch_synthetic.json`` (openkyb's own lists;
SIC 2007 titles as Companies House prints them, Open Government Licence v3).
"""

from __future__ import annotations

import random
from collections.abc import Callable, Iterator
from datetime import date
from pathlib import Path
from typing import Any

from openkyb.registry.sources.ch_basic import BASIC_HEADER
from openkyb.registry.synthetic_names import Words, data, table

CSV_HEADER: list[str] = list(BASIC_HEADER)
REFERENCE_DAY = date(2024, 12, 1)  # the "file date": due dates fall around it
_NO_LETTERS = "ABDEFGHJLNPQRSTUWXYZ"  # letters used in the inward code of a postcode
_STATUSES = [
    ("Active", 880), ("Active - Proposal to Strike off", 45), ("Liquidation", 35),
    ("Dissolved", 10), ("In Administration", 8), ("Voluntary Arrangement", 4),
    ("RECEIVER MANAGER / ADMINISTRATIVE RECEIVER", 1), ("Receivership", 1),
    ("Live but Receiver Manager on at least one charge", 1),
    ("In Administration/Administrative Receiver", 1), ("Converted/Closed", 1),
]  # fmt: skip
_ACCOUNTS = [
    ("TOTAL EXEMPTION FULL", 250), ("MICRO ENTITY", 240), ("NO ACCOUNTS FILED", 150),
    ("DORMANT", 120), ("UNAUDITED ABRIDGED", 100), ("FULL", 40), ("SMALL", 20), ("GROUP", 20),
    ("TOTAL EXEMPTION SMALL", 15), ("AUDIT EXEMPTION SUBSIDIARY", 10), ("MEDIUM", 5),
    ("ACCOUNTS TYPE NOT AVAILABLE", 10), ("AUDITED ABRIDGED", 10),
    ("FILING EXEMPTION SUBSIDIARY", 5),
]  # fmt: skip


def _category(legal: str, r: float) -> tuple[str, str]:
    """(CompanyCategory, number prefix) matching the legal form; ``r`` is uniform in [0, 1)."""
    if legal == "LLP":
        return "Limited Liability Partnership", "OC" if r < 0.85 else ("SO" if r < 0.95 else "NC")
    if legal in ("LIMITED PARTNERSHIP", "LP"):
        return "Limited Partnership", "LP" if r < 0.8 else ("SL" if r < 0.95 else "NL")
    if legal == "PLC":
        return "Public Limited Company", ""
    if "C.I.C." in legal or "CIC" in legal or "COMMUNITY" in legal:
        return "Community Interest Company", ""
    if r < 0.045:
        return "PRI/LTD BY GUAR/NSC (Private, limited by guarantee, no share capital)", ""
    if r < 0.048:
        return "Private Unlimited Company", ""
    return "Private Limited Company", ("SC" if r < 0.12 else ("NI" if r < 0.14 else ""))


def _outward_codes(town: list[Any]) -> list[str]:
    codes = []
    for area, districts in town[3]:
        if not districts:
            codes.append(area)
            continue
        low, high = (int(x) for x in str(districts).split("-"))
        codes += [f"{area}{n}" for n in range(low, high + 1)]
    return codes


_STREET_POOL = 5000
_BUILDING_POOL = 3000
_NO_PREVIOUS = [""] * 20
_INWARD = [f"{n}{a}{b}" for n in range(10) for a in _NO_LETTERS for b in _NO_LETTERS]
_REF = REFERENCE_DAY.toordinal()
_MONTH_END = [0, 31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31]


class _Generator:
    def __init__(self, seed: int) -> None:
        rng = random.Random(seed)
        self.random = rng.random
        self.words = Words(rng)
        d = data()
        towns = d["towns"]
        self.towns = [(t[0], t[1], t[2], _outward_codes(t)) for t in towns]
        self.towns = [self.towns[0]] * 11 + self.towns  # London holds a big share
        self.streets: list[str] = d["streets"]
        self.kinds: list[str] = d["street_kinds"]
        self.buildings: list[str] = d["buildings"]
        self.agents = table(d["agents"], 400)
        self.sic = table([(f"{c} - {t}", w) for c, t, w in d["sic"] if w], 3000)
        self.statuses = table(_STATUSES)
        self.accounts = table(_ACCOUNTS)
        self.counters: dict[str, int] = {}
        self.text: dict[int, str] = {}
        zipf, adjectives = self.words.zipf, self.words.adjectives
        # pools built once: picking from them is what keeps generation at ~100k rows/s
        self.street_names = [
            f"{zipf(self.streets, 1.4)} {rng.choice(self.kinds)}" for _ in range(_STREET_POOL)
        ]
        self.building_names = [
            rng.choice(self.buildings).format(n=rng.randint(1, 40), w=zipf(adjectives, 1.3))
            for _ in range(_BUILDING_POOL)
        ]
        self.months = [("", "", 0, "", "")] + [
            (
                str(_MONTH_END[m]), str(m),
                date(REFERENCE_DAY.year - 1, m, _MONTH_END[m]).toordinal(),
                self.day(date(2016, m, 28).toordinal()), self.day(date(2015, m, 28).toordinal()),
            )
            for m in range(1, 13)
        ]  # fmt: skip

    def pick(self, items: list[Any]) -> Any:
        return items[int(self.random() * len(items))]

    def number(self, prefix: str) -> str:
        # a multiplicative permutation: unique while a prefix has < 10^6 (10^8) companies
        count = self.counters[prefix] = self.counters.get(prefix, 0) + 1
        if prefix:
            return f"{prefix}{count * 7919 % 1_000_000:06d}"
        return f"{(count * 23_757 + 1_000_000) % 16_000_000:08d}"

    def day(self, ordinal: int) -> str:
        try:
            return self.text[ordinal]
        except KeyError:
            text = self.text[ordinal] = date.fromordinal(ordinal).strftime("%d/%m/%Y")
            return text

    def address(self) -> list[str]:
        """CareOf, POBox, Line1, Line2, PostTown, County, Country, PostCode."""
        r = self.random
        x = r()
        if x < 0.09:
            line1, line2, town, county, country, postcode, _ = self.agents[int(x / 0.09 * 400)]
            return ["", "", line1, line2, town, county, country, postcode]
        name, county, nation, outward = self.towns[int(r() * len(self.towns))]
        line1 = f"{int(r() * 250) + 1} {self.street_names[int(r() ** 1.4 * _STREET_POOL)]}"
        line2 = ""
        x = r()
        if x < 0.25:
            line1, line2 = self.building_names[int(x * 4 * _BUILDING_POOL)], line1
        elif x < 0.35:
            line2 = self.words.zipf(self.words.adjectives, 1.2)
        x = r()
        country = nation if x < 0.55 else ("UNITED KINGDOM" if x < 0.85 else "")
        postcode = f"{outward[int(r() * len(outward))]} {_INWARD[int(r() * len(_INWARD))]}"
        return ["", "", line1, line2, name, county if x < 0.3 else "", country, postcode]

    def row(self) -> list[str]:
        r = self.random
        name, legal = self.words.name()
        category, prefix = _category(legal, r())
        number = self.number(prefix)
        x = r()
        # 60% under 12 years old, 30% 12-30 years, 10% 30-100 years
        years = 20 * x if x < 0.6 else (12 + 60 * (x - 0.6) if x < 0.9 else 30 + 700 * (x - 0.9))
        incorporated = _REF - int(years * 365.25) - 1
        x = r() * 1000
        status = self.statuses[int(x)]
        account = self.accounts[int((x % 1) * 1000)]
        sics = ["99999 - Dormant Company", "", "", ""] if account == "DORMANT" else self.sics()
        charges = ["0", "0", "0", "0"]
        if x % 0.1 < 0.014:  # 14% have charges
            total = min(40, int(1 / (r() + 0.02)))
            out = int(r() * (total + 1))
            charges = [str(total), str(out), "0", str(total - out)]
        return [
            name, number, *self.address(), category, status, "United Kingdom",
            *self.dates(incorporated, account, status), *charges, *sics, "0", "0",
            f"http://business.data.gov.uk/id/company/{number}",
            *(self.previous(incorporated) if r() < 0.12 else _NO_PREVIOUS),
            *self.confirmation(incorporated, status),
        ]  # fmt: skip

    def dates(self, incorporated: int, account: str, status: str) -> list[str]:
        """DissolutionDate .. Returns.LastMadeUpDate (9 cells, AccountCategory included)."""
        start = date.fromordinal(incorporated)
        ref_day, month, next_ref, ret_next, ret_last = self.months[start.month]
        overdue = self.random() < (0.3 if status != "Active" else 0.05)
        acc_next = next_ref + 270 - (400 if overdue else 0)
        acc_last = "" if account == "NO ACCOUNTS FILED" else self.day(next_ref - 365)
        if acc_next <= incorporated + 270:
            acc_next, acc_last = incorporated + 640, ""
        old = start.year < 2015
        dissolved = self.day(_REF - int(self.random() * 60) - 1) if status == "Dissolved" else ""
        return [
            dissolved, self.day(incorporated), ref_day, month, self.day(acc_next), acc_last,
            account, ret_next if old else "", ret_last if old else "",
        ]  # fmt: skip

    def confirmation(self, incorporated: int, status: str) -> list[str]:
        late = 300 if status != "Active" and self.random() < 0.4 else 0
        last = _REF - int(self.random() * (360 + late)) - 1
        if last <= incorporated:
            return [self.day(incorporated + 379), ""]
        return [self.day(last + 379), self.day(last)]

    def sics(self) -> list[str]:
        x = self.random()
        if x < 0.7:  # most companies give one code
            return [self.sic[int(x / 0.7 * len(self.sic))], "", "", ""]
        codes = [self.pick(self.sic) for _ in range(2 + int(self.random() ** 2 * 3))]
        return [*dict.fromkeys(codes), "", "", ""][:4]

    def previous(self, incorporated: int) -> list[str]:
        """PreviousName_1..10 (CONDATE, CompanyName): one to four earlier names."""
        cells = [""] * 20
        changed = _REF
        for i in range(1 + int(self.random() ** 3 * 4)):
            changed -= 1 + int(self.random() * max(1, changed - incorporated))
            cells[2 * i] = self.day(changed)
            cells[2 * i + 1] = self.words.name()[0]
        return cells


def generate_rows(count: int, seed: int = 0) -> Iterator[list[str]]:
    """``count`` BasicCompanyData rows (55 cells, in the real column order), same for a seed."""
    generator = _Generator(seed)
    for _ in range(count):
        yield generator.row()


def write_basic_company_data(
    path: Path, count: int, seed: int = 0, progress: Callable[[int], None] | None = None
) -> int:
    """Write a BasicCompanyData CSV of ``count`` rows; returns the number of rows written.

    ``progress`` is called with the rows written so far every 100,000 rows and at the end.
    """
    written = 0
    with open(path, "w", encoding="utf-8", newline="") as out:
        out.write(",".join(CSV_HEADER) + "\n")
        chunk: list[str] = []
        for row in generate_rows(count, seed):
            # every cell quoted, as Companies House does; generated text never holds a quote
            chunk.append('"' + '","'.join(row) + '"\n')
            written += 1
            if len(chunk) == 100_000:
                out.write("".join(chunk))
                chunk.clear()
                if progress:
                    progress(written)
        out.write("".join(chunk))
    if progress:
        progress(written)
    return written
