"""Back after picking another stack shows the stack left and the request list as it is now,
with the requests that came while another stack was shown: not the list the page first had."""

from __future__ import annotations

from playwright.sync_api import expect

from tests.dashboard.samples import announcement
from tests.dashboard.samples import trace_events
from tests.dashboard.servers import stored

#: Notes, in each page the browser loads, when its stream has connected: rows posted before
#: that never reach it.
NOTE_STREAM = "document.addEventListener('htmx:sseOpen', () => { window.streaming = true; })"


def test_back_to_a_stack_shows_the_requests_that_came_meanwhile(page, dashboard):
    for name in ("back-alpha", "back-beta"):
        assert dashboard.post("/api/stacks", announcement(name))[0] == 200
    assert dashboard.post("/api/events", trace_events("back-a1", "back-alpha"))[0] == 202
    page.add_init_script(NOTE_STREAM)
    page.goto(f"{dashboard.url}/?stack=back-alpha")
    expect(page.locator('#rows tr[data-trace="back-a1"]')).to_be_visible()

    page.locator('[data-stack-link="back-beta"]').click()
    expect(page.locator('#diagram[data-stack="back-beta"]')).to_be_attached()
    page.wait_for_function("window.streaming")
    assert dashboard.post("/api/events", trace_events("back-b1", "back-beta"))[0] == 202
    expect(page.locator('#rows tr[data-trace="back-b1"]')).to_be_visible()

    page.go_back()
    expect(page).to_have_url(f"{dashboard.url}/?stack=back-alpha")
    expect(page.locator('#diagram[data-stack="back-alpha"]')).to_be_attached()
    expect(page.locator('#rows tr[data-trace="back-b1"]')).to_be_visible(timeout=3000)
    expect(page.locator('#rows tr[data-trace="back-a1"]')).to_be_visible()
    # Rows still arrive live.
    page.wait_for_function("window.streaming")
    assert dashboard.post("/api/events", trace_events("back-a2", "back-alpha"))[0] == 202
    expect(page.locator('#rows tr[data-trace="back-a2"]')).to_be_visible()


def test_back_to_the_requests_page_shows_the_requests_that_came_meanwhile(page, dashboard):
    assert dashboard.post("/api/stacks", announcement("back-list"))[0] == 200
    assert dashboard.post("/api/events", trace_events("back-l1", "back-list"))[0] == 202
    page.goto(f"{dashboard.url}/requests")
    page.locator('#rows tr[data-trace="back-l1"] a').click()
    expect(page).to_have_url(f"{dashboard.url}/requests/back-l1")
    assert dashboard.post("/api/events", trace_events("back-l2", "back-list"))[0] == 202
    stored(dashboard, "back-l2")

    page.go_back()
    expect(page).to_have_url(f"{dashboard.url}/requests")
    expect(page.locator('#rows tr[data-trace="back-l2"]')).to_be_visible(timeout=3000)
