"""The Live diagram under steady traffic, in headless Chromium against a real dashboard: a
replay plays to its end, the newest request that arrived meanwhile plays next (the player says
how many came), only requests the list's filters show are animated, and a replay a row click
pinned is not cut off by arrivals."""

from __future__ import annotations

from playwright.sync_api import Page
from playwright.sync_api import expect

from tests.browser.live_page import open_live
from tests.browser.live_page import post
from tests.dashboard.samples import announcement
from tests.dashboard.samples import trace_events

#: Records, in the page, every trace the player starts (its data-trace as it changes).
WATCH_PLAYED = """() => {
  window.played = [];
  const player = document.getElementById('player');
  new MutationObserver(() => {
    const trace = player.dataset.trace;
    if (trace && window.played[window.played.length - 1] !== trace) window.played.push(trace);
  }).observe(player, {attributes: true, attributeFilter: ['data-trace', 'data-state']});
}"""


def open_stack(page: Page, dashboard, stack: str, speed: str) -> None:
    dashboard.post("/api/stacks", announcement(stack))
    open_live(page, dashboard.url, stack, speed)
    page.evaluate(WATCH_PLAYED)


def test_a_replay_plays_to_its_end_and_the_newest_arrival_plays_next(page: Page, dashboard):
    open_stack(page, dashboard, "queue-live", "1")
    player = page.locator("#player")
    post(dashboard, trace_events("queue-first", stack="queue-live"))
    expect(player).to_have_attribute("data-trace", "queue-first")
    expect(player).to_have_attribute("data-state", "playing")

    for n in range(3):
        post(dashboard, trace_events(f"queue-{n}", stack="queue-live"))
    expect(page.locator('#rows tr[data-trace="queue-2"]')).to_be_visible()
    page.wait_for_timeout(500)  # the trace of queue-2 follows its row in the same write
    # Not restarted: still the first, and it gets to its end.
    assert page.evaluate("window.played") == ["queue-first"]
    expect(player).to_have_attribute("data-waiting", "3")
    # No "·" of its own: on a laptop the row wraps the note under what is playing, and the
    # line began with it.
    expect(page.locator("#waiting")).to_have_text(
        "3 more requests arrived meanwhile; the newest plays next")
    expect(page.locator("#now-playing")).to_have_text("GET /v1/items → 200 in 1.00 ms",
                                                      timeout=15_000)
    expect(player).to_have_attribute("data-trace", "queue-2", timeout=5_000)
    expect(page.locator("#waiting")).to_be_hidden()
    expect(player).to_have_attribute("data-waiting", "0")
    assert page.evaluate("window.played") == ["queue-first", "queue-2"]


def test_only_requests_the_list_shows_are_animated(page: Page, dashboard):
    open_stack(page, dashboard, "queue-filtered", "4")
    with page.expect_response(lambda response: "/requests?" in response.url):
        page.fill('#request-filters input[name="status"]', "5xx")
    player = page.locator("#player")
    post(dashboard, trace_events("filtered-500", stack="queue-filtered", status=500))
    expect(player).to_have_attribute("data-trace", "filtered-500")

    # A 200 the filter hides neither cuts off the 500 nor plays after it.
    post(dashboard, trace_events("filtered-200", stack="queue-filtered"))
    expect(page.locator('#rows tr[data-trace="filtered-200"]')).to_be_attached()
    expect(page.locator('#rows tr[data-trace="filtered-200"]')).to_be_hidden()
    expect(player).to_have_attribute("data-state", "done", timeout=10_000)
    page.wait_for_timeout(1_000)  # longer than the pause before a next replay
    assert page.evaluate("window.played") == ["filtered-500"]
    expect(player).to_have_attribute("data-waiting", "0")

    # A 500 and a 200 after it in one write (the stream sends the newest trace, the 200): the
    # 500 the list shows is the one played.
    post(dashboard, trace_events("filtered-500b", stack="queue-filtered", status=500),
         trace_events("filtered-200b", stack="queue-filtered"))
    expect(player).to_have_attribute("data-trace", "filtered-500b")
    expect(player).to_have_attribute("data-state", "done", timeout=10_000)
    page.wait_for_timeout(1_000)
    assert page.evaluate("window.played") == ["filtered-500", "filtered-500b"]


def test_a_clicked_rows_replay_is_not_cut_off_by_arrivals(page: Page, dashboard):
    open_stack(page, dashboard, "queue-pinned", "16")
    post(dashboard, trace_events("pinned-old", stack="queue-pinned", status=404))
    expect(page.locator("#player")).to_have_attribute("data-state", "done", timeout=10_000)
    page.select_option("#speed", "1")
    player = page.locator("#player")

    page.locator('#rows tr[data-trace="pinned-old"] td.status').click()
    expect(player).to_have_attribute("data-state", "playing")
    post(dashboard, trace_events("pinned-new-1", stack="queue-pinned"),
         trace_events("pinned-new-2", stack="queue-pinned"))
    expect(page.locator('#rows tr[data-trace="pinned-new-2"]')).to_be_visible()
    expect(player).to_have_attribute("data-waiting", "2")
    expect(player).to_have_attribute("data-trace", "pinned-old")
    expect(page.locator("#now-playing")).to_have_text("GET /v1/items → 404 in 1.00 ms",
                                                      timeout=15_000)
    expect(player).to_have_attribute("data-trace", "pinned-new-2", timeout=5_000)
    assert page.evaluate("window.played")[-2:] == ["pinned-old", "pinned-new-2"]
