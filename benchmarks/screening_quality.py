"""Screening quality: recall, false positives and precision of openkyb against two peers.

    python benchmarks/screening_quality.py [--entities 2000] [--seed 7] [--skip-logic-v2]

Offline, on the shared data. The index holds every sanctions list a registered parser reads
(``openkyb.sources.registry``). The labelled set is built deterministically (fixed seed):

* positives: sampled listed entities, queried by a listed name as written (primary, aliases
  in any script, with the right birth date) and by corrupted variants: typos, reordered or
  dropped tokens, Cyrillic rendering of Latin names, Latin spelling variants, legal-form
  changes, initials, honorifics, and a typo together with an off-by-a-little birth date;
* negatives: real unlisted names (UK Companies House and GLEIF samples, US Congress PEPs with
  their birth years), synthetic recombinations of those (realistic, unlisted), and a hard set
  of person names recombined from listed given names and surnames. Negatives that genuinely
  match a listed name are removed (same token set, token subset of one listed name, or
  token_sort_ratio >= 95).

Engines, on the same queries: openkyb at DEFAULT_THRESHOLD; rapidfuzz token_sort_ratio brute
force over every listed name at 85 (names transliterated with anyascii, same schema filter);
nomenklatura logic-v2 at yente's 0.70, scoring the top 20 entities that the token_sort_ratio
brute force ranks first (as yente scores its search engine's candidates; 20 rather than 10
because one person is often listed several times here, as separate entities).
"""

from __future__ import annotations

import argparse
import csv
import json
import random
import re
import sys
import time
from collections import Counter, defaultdict
from collections.abc import Iterator, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import numpy as np
from anyascii import anyascii
from rapidfuzz import fuzz, process, utils

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "src"))
sys.path.insert(0, str(ROOT))

from openkyb.screening import DEFAULT_THRESHOLD, Query, ScreeningIndex  # noqa: E402
from openkyb.sources.model import Entity, NameType, Schema  # noqa: E402

Key = tuple[str, str]  # (dataset, entity id)
TOKEN_SORT_THRESHOLD = 85
LOGIC_V2_THRESHOLD = 0.70
# Candidates logic-v2 scores per query. yente asks its index for about 10 entities; here one
# person is often listed by several lists (OFAC 2019 and 2021, UN, EU...), as separate
# entities, so 20 keeps the intended entity in reach as 10 deduplicated ones would.
LOGIC_V2_CANDIDATES = 20
SWEEP = (0.7, 0.75, 0.8, 0.85, 0.9)


@dataclass(frozen=True)
class Case:
    """One labelled query."""

    query: Query
    kind: str  # variant kind, or the negative's source
    target: Key | None  # the listed entity a positive must hit; None for negatives

    @property
    def positive(self) -> bool:
        return self.target is not None


AS_LISTED = {"as_listed", "alias", "as_listed_dob"}
HARD = {"hard_person"}
REALISTIC = {"pep", "registry", "synthetic_person", "synthetic_company"}


# ---------------------------------------------------------------- lists and unlisted names
DATA = Path(__file__).resolve().parents[2] / "shared" / "data"
SANCTIONS = DATA / "sanctions"
PEP = DATA / "pep"
REGISTRIES = DATA / "registries"

# Folder-name prefix -> format. The first matching prefix wins.
FOLDER_FORMATS = [
    ("au_dfat", "au-dfat"),
    ("bis_dpl", "bis-dpl"),
    ("ca_sema", "ca-sema"),
    ("eu_journal", "eu-journal"),
    ("ofac_consolidated", "ofac-xml"),
    ("ofac_sdn", "ofac-csv"),
    ("opensanctions_curated", "os-curated"),
    ("opensanctions_ftm", "ftm"),
    ("uk_ofsi", "uk-ofsi"),
    ("un_consolidated", "un-xml"),
    ("us_csl", "us-csl"),
    ("opensanctions_us_congress_senzing", "senzing"),
]
# Collections whose sub-folders are separate datasets.
COLLECTIONS = {"opensanctions_curated", "opensanctions_ftm"}


@dataclass
class Loaded:
    """Parsed lists and what happened while parsing them."""

    entities: list[tuple[str, Entity]] = field(default_factory=list)
    used: dict[str, int] = field(default_factory=dict)  # "format path" -> entities
    failed: dict[str, str] = field(default_factory=dict)  # "format path" -> reason

    @property
    def formats(self) -> list[str]:
        """The formats that produced entities."""
        return sorted({key.split(" ")[0] for key in self.used})


