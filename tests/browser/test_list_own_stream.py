"""The request lists subscribe to the stream of the stack they show (live_subscription.js): a
list filtered to one stack beside a busy other one was sent all of its rows (and, on Live, its
traces) to hide them. What reaches the page is read from the browser's own network log; the
rows of the stack shown still appear, each once, across the switch of subscription."""

from __future__ import annotations

import re

import pytest
from playwright.sync_api import expect

from tests.browser.live_page import heard
from tests.browser.live_page import held_list
from tests.browser.live_page import until
from tests.dashboard.samples import announcement
from tests.dashboard.samples import trace_events
from tests.dashboard.servers import stored
from tests.dashboard.sse import SSEReader

#: Counts the page's stream openings (htmx:sseOpen).
COUNT_OPENS = ("window.opens = 0;"
               "document.addEventListener('htmx:sseOpen', () => { window.opens += 1; })")

#: How many requests the busy stack serves while the list shows the quiet one.
BUSY_TRACES = 20


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
    expect(page.locator("#rows tr:visible")).to_have_count(2)
    # Each message of one stream reaches the page in order: the busy stack's, posted first,
    # would have come before quiet-2's row.
    until(page, lambda: any(m["event"] == "rows" and f"{quiet}-2" in m["data"]
                            for m in received[switched:]))
    after = [m for m in received[switched:] if m["event"] != "stacks"]
    assert any(m["event"] == "rows" and f"{quiet}-2" in m["data"] for m in after)
    assert not [m["event"] for m in after if busy in m["data"]], "the busy stack's were sent"


def test_a_row_of_the_stack_picked_published_while_its_list_is_read_is_shown_once(page, dashboard):
    """The list of the stack picked is asked for while the page reads the old stack's stream:
    a row of the new stack published after the list was read, but before the page's last
    message of the old one, was lost (the new stream resumed after that last message); and a
    row published before the list was read, which both the list and the resumed stream hold,
    is listed once."""
    old, new = "old-stack", "new-stack"
    for name in (old, new):
        dashboard.post("/api/stacks", announcement(name))
    page.add_init_script(COUNT_OPENS)
    page.goto(f"{dashboard.url}/requests?stack={old}")
    page.wait_for_function("window.opens === 1")
    published = SSEReader(f"{dashboard.url}/api/stream?stack={new}&events=rows")
    try:
        dashboard.post("/api/events", trace_events("old-0", stack=old))
        expect(page.locator('#rows tr[data-trace="old-0"]')).to_be_visible()
        dashboard.post("/api/events", trace_events("new-0", stack=new))
        stored(dashboard, "new-0")
        published.until(lambda m: "new-0" in m["data"])

        # The list of the stack picked is read on the dashboard, its answer held back.
        show = held_list(page, lambda: page.select_option(
            '#request-filters select[name="stack"]', new))
        # A row of the stack picked, then one of the stack the page still reads: the page has
        # the later one's message when the list is shown.
        dashboard.post("/api/events", trace_events("new-1", stack=new))
        published.until(lambda m: "new-1" in m["data"])
        dashboard.post("/api/events", trace_events("old-1", stack=old))
        expect(page.locator('#rows tr[data-trace="old-1"]')).to_have_count(1)
    finally:
        published.close()
    show()

    # The resumed stream sends new-0's row before new-1's: once new-1's shows, a second new-0
    # would be listed.
    expect(page.locator('#rows tr[data-trace="new-1"]')).to_be_visible()
    expect(page.locator('#rows tr[data-trace="new-1"]')).to_have_count(1)
    expect(page.locator('#rows tr[data-trace="new-0"]')).to_have_count(1)
    expect(page.locator("#rows tr:visible")).to_have_count(2)


@pytest.mark.parametrize(("name", "address"),
                         [("requests", "/requests?stack={shown}"), ("live", "/?stack={shown}")])
def test_a_list_filtered_to_a_stack_offers_a_stack_announced_since(page, dashboard, name, address):
    """The stack filter offered a new stack as a row of it arrived: a list filtered to another
    stack is sent none, and learns of it from the stream's stack picker (`stacks`)."""
    shown, started = f"shown-{name}", f"started-{name}"
    dashboard.post("/api/stacks", announcement(shown))
    page.add_init_script(COUNT_OPENS)
    page.goto(dashboard.url + address.format(shown=shown))
    page.wait_for_function("window.opens === 1")
    stacks = page.locator('#request-filters select[name="stack"]')
    stacks.select_option(shown)
    expect(page.locator("a[data-export]")).to_have_attribute("href", re.compile(f"stack={shown}"))
    page.wait_for_function("window.opens === 2" if name == "live" else "window.opens === 1")

    dashboard.post("/api/stacks", announcement(started))

    expect(stacks.locator("option", has_text=started)).to_have_count(1)
    expect(stacks).to_have_value(shown)
