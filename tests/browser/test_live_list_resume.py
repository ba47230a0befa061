"""Live's list and its stream resume from the same place (live_subscription.js): each list the
dashboard renders says the stream's id it is current as of, and the stream resumes after it.
A page that had no message yet resumed "from now": a request served while its list was read,
before the stream connected, was missing from the list until the page was reloaded; so were the
requests of a page away longer than the stream's history holds (`gap`)."""

from __future__ import annotations

import re
from collections.abc import Iterator

import pytest
from playwright.sync_api import Route
from playwright.sync_api import expect

from tests.browser.live_page import held_list
from tests.browser.live_page import until
from tests.dashboard.samples import announcement
from tests.dashboard.samples import trace_events
from tests.dashboard.servers import Dashboard
from tests.dashboard.servers import stored
from tests.dashboard.sse import SSEReader

#: A dashboard whose stream keeps 8 messages for resume, not 512: a page is away longer than
#: its history after a few requests rather than hundreds.
FORGETFUL = ("-c", """import sys
import dashboard
dashboard.DEFAULTS["STREAM_HISTORY"] = 8
import dashboard.__main__ as cli
sys.exit(cli.main())
""")


@pytest.fixture
def forgetful(tmp_path) -> Iterator[Dashboard]:
    server = Dashboard(tmp_path, launch=FORGETFUL)
    try:
        yield server
    finally:
        server.stop()


def served(dashboard, trace: str, stack: str) -> None:
    """Post request `trace` of `stack`; back once the dashboard has stored it and streamed its
    row."""
    published = SSEReader(f"{dashboard.url}/api/stream?stack={stack}&events=rows", "0")
    try:
        dashboard.post("/api/events", trace_events(trace, stack=stack))
        stored(dashboard, trace)
        published.until(lambda m: trace in m["data"])
    finally:
        published.close()


def stream(url: str) -> bool:
    return "/api/stream" in url


def test_a_request_served_before_the_page_s_stream_connects_is_listed(page, dashboard):
    shown = "first-served"
    dashboard.post("/api/stacks", announcement(shown))
    # The page's list is read; its stream is held back until a request was served.
    held: list[Route] = []

    def hold(route: Route) -> None:
        held.append(route)

    page.route(stream, hold)
    page.goto(f"{dashboard.url}/?stack={shown}", wait_until="domcontentloaded")
    until(page, lambda: bool(held))
    assert held, "the page opened no stream"
    served(dashboard, f"{shown}-1", shown)
    held[0].continue_()
    page.unroute(stream, hold)

    expect(page.locator(f'#rows tr[data-trace="{shown}-1"]')).to_be_visible()
    expect(page.locator(f'#rows tr[data-trace="{shown}-1"]')).to_have_count(1)


def test_a_request_served_while_a_list_is_read_before_any_message_is_listed(page, dashboard):
    drawn, picked = "drawn-stack", "picked-stack"
    for name in (drawn, picked):
        dashboard.post("/api/stacks", announcement(name))
    page.add_init_script("window.opens = 0;"
                         "document.addEventListener('htmx:sseOpen', () => { window.opens += 1; })")
    page.goto(f"{dashboard.url}/?stack={drawn}")
    page.wait_for_function("window.opens === 1")
    # The list of the stack picked is read on the dashboard, its answer held back while the
    # stack serves a request.
    show = held_list(page, lambda: page.select_option('#request-filters select[name="stack"]',
                                                      picked))
    served(dashboard, f"{picked}-1", picked)
    show()

    expect(page.locator(f'#rows tr[data-trace="{picked}-1"]')).to_be_visible()
    expect(page.locator(f'#rows tr[data-trace="{picked}-1"]')).to_have_count(1)


def test_a_request_listed_while_a_list_of_the_same_stacks_is_read_stays_listed(page, dashboard):
    """A list fetched again for the same stacks (another path typed) replaced the list its
    stream's rows went on arriving in: a row that came while it was read was lost with it."""
    shown = "same-stacks"
    dashboard.post("/api/stacks", announcement(shown))
    page.goto(f"{dashboard.url}/?stack={shown}")
    expect(page.locator("#rows")).to_have_attribute("data-stream-id", re.compile(r"^\d+$"))
    show = held_list(page, lambda: page.fill('#request-filters input[name="path"]', "/v1"))
    served(dashboard, f"{shown}-1", shown)
    row = page.locator(f'#rows tr[data-trace="{shown}-1"]')
    expect(row).to_be_visible()
    row.evaluate("(row) => { row.dataset.replaced = ''; }")
    show()
    expect(page.locator("a[data-export]")).to_have_attribute("href", re.compile("path=%2Fv1"))

    # The row in the list shown, not the one in the list it replaced.
    expect(page.locator(f'#rows tr[data-trace="{shown}-1"]:not([data-replaced])')).to_be_visible()
    expect(row).to_have_count(1)


@pytest.mark.parametrize("shown", ["/", "/requests"])
def test_a_page_away_longer_than_the_stream_s_history_lists_each_request_and_stack(
        page, forgetful, shown):
    """The page's stream is held back (a laptop asleep, a dashboard busy) while more messages
    go by than the history holds: it resumed after an id the history no longer held, and the
    requests whose rows were dropped were missing from the list until a reload; so was a stack
    that announced itself meanwhile from the page's stack picker (or filter), until another
    announced itself."""
    stack, came = "away-long", "came-while-away"
    forgetful.post("/api/stacks", announcement(stack))
    held: list[Route] = []

    def hold(route: Route) -> None:
        held.append(route)

    page.route(stream, hold)
    page.goto(f"{forgetful.url}{shown}?stack={stack}", wait_until="domcontentloaded")
    until(page, lambda: bool(held))
    assert held, "the page opened no stream"
    forgetful.post("/api/stacks", announcement(came))
    missed = [f"{stack}-{n}" for n in range(6)]
    for trace in missed:  # a row, a trace and figures each: more than 8 messages
        served(forgetful, trace, stack)
    held[0].continue_()
    page.unroute(stream, hold)

    for trace in missed:
        expect(page.locator(f'#rows tr[data-trace="{trace}"]')).to_be_visible()
    expect(page.locator("#rows tr")).to_have_count(len(missed))
    stacks = page.locator('#request-filters select[name="stack"]')
    expect(stacks.locator("option", has_text=came)).to_have_count(1)
    if shown == "/":
        expect(page.locator(f'#stack-picker [data-stack-link="{came}"]')).to_be_visible()
