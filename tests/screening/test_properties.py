"""Property tests: any input is screened without error, with scores in [0, 1]."""

from __future__ import annotations

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from openkyb.screening import Query, ScreeningIndex
from openkyb.screening.normalize import fold

SCHEMAS = st.sampled_from([None, "person", "company", "vessel", "Organization"])
DATES = st.one_of(st.none(), st.text(max_size=12), st.dates().map(lambda d: d.isoformat()))
NAMES = st.one_of(
    st.text(max_size=80),
    st.lists(st.sampled_from(["putin", "Vladimir", "ООО", "LLC", "محمد", "习", "bin", "A."]),
             max_size=8).map(" ".join),
)  # fmt: skip


@settings(
    max_examples=300, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(name=NAMES, schema=SCHEMAS, birth_date=DATES,
       countries=st.lists(st.text(max_size=3), max_size=3),
       identifiers=st.lists(st.text(max_size=12), max_size=3),
       threshold=st.floats(min_value=0.0, max_value=1.0))  # fmt: skip
def test_any_query_screens(
    index: ScreeningIndex,
    name: str,
    schema: str | None,
    birth_date: str | None,
    countries: list[str],
    identifiers: list[str],
    threshold: float,
):
    query = Query(name, schema, birth_date, countries, identifiers)
    hits = index.screen(query, threshold=threshold, limit=5)
    assert len(hits) <= 5
    for hit in hits:
        assert 0.0 <= hit.score <= 1.0
        assert hit.score >= round(threshold, 3) - 0.001
        assert 0.0 <= hit.explanation["name"]["score"] <= 1.0
        assert hit.explanation["final"] == hit.score


@given(st.text())
def test_fold_is_ascii_and_idempotent(text: str):
    folded = fold(text)
    assert folded.isascii()
    assert fold(folded) == folded