def _folders(root: Path) -> Iterator[tuple[str, Path]]:
    for folder in sorted(p for p in root.iterdir() if p.is_dir()):
        fmt = next((f for prefix, f in FOLDER_FORMATS if folder.name.startswith(prefix)), None)
        if fmt is None:
            continue
        if folder.name in COLLECTIONS:
            yield from ((fmt, sub) for sub in sorted(folder.iterdir()) if sub.is_dir())
        else:
            yield fmt, folder


def _parse(fmt: str, folder: Path) -> tuple[str, list[Entity]]:
    """Parse a folder, or failing that each of its children (a file or a nested folder)."""
    from openkyb.sources.registry import get_format

    source = get_format(fmt)
    errors = []
    for path in [folder, *sorted(folder.iterdir())]:
        try:
            entities = [e for e in source.parse(path) if isinstance(e, Entity)]
        except (ValueError, OSError, KeyError) as exc:
            errors.append(f"{path.name}: {exc}")
            continue
        if entities:
            return source.dataset_for(path), entities
    raise ValueError("; ".join(errors) or "no entities")


def load_lists(*roots: Path) -> Loaded:
    """Every list under the roots that a registered parser can read."""
    loaded = Loaded()
    for root in roots:
        if not root.is_dir():
            continue
        for fmt, folder in _folders(root):
            key = f"{fmt} {folder.relative_to(root.parent)}"
            try:
                dataset, entities = _parse(fmt, folder)
            except ValueError as exc:
                loaded.failed[key] = str(exc)[:160]
                continue
            loaded.used[key] = len(entities)
            loaded.entities.extend((dataset, e) for e in entities)
    return loaded


@dataclass(frozen=True)
class Unlisted:
    """A real name that is not on the lists, with what a customer record would say."""

    name: str
    schema: str  # person | company
    source: str
    birth_date: str | None = None
    countries: tuple[str, ...] = ()


_PERSON_TITLE = re.compile(r"^(mr|mrs|ms|miss|dr|sir|dame|lady|lord)\.?\s", re.I)
_COMPANY_KEYS = {"CompanyName", "company_name", "title"}
_SKIP_FOLDERS = {"regions", "jurisdictions", "registration_authorities", "registration_agents",
                 "official_organizational_roles", "entity_legal_forms", "vlei_issuers"}  # fmt: skip


def _walk(node: Any, parent: str = "") -> Iterator[tuple[str, str, dict[str, Any]]]:
    """(key, string value, containing object) for every string in a JSON document."""
    if isinstance(node, dict):
        for key, value in node.items():
            if isinstance(value, str):
                yield key, value, node
            else:
                yield from _walk(value, key)
    elif isinstance(node, list):
        for item in node:
            yield from _walk(item, parent)


def _from_json(path: Path) -> Iterator[Unlisted]:
    try:
        document = json.loads(path.read_text(encoding="utf-8"))
    except (ValueError, UnicodeDecodeError):
        return
    for key, value, holder in _walk(document):
        kind = str(holder.get("kind", ""))
        if key in _COMPANY_KEYS and "company" in kind + key.lower() + str(
            holder.get("company_type", "")
        ):
            yield Unlisted(value, "company", "uk_companies_house")
        elif key == "name" and ("language" in holder or "corporate" in kind):
            yield Unlisted(value, "company", path.parts[-4] if "gleif" in path.parts else "uk_psc")
        elif key == "name" and ("individual" in kind or "officer_role" in holder):
            yield Unlisted(_officer_name(value), "person", "uk_officers")


def _officer_name(value: str) -> str:
    """Companies House writes officers as "SURNAME, Forenames"."""
    surname, _, forenames = value.partition(",")
    return f"{forenames.strip()} {surname.strip()}".strip() if forenames else value


def _from_csv(path: Path) -> Iterator[Unlisted]:
    with path.open(encoding="utf-8", errors="replace", newline="") as handle:
        reader = csv.DictReader(handle)
        for row in reader:
            name = (row.get("CompanyName") or "").strip()
            if name:
                yield Unlisted(name, "company", "uk_companies_house")


def registry_names() -> list[Unlisted]:
    """Company (and officer) names from the UK Companies House and GLEIF samples."""
    found: dict[tuple[str, str], Unlisted] = {}
    for path in sorted(REGISTRIES.rglob("*")):
        if not path.is_file() or _SKIP_FOLDERS & set(path.parts):
            continue
        rows = (
            _from_csv(path)
            if path.suffix == ".csv"
            else (_from_json(path) if path.suffix == ".json" else iter(()))
        )
        for item in rows:
            name = " ".join(item.name.split())
            if len(name) < 3 or not re.search(r"[A-Za-z]{2}", name):
                continue
            schema = "person" if _PERSON_TITLE.match(name) else item.schema
            found.setdefault((name.casefold(), schema), Unlisted(name, schema, item.source))
    return list(found.values())


