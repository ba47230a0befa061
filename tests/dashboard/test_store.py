"""`TraceStore`: retention by count and age, merging, figures, route hits."""

from __future__ import annotations

import time

import pytest

from dashboard.store import TraceStore
from dashboard.store import percentile
from dashboard.store import status_range
from tests.dashboard.samples import trace_events


@pytest.fixture
def store(tmp_path):
    store = TraceStore(tmp_path / "store.sqlite3", max_traces=5, max_age_s=3600)
    yield store
    store.close()


def test_retention_keeps_the_newest_by_count(store):
    for n in range(8):
        store._last_prune = 0.0  # prune on every batch, as after a second has passed
        store.add_events(trace_events(f"t{n}"))
    assert [t["trace"] for t in store.traces()] == ["t7", "t6", "t5", "t4", "t3"]
    assert store.trace("t0") is None
    assert sum(f["requests"] for f in store.node_figures("sample").values()) == 5 * 4


def test_retention_drops_what_is_too_old(store):
    store.add_events(trace_events("old"))
    store.max_age_s = 0.01
    time.sleep(0.05)
    store._last_prune = 0.0
    store.add_events(trace_events("new"))
    assert [t["trace"] for t in store.traces()] == ["new"]


def test_the_database_uses_wal(store):
    assert store.db.execute("PRAGMA journal_mode").fetchone()[0] == "wal"


def test_a_trace_split_over_batches_is_merged_in_order(store):
    events = trace_events("split")
    store.add_events(events[7:])
    summary = store.add_events(events[:7])[0]
    assert summary["method"] == "GET" and summary["status"] == 200
    assert [e["seq"] for e in store.trace("split")["events"]] == list(range(14))
    assert store.count() == 1


def test_batches_written_together_keep_each_event_once(store):
    events = trace_events("twice")
    store.add_events(events[:9] + events[5:])  # two overlapping batches, as the writer joins them
    assert [e["seq"] for e in store.trace("twice")["events"]] == list(range(14))
    assert sum(f["requests"] for f in store.node_figures("sample").values()) == 4


def test_figures_per_box_and_route_hits(store):
    store.add_events(trace_events("ok"))
    store.add_events(trace_events("denied", denied=True))
    figures = store.node_figures("sample")
    assert figures["filter:auth"] == {"requests": 2, "errors": 0, "p50": 0.2, "p95": 0.7}
    assert figures["app:router"]["requests"] == 1
    assert store.route_hits("sample") == {"app:router GET /items": 1}


def test_status_range_and_percentile():
    assert status_range("4xx") == (400, 499)
    assert status_range("404") == (404, 404)
    with pytest.raises(ValueError):
        status_range("bad")
    assert percentile([5.0, 1.0, 3.0, 2.0, 4.0], 50) == 3.0
    assert percentile(list(map(float, range(1, 101))), 95) == 95.0
