"""The request lists subscribe to the stream of the stack they show (live_subscription.js): a
list filtered to one stack beside a busy other one was sent all of its rows (and, on Live, its
traces) to hide them. What reaches the page is read from the browser's own network log; the
rows of the stack shown still appear, each once, across the switch of subscription."""

from __future__ import annotations

import re

import pytest
from playwright.sync_api import Page
from playwright.sync_api import expect

from tests.dashboard.samples import announcement
from tests.dashboard.samples import trace_events

#: Counts the page's stream openings (htmx:sseOpen).
COUNT_OPENS = ("window.opens = 0;"
               "document.addEventListener('htmx:sseOpen', () => { window.opens += 1; })")

#: How many requests the busy stack serves while the list shows the quiet one.
BUSY_TRACES = 20


def heard(page: Page) -> list[dict[str, str]]:
    """The stream messages the page receives from now on (the browser's network log)."""
    received: list[dict[str, str]] = []
    network = page.context.new_cdp_session(page)
    network.send("Network.enable")
    network.on("Network.eventSourceMessageReceived",
               lambda message: received.append({"event": message["eventName"],
                                                "data": message["data"]}))
    return received


@pytest.mark.parametrize(("name", "address"),
                         [("requests", "/requests"), ("live", "/?stack={quiet}")])
def test_a_list_filtered_to_a_stack_is_sent_that_stacks_rows_only(page, dashboard, name, address):
    quiet, busy = f"quiet-{name}", f"busy-{name}"
    for name in (quiet, busy):
        dashboard.post("/api/stacks", announcement(name))
    received = heard(page)
    page.add_init_script(COUNT_OPENS)
    page.goto(dashboard.url + address.format(quiet=quiet))
    page.wait_for_function("window.opens === 1")
    dashboard.post("/api/events", trace_events(f"{quiet}-1", stack=quiet))
    first = page.locator(f'#rows tr[data-trace="{quiet}-1"]')
    expect(first).to_be_visible()

    page.select_option('#request-filters select[name="stack"]', quiet)
    # The list answered for the stack picked ("Save these requests" follows it): the page
    # subscribes anew then, resuming after the last message it had.
    expect(page.locator("a[data-export]")).to_have_attribute("href", re.compile(f"stack={quiet}"))
    switched = len(received)
    for n in range(BUSY_TRACES):
        dashboard.post("/api/events", trace_events(f"{busy}-{n}", stack=busy))
    dashboard.post("/api/events", trace_events(f"{quiet}-2", stack=quiet))

    expect(page.locator(f'#rows tr[data-trace="{quiet}-2"]')).to_be_visible()
    expect(first).to_have_count(1)
    expect(page.locator("#rows tr:visible")).to_have_count(2)
    # Each message of one stream reaches the page in order: the busy stack's, posted first,
    # would have come before quiet-2's row. The network log reaches `received` only while
    # Playwright reads from the browser: each short wait lets it read (10 s at most).
    for _ in range(100):
        if any(m["event"] == "rows" and f"{quiet}-2" in m["data"] for m in received[switched:]):
            break
        page.wait_for_timeout(100)
    after = [m for m in received[switched:] if m["event"] != "stacks"]
    assert any(m["event"] == "rows" and f"{quiet}-2" in m["data"] for m in after)
    assert not [m["event"] for m in after if busy in m["data"]], "the busy stack's were sent"
