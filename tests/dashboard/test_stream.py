"""`GET /api/stream` over real HTTP, `LiveStream`'s bounded queues and resume, and how
`LiveFeed` gathers arrivals into messages."""

from __future__ import annotations

import json
import re
import time

import pytest

from dashboard.stream import LiveStream
from dashboard.stream import Message
from dashboard.trace_rows import summarize
from tests.dashboard.samples import trace_events
from tests.dashboard.servers import stored
from tests.dashboard.sse import SSEReader
from tests.dashboard.sse import data_lines
from tests.dashboard.sse import event_names


def test_new_requests_arrive_as_rows_and_a_trace_to_animate(dashboard):
    reader = SSEReader(dashboard.url + "/api/stream")
    try:
        assert reader.status == 200
        assert reader.headers["Content-Type"].startswith("text/event-stream")
        dashboard.post("/api/events", trace_events("live-1", path="/v1/live"))
        seen = reader.until(lambda m: m["event"] == "trace" and "live-1" in m["data"])
        rows = [m for m in seen if m["event"] == "rows"]
        assert rows and 'data-trace="live-1"' in rows[-1]["data"]
        trace = json.loads(seen[-1]["data"])
        assert trace["path"] == "/v1/live"
        assert [e["seq"] for e in trace["events"]] == list(range(14))
        ids = [int(m["id"]) for m in seen]
        assert ids == sorted(ids) and len(set(ids)) == len(ids)
    finally:
        reader.close()


def test_a_browser_that_reconnects_gets_what_it_missed(dashboard):
    reader = SSEReader(dashboard.url + "/api/stream")
    try:
        dashboard.post("/api/events", trace_events("resume-1"))
        first = reader.until(lambda m: m["event"] == "trace" and "resume-1" in m["data"])[-1]
    finally:
        reader.close()
    dashboard.post("/api/events", trace_events("resume-2"))  # while nobody listens
    stored(dashboard, "resume-2")
    again = SSEReader(dashboard.url + "/api/stream", last_event_id=first["id"])
    try:
        seen = again.until(lambda m: m["event"] == "trace" and "resume-2" in m["data"])
        assert all(int(m["id"]) > int(first["id"]) for m in seen)
        assert not any("resume-1" in m["data"] for m in seen if m["event"] == "trace")
    finally:
        again.close()


def test_a_bad_last_event_id_is_refused(dashboard):
    status, _, body = dashboard.get("/api/stream", headers={"Last-Event-ID": "yesterday"})
    assert status == 400 and "Last-Event-ID" in body["error"]


def test_a_slow_client_is_cut_off_and_others_keep_everything():
    stream = LiveStream(history=10, client_queue=2, keepalive_s=0.05)
    slow = stream.messages(None)
    fast = stream.messages(None)
    assert next(slow).startswith("retry:") and next(fast).startswith("retry:")
    received = []
    for n in range(5):
        stream.publish("rows", f"row {n}")
        received.append(next(fast))  # the fast client reads each message at once
    assert [r.split("data: ")[1].strip() for r in received] == [f"row {n}" for n in range(5)]
    # The slow one read nothing: its queue filled at 2, so it was cut off, not waited for;
    # its stream ends and the browser reconnects with the last id it got...
    assert stream.client_count() == 1
    assert list(slow) == []
    first_id = int(received[0].split("\n")[0].split(": ")[1])
    resumed = stream.messages(first_id - 1)
    next(resumed)
    # ...and the bounded history gives it everything it missed, in order.
    assert [next(resumed).split("data: ")[1].strip() for _ in range(5)] == [
        f"row {n}" for n in range(5)]


def test_history_is_bounded():
    stream = LiveStream(history=3, client_queue=2)
    for n in range(10):
        stream.publish("rows", str(n))
    assert [data_lines(text) for _, text, _ in stream.history] == [["7"], ["8"], ["9"]]


