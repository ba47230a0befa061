"""`--max-traces` and `--max-age` hold on a real dashboard that no trace reaches any more
(`dashboard.retention`): what `/api/traces` lists once it has been left alone."""

from __future__ import annotations

import time
from collections.abc import Iterator

import pytest

from tests.dashboard.samples import announcement
from tests.dashboard.samples import trace_events
from tests.dashboard.servers import Dashboard

#: Longest a trace past a limit may stay listed (README: "within two seconds"), with room
#: for a busy machine.
PRUNED_WITHIN_S = 2.0 + 3.0


@pytest.fixture
def limited(request, tmp_path) -> Iterator[Dashboard]:
    """A dashboard started with the flags `request.param`."""
    server = Dashboard(tmp_path, *request.param)
    try:
        yield server
    finally:
        server.stop()


def listed(dashboard: Dashboard) -> list[str]:
    return [row["trace"] for row in dashboard.get("/api/traces")[2]]


@pytest.mark.parametrize("limited", [("--max-traces", "5")], indirect=True)
def test_a_burst_beyond_max_traces_is_cut_to_the_newest_with_no_more_traffic(limited):
    assert limited.post("/api/stacks", announcement())[0] == 200
    # the first write prunes; the burst written in the next second is not pruned as written
    assert limited.post("/api/events", trace_events("first"))[0] == 202
    burst = [event for n in range(11) for event in trace_events(f"burst-{n}")]
    assert limited.post("/api/events", burst)[0] == 202

    kept = limited.wait_for("/api/traces", lambda rows: len(rows) <= 5, PRUNED_WITHIN_S)
    assert [row["trace"] for row in kept] == [f"burst-{n}" for n in (10, 9, 8, 7, 6)]
    assert limited.get("/api/traces/first")[0] == 404


@pytest.mark.parametrize("limited", [("--max-age", "2")], indirect=True)
def test_traces_older_than_max_age_go_with_no_more_traffic(limited):
    assert limited.post("/api/stacks", announcement())[0] == 200
    sent = time.monotonic()
    for name in ("old-1", "old-2", "old-3"):
        assert limited.post("/api/events", trace_events(name))[0] == 202
    assert sorted(listed(limited)) == ["old-1", "old-2", "old-3"]

    limited.wait_for("/api/traces", lambda rows: rows == [], 2.0 + PRUNED_WITHIN_S)
    assert time.monotonic() - sent >= 2.0  # not before they were 2 s old
    assert limited.get("/api/traces/old-1")[0] == 404
