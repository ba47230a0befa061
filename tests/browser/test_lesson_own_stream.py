"""A lesson page beside a busy stack is sent its own stack's messages and the stack picker, not
the other stack's traces (every one was sent to it, and parsed): what reaches the page is read
from the browser's own network log. It still enables Run as its stack starts, and a Run still
shows what came back."""

from __future__ import annotations

import json

from playwright.sync_api import Page
from playwright.sync_api import expect

from tests.dashboard.samples import trace_events
from tests.dashboard.servers import announced
from tests.dashboard.sse import SSEReader

#: The stack busy beside the lesson's, and how many of its requests arrive.
BUSY = "busy-demo"
BUSY_TRACES = 20


def heard_after(page: Page, received: list[dict[str, str]], start: int, stack: str) -> None:
    """Wait (10 s at most) until a `trace` message of `stack` is among `received[start:]`.
    The browser's network log reaches `received` only while Playwright reads from the
    browser, and no page event follows such a message, so each short wait lets it read."""
    for _ in range(100):
        if any(m["event"] == "trace" and json.loads(m["data"])["stack"] == stack
               for m in received[start:]):
            return
        page.wait_for_timeout(100)
    raise AssertionError(f"no trace of {stack} reached the page in 10 s: {received[start:]!r}")


def test_a_lesson_page_hears_its_own_stack_only_and_still_runs(page, classroom):
    received: list[dict[str, str]] = []
    network = page.context.new_cdp_session(page)
    network.send("Network.enable")
    network.on("Network.eventSourceMessageReceived",
               lambda message: received.append({"event": message["eventName"],
                                                "data": message["data"]}))
    # The page's stream must be open before the busy traces are posted: a first connect is
    # sent no backlog, so traces posted before it would reach no page, filtered or not. Its
    # opening (htmx:sseOpen) fetches the stack line, after the dashboard subscribed it.
    stack_line = "/api/lessons/compute-demo/stack"
    with page.expect_request(lambda request: request.url.endswith(stack_line)):
        page.goto(classroom.url + "/lessons/compute-demo")
    run = page.locator("#step-1 button.run")
    expect(run).to_be_disabled()
    expect(page.locator(".lesson")).to_have_attribute("data-stack-state", "absent")

    everything = SSEReader(classroom.url + "/api/stream")
    try:
        for n in range(BUSY_TRACES):
            classroom.post("/api/events", trace_events(f"busy-{n}", stack=BUSY))
        last = f"busy-{BUSY_TRACES - 1}"
        everything.until(lambda m: m["event"] == "trace" and last in m["data"])
    finally:
        everything.close()

    with announced(classroom):
        # Run is enabled by the `stacks` message, sent after every busy trace: the page has
        # been sent all it will be of those.
        expect(run).to_be_enabled()
        ran = len(received)
        run.click()
        result = page.locator("#step-1 .lesson-result")
        expect(result).to_have_attribute("data-status", "200")
        expect(result).to_contain_text("as the lesson expects")
        expect(page.locator("#step-1 .stepper")).to_be_visible()
        heard_after(page, received, ran, "osapi_compute")

    assert any(m["event"] == "stacks" for m in received)
    heard = [m for m in received if m["event"] != "stacks"]
    assert heard, "the page was sent no message of its own stack's request"
    assert not [m for m in heard if BUSY in m["data"]], "the busy stack's messages were sent"
    assert all(json.loads(m["data"])["stack"] == "osapi_compute" for m in heard)