def test_an_update_reaches_each_client_in_one_write_and_resumes_per_message():
    stream = LiveStream(history=10, client_queue=2)
    client = stream.messages(None)
    next(client)
    last = stream.publish_many([Message("rows", "<tr>"), Message("trace", "{}")])
    text = next(client)  # rows and trace together: one wake-up, one write
    assert event_names(text) == ["rows", "trace"]
    assert f"id: {last - 1}\n" in text and f"id: {last}\n" in text
    resumed = stream.messages(last - 1)
    next(resumed)
    assert next(resumed) == f"id: {last}\nevent: trace\ndata: {{}}\n\n"


@pytest.mark.parametrize("app", [{"FEED_COALESCE_MS": 1000}], indirect=True,
                         ids=["coalesce-1s"])
def test_the_first_arrival_goes_at_once_and_a_burst_is_gathered(app):
    feed = app.extensions["pastescope.feed"]
    client = app.extensions["pastescope.stream"].messages(None)
    next(client)
    try:
        start = time.monotonic()
        arrive(feed, "burst-0")
        first = next(client)
        assert time.monotonic() - start < 0.9, "the first arrival waited for the coalesce mark"
        assert 'data-trace="burst-0"' in first and "event: trace" in first
        arrive(feed, "burst-1")
        arrive(feed, "burst-2")
        second = next(client)
        assert time.monotonic() - start >= 1.0
        rows = [line for line in data_lines(second) if line.startswith("<tr")]
        assert [re.search(r'data-trace="([^"]+)"', row)[1] for row in rows] == [
            "burst-2", "burst-1"]
        assert second.count("event: rows") == 1 and second.count("event: trace") == 1
    finally:
        client.close()


def arrive(feed, trace: str) -> None:
    events = trace_events(trace)
    feed.traces_arrived([summarize(trace, events)], {trace: events})


def test_a_trace_split_over_batches_is_listed_once_merged(dashboard):
    reader = SSEReader(dashboard.url + "/api/stream")
    try:
        events = trace_events("split-live", path="/v1/split")
        dashboard.post("/api/events", events[:7])
        dashboard.post("/api/events", events[7:])
        seen = reader.until(lambda m: m["event"] == "trace" and "split-live" in m["data"]
                            and json.loads(m["data"])["status"] == 200)
        row = [m["data"] for m in seen if m["event"] == "rows" and "split-live" in m["data"]][-1]
        assert 'data-path="/v1/split"' in row and 'data-method="GET"' in row
        assert 'class="status">200<' in row
    finally:
        reader.close()
    detail = dashboard.get("/api/traces/split-live")[2]
    assert [e["seq"] for e in detail["events"]] == list(range(14))


def test_a_request_list_says_the_stream_id_it_is_current_as_of(dashboard):
    """Each list rendered (the page's `data-stream-id`, htmx's header) names a message id at or
    after the row of each request it lists; the stream resumed after it sends the next."""
    reader = SSEReader(dashboard.url + "/api/stream?events=rows")
    try:
        dashboard.post("/api/events", trace_events("as-of-1"))
        row = reader.until(lambda m: "as-of-1" in m["data"])[-1]
    finally:
        reader.close()
    status, headers, rows = dashboard.get("/requests?path=%2F", headers={"HX-Request": "true"})
    assert status == 200 and 'data-trace="as-of-1"' in rows
    as_of = headers["X-Pastescope-Stream-Id"]
    _, _, page = dashboard.get("/requests")
    on_page = re.search(r'<tbody id="rows"[^>]* data-stream-id="(\d+)"', page).group(1)
    assert int(row["id"]) <= int(as_of) <= int(on_page)
    resumed = SSEReader(f"{dashboard.url}/api/stream?events=rows&after={as_of}")
    try:
        dashboard.post("/api/events", trace_events("as-of-2"))
        first = resumed.until(lambda m: m["event"] == "rows")[-1]
        assert "as-of-2" in first["data"] and "as-of-1" not in first["data"]
    finally:
        resumed.close()
