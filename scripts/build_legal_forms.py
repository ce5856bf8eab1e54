"""Derive the screening engine's legal-form table from ISO 20275 (ELF codes) plus a hand list.

    python scripts/build_legal_forms.py [ELF_CSV] [-o src/openkyb/screening/data/legal_forms.txt]

Each output line is ``phrase<TAB>canonical``: a folded token sequence as it appears in names
("gesellschaft mit beschrankter haftung", "g m b h" is folded to "gmbh" first) and the canonical
tokens it stands for ("gmbh"). Every ELF row contributes its local and transliterated names and
abbreviations; its canonical form is its shortest abbreviation. When rows disagree about a
phrase the most common canonical form wins. The hand list below adds the English, Russian and
other forms that ISO 20275 leaves out or spells only in the plural, and overrides the vote.
"""

from __future__ import annotations

import argparse
import csv
from collections import Counter, defaultdict
from pathlib import Path

from openkyb.screening.normalize import merge_initials, tokenize

ROOT = Path(__file__).resolve().parents[1]
DEFAULT_CSV = ROOT.parent / "shared/data/reference/iso20275_elf_codes/elf-codes-1.4.1.csv"
DEFAULT_OUT = ROOT / "src/openkyb/screening/data/legal_forms.txt"
MAX_TOKENS = 6

# Hand list: phrase -> canonical. Cross-language equivalents share a canonical form
# (ООО = LLC, АО = JSC), so "OOO Romashka" matches "Romashka LLC".
HAND: dict[str, str] = {
    "limited": "ltd",
    "ltd": "ltd",
    "ltda": "ltd",
    "company": "co",
    "co": "co",
    "ko": "co",
    "kompani": "co",
    "kompaniya": "co",
    "korporatsiya": "corp",
    "korporeyshn": "corp",
    "corporation": "corp",
    "corp": "corp",
    "incorporated": "inc",
    "inc": "inc",
    "limited company": "ltd",
    "private limited": "ltd",
    "private limited company": "ltd",
    "pvt ltd": "ltd",
    "pvt": "ltd",
    "pte ltd": "ltd",
    "pte": "ltd",
    "pty ltd": "ltd",
    "pty": "ltd",
    "limited liability company": "llc",
    "limited liability co": "llc",
    "llc": "llc",
    "public limited company": "plc",
    "plc": "plc",
    "limited liability partnership": "llp",
    "llp": "llp",
    "limited partnership": "lp",
    "lp": "lp",
    "joint stock company": "jsc",
    "joint stock co": "jsc",
    "jsc": "jsc",
    "public joint stock company": "pjsc",
    "pjsc": "pjsc",
    "closed joint stock company": "cjsc",
    "cjsc": "cjsc",
    "open joint stock company": "ojsc",
    "ojsc": "ojsc",
    "obshchestvo s ogranichennoy otvetstvennostyu": "llc",
    "obshchestvo s ogranichennoi otvetstvennostiu": "llc",
    "ooo": "llc",
    "tovarishchestvo s ogranichennoy otvetstvennostyu": "llp",
    "too": "llp",
    "tovarystvo z obmezhenoyu vidpovidalnistyu": "llc",
    "tov": "llc",
    "aktsionernoe obshchestvo": "jsc",
    "aktsionernoye obshchestvo": "jsc",
    "ao": "jsc",
    "zakrytoe aktsionernoe obshchestvo": "cjsc",
    "zakrytoye aktsionernoye obshchestvo": "cjsc",
    "zao": "cjsc",
    "otkrytoe aktsionernoe obshchestvo": "ojsc",
    "otkrytoye aktsionernoye obshchestvo": "ojsc",
    "oao": "ojsc",
    "publichnoe aktsionernoe obshchestvo": "pjsc",
    "publichnoye aktsionernoye obshchestvo": "pjsc",
    "pao": "pjsc",
    "federalnoe gosudarstvennoe unitarnoe predpriyatie": "fgup",
    "fgup": "fgup",
    "gosudarstvennoe unitarnoe predpriyatie": "gup",
    "gup": "gup",
    "sahami khass": "pjsc",
    "sahami khas": "pjsc",
    "sahami aam": "jsc",
    "you xian gong si": "co ltd",
    "youxian gongsi": "co ltd",
    "gu fen you xian gong si": "co ltd",
    "gufen youxian gongsi": "co ltd",
    "gong si": "co",
    "gongsi": "co",
    "gesellschaft mit beschrankter haftung": "gmbh",
    "gmbh": "gmbh",
    "aktiengesellschaft": "ag",
    "ag": "ag",
    "societe anonyme": "sa",
    "sociedad anonima": "sa",
    "sa": "sa",
    "societe a responsabilite limitee": "sarl",
    "sarl": "sarl",
    "sociedad de responsabilidad limitada": "srl",
    "societa a responsabilita limitata": "srl",
    "srl": "srl",
    "sociedade limitada": "ltd",
    "sdn bhd": "sdn bhd",
    "sendirian berhad": "sdn bhd",
    "berhad": "bhd",
    "bhd": "bhd",
    "anonim sirketi": "as",
    "limited sirketi": "ltd",
    "sirketi": "co",
    "kabushiki kaisha": "kk",
    "kabushiki gaisha": "kk",
    "yugen kaisha": "yk",
}

