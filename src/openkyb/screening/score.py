"""Name scoring: token similarity, token alignment, and the weighted name score.

Names are compared as bags of tokens, so order never matters ("PUTIN, Vladimir"). Each query
token is aligned with at most one listed token (greedy on similarity, which is optimal for all
practical name lengths), adjacent tokens may be joined ("abdul rahman" = "abdulrahman",
"xi jin ping" = "xi jinping"), and the score is the similarity-weighted share of the
two names' token weight that aligned. Unaligned tokens cost their weight: a rare unmatched
query token costs a lot, an unmatched "LTD" almost nothing.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from rapidfuzz.distance import OSA

from openkyb.screening.names import DISTINCTIVE, TokenClass
from openkyb.screening.normalize import is_abjad, skeleton

MIN_SIMILARITY = 0.7  # below this two tokens are different words
INITIAL_SIMILARITY = 0.8  # "j" against "john": compatible, but not proof
# Unaligned tokens cost their weight times these. A listed name often carries more parts than
# a customer gives (patronymics, tribal names), so unmatched listed tokens cost less than
# unmatched query tokens, which are parts the customer has and the listed person lacks.
QUERY_EXTRA_COST = 1.0
LISTED_EXTRA_COST = 0.6
SHORT_NAME = 4  # characters: names this short must match exactly (no typos, no extra words)
SHORT_NAME_CAP = 0.5
_VOWELS = frozenset("aeiouy")


def max_edits(length: int) -> int:
    """Edits tolerated between tokens of this length: none for 3 letters, 3 for 9 or more."""
    if length <= 3:
        return 0
    if length <= 5:
        return 1
    return 2 if length <= 8 else 3


def _skeleton_similarity(a: str, b: str) -> float:
    """Similarity of two spellings of one name ("muhammad"/"mohamed", "mhmd"/"muhammad")."""
    key = skeleton(a)
    if not key or key != skeleton(b):
        return 0.0
    abjad = is_abjad(a) or is_abjad(b)
    if len(key) == 1:  # Arabic "ly" is "ali": only for vowel-less transliterations
        return 0.75 if abjad else 0.0
    if not abjad and (a[0] in _VOWELS) != (b[0] in _VOWELS):
        return 0.0  # "maria" is not "omar", though both reduce to "mr"
    return 0.8 if len(key) == 2 else (0.85 if len(key) == 3 else 0.9)


def token_similarity(a: str, b: str) -> float:
    """Similarity of two folded tokens in [0, 1]; 0 when they are different words.

    Equal tokens score 1; an initial against a name starting with it scores 0.8; numbers must
    be equal; otherwise the better of the edit similarity (within :func:`max_edits`) and the
    phonetic-skeleton similarity, cut to 0 under 0.7.
    """
    if a == b:
        return 1.0
    if not a or not b:
        return 0.0
    if len(a) == 1 or len(b) == 1:
        one_initial = (len(a) == 1) != (len(b) == 1)
        return INITIAL_SIMILARITY if one_initial and a[0] == b[0] else 0.0
    if a.isdigit() or b.isdigit():
        return 0.0
    longest = max(len(a), len(b))
    allowed = max_edits(longest)
    similarity = 0.0
    if allowed:
        distance = OSA.distance(a, b, score_cutoff=allowed)
        if distance <= allowed:
            similarity = 1.0 - distance / longest
    similarity = max(similarity, _skeleton_similarity(a, b))
    return similarity if similarity >= MIN_SIMILARITY else 0.0


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


@dataclass(slots=True)
class NameScore:
    """The result of comparing two names; ``pairs`` are (query indexes, listed indexes,
    similarity), with more than one index where tokens were joined."""

    score: float
    pairs: list[tuple[tuple[int, ...], tuple[int, ...], float]] = field(default_factory=list)
    unmatched_query: list[int] = field(default_factory=list)
    unmatched_listed: list[int] = field(default_factory=list)
    note: str | None = None


def _candidate_pairs(query: QueryName, listed: ListedName) -> list[tuple[float, int, int]]:
    pairs: list[tuple[float, int, int]] = []
    for i, similar in enumerate(query.similar):
        q_token = query.tokens[i]
        for j, vid in enumerate(listed.ids):
            sim = similar.get(vid)
            if sim is None and (len(q_token) == 1 or len(listed.tokens[j]) == 1):
                sim = token_similarity(q_token, listed.tokens[j])  # initials
            if sim:
                pairs.append((sim, i, j))
    pairs.sort(reverse=True)
    return pairs


def _join_leftovers(
    left: list[str], left_free: list[int], right: list[str], right_free: list[int]
) -> list[tuple[tuple[int, int], int, float]]:
    """Adjacent free tokens on the left whose concatenation matches a free right token."""
    joined: list[tuple[tuple[int, int], int, float]] = []
    used: set[int] = set()
    free = set(left_free)
    for a in left_free:
        b = a + 1
        if b not in free or a in used or b in used:
            continue
        glued = left[a] + left[b]
        for r in right_free:
            if r in {x for _, x, _ in joined} or abs(len(right[r]) - len(glued)) > 2:
                continue
            sim = token_similarity(glued, right[r])
            if sim >= 0.85:
                joined.append(((a, b), r, sim))
                used.update((a, b))
                break
    return joined


def align(query: QueryName, listed: ListedName) -> NameScore:
    """Align the tokens of two names and compute the weighted name score."""
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
    result.score = _weighted_score(query, listed, result)
    _apply_rules(query, listed, result)
    return result


def _weighted_score(query: QueryName, listed: ListedName, result: NameScore) -> float:
    matched = 0.0
    total = 0.0
    for q_idx, l_idx, sim in result.pairs:
        weight = max(query.weights[i] for i in q_idx) + max(listed.weights[j] for j in l_idx)
        matched += sim * weight
        total += weight
    total += QUERY_EXTRA_COST * sum(query.weights[i] for i in result.unmatched_query)
    total += LISTED_EXTRA_COST * sum(listed.weights[j] for j in result.unmatched_listed)
    return matched / total if total > 0 else 0.0


def _content_length(tokens: list[str], classes: list[TokenClass]) -> int:
    return sum(len(t) for t, c in zip(tokens, classes, strict=True) if c in DISTINCTIVE)


def _apply_rules(query: QueryName, listed: ListedName, result: NameScore) -> None:
    """The false-positive guards that a weighted average alone does not give."""
    distinctive_pairs = [
        (q_idx, l_idx, sim)
        for q_idx, l_idx, sim in result.pairs
        if any(query.classes[i] in DISTINCTIVE for i in q_idx)
        or any(listed.classes[j] in DISTINCTIVE for j in l_idx)
    ]
    if not distinctive_pairs:
        result.score = 0.0
        result.note = "only legal forms, generic words or particles align"
        return
    short = (
        _content_length(query.tokens, query.classes) <= SHORT_NAME
        or _content_length(listed.tokens, listed.classes) <= SHORT_NAME
    )
    if short and result.score > SHORT_NAME_CAP:
        inexact = any(sim < 1.0 for _, _, sim in distinctive_pairs)
        extra = any(query.classes[i] in DISTINCTIVE for i in result.unmatched_query) or any(
            listed.classes[j] in DISTINCTIVE for j in result.unmatched_listed
        )
        if inexact or extra:
            result.score = SHORT_NAME_CAP
            result.note = f"short name (<= {SHORT_NAME} letters) must match exactly"
