"""Live, in headless Chromium, prints a request's path and route arguments as the dashboard
computed them (stack/wsgi_path.py, as the step view and the request page word them), whether
the trace came by the stream or was fetched again from the list."""

from __future__ import annotations

from playwright.sync_api import Page
from playwright.sync_api import expect

from stack.wsgi_path import readable_path
from stack.wsgi_path import route_args
from tests.browser.live_page import open_live
from tests.browser.live_page import wait_played
from tests.dashboard.samples import announcement
from tests.dashboard.typed_paths import MATCH
from tests.dashboard.typed_paths import PATH
from tests.dashboard.typed_paths import typed_events

STACK = "sample-shown"


def expect_shown(page: Page) -> None:
    """The replay's caption and hop list say what the dashboard computed."""
    expect(page.locator("#now-playing")).to_contain_text(f"GET {readable_path(PATH)} → 200 in ")
    expect(page.locator('#hops li[data-kind="request.start"]')).to_have_text(
        f"GET {readable_path(PATH)}")
    expect(page.locator('#hops li[data-kind="route.match"]')).to_have_text(
        f"route GET /items → items.index({route_args(MATCH)})")


def test_live_shows_the_path_and_arguments_the_dashboard_computed(page, dashboard):
    dashboard.post("/api/stacks", announcement(STACK))
    open_live(page, dashboard.url, STACK)
    assert dashboard.post("/api/events", typed_events("shown-live", STACK))[0] == 202
    wait_played(page, "shown-live")
    expect_shown(page)

    # Played again from the list: fetched, not streamed, and worded the same (what the first
    # replay wrote is wiped first, so what is checked is the second's).
    page.evaluate("""() => {
      document.getElementById('hops').replaceChildren();
      document.getElementById('now-playing').textContent = '';
    }""")
    with page.expect_response(lambda response: response.url.endswith("/shown")) as fetched:
        page.locator('#rows tr[data-trace="shown-live"] td.status').click()
    assert fetched.value.ok
    expect_shown(page)
