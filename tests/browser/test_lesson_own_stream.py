"""A lesson page beside a busy stack is sent the stack picker alone (`?events=stacks`), all it
reads: not the other stack's traces (every one was sent to it, and parsed), nor its own stack's
traces and figures, which it never read either. What reaches the page is read from the
browser's own network log. It still enables Run as its stack starts, and a Run still shows what
came back.
"""

from __future__ import annotations

from playwright.sync_api import expect

from tests.browser.live_page import heard
from tests.dashboard.samples import trace_events
from tests.dashboard.servers import announced
from tests.dashboard.sse import SSEReader

#: The stack busy beside the lesson's, and how many of its requests arrive.
BUSY = "busy-demo"
BUSY_TRACES = 20


def test_a_lesson_page_hears_the_stack_picker_only_and_still_runs(page, classroom):
    received = heard(page)
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
        run.click()
        result = page.locator("#step-1 .lesson-result")
        expect(result).to_have_attribute("data-status", "200")
        expect(result).to_contain_text("as the lesson expects")
        expect(page.locator("#step-1 .stepper")).to_be_visible()
    # The stack stopped: Run is disabled by the `stacks` message saying so, sent after the
    # trace of the step run (its Run waited for it to arrive), so any message of the run's
    # trace would have reached the page before it.
    expect(run).to_be_disabled()

    assert [m["event"] for m in received].count("stacks") >= 2
    assert [m for m in received if m["event"] != "stacks"] == [], "more than the picker was sent"
