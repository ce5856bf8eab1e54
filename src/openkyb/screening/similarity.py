"""Token similarity: when are two folded tokens spellings of the same word?

Two signals, the better one wins:

* edit similarity (optimal string alignment, so a transposition is one edit), tolerated only
  within a length-dependent budget: none for three letters, one for four or five, two up to
  eight, three beyond;
* phonetic similarity for transliteration variants that differ by more than a typo
  ("mohamed"/"muhammad", "hussein"/"husayn", Arabic-script "mhmd"/"muhammad").

Under 0.7 two tokens are different words and the similarity is 0.
"""

from __future__ import annotations

from rapidfuzz.distance import OSA

from openkyb.screening.normalize import is_abjad, shape, skeleton, sounds

MIN_SIMILARITY = 0.7
INITIAL_SIMILARITY = 0.8  # "j" against "john": compatible, but not proof
# A shared sound shape is good evidence for the long names it was made for ("mohamed" and
# "muhammad") but also joins different names ("garcia" and "garza"): worth one typo at most.
PHONETIC_SIMILARITY = 0.85


def max_edits(length: int) -> int:
    """Edits tolerated between tokens of this length: none for 3 letters, 3 for 9 or more."""
    if length <= 3:
        return 0
    if length <= 5:
        return 1
    return 2 if length <= 8 else 3


def edit_similarity(a: str, b: str) -> float:
    """1 - edits / length within the :func:`max_edits` budget, else 0."""
    longest = max(len(a), len(b))
    allowed = max_edits(longest)
    if not allowed or abs(len(a) - len(b)) > allowed:
        return 0.0
    distance = OSA.distance(a, b, score_cutoff=allowed)
    return 1.0 - distance / longest if distance <= allowed else 0.0


def phonetic_similarity(a: str, b: str) -> float:
    """Similarity of two spellings of one name ("muhammad"/"mohamed", "mhmd"/"muhammad").

    Latin spellings must share their vowel-run shape (:func:`normalize.shape`) with at least
    three consonants, or two when their lengths are close ("said"/"saeed", "dzhen"/"jen", not
    "buyer"/"bor"). A vowel-less (abjad) transliteration has only its consonant skeleton.
    """
    if is_abjad(a) or is_abjad(b):
        key = skeleton(a)
        if not key or key != skeleton(b):
            return 0.0
        return 0.75 if len(key) == 1 else (0.8 if len(key) == 2 else 0.85)
    key = shape(a)
    if key != shape(b):
        return 0.0
    consonants = sum(1 for c in key if c != "V")
    if consonants >= 3:
        return PHONETIC_SIMILARITY
    if consonants < 2:
        return 0.0
    shorter, longer = sorted((len(sounds(a)), len(sounds(b))))
    return PHONETIC_SIMILARITY - 0.1 if longer - shorter <= (2 if shorter >= 4 else 1) else 0.0


def token_similarity(a: str, b: str, phonetic: bool = True) -> float:
    """Similarity of two folded tokens in [0, 1]; 0 when they are different words.

    Equal tokens score 1; an initial against a name starting with it scores 0.8; numbers must
    be equal; otherwise the better of the edit and (unless ``phonetic`` is False) phonetic
    similarities, cut to 0 under 0.7.
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
    similarity = edit_similarity(a, b)
    if phonetic and similarity < 0.9:
        similarity = max(similarity, phonetic_similarity(a, b))
    return similarity if similarity >= MIN_SIMILARITY else 0.0
