"""What Live replays carries its paths and route arguments as every page words them.

The stream's `trace` message and `GET /api/traces/ID/shown` (what Live fetches for a row
clicked, a request sent, Replay) give the trace and each event holding a path or a route's
match a `shown` object, computed by stack/wsgi_path.py (the trace's with its status as the
pages word it), each node.enter the box it lights (`place`, dashboard/trace_rows.py's
`span_places`) and each node.leave what its layer passed up in the pages' words (`outcome`);
the events stay as recorded.
"""

from __future__ import annotations

import json
from typing import Any

from dashboard.trace_rows import span_places
from stack.wsgi_path import readable_path
from stack.wsgi_path import route_args
from tests.dashboard.servers import stored
from tests.dashboard.sse import SSEReader
from tests.dashboard.typed_paths import MATCH
from tests.dashboard.typed_paths import PATH
from tests.dashboard.typed_paths import typed_events


def assert_shown(dashboard, trace: dict[str, Any]) -> None:
    """`trace` is the trace as stored, with the shown forms stack/wsgi_path.py computes and
    the place of each span entered."""
    kept = stored(dashboard, trace["trace"])
    assert trace.pop("shown") == {"path": readable_path(PATH), "status": "200"}
    shown = {e["kind"]: e.pop("shown") for e in trace["events"] if "shown" in e}
    assert shown == {"request.start": {"path": readable_path(PATH)},
                     "route.match": {"args": route_args(MATCH)}}
    places = {e["span"]: e.pop("place") for e in trace["events"] if "place" in e}
    assert places == {span: list(place) for span, place in span_places(kept["events"]).items()}
    # Its stack announced no route table: the row its route matched is not known.
    assert [e.pop("route_row") for e in trace["events"] if e["kind"] == "route.match"] == [None]
    outcomes = [e.pop("outcome") for e in trace["events"] if e["kind"] == "node.leave"]
    assert outcomes == [str(e["data"]["status"]) for e in kept["events"]
                        if e["kind"] == "node.leave"]
    assert trace == kept


def test_the_stream_sends_a_trace_with_its_shown_forms(dashboard):
    reader = SSEReader(dashboard.url + "/api/stream")
    try:
        assert dashboard.post("/api/events", typed_events("shown-stream"))[0] == 202
        message = reader.until(lambda m: m["event"] == "trace" and "shown-stream" in m["data"])
        assert_shown(dashboard, json.loads(message[-1]["data"]))
    finally:
        reader.close()


def test_a_stored_trace_is_fetched_with_its_shown_forms(dashboard):
    assert dashboard.post("/api/events", typed_events("shown-stored"))[0] == 202
    stored(dashboard, "shown-stored")
    status, _, trace = dashboard.get("/api/traces/shown-stored/shown")
    assert status == 200
    # Its stack never announced a graph, so none changed since (Live says so only when one did).
    assert trace.pop("graph_changed") is False
    assert_shown(dashboard, trace)


def test_an_unknown_trace_is_a_404_naming_it(dashboard):
    status, _, body = dashboard.get("/api/traces/no-such-trace/shown")
    assert status == 404 and "'no-such-trace'" in body["error"]