# ---------------------------------------------------------------- corruptions
_LETTERS = "abcdefghijklmnopqrstuvwxyz"
_TITLES = ["Mr", "Dr", "Sheikh", "Haji", "General", "Mrs", "Prof."]
_SPELLING = [
    (r"mohammed|mohammad|muhammed", "muhammad"), (r"muhammad", "mohamed"), (r"ou", "u"),
    (r"ee", "i"), (r"ei", "ey"), (r"y", "i"), (r"i", "y"), (r"ph", "f"), (r"v", "w"),
    (r"kh", "h"), (r"sh", "sch"), (r"ss", "s"), (r"ie", "i"), (r"ai", "ay"), (r"q", "k"),
    (r"c", "k"), (r"oo", "u"), (r"aa", "a"), (r"dj", "j"), (r"u", "ou"),
]  # fmt: skip
_LEGAL_SWAPS = [
    (r"\bLIMITED\b", "LTD"), (r"\bLTD\b\.?", "LIMITED"),
    (r"\bCO\b\.?,? LTD\b\.?", "COMPANY LIMITED"),
    (r"\bCOMPANY\b", "CO."), (r"\bCORPORATION\b", "CORP."), (r"\bCORP\b\.?", "CORPORATION"),
    (r"\bINCORPORATED\b", "INC."), (r"\bINC\b\.?", "INCORPORATED"),
    (r"\bLLC\b", "LIMITED LIABILITY COMPANY"),
    (r"\bJSC\b", "JOINT STOCK COMPANY"), (r"\bJOINT STOCK COMPANY\b", "JSC"), (r"\bOOO\b", "LLC"),
    (r"\bGMBH\b", "GESELLSCHAFT MIT BESCHRANKTER HAFTUNG"), (r"\bS\.?A\.?$", "SOCIEDAD ANONIMA"),
]  # fmt: skip
_CYRILLIC_MULTI = [
    ("shch", "щ"), ("sch", "ш"), ("sh", "ш"), ("ch", "ч"), ("zh", "ж"), ("kh", "х"), ("ph", "ф"),
    ("th", "т"), ("ck", "к"), ("ts", "ц"), ("yu", "ю"), ("ya", "я"), ("ee", "и"), ("oo", "у"),
    ("ou", "у"), ("ye", "е"), ("x", "кс"), ("j", "дж"),
]  # fmt: skip
_CYRILLIC_SINGLE = {
    "a": "а", "b": "б", "v": "в", "g": "г", "d": "д", "e": "е", "z": "з", "i": "и", "k": "к",
    "l": "л", "m": "м", "n": "н", "o": "о", "p": "п", "r": "р", "s": "с", "t": "т", "u": "у",
    "f": "ф", "h": "х", "q": "к", "w": "в",
}  # fmt: skip
_CYRILLIC_WORDS = {"llc": "ООО", "ooo": "ООО", "the": "", "co": "Ко", "company": "Компани",
                   "jsc": "АО",
                   "corporation": "Корпорейшн", "group": "Груп"}  # fmt: skip
_CYRILLIC_VOWELS = set("аеиоуыэюя")


def _cyrillic_word(word: str) -> str:
    """A Russian-style phonetic spelling of one Latin word."""
    if word in _CYRILLIC_WORDS:
        return _CYRILLIC_WORDS[word]
    out: list[str] = []
    i = 0
    while i < len(word):
        multi = next(((s, d) for s, d in _CYRILLIC_MULTI if word.startswith(s, i)), None)
        if multi:
            out.append(multi[1])
            i += len(multi[0])
            continue
        char = word[i]
        if char == "y":
            out.append("й" if out and out[-1] in _CYRILLIC_VOWELS else "и")
        elif char == "c":
            out.append("с" if word[i + 1 : i + 2] in ("e", "i") else "к")
        else:
            out.append(_CYRILLIC_SINGLE.get(char, char))
        i += 1
    return "".join(out)


def _tokens(name: str) -> list[str]:
    return [t for t in re.split(r"[\s,]+", name) if t]


def typo(name: str, rng: random.Random) -> str | None:
    """One edit (two for long names) in tokens of at least four letters."""
    tokens = _tokens(name)
    eligible = [i for i, t in enumerate(tokens) if sum(c.isalpha() for c in t) >= 4]
    if not eligible:
        return None
    for i in rng.sample(eligible, 2 if len(name) >= 24 and len(eligible) > 1 else 1):
        token = tokens[i]
        at = rng.randrange(len(token))
        op = rng.choice(("sub", "del", "ins", "swap"))
        letter = rng.choice(_LETTERS)
        if op == "sub":
            token = token[:at] + letter + token[at + 1 :]
        elif op == "del":
            token = token[:at] + token[at + 1 :]
        elif op == "ins":
            token = token[:at] + letter + token[at:]
        elif at + 1 < len(token):
            token = token[:at] + token[at + 1] + token[at] + token[at + 2 :]
        tokens[i] = token
    return " ".join(tokens)


