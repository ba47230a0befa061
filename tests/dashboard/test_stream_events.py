"""`GET /api/stream?events=…`, over real HTTP: a page is sent the messages it reads alone (a
lesson page, beside a busy stack, was sent every trace and figure of its own stack, to read only
the stack picker), rows one stack's at a time (a list showing one stack was sent a busy other
stack's rows, to hide them), resumed after a message id given as `after` (a page subscribing
anew as its pick changes cannot set Last-Event-ID)."""

from __future__ import annotations

import html
import re

from tests.dashboard import page_text
from tests.dashboard.samples import announcement
from tests.dashboard.samples import trace_events
from tests.dashboard.servers import HTMX
from tests.dashboard.sse import SSEReader


def test_the_lesson_page_is_sent_the_stack_picker_alone(dashboard):
    page = dashboard.get("/lessons/compute-demo")[2]
    stream = html.unescape(re.search(r'<article class="lesson".*?sse-connect="([^"]+)"', page,
                                     re.S).group(1))
    lesson = SSEReader(dashboard.url + stream)
    everything = SSEReader(dashboard.url + "/api/stream")
    try:
        dashboard.post("/api/events", trace_events("lesson-own-1", stack="osapi_compute"))
        everything.until(lambda m: m["event"] == "figures" and "osapi_compute" in m["data"])
        dashboard.post("/api/stacks", announcement("picker-news"))
        # Sent after the trace and its figures: any message of them would have come first.
        seen = lesson.until(lambda m: m["event"] == "stacks" and "picker-news" in m["data"])
        assert {m["event"] for m in seen} == {"stacks"}
    finally:
        lesson.close()
        everything.close()


def test_the_follow_page_is_sent_the_teachers_position_alone(dashboard):
    """A student's Follow page reads `presenter` alone: beside a busy stack it was sent, and
    parsed, every row, trace and figure too."""
    page = dashboard.get("/follow")[2]
    stream = html.unescape(re.search(r'<div id="follow".*?data-stream="([^"]+)"', page,
                                     re.S).group(1))
    follow = SSEReader(dashboard.url + stream)
    everything = SSEReader(dashboard.url + "/api/stream")
    try:
        dashboard.post("/api/events", trace_events("follow-busy-1", stack="busy"))
        everything.until(lambda m: m["event"] == "figures" and "busy" in m["data"])
        assert dashboard.post("/api/presenter", {"trace": "follow-busy-1", "index": 0})[0] == 200
        # Sent after the rows, the trace and its figures: any of them would have come first.
        seen = follow.until(lambda m: m["event"] == "presenter")
        assert {m["event"] for m in seen} == {"presenter"}
    finally:
        follow.close()
        everything.close()
        dashboard.post("/api/presenter", {"trace": None})


def listed(message: dict[str, str]) -> list[str]:
    """The requests a `rows` message lists (none for another message)."""
    if message["event"] != "rows":
        return []
    return re.findall(r'data-trace="([^"]+)"', message["data"])


def test_rows_come_one_stacks_at_a_time_and_resume_after_an_id(dashboard):
    everything = SSEReader(dashboard.url + "/api/stream")
    mine = SSEReader(dashboard.url + "/api/stream?events=rows&stack=list-a")
    try:
        dashboard.post("/api/events", trace_events("a-1", stack="list-a"))
        dashboard.post("/api/events", trace_events("b-1", stack="list-b"))
        had = mine.until(lambda m: "a-1" in listed(m))[-1]
        mine.close()
        dashboard.post("/api/events", trace_events("b-2", stack="list-b"))
        dashboard.post("/api/events", trace_events("a-2", stack="list-a"))
        seen: set[str] = set()

        def all_four(message: dict[str, str]) -> bool:
            seen.update(listed(message))
            return {"a-1", "b-1", "a-2", "b-2"} <= seen

        rows = everything.until(all_four)
        assert not [m for m in rows if {"a-1", "a-2"} & set(listed(m))
                    and {"b-1", "b-2"} & set(listed(m))], "a rows message of both stacks"
        # Sent after every one above: read up to it, a resumed stream has shown all it will.
        dashboard.post("/api/events", trace_events("a-3", stack="list-a"))

        mine = SSEReader(dashboard.url + f"/api/stream?events=rows&stack=list-a&after={had['id']}")
        resumed = mine.until(lambda m: "a-3" in listed(m))
        assert [trace for m in resumed for trace in listed(m)] == ["a-2", "a-3"]
    finally:
        everything.close()
        mine.close()


def test_an_event_the_stream_never_sends_is_refused(dashboard):
    status, _, body = dashboard.get("/api/stream?events=rows,row")
    assert status == 400
    assert body["error"] == ("events must be names of the stream's messages, figures, gap, "
                             "loaded, presenter, rows, stacks, trace, separated by commas; "
                             "got 'row'")


def test_a_stack_name_the_stream_refuses_the_request_list_refuses_alike(dashboard):
    """/requests?stack=<201 characters> was listed (no request), and its page subscribed to the
    stream, which refused the name: the page reconnected forever."""
    name = "s" * 201
    said = f"stack must be a stack's name of 1 to 200 characters, got {name[:80]!r}"
    status, _, body = dashboard.get(f"/api/stream?stack={name}")
    assert (status, body["error"]) == (400, said)
    status, _, page = dashboard.get(f"/requests?stack={name}")
    assert status == 400 and said in page_text.shown(page)
    status, _, rows = dashboard.get(f"/requests?stack={name}", headers=HTMX)
    assert status == 400 and said in page_text.shown(rows)
    assert dashboard.get(f"/requests?stack={'s' * 200}")[0] == 200
