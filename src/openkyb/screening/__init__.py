"""Name screening against sanctions, PEP and other watchlists: a pure, in-memory library.

    from openkyb.screening import ScreeningIndex, Query, DEFAULT_THRESHOLD

    index = ScreeningIndex.build((dataset, entity) for ...)
    hits = index.screen(Query(name="Vladimir Putin", schema="person", birth_date="1952"))

Every :class:`Hit` carries an explanation of the token alignment and of each qualifier
(birth date, country, identifier) that moved its score. See docs/screening.md.
"""

from openkyb.screening.index import ScreeningIndex
from openkyb.screening.model import DEFAULT_THRESHOLD, Hit, Query
from openkyb.screening.normalize import fold

__all__ = ["DEFAULT_THRESHOLD", "Hit", "Query", "ScreeningIndex", "fold"]
