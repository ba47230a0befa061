"""Presenting to viewers started from Live, in headless Chromium against a real dashboard and
the compute demo, with a second browser on /follow: a teacher who opens Live first presents
from the player bar ("Present to viewers", as on the step view), the class sees the request
open there and each one clicked next, and the bar under the header says so and stops it."""

from __future__ import annotations

from playwright.sync_api import Browser
from playwright.sync_api import expect

from tests.browser.follow_page import BAR_TEXT
from tests.browser.follow_page import open_viewer
from tests.browser.live_page import open_live
from tests.conftest import TOKEN
from tests.dashboard.servers import send


def test_a_teacher_on_live_starts_presenting_from_the_player_bar(page, browser: Browser,
                                                                 dashboard, stack):
    opened = send(dashboard, stack, "GET", "/v2.1/servers", TOKEN)
    clicked = send(dashboard, stack, "DELETE", "/v2.1/flavors", TOKEN)
    viewer_context, viewer, errors, posts = open_viewer(browser, dashboard.url)
    try:
        shown = viewer.locator("#follow-steps .stepper")
        bar = page.locator("#presenting-bar")
        start = page.locator("#player").get_by_role("button", name="Present to viewers")
        open_live(page, dashboard.url)
        expect(bar).to_be_hidden()
        page.click(f'#rows tr[data-trace="{opened["trace"]}"] .row-show')
        expect(page.locator("#detail .request-detail")).to_have_attribute("data-trace",
                                                                          opened["trace"])
        expect(viewer.locator("#follow")).to_have_attribute("data-state", "waiting")

        # Presenting on: the class sees the request open, from its first step; the bar says
        # it is on, and its Stop presenting takes the place (and the focus) of the button.
        start.click()
        expect(shown).to_have_attribute("data-trace", opened["trace"])
        expect(shown).to_have_attribute("data-index", "0")
        expect(viewer.locator("#follow")).to_have_attribute("data-state", "following")
        expect(bar).to_be_visible()
        expect(bar).to_contain_text(BAR_TEXT)
        stop = bar.get_by_role("button", name="Stop presenting")
        expect(stop).to_be_focused()
        expect(start).to_be_hidden()

        # The next row clicked is the class's too.
        page.click(f'#rows tr[data-trace="{clicked["trace"]}"] .row-show')
        expect(shown).to_have_attribute("data-trace", clicked["trace"])
        expect(shown).to_have_attribute("data-index", "0")

        # Stopped: the class is told, and the button is back to present again.
        stop.click()
        expect(viewer.locator(".follow-stopped")).to_be_visible()
        expect(bar).to_be_hidden()
        expect(start).to_be_visible()
        assert posts == [], f"viewers must not post: {posts}"
        assert errors == [], f"JavaScript errors on the viewer's page: {errors}"
    finally:
        viewer_context.close()
