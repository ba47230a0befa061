"""`dashboard.box_figures`: the arithmetic behind a box's figures."""

from __future__ import annotations

from dashboard.box_figures import percentile


def test_percentile_is_nearest_rank():
    assert percentile([5.0, 1.0, 3.0, 2.0, 4.0], 50) == 3.0
    assert percentile(list(map(float, range(1, 101))), 95) == 95.0
