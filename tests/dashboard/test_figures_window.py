"""The figures on a stack's boxes cover its latest requests, a number the key under the
diagram names, whatever the depth of those requests; the key spells out what a box says."""

from __future__ import annotations

from dashboard.box_figures import FIGURES_REQUESTS
from tests.dashboard.samples import GRAPH
from tests.dashboard.samples import announcement
from tests.dashboard.samples import trace_events


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


def test_the_key_under_the_diagram_names_the_window_and_spells_out_the_boxes(dashboard):
    # One sentence for the one wording every box uses (live_figures.js), each of its
    # abbreviations said: a student read "requests · errors … · p50/p95: …" under boxes saying
    # "req", "err" and bare "0.32/0.6 ms".
    dashboard.post("/api/stacks", announcement("windowed"))
    text = " ".join(dashboard.get("/?stack=windowed")[2].split())
    assert (
        "Each box reads <code>N req · E err · A/B ms</code>: N of this stack's last "
        f"{FIGURES_REQUESTS:,} requests went through it (none from before its ini last changed; "
        "a filter drawn in several lanes counts each lane's own), E of them ended in an error "
        "(a 5xx or an exception; not shown when none did), and half of them spent at most A ms "
        "in it, 95 in 100 at most B ms (the median and the 95th percentile). The route table's "
        "hits count every request kept.</p>"
    ) in text


def test_a_stack_without_routes_has_no_word_of_a_route_table(dashboard):
    # The sample graph announced without its router's routes: no route table is drawn.
    dashboard.post("/api/stacks", announcement("no-routes", graph=GRAPH))
    text = " ".join(dashboard.get("/?stack=no-routes")[2].split())
    assert "(the median and the 95th percentile).</p>" in text
    assert "route table" not in text
