"""`GET /api/stream?stack=NAME`: one stack's messages and the stack picker, not every stack's
(a page showing one stack (Live, /requests) beside a busy demo stack was sent every one of its
traces), over real HTTP; and how `LiveStream` sends and replays each subscription's own."""

from __future__ import annotations

import json

from dashboard.stream import LiveStream
from dashboard.stream import Message
from dashboard.stream import subscription
from tests.dashboard.samples import announcement
from tests.dashboard.samples import trace_events
from tests.dashboard.sse import SSEReader
from tests.dashboard.sse import data_lines
from tests.dashboard.sse import event_names


def test_a_stacks_subscription_gets_its_traces_and_figures_and_the_stack_picker(dashboard):
    everything = SSEReader(dashboard.url + "/api/stream")
    mine = SSEReader(dashboard.url + "/api/stream?stack=mine-a")
    try:
        dashboard.post("/api/events", trace_events("busy-1", stack="busy-b"))
        # Sent to every subscriber, in order, before any message of mine-a's.
        everything.until(lambda m: m["event"] == "trace" and "busy-1" in m["data"])
        dashboard.post("/api/stacks", announcement("mine-a"))
        dashboard.post("/api/events", trace_events("mine-1", stack="mine-a"))
        seen: list[dict[str, str]] = []
        for event in ("stacks", "trace", "figures"):
            if not any(m["event"] == event for m in seen):
                seen += mine.until(lambda m, event=event: m["event"] == event)
        assert {m["event"] for m in seen} == {"stacks", "trace", "figures"}
        about = [json.loads(m["data"])["stack"] for m in seen if m["event"] != "stacks"]
        assert about and set(about) == {"mine-a"}
        trace = next(json.loads(m["data"]) for m in seen if m["event"] == "trace")
        assert trace["trace"] == "mine-1"
        assert not any("busy-1" in m["data"] or "busy-b" in m["data"]
                       for m in seen if m["event"] != "stacks")
        ids = [int(m["id"]) for m in seen]
        assert ids == sorted(ids)
    finally:
        everything.close()
        mine.close()


def test_a_stack_name_that_cannot_be_one_is_refused(dashboard):
    for bad in ("", "x" * 201):
        status, _, body = dashboard.get(f"/api/stream?stack={bad}")
        assert status == 400
        assert body["error"].startswith("stack must be a stack's name of 1 to 200 characters")


def test_each_subscription_is_sent_and_replayed_its_own_and_the_whole_one_all():
    stream = LiveStream(history=10, client_queue=4)
    whole = stream.messages(None)
    mine = stream.messages(None, subscription(["a"]))
    assert next(whole).startswith("retry:") and next(mine).startswith("retry:")
    first = stream.publish_many([Message("rows", "<tr>"), Message("trace", "of b", "b"),
                                 Message("trace", "of a", "a"), Message("stacks", "<nav>")])
    stream.publish("figures", "of b", stack="b")  # none of a's: a's subscriber is not woken
    stream.publish("figures", "of a", stack="a")
    assert event_names(next(whole)) == ["rows", "trace", "trace", "stacks"]
    assert data_lines(next(whole)) == ["of b"] and data_lines(next(whole)) == ["of a"]
    assert event_names(next(mine)) == ["trace", "stacks"]
    assert data_lines(next(mine)) == ["of a"]
    # Reconnecting after the first message: the whole history, or a's alone.
    resumed = stream.messages(first - 3, subscription(["a"]))
    next(resumed)
    assert [data_lines(next(resumed)) for _ in range(3)] == [["of a"], ["<nav>"], ["of a"]]