# Single words that some ELF rows list as a legal form but that are ordinary name words
# ("Bank Melli", "Trust Company"). Treating them as legal forms would make them nearly weightless.
NOT_LEGAL = {
    "bank", "trust", "fund", "foundation", "association", "partnership", "cooperative",
    "society", "union", "church", "school", "university", "club", "mission", "institute",
    "authority", "agency", "council", "committee", "charity", "estate", "federation",
    "chamber", "office", "branch", "state", "public", "private", "general", "national",
    "municipality", "hospital", "college", "academy", "museum", "party", "fondation",
    "stiftung", "verein", "fundacion", "fundacao", "fondazione", "associazione", "asociacion",
    "enterprise", "group", "firm", "trading", "mutual", "commune", "sole", "individual",
    "as", "es", "is", "it", "an", "on", "or", "at", "be", "de", "la", "le", "el", "en",
    "embassy", "ambassade", "ambasciate", "botschaft", "bezirk", "canton", "cantone", "kanton",
    "district", "distretto", "gemeinde", "comune", "municipal", "municipio", "railroad",
    "series", "proprietary", "other", "procura", "procuration", "prokura", "estado", "bund",
    "confederation", "confederazione", "condominiums", "indivisioni", "indivisions", "firma",
    "chartered", "societe", "administration", "incorporation", "son", "sam", "ming", "per",
    "ong", "gen", "sal", "sat", "soc", "ma", "he", "lg", "hu", "li", "so", "do", "da", "ad",
    "ba", "bo", "ed", "na", "pa", "ra", "si", "ok", "oi", "ko", "ju", "fon", "tr", "ii",
}  # fmt: skip
MAX_ABBREVIATION = 8  # characters of a canonical abbreviation ("sdnbhd", "sarl", "gmbh")
MIN_WORD = 10  # a one-word full legal form must be a long compound ("aktiengesellschaft")


def fold_phrase(text: str) -> tuple[str, ...]:
    """The token sequence the engine sees for an organisation name part."""
    return tuple(merge_initials(tokenize(text)))


def usable(raw: str) -> bool:
    """Abbreviation fields also hold prose ("or inc.", "DAC – (limited by shares)")."""
    lowered = raw.lower()
    if any("\u3040" <= char <= "\u9fff" or "\uac00" <= char <= "\ud7af" for char in raw):
        return False  # kanji or hangul abbreviations transliterate to unrelated syllables
    return bool(raw.strip()) and not any(
        marker in lowered for marker in (" or ", "(", "–", "&", "/", "+")
    )


def row_phrases(row: dict[str, str]) -> tuple[list[tuple[str, ...]], list[tuple[str, ...]]]:
    """A row's (full names, abbreviations), folded."""
    names = [
        row["Entity Legal Form name Local name"],
        row["Entity Legal Form name Transliterated name (per ISO 01-140-10)"],
    ]
    abbreviations = []
    for field in ("Abbreviations Local language", "Abbreviations transliterated"):
        abbreviations.extend(part for part in row[field].split(";") if usable(part))
    folded_names = [fold_phrase(n) for n in names if usable(n)]
    folded_abbr = [fold_phrase(a) for a in abbreviations]
    return [p for p in folded_names if p], [p for p in folded_abbr if p]


def vote(csv_path: Path) -> dict[tuple[str, ...], str]:
    """Phrase -> canonical, by majority over the ELF rows."""
    votes: dict[tuple[str, ...], Counter[str]] = defaultdict(Counter)
    with csv_path.open(encoding="utf-8-sig", newline="") as handle:
        for row in csv.DictReader(handle):
            names, abbreviations = row_phrases(row)
            short = [a for a in abbreviations if 2 <= len("".join(a)) <= MAX_ABBREVIATION]
            if not short:
                continue
            canonical = "".join(min(short, key=lambda a: (len("".join(a)), a)))
            long_names = [n for n in names if len(n) > 1 or len(n[0]) >= MIN_WORD]
            for phrase in {*long_names, *short}:
                votes[phrase][canonical] += 1
    return {phrase: counter.most_common(1)[0][0] for phrase, counter in votes.items()}


def keep(phrase: tuple[str, ...], canonical: str) -> bool:
    """Drop phrases that are too long, too short or ordinary words."""
    if len(phrase) > MAX_TOKENS or len(canonical) < 2 or not canonical.isalnum():
        return False
    if len(phrase) == 1 and (phrase[0] in NOT_LEGAL or len(phrase[0]) < 2):
        return False
    return not any(t.isdigit() for t in phrase)


def build(csv_path: Path) -> dict[str, str]:
    """The final table, phrase -> canonical (both space-joined folded tokens)."""
    table = {" ".join(p): c for p, c in vote(csv_path).items() if keep(p, c)}
    for phrase, canonical in HAND.items():
        table[" ".join(fold_phrase(phrase))] = canonical
    return dict(sorted(table.items()))


def main() -> None:
    """Write the table."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("csv", nargs="?", type=Path, default=DEFAULT_CSV)
    parser.add_argument("-o", "--output", type=Path, default=DEFAULT_OUT)
    args = parser.parse_args()
    table = build(args.csv)
    header = [
        "# Generated by scripts/build_legal_forms.py from ISO 20275 ELF codes 1.4.1 + a hand list.",
        "# phrase<TAB>canonical; both are folded tokens (see openkyb.screening.normalize.fold).",
    ]
    lines = header + [f"{phrase}\t{canonical}" for phrase, canonical in table.items()]
    args.output.write_text("\n".join(lines) + "\n", encoding="utf-8")
    print(f"{len(table)} phrases -> {args.output}")


if __name__ == "__main__":
    main()
