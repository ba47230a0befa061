"""The stream's history for resume holds each message's data once: it kept the whole `Message`
beside its encoded text, so each of 512 full traces was held twice."""

from __future__ import annotations

from dashboard.stream import LiveStream
from dashboard.stream import subscription


def test_the_history_holds_a_trace_once_and_still_resumes_by_stack():
    stream = LiveStream(history=4)
    trace = "trace of osapi_compute " + "x" * 4096
    first = stream.publish("trace", trace, stack="osapi_compute")
    stream.publish("trace", "trace of busy-demo", stack="busy-demo")
    assert [repr(kept).count(trace) for kept in stream.history] == [1, 0]
    # A page showing one stack (Live, /requests) resuming its messages still gets the trace,
    # and not the other's.
    _, backlog = stream.subscribe(first - 1, subscription(["osapi_compute"]))
    assert [text.count(trace) for text in backlog] == [1]