def reorder(name: str, rng: random.Random) -> str | None:
    tokens = _tokens(name)
    if len(tokens) < 2:
        return None
    shift = rng.randrange(1, len(tokens))
    return " ".join(tokens[shift:] + tokens[:shift])


_LEGAL_WORDS = re.compile(
    r"^(ltd|limited|llc|inc|corp|co|company|corporation|sa|s\.?a\.?|de|c\.?v\.?|gmbh|plc|"
    r"jsc|ooo|ltda|srl|bv|b\.v\.|ag|llp|lp|pte|pvt|fze|fzco|sarl|spa|the|and|of)[.,]*$",
    re.IGNORECASE,
)


def drop(name: str, rng: random.Random) -> str | None:
    """Drop a middle word (never the first or last: a given name or surname alone is another
    person, and legal forms are covered by ``legal``) from names of three or more words."""
    tokens = _tokens(name)
    words = [i for i, t in enumerate(tokens) if not _LEGAL_WORDS.match(t) and len(t) >= 2]
    if len(words) < 3:
        return None
    del tokens[rng.choice(words[1:-1])]
    return " ".join(tokens)


def cyrillic(name: str, rng: random.Random) -> str | None:  # noqa: ARG001 - same signature
    latin = anyascii(name).lower()
    if not re.search("[a-z]{3}", latin):
        return None
    words = re.findall(r"[a-z]+|[^a-z]+", latin)
    return "".join(_cyrillic_word(w) if w.isalpha() else w for w in words).title()


def spelling(name: str, rng: random.Random) -> str | None:
    lowered = name.lower()
    rules = [(p, r) for p, r in _SPELLING if re.search(p, lowered)]
    if not rules:
        return None
    pattern, replacement = rng.choice(rules)
    matches = list(re.finditer(pattern, lowered))
    m = rng.choice(matches)
    return lowered[: m.start()] + replacement + lowered[m.end() :]


def legal(name: str, rng: random.Random) -> str | None:
    upper = name.upper()
    rules = [(p, r) for p, r in _LEGAL_SWAPS if re.search(p, upper)]
    if rules:
        pattern, replacement = rng.choice(rules)
        return re.sub(pattern, replacement, upper, count=1)
    return f"{name} LTD"


def initials(name: str, rng: random.Random) -> str | None:  # noqa: ARG001 - same signature
    tokens = _tokens(name)
    if len(tokens) < 2 or not tokens[0][:1].isalpha():
        return None
    return " ".join([tokens[0][0] + ".", *tokens[1:]])


def honorific(name: str, rng: random.Random) -> str:
    return f"{rng.choice(_TITLES)} {name}"


def off_date(date: str, rng: random.Random) -> str:
    """A birth date as a customer might mistype it: a year off, or day and month swapped."""
    year = int(date[:4])
    if len(date) == 10 and int(date[8:]) <= 12 and date[5:7] != date[8:] and rng.random() < 0.5:
        return f"{date[:4]}-{date[8:]}-{date[5:7]}"
    return f"{year + rng.choice((-1, 1)):04d}{date[4:]}"


PERSON_VARIANTS = {"typo": typo, "reorder": reorder, "drop": drop, "cyrillic": cyrillic,
                   "spelling": spelling, "initials": initials}  # fmt: skip
ORG_VARIANTS = {"typo": typo, "reorder": reorder, "drop": drop, "cyrillic": cyrillic,
                "spelling": spelling, "legal": legal}  # fmt: skip


# ---------------------------------------------------------------- the labelled set
def _usable(name: str) -> bool:
    letters = anyascii(name)
    return len(re.findall(r"[A-Za-z]", letters)) >= 5 and bool(re.search(r"[A-Za-z]{3}", letters))


def _is_latin(name: str) -> bool:
    return all(ord(c) < 0x250 for c in name)


def _schema_of(entity: Entity) -> str:
    return "person" if entity.schema is Schema.PERSON else "company"


