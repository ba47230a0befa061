"""When the teacher stops presenting, the class is told, rather than left on a step the
teacher has moved on from; presenting again brings the class back to the teacher's step."""

from __future__ import annotations

from playwright.sync_api import Browser
from playwright.sync_api import expect

from tests.browser.follow_page import open_viewer
from tests.conftest import TOKEN
from tests.dashboard.servers import send


def test_viewers_are_told_when_the_teacher_stops_presenting(page, browser: Browser, dashboard,
                                                            stack):
    first = send(dashboard, stack, "GET", "/v2.1/servers", TOKEN)
    second = send(dashboard, stack, "DELETE", "/v2.1/flavors", TOKEN)
    viewer_context, viewer, errors, posts = open_viewer(browser, dashboard.url)
    try:
        follow = viewer.locator("#follow")
        stopped = viewer.locator(".follow-stopped")
        page.goto(f"{dashboard.url}/requests/{first['trace']}/steps")
        present = page.locator('.stepper [data-action="present"]')
        present.click()
        page.click('.stepper [data-action="forward"]')
        shown = viewer.locator("#follow-steps .stepper")
        expect(shown).to_have_attribute("data-index", "1")
        expect(stopped).to_be_hidden()

        # Presenting off, the teacher steps on alone: the class keeps the last shared step
        # and reads that the teacher stopped.
        page.locator("#presenting-bar").get_by_role("button", name="Stop presenting").click()
        expect(present).to_be_visible()
        expect(follow).to_have_attribute("data-state", "stopped")
        expect(stopped).to_be_visible()
        expect(stopped).to_contain_text("The teacher stopped presenting")
        page.click('.stepper [data-action="forward"]')
        page.goto(f"{dashboard.url}/requests/{second['trace']}/steps")
        expect(shown).to_have_attribute("data-trace", first["trace"])
        expect(shown).to_have_attribute("data-index", "1")

        # A viewer arriving now waits for the teacher: nothing is being presented.
        late = viewer_context.new_page()
        late.goto(f"{dashboard.url}/follow")
        expect(late.locator(".follow-waiting")).to_be_visible()
        expect(late.locator("#follow")).to_have_attribute("data-state", "waiting")

        # Presenting again: every viewer is on the teacher's step.
        page.locator('.stepper [data-action="present"]').click()
        expect(shown).to_have_attribute("data-trace", second["trace"])
        expect(follow).to_have_attribute("data-state", "following")
        expect(stopped).to_be_hidden()
        expect(late.locator("#follow-steps .stepper")).to_have_attribute("data-trace",
                                                                        second["trace"])
        assert posts == [], f"viewers must not post: {posts}"
        assert errors == [], f"JavaScript errors on the viewer's page: {errors}"
    finally:
        viewer_context.close()

