"""Identifiers sort by creation and never collide."""

from __future__ import annotations

from openkyb.ids import new_id


def test_ids_sort_in_creation_order_and_are_unique():
    ids = [new_id("vrf") for _ in range(10_000)]
    assert ids == sorted(ids)
    assert len(set(ids)) == len(ids)
    assert all(len(i) == 30 and i.startswith("vrf_") for i in ids)