def positive_cases(
    entities: Sequence[tuple[str, Entity]], count: int, rng: random.Random
) -> list[Case]:
    """Listed names as written and corrupted, for ``count`` sampled entities (half persons)."""
    persons = [(d, e) for d, e in entities if e.schema is Schema.PERSON]
    others = [(d, e) for d, e in entities if e.schema is not Schema.PERSON]
    sample = rng.sample(persons, min(count // 2, len(persons)))
    sample += rng.sample(others, min(count - len(sample), len(others)))
    cases: list[Case] = []
    for dataset, entity in sample:
        cases.extend(_entity_cases(dataset, entity, rng))
    return cases


def _entity_cases(dataset: str, entity: Entity, rng: random.Random) -> Iterator[Case]:
    strong = [n for n in entity.names if n.type is not NameType.WEAK_ALIAS and _usable(n.value)]
    latin = [n.value for n in strong if _is_latin(n.value)]
    if not latin:
        return
    base = latin[0]
    key = (dataset, entity.id)
    person = entity.schema is Schema.PERSON
    listed = {utils.default_process(anyascii(n.value)) for n in entity.names}

    def query(name: str, dob: str | None = None) -> Query:
        declared = _schema_of(entity) if rng.random() < 0.5 else None
        countries = entity.nationalities[:1] if person and rng.random() < 0.3 else []
        return Query(name=name, schema=declared, birth_date=dob, countries=countries)

    yield Case(query(base), "as_listed", key)
    aliases = [n.value for n in strong if n.value != base]
    if aliases:
        yield Case(query(rng.choice(aliases)), "alias", key)
    dob = entity.birth_dates[0] if person and entity.birth_dates else None
    if dob:
        yield Case(query(base, dob if rng.random() < 0.5 else dob[:4]), "as_listed_dob", key)
    variants = PERSON_VARIANTS if person else ORG_VARIANTS
    for kind, make in variants.items():
        name = make(base, rng)
        if name and utils.default_process(anyascii(name)) not in listed:
            right = dob if dob and rng.random() < 0.5 else None
            yield Case(query(name, right), kind, key)
    if person:
        yield Case(query(honorific(base, rng)), "honorific", key)
        mistyped = typo(base, rng)
        if dob and mistyped:
            yield Case(query(mistyped, off_date(dob, rng)), "typo+dob_off", key)


def _first_last(name: str) -> tuple[str, str] | None:
    tokens = [t for t in _tokens(name) if len(t.strip(".")) > 1]
    return (tokens[0], tokens[-1]) if len(tokens) >= 2 else None


def negative_cases(
    entities: Sequence[tuple[str, Entity]], peps: Sequence[Entity], count: int, rng: random.Random
) -> list[Case]:
    """Unlisted names: real (registries, PEPs), synthetic recombinations, and hard ones."""
    cases = [
        Case(Query(u.name, schema=_maybe(u.schema, rng)), "registry", None)
        for u in registry_names()
    ]
    for pep in peps:
        dob = pep.birth_dates[0] if pep.birth_dates and rng.random() < 0.7 else None
        countries = pep.nationalities if rng.random() < 0.5 else []
        query = Query(pep.primary_name, _maybe("person", rng), dob, countries)
        cases.append(Case(query, "pep", None))
    pep_parts = [p for p in (_first_last(e.primary_name) for e in peps) if p]
    cases += _recombined(pep_parts, count, "synthetic_person", "person", rng)
    cases += _synthetic_companies(count, rng)
    listed_people = [
        p for _, e in entities if e.schema is Schema.PERSON and (p := _first_last(e.primary_name))
    ]
    cases += _recombined(listed_people, count, "hard_person", "person", rng)
    return cases


def _maybe(schema: str, rng: random.Random) -> str | None:
    return schema if rng.random() < 0.5 else None


def _recombined(
    parts: Sequence[tuple[str, str]], count: int, kind: str, schema: str, rng: random.Random
) -> list[Case]:
    names = {f"{rng.choice(parts)[0]} {rng.choice(parts)[1]}" for _ in range(count * 2)}
    chosen = rng.sample(sorted(names), min(count, len(names)))
    return [Case(Query(n, schema=_maybe(schema, rng)), kind, None) for n in chosen]


_SUFFIXES = ["LIMITED", "LTD", "GMBH", "LLC", "INC.", "S.A.", "B.V.", "TRADING LIMITED",
             "HOLDINGS LTD", "GROUP PLC", "SERVICES LIMITED", "& CO. KG", "SP. Z O.O."]  # fmt: skip


def _synthetic_companies(count: int, rng: random.Random) -> list[Case]:
    words = sorted(
        {
            w
            for u in registry_names()
            if u.schema == "company"
            for w in re.findall(r"[A-Za-z]{4,}", anyascii(u.name).upper())
            if w not in {"LIMITED", "GMBH", "HOLDINGS", "GROUP", "SERVICES", "TRADING", "COMPANY"}
        }
    )
    names = {
        f"{rng.choice(words)} {rng.choice(words)} {rng.choice(_SUFFIXES)}" for _ in range(count * 2)
    }
    chosen = rng.sample(sorted(names), min(count, len(names)))
    return [
        Case(Query(n, schema=_maybe("company", rng)), "synthetic_company", None) for n in chosen
    ]


def _folded_tokens(name: str) -> frozenset[str]:
    """Tokens for the genuine-match test; initials say nothing either way."""
    return frozenset(t for t in utils.default_process(anyascii(name)).split() if len(t) > 1)


def remove_genuine_matches(cases: list[Case], entities: Sequence[tuple[str, Entity]]) -> list[Case]:
    """Drop negatives whose tokens equal, or are all inside, one listed name's tokens."""
    by_token: dict[str, set[int]] = defaultdict(set)
    listed: list[frozenset[str]] = []
    for _, entity in entities:
        for name in entity.names:
            tokens = _folded_tokens(name.value)
            for token in tokens:
                by_token[token].add(len(listed))
            listed.append(tokens)
    kept = []
    for case in cases:
        tokens = _folded_tokens(case.query.name)
        if not case.positive and tokens:
            shared = set.intersection(*(by_token.get(t, set()) for t in tokens))
            if shared and (len(tokens) >= 2 or any(listed[i] == tokens for i in shared)):
                continue
        kept.append(case)
    return kept


# ---------------------------------------------------------------- engines
Scored = list[tuple[Key, float]]  # an engine's hits for one query: (entity, score)


def _compatible(schema: str | None, entity: Entity) -> bool:
    if schema is None:
        return True
    return (entity.schema is Schema.PERSON) == (schema == "person")


def run_openkyb(index: ScreeningIndex, cases: Sequence[Case], threshold: float) -> list[Scored]:
    """openkyb hits at or above ``threshold`` (the lowest threshold evaluated)."""
    return [
        [((h.dataset, h.entity_id), h.score) for h in index.screen(c.query, threshold, limit=50)]
        for c in cases
    ]


class TokenSortBaseline:
    """rapidfuzz token_sort_ratio against every listed name (anyascii-folded, as processed by
    rapidfuzz's default processor), in chunks so the score matrix stays small."""

    def __init__(self, entities: Sequence[tuple[str, Entity]]) -> None:
        self.entities = entities
        names, owners = [], []
        for position, (_, entity) in enumerate(entities):
            for name in entity.names:
                names.append(utils.default_process(anyascii(name.value)))
                owners.append(position)
        self.names = names
        self.owners = np.array(owners, dtype=np.int32)
        self.person = np.array([entities[o][1].schema is Schema.PERSON for o in owners])

    def run(self, cases: Sequence[Case], workers: int = 1) -> tuple[list[Scored], list[list[int]]]:
        """Hits (score >= 85, on 0..1) and the top entities for each query (for logic-v2)."""
        hits: list[Scored] = []
        top: list[list[int]] = []
        for start in range(0, len(cases), 256):
            chunk = cases[start : start + 256]
            queries = [utils.default_process(anyascii(c.query.name)) for c in chunk]
            scores = process.cdist(
                queries, self.names, scorer=fuzz.token_sort_ratio, dtype=np.uint8, workers=workers
            )
            for row, case in zip(scores, chunk, strict=True):
                if case.query.schema is not None:
                    row[self.person != (case.query.schema == "person")] = 0
                hits.append(self._hits(row))
                top.append(self._top(row))
        return hits, top

    def _hits(self, row: np.ndarray) -> Scored:
        best: dict[Key, float] = {}
        for name in np.nonzero(row >= TOKEN_SORT_THRESHOLD)[0].tolist():
            dataset, entity = self.entities[int(self.owners[name])]
            key = (dataset, entity.id)
            best[key] = max(best.get(key, 0.0), float(row[name]) / 100)
        return list(best.items())

    def _top(self, row: np.ndarray, count: int = LOGIC_V2_CANDIDATES) -> list[int]:
        head = np.argpartition(-row.astype(np.int16), 80)[:80]
        chosen: list[int] = []
        for name in head[np.argsort(-row[head], kind="stable")].tolist():
            owner = int(self.owners[name])
            if owner not in chosen and row[name] > 0:
                chosen.append(owner)
            if len(chosen) == count:
                break
        return chosen


_FTM_SCHEMA = {Schema.PERSON: "Person", Schema.ORGANIZATION: "Organization",
               Schema.COMPANY: "Company", Schema.VESSEL: "Vessel",
               Schema.AIRCRAFT: "Airplane"}  # fmt: skip
_FTM_NAME = {NameType.PRIMARY: "name", NameType.ALIAS: "alias",
             NameType.WEAK_ALIAS: "weakAlias", NameType.PREVIOUS: "previousName"}  # fmt: skip
_FTM_ID = {"passport": "passportNumber", "national_id": "idNumber", "registration":
           "registrationNumber", "tax": "taxNumber", "imo": "imoNumber", "lei": "leiCode",
           "swift": "swiftBic"}  # fmt: skip


class LogicV2Engine:
    """nomenklatura's logic-v2 (yente's default scorer) on FollowTheMoney versions of our
    entities; each query is scored against the candidates it is given."""

    def __init__(self, entities: Sequence[tuple[str, Entity]]) -> None:
        from followthemoney import model
        from nomenklatura.matching import LogicV2

        self.model = model
        self.algorithm = LogicV2
        self.config = LogicV2.default_config()
        self.entities = entities
        self._proxies: dict[int, Any] = {}
        self._queries = 0

    def proxy(self, position: int) -> Any:
        """The FtM entity for a listed entity (converted once)."""
        if position not in self._proxies:
            _, entity = self.entities[position]
            proxy = self.model.make_entity(_FTM_SCHEMA[entity.schema])
            proxy.id = f"e{position}"
            for name in entity.names:
                proxy.add(_FTM_NAME[name.type], name.value, quiet=True)
            proxy.add("birthDate", entity.birth_dates, quiet=True)
            proxy.add("nationality", entity.nationalities, quiet=True)
            proxy.add("country", entity.countries, quiet=True)
            for identifier in entity.identifiers:
                prop = _FTM_ID.get(identifier.type, "idNumber")
                proxy.add(prop, identifier.value, quiet=True)
            self._proxies[position] = proxy
        return self._proxies[position]

    def query_proxy(self, query: Query) -> Any:
        """The FtM entity yente would build from a matching query."""
        schema = {"person": "Person", "company": "Company"}.get(query.schema or "", "LegalEntity")
        proxy = self.model.make_entity(schema)
        # A fresh id per query: nomenklatura caches name analysis by entity id.
        self._queries += 1
        proxy.id = f"query-{self._queries}"
        proxy.add("name", query.name)
        proxy.add("birthDate", query.birth_date, quiet=True)
        proxy.add(
            "nationality" if schema == "Person" else "country", list(query.countries), quiet=True
        )
        proxy.add("idNumber", list(query.identifiers), quiet=True)
        return proxy

    def score(self, query: Query, candidates: Sequence[int]) -> Scored:
        """logic-v2 scores of the candidates, all of them (callers apply the threshold)."""
        probe = self.query_proxy(query)
        scored: Scored = []
        for position in candidates:
            result = self.algorithm.compare(probe, self.proxy(position), self.config)
            dataset, entity = self.entities[position]
            scored.append(((dataset, entity.id), float(result.score)))
        return scored


# ---------------------------------------------------------------- metrics
@dataclass
class Metrics:
    """Query-level results of one engine at one threshold."""

    recall_listed: float
    recall_corrupted: float
    fpr_realistic: float
    fpr_hard: float
    precision: float
    by_kind: dict[str, float]


def evaluate(cases: Sequence[Case], results: Sequence[Scored], threshold: float) -> Metrics:
    """Recall per kind, false-positive rates and precision at ``threshold``."""
    found: dict[str, list[bool]] = defaultdict(list)
    alerts = correct = 0
    for case, scored in zip(cases, results, strict=True):
        alerted = {key for key, score in scored if score >= threshold - 1e-9}
        if case.positive:
            hit = case.target in alerted
            found[case.kind].append(hit)
            alerts += bool(alerted)
            correct += hit
        else:
            found[case.kind].append(bool(alerted))
            alerts += bool(alerted) and case.kind in REALISTIC
    rate = {kind: sum(v) / len(v) for kind, v in found.items() if v}

    listed = [v for k in AS_LISTED for v in found.get(k, [])]
    negatives = {k for c in cases if not c.positive for k in [c.kind]}
    corrupted = [v for k, vs in found.items() if k not in AS_LISTED | negatives for v in vs]
    realistic = [v for k in REALISTIC for v in found.get(k, [])]
    hard = [v for k in HARD for v in found.get(k, [])]
    return Metrics(
        recall_listed=_mean(listed),
        recall_corrupted=_mean(corrupted),
        fpr_realistic=_mean(realistic),
        fpr_hard=_mean(hard),
        precision=correct / alerts if alerts else float("nan"),
        by_kind=rate,
    )


def _mean(values: Sequence[bool]) -> float:
    return sum(values) / len(values) if values else float("nan")


def _pct(value: float) -> str:
    return f"{100 * value:.1f} %" if value == value else "n/a"


def report(cases: Sequence[Case], engines: dict[str, tuple[list[Scored], float]]) -> None:
    """Print the comparison tables (markdown)."""
    counts = Counter(c.kind for c in cases)
    positives = sum(1 for c in cases if c.positive)
    print(f"\n{positives} positive and {len(cases) - positives} negative queries")
    print("\n| engine | threshold | recall as listed | recall corrupted | FPR realistic "
          "| FPR hard | precision |")  # fmt: skip
    print("|---|---|---|---|---|---|---|")
    metrics = {name: evaluate(cases, r, t) for name, (r, t) in engines.items()}
    for name, m in metrics.items():
        threshold = engines[name][1]
        print(f"| {name} | {threshold:g} | {_pct(m.recall_listed)} | {_pct(m.recall_corrupted)} "
              f"| {_pct(m.fpr_realistic)} | {_pct(m.fpr_hard)} "
              f"| {_pct(m.precision)} |")  # fmt: skip
    print("\n| kind | n | " + " | ".join(metrics) + " |")
    print("|---|---|" + "---|" * len(metrics))
    for kind in sorted(counts, key=lambda k: (k not in AS_LISTED, k in REALISTIC | HARD, k)):
        cells = " | ".join(_pct(m.by_kind.get(kind, float("nan"))) for m in metrics.values())
        print(f"| {kind} | {counts[kind]} | {cells} |")


def sweep(cases: Sequence[Case], results: Sequence[Scored]) -> None:
    """openkyb at several thresholds, to choose the default."""
    print("\n| openkyb threshold | recall as listed | recall corrupted | FPR realistic "
          "| FPR hard | precision |")  # fmt: skip
    print("|---|---|---|---|---|---|")
    for threshold in SWEEP:
        m = evaluate(cases, results, threshold)
        print(f"| {threshold:g} | {_pct(m.recall_listed)} | {_pct(m.recall_corrupted)} "
              f"| {_pct(m.fpr_realistic)} | {_pct(m.fpr_hard)} "
              f"| {_pct(m.precision)} |")  # fmt: skip


# ---------------------------------------------------------------- main
def build_cases(
    entities: Sequence[tuple[str, Entity]], peps: Sequence[Entity], count: int, seed: int
) -> list[Case]:
    """The labelled set: positives, then negatives without genuine matches."""
    rng = random.Random(seed)
    cases = positive_cases(entities, count, rng)
    cases += negative_cases(entities, peps, count // 2, rng)
    return remove_genuine_matches(cases, entities)


def main() -> None:
    """Build the set, run the engines, print the tables."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--entities", type=int, default=2000, help="listed entities sampled")
    parser.add_argument("--seed", type=int, default=7)
    parser.add_argument("--workers", type=int, default=2, help="cores for the brute force")
    parser.add_argument("--skip-logic-v2", action="store_true")
    args = parser.parse_args()

    lists = load_lists(SANCTIONS)
    peps = [e for _, e in load_lists(PEP).entities]
    print(f"formats: {', '.join(lists.formats)}; unreadable: {sorted(lists.failed) or 'none'}")
    started = time.perf_counter()
    index = ScreeningIndex.build(lists.entities)
    print(f"index: {index.size[0]} entities, {index.size[1]} names "
          f"in {time.perf_counter() - started:.1f} s")  # fmt: skip
    cases = build_cases(lists.entities, peps, args.entities, args.seed)

    baseline = TokenSortBaseline(lists.entities)
    started = time.perf_counter()
    token_sort, candidates = baseline.run(cases, args.workers)
    print(f"token_sort_ratio brute force: {time.perf_counter() - started:.1f} s")
    near = {i for i, (c, s) in enumerate(zip(cases, token_sort, strict=True))
            if not c.positive and any(score >= 0.95 for _, score in s)}  # fmt: skip
    keep = [i for i in range(len(cases)) if i not in near]
    cases = [cases[i] for i in keep]
    token_sort, candidates = [token_sort[i] for i in keep], [candidates[i] for i in keep]

    started = time.perf_counter()
    ours = run_openkyb(index, cases, min(SWEEP))
    print(f"openkyb: {time.perf_counter() - started:.1f} s")
    engines = {"openkyb": (ours, DEFAULT_THRESHOLD),
               "rapidfuzz token_sort_ratio": (token_sort, TOKEN_SORT_THRESHOLD / 100)}  # fmt: skip
    if not args.skip_logic_v2:
        started = time.perf_counter()
        scorer = LogicV2Engine(lists.entities)
        logic = [scorer.score(c.query, cand) for c, cand in zip(cases, candidates, strict=True)]
        print(f"logic-v2 on token_sort top-{LOGIC_V2_CANDIDATES} candidates: "
              f"{time.perf_counter() - started:.1f} s")  # fmt: skip
        engines["nomenklatura logic-v2"] = (logic, LOGIC_V2_THRESHOLD)
    report(cases, engines)
    sweep(cases, ours)


if __name__ == "__main__":
    main()
