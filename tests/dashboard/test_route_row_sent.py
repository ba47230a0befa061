"""The row of its router's table a route.match matched (`stack.routing.matched_row`, as the
store counts the hit) goes to the browser with it: on the stream's `trace` message and
`GET /api/traces/ID/shown` (Live's replay), and on `GET /api/traces/ID/steps` (the step
view), so a page lights the row the server found, twins told apart (`route_row`); null where
no table holds the route."""

from __future__ import annotations

import json

from tests.dashboard.servers import steps_of
from tests.dashboard.servers import stored
from tests.dashboard.sse import SSEReader
from tests.dashboard.twin_routes import DIGITS
from tests.dashboard.twin_routes import LETTERS
from tests.dashboard.twin_routes import matching
from tests.dashboard.twin_routes import twins_stack


def rows_of(events: list[dict]) -> list:
    """Each route.match's `route_row`."""
    return [e["route_row"] for e in events if e["kind"] == "route.match"]


def test_live_and_the_step_view_are_sent_the_twin_a_request_matched(dashboard):
    assert dashboard.post("/api/stacks", twins_stack("rowed", DIGITS, LETTERS))[0] == 200
    reader = SSEReader(dashboard.url + "/api/stream")
    try:
        by_letters = matching("by-letters", "rowed", {"id": "ab"})
        assert dashboard.post("/api/events", by_letters)[0] == 202
        message = reader.until(lambda m: m["event"] == "trace" and "by-letters" in m["data"])
        assert rows_of(json.loads(message[-1]["data"])["events"]) == [1]
    finally:
        reader.close()
    stored(dashboard, "by-letters")
    assert rows_of(dashboard.get("/api/traces/by-letters/shown")[2]["events"]) == [1]
    steps = steps_of(dashboard, "by-letters")["steps"]
    assert [s["route_row"] for s in steps if s["kind"] == "route.match"] == [1]
    assert {s["route_row"] for s in steps if s["kind"] != "route.match"} == {None}


def test_a_route_no_table_holds_is_sent_with_no_row(dashboard):
    """Its stack announced its router's table empty: the page lights the route by template."""
    assert dashboard.post("/api/stacks", twins_stack("unrowed"))[0] == 200
    assert dashboard.post("/api/events", matching("unlisted", "unrowed", {"id": "5"}))[0] == 202
    stored(dashboard, "unlisted")
    assert rows_of(dashboard.get("/api/traces/unlisted/shown")[2]["events"]) == [None]
    steps = steps_of(dashboard, "unlisted")["steps"]
    assert [s["route_row"] for s in steps if s["kind"] == "route.match"] == [None]
