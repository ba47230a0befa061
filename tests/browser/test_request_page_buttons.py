"""A request's own page offers only what works there: it has no diagram, so no replay button
that would do nothing; the Live page's detail panel, beside the diagram, keeps it."""

from __future__ import annotations

from playwright.sync_api import expect

from tests.conftest import TOKEN
from tests.dashboard.servers import send


def test_the_request_page_has_no_dead_replay_button(page, dashboard, stack):
    trace = send(dashboard, stack, "GET", "/v2.1/servers", TOKEN)
    page.goto(f"{dashboard.url}/requests/{trace['trace']}")
    detail = page.locator(".request-detail")
    expect(detail.get_by_role("link", name="Step through")).to_be_visible()
    expect(detail.get_by_role("button", name="Replay in diagram")).to_have_count(0)

    page.goto(f"{dashboard.url}/?stack=osapi_compute")
    page.locator(f'#rows tr[data-trace="{trace["trace"]}"]').click()
    replay = page.locator("#detail").get_by_role("button", name="Replay in diagram")
    expect(replay).to_be_visible()
    replay.click()
    expect(page.locator("#player")).to_have_attribute("data-trace", trace["trace"])
