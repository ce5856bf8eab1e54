"""Name scoring: token alignment and the weighted name score.

Names are compared as bags of tokens, so order never matters ("PUTIN, Vladimir"). Each query
token is aligned with at most one listed token (greedy on similarity, which is optimal for all
practical name lengths), adjacent tokens may be joined ("abdul rahman" = "abdulrahman",
"xi jin ping" = "xi jinping"), and the score is the similarity-weighted share of the two
names' token weight that aligned. Unaligned tokens cost their weight: a rare unmatched query
token costs a lot, an unmatched "LTD" almost nothing. A few rules then cap scores that a
weighted average overrates: short names, one-word names, and names whose only agreement is
legal forms or generic words.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from openkyb.screening.names import DISTINCTIVE, TokenClass
from openkyb.screening.similarity import (
    PHONETIC_SIMILARITY,
    edit_similarity,
    phonetic_similarity,
    token_similarity,
)

# Unaligned tokens cost their weight times these. A listed name often carries more parts than
# a customer gives (patronymics, tribal names), so unmatched listed tokens cost less than
# unmatched query tokens, which are parts the customer has and the listed person lacks.
QUERY_EXTRA_COST = 1.0
LISTED_EXTRA_COST = 0.6
# An initial aligned with a full name ("J" with "JOHN") is credited with the initial's weight
# only; half of the rest of the full name's weight is charged, since the initial is compatible
# with it but does not confirm it.
INITIAL_REMAINDER_COST = 0.5
SHORT_NAME = 4  # characters: names this short must match exactly (no typos, no extra words)
SHORT_NAME_CAP = 0.5
# A name with one distinctive word has nothing to corroborate a fuzzy match: the word must
# match exactly (or with one typo if long), and when it is found beside other words ("ELISE"
# in "ELISE HOLDING", "SHAHID" in "SHAHID MOGHADDAM INDUSTRIES") the score stays under the
# default threshold: worth a look at a low threshold only...
ONE_WORD_CAP = 0.75
LONG_WORD = 6
# ...unless that word is rare on the lists (used by a handful of entities) and long.
SPECIFIC_WEIGHT = 0.85
SPECIFIC_LENGTH = 6
_SUBSTANTIVE = frozenset({TokenClass.CONTENT, TokenClass.COMMON, TokenClass.GENERIC})

Pair = tuple[tuple[int, ...], tuple[int, ...], float]  # query indexes, listed indexes, similarity


@dataclass(frozen=True, slots=True)
class QueryName:
    """An analysed query name: tokens, classes, weights, and the similarity of each token to
    the index vocabulary (vocabulary id -> similarity, from candidate retrieval)."""

    tokens: list[str]
    classes: list[TokenClass]
    weights: list[float]
    similar: list[dict[int, float]]


@dataclass(frozen=True, slots=True)
class ListedName:
    """An indexed name, as the scorer needs it."""

    tokens: list[str]
    ids: list[int]
    classes: list[TokenClass]
    weights: list[float]
    person: bool = False


@dataclass(slots=True)
class NameScore:
    """The result of comparing two names.

    ``pairs`` hold more than one index where tokens were joined. ``credit`` is each pair's
    weight, ``query_cost`` and ``listed_cost`` what each unmatched token (and each initial's
    unconfirmed remainder) weighs; ``total`` is their sum, so the name score is
    sum(similarity x credit) / total.
    """

    score: float
    pairs: list[Pair] = field(default_factory=list)
    credit: list[float] = field(default_factory=list)
    unmatched_query: list[int] = field(default_factory=list)
    unmatched_listed: list[int] = field(default_factory=list)
    query_cost: dict[int, float] = field(default_factory=dict)
    listed_cost: dict[int, float] = field(default_factory=dict)
    total: float = 0.0
    note: str | None = None


def _candidate_pairs(query: QueryName, listed: ListedName) -> list[tuple[float, int, int]]:
    pairs: list[tuple[float, int, int]] = []
    for i, similar in enumerate(query.similar):
        q_token = query.tokens[i]
        initial = query.classes[i] == TokenClass.INITIAL
        for j, vid in enumerate(listed.ids):
            sim = similar.get(vid)
            if sim is None and (initial or listed.classes[j] == TokenClass.INITIAL):
                sim = token_similarity(q_token, listed.tokens[j])  # "j" against "john"
            if sim:
                pairs.append((sim, i, j))
    pairs.sort(reverse=True)
    return pairs


def _join_leftovers(
    left: list[str], left_free: list[int], right: list[str], right_free: list[int]
) -> list[tuple[tuple[int, int], int, float]]:
    """Adjacent free tokens on the left whose concatenation is a free right token, up to a
    typo (not phonetically: "khanna" is not "han yu")."""
    joined: list[tuple[tuple[int, int], int, float]] = []
    taken: set[int] = set()
    free = set(left_free)
    for a in left_free:
        b = a + 1
        if b not in free or a in taken:
            continue
        glued = left[a] + left[b]
        for r in right_free:
            if r in taken or abs(len(right[r]) - len(glued)) > 1:
                continue
            sim = 1.0 if glued == right[r] else edit_similarity(glued, right[r])
            if sim >= 0.85:
                joined.append(((a, b), r, sim))
                taken.update((a, b, r))
                break
    return joined


def align(query: QueryName, listed: ListedName, floor: float = 0.0) -> NameScore:
    """Align the tokens of two names and compute the weighted name score.

    Below ``floor`` the caps, which only ever lower a score, are not worth applying."""
    q_free = set(range(len(query.tokens)))
    l_free = set(range(len(listed.tokens)))
    result = NameScore(0.0)
    for sim, i, j in _candidate_pairs(query, listed):
        if i in q_free and j in l_free:
            q_free.discard(i)
            l_free.discard(j)
            result.pairs.append(((i,), (j,), sim))
    if q_free and l_free:
        q_left, l_left = sorted(q_free), sorted(l_free)
        for (a, b), r, sim in _join_leftovers(query.tokens, q_left, listed.tokens, l_left):
            q_free.difference_update((a, b))
            l_free.discard(r)
            result.pairs.append(((a, b), (r,), sim))
        q_left, l_left = sorted(q_free), sorted(l_free)
        for (a, b), r, sim in _join_leftovers(listed.tokens, l_left, query.tokens, q_left):
            l_free.difference_update((a, b))
            q_free.discard(r)
            result.pairs.append(((r,), (a, b), sim))
    result.unmatched_query = sorted(q_free)
    result.unmatched_listed = sorted(l_free)
    _weigh(query, listed, result)
    if result.score >= floor:
        _apply_rules(query, listed, result)
    return result


def _is_initial_pair(query: QueryName, listed: ListedName, pair: Pair) -> bool:
    q_idx, l_idx, _ = pair
    return (
        len(q_idx) == 1
        and len(l_idx) == 1
        and (
            query.classes[q_idx[0]] == TokenClass.INITIAL
            or listed.classes[l_idx[0]] == TokenClass.INITIAL
        )
    )


def _weigh(query: QueryName, listed: ListedName, result: NameScore) -> None:
    """Credit aligned pairs and charge unmatched tokens; sets ``score``."""
    matched = 0.0
    for pair in result.pairs:
        q_idx, l_idx, sim = pair
        q_weight = max(query.weights[i] for i in q_idx)
        l_weight = max(listed.weights[j] for j in l_idx)
        if _is_initial_pair(query, listed, pair):
            low = min(q_weight, l_weight)
            remainder = INITIAL_REMAINDER_COST * (max(q_weight, l_weight) - low)
            if q_weight > l_weight:
                result.query_cost[q_idx[0]] = remainder
            else:
                result.listed_cost[l_idx[0]] = remainder
            q_weight = l_weight = low
        result.credit.append(q_weight + l_weight)
        matched += sim * (q_weight + l_weight)
    listed_extra = LISTED_EXTRA_COST
    if any(query.classes[i] == TokenClass.INITIAL for i in result.unmatched_query):
        listed_extra = 1.0  # "JOHN E. PETERSON" against "JOHN JAMES PETERSON": E is not JAMES
    for i in result.unmatched_query:
        result.query_cost[i] = QUERY_EXTRA_COST * query.weights[i]
    for j in result.unmatched_listed:
        result.listed_cost[j] = listed_extra * listed.weights[j]
    result.total = (
        sum(result.credit) + sum(result.query_cost.values()) + sum(result.listed_cost.values())
    )
    result.score = matched / result.total if result.total > 0 else 0.0


def _content_length(tokens: list[str], classes: list[TokenClass]) -> int:
    return sum(len(t) for t, c in zip(tokens, classes, strict=True) if c in DISTINCTIVE)


def _count(classes: list[TokenClass], kinds: frozenset[TokenClass]) -> int:
    return sum(1 for c in classes if c in kinds)


def _cap(result: NameScore, cap: float, note: str) -> None:
    if result.score > cap:
        result.score = cap
        result.note = note


def _apply_rules(query: QueryName, listed: ListedName, result: NameScore) -> None:
    """The false-positive guards that a weighted average alone does not give."""
    # Pairs that identify: judged by the listed token, whose class is known, not the query
    # token, which may be a misspelt generic word. Initials are judged by their weight only.
    distinctive = [
        pair
        for pair in result.pairs
        if any(listed.classes[j] in DISTINCTIVE for j in pair[1])
        and not _is_initial_pair(query, listed, pair)
    ]
    if not distinctive and not any(_is_initial_pair(query, listed, p) for p in result.pairs):
        result.score = 0.0
        result.note = "only legal forms, generic words or particles align"
        return
    exact = all(sim == 1.0 for _, _, sim in distinctive)
    extra = any(query.classes[i] in _SUBSTANTIVE for i in result.unmatched_query) or any(
        listed.classes[j] in _SUBSTANTIVE for j in result.unmatched_listed
    )
    if (
        _content_length(query.tokens, query.classes) <= SHORT_NAME
        or _content_length(listed.tokens, listed.classes) <= SHORT_NAME
    ) and (not exact or extra):
        _cap(result, SHORT_NAME_CAP, f"short name (<= {SHORT_NAME} letters) must match exactly")
        return
    one_word = _count(query.classes, DISTINCTIVE) == 1 or _count(listed.classes, DISTINCTIVE) == 1
    if not one_word:
        return
    typo_only = all(_long_typo(query, listed, pair) for pair in distinctive)
    if not (exact or typo_only):
        alone = (
            _count(query.classes, _SUBSTANTIVE) == 1 or _count(listed.classes, _SUBSTANTIVE) == 1
        )
        _cap(
            result, SHORT_NAME_CAP if alone else ONE_WORD_CAP, "a one-word name must match exactly"
        )
    elif extra and not _specific(listed, distinctive):
        _cap(result, ONE_WORD_CAP, "a one-word name matched beside other words")


def _specific(listed: ListedName, distinctive: list[Pair]) -> bool:
    """Whether the one distinctive word that matched is rare and long enough to identify an
    organisation on its own ("ASCOTEC", "COMMERZBANK"), unlike "EMMA" or "SHAHID". A surname
    alone never identifies a person."""
    return (
        not listed.person
        and len(distinctive) == 1
        and all(
            listed.weights[j] >= SPECIFIC_WEIGHT and len(listed.tokens[j]) >= SPECIFIC_LENGTH
            for j in distinctive[0][1]
        )
    )


def _long_typo(query: QueryName, listed: ListedName, pair: Pair) -> bool:
    """One typo in a word of six letters or more ("OILSTAKR" for "OILSTAR"), or a close
    transliteration ("DOLFIN" for "DOLPHIN"), still names it."""
    q_idx, l_idx, sim = pair
    if sim == 1.0:
        return True
    a = "".join(query.tokens[i] for i in q_idx)
    b = "".join(listed.tokens[j] for j in l_idx)
    if min(len(a), len(b)) < LONG_WORD:
        return False
    return edit_similarity(a, b) >= 0.83 or phonetic_similarity(a, b) >= PHONETIC_SIMILARITY
