"""The figures on a stack's boxes cover its latest requests, a number the key under the
diagram names, whatever the depth of those requests."""

from __future__ import annotations

import pytest

from dashboard.box_figures import FIGURES_REQUESTS
from dashboard.store import TraceStore
from tests.dashboard.samples import announcement
from tests.dashboard.samples import trace_events


@pytest.fixture
def store(tmp_path):
    store = TraceStore(tmp_path / "store.sqlite3")
    yield store
    store.close()


def test_the_entry_box_counts_the_latest_requests_not_a_number_of_hops(store):
    # Shallow requests (three layers: the filter answered 401) and deep ones (four), more of
    # them than the window: the entry box counts exactly the window's requests.
    events = []
    for n in range(FIGURES_REQUESTS + 150):
        events += trace_events(f"t{n}", denied=n % 2 == 0)
    store.add_events(events)
    nodes = store.node_figures("sample")["nodes"]
    assert nodes["composite:main"]["requests"] == FIGURES_REQUESTS
    assert nodes["filter:auth"]["requests"] == FIGURES_REQUESTS
    assert nodes["app:router"]["requests"] == FIGURES_REQUESTS // 2


def test_the_key_under_the_diagram_names_the_window(dashboard):
    dashboard.post("/api/stacks", announcement("windowed"))
    text = " ".join(dashboard.get("/?stack=windowed")[2].split())
    assert (f"On each box, of this stack's last {FIGURES_REQUESTS:,} requests served by the "
            "graph drawn here (none from before its ini last changed):") in text
    assert "The route table counts every request kept." in text
