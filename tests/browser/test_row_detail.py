"""Where a request's detail is, in headless Chromium against a real dashboard: a row clicked at
the foot of a long list brings its detail into view (it is drawn beside the diagram on Live,
below the list on /requests), the detail opens on its own page, and Send's answer links to the
request sent."""

from __future__ import annotations

import pytest
from playwright.sync_api import Page
from playwright.sync_api import expect

from tests.browser.live_page import open_live
from tests.browser.live_page import send_preset
from tests.dashboard.samples import announcement
from tests.dashboard.samples import trace_events


def many_requests(dashboard, stack: str, count: int = 40) -> list[str]:
    """`count` requests of `stack`, stored; their trace ids, oldest first."""
    dashboard.post("/api/stacks", announcement(stack))
    traces = [f"{stack}-{n:02}" for n in range(count)]
    assert dashboard.post("/api/events", [
        event for trace in traces for event in trace_events(trace, stack=stack)])[0] == 202
    return traces


@pytest.mark.parametrize("where", ["/?stack={stack}", "/requests"])
def test_a_row_clicked_at_the_foot_of_the_list_brings_its_detail_into_view(
        page: Page, dashboard, where):
    stack = "detail-" + ("live" if where.startswith("/?") else "list")
    oldest = many_requests(dashboard, stack)[0]
    page.goto(dashboard.url + where.format(stack=stack))
    row = page.locator(f'#rows tr[data-trace="{oldest}"]')
    row.scroll_into_view_if_needed()
    expect(page.locator("#detail")).not_to_be_in_viewport()

    row.locator("td.status").click()
    detail = page.locator(f'#detail article[data-trace="{oldest}"]')
    expect(detail.locator("h2")).to_be_in_viewport()


def test_the_detail_beside_the_diagram_opens_on_its_own_page(page: Page, dashboard):
    oldest = many_requests(dashboard, "detail-own")[0]
    page.goto(dashboard.url + "/?stack=detail-own")
    page.locator(f'#rows tr[data-trace="{oldest}"] td.status').click()
    page.locator("#detail").get_by_role("link", name="Open on its own page").click()
    page.wait_for_url(f"**/requests/{oldest}")
    expect(page.locator("header.top nav")).to_be_visible()
    expect(page.locator(f'#detail article[data-trace="{oldest}"]')).to_be_visible()
    # On its own page it is not offered again.
    expect(page.get_by_role("link", name="Open on its own page")).to_have_count(0)


def test_sends_answer_links_to_the_request_sent(page: Page, dashboard, stack):
    open_live(page, dashboard.url)
    trace = send_preset(page, "GET /v2.1/servers — list servers")
    link = page.locator("#send-result").get_by_role("link", name=f"trace {trace}")
    expect(page.locator("#send-result")).to_have_text(f"200 OK · trace {trace}")
    link.click()
    page.wait_for_url(f"**/requests/{trace}")
    heading = page.locator(f'#detail article[data-trace="{trace}"] h2')
    expect(heading).to_contain_text("/v2.1/servers")
