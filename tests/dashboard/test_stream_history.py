"""The stream's history for resume holds each message's data once: it kept the whole `Message`
beside its encoded text, so each of 512 full traces was held twice. A browser resuming after
more than it holds is told so first (`gap`)."""

from __future__ import annotations

from dashboard.stream import MAX_SNAPSHOTS
from dashboard.stream import About
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


def test_a_browser_resuming_before_the_history_is_told_of_the_gap_first():
    stream = LiveStream(history=2)
    start = stream.last_id
    first = stream.publish("rows", "<tr>1")
    stream.publish("rows", "<tr>2")
    # Within the history (or at its start): every message missed, and no gap.
    assert [data_of(text) for text in stream.subscribe(start)[1]] == ["<tr>1", "<tr>2"]
    third = stream.publish("rows", "<tr>3")
    stream.publish("presenter", "{}", kept=False)  # a repeat of news: it drops nothing
    # Resuming after one no longer held: the gap (the id after which all is held), then the rest.
    _, backlog = stream.subscribe(start)
    assert backlog == [f"event: gap\ndata: {first}\n\n", f"id: {first + 1}\nevent: rows\n"
                       "data: <tr>2\n\n", f"id: {third}\nevent: rows\ndata: <tr>3\n\n"]
    assert stream.subscribe(first)[1][0].startswith("id: ")
    # Only to a subscription that reads it; and to a browser from before a restart.
    assert stream.subscribe(start, subscription(events=["rows"]))[1][0].startswith("id: ")
    told = stream.subscribe(start, subscription(events=["rows", "gap"]))[1]
    assert told[0].startswith("event: gap")
    restarted = LiveStream()
    assert restarted.subscribe(start - 1)[1] == [f"event: gap\ndata: {restarted.last_id}\n\n"]


def data_of(text: str) -> str:
    return text.split("data: ", 1)[1].strip()


def test_a_browser_resuming_before_the_history_is_sent_the_newest_stack_picker_it_missed():
    """The picker is a `stacks` message; one the history dropped left a stack that announced
    itself while the page was away missing from its picker until the next one."""
    stream = LiveStream(history=2)
    start = stream.last_id
    stream.publish("stacks", "<ul>a</ul>")
    picker = stream.publish("stacks", "<ul>a b</ul>")
    for n in range(3):
        stream.publish("rows", f"<tr>{n}", stack="a")
    rows = subscription(["a"], ["rows", "stacks", "gap"])
    assert [data_of(text) for text in stream.subscribe(start, rows)[1]] == [
        str(stream.held_after), "<ul>a b</ul>", "<tr>1", "<tr>2"]
    # Whether or not it reads `gap` (the lesson page reads `stacks` alone); not to one that
    # reads no `stacks`, nor to one that had it.
    assert [data_of(text) for text in stream.subscribe(start, subscription(events=["stacks"]))[1]] \
        == ["<ul>a b</ul>"]
    assert [data_of(text) for text in stream.subscribe(start, subscription(events=["rows"]))[1]] \
        == ["<tr>1", "<tr>2"]
    assert "<ul>" not in "".join(stream.subscribe(picker, rows)[1])
    # One the history still holds is sent once, in its place.
    stream.publish("stacks", "<ul>a b c</ul>")
    assert "".join(stream.subscribe(start, rows)[1]).count("<ul>a b c</ul>") == 1


def test_a_browser_resuming_before_the_history_is_sent_each_stacks_newest_figures_it_missed():
    """Each box's figures (a `figures` message, per stack) stayed as they were before the page
    went away until its stack's next request; of several missed, the newest of each stack."""
    stream = LiveStream(history=2)
    start = stream.last_id
    stream.publish("figures", '{"n": 1}', stack="a")
    stream.publish("figures", '{"n": 2}', stack="a")
    stream.publish("figures", '{"n": 9}', stack="b")
    for n in range(3):
        stream.publish("rows", f"<tr>{n}", stack="a")
    live = subscription(["a"], ["rows", "figures", "gap"])
    assert [data_of(text) for text in stream.subscribe(start, live)[1]] == [
        str(stream.held_after), '{"n": 2}', "<tr>1", "<tr>2"]
    # The stacks published least lately are forgotten first, past the most kept.
    for n in range(MAX_SNAPSHOTS):
        stream.publish("figures", "{}", stack=f"s{n}")
    assert About("figures", "a") not in stream.newest
    assert len(stream.newest) == MAX_SNAPSHOTS
