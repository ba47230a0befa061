"""Presenting goes on past the step view: on Live (in projector mode, where the teacher sends with
the diagram in sight) the teacher sees that the class follows, and the class sees the request
the teacher clicks, sends or opens, from its first step, until the teacher stops from there."""

from __future__ import annotations

import re

import requests
from playwright.sync_api import Browser
from playwright.sync_api import expect

from tests.browser.follow_page import BAR_TEXT
from tests.browser.follow_page import open_viewer
from tests.browser.live_page import open_live
from tests.browser.live_page import send_preset
from tests.conftest import TOKEN
from tests.dashboard.servers import send


def test_the_class_follows_what_the_teacher_opens_on_live(page, browser: Browser, dashboard,
                                                          stack):
    first = send(dashboard, stack, "GET", "/v2.1/servers", TOKEN)
    clicked = send(dashboard, stack, "DELETE", "/v2.1/flavors", TOKEN)
    viewer_context, viewer, errors, posts = open_viewer(browser, dashboard.url)
    try:
        shown = viewer.locator("#follow-steps .stepper")
        bar = page.locator("#presenting-bar")
        page.goto(f"{dashboard.url}/requests/{first['trace']}/steps")
        present = page.locator('.stepper [data-action="present"]')
        present.click()
        page.click('.stepper [data-action="forward"]')
        expect(shown).to_have_attribute("data-index", "1")
        # The step view says it presents as every page does: in the bar, which stops it, in
        # place of its Present to viewers.
        expect(bar).to_be_visible()
        expect(bar).to_contain_text(BAR_TEXT)
        expect(present).to_be_hidden()
        expect(page.locator(".stepper .present-status")).to_have_text(
            "viewers on /follow see this step")

        # On Live, in projector mode: the bar says the class follows.
        page.goto(f"{dashboard.url}/?stack=osapi_compute&projector=1")
        open_live(page, dashboard.url)
        expect(page.locator("body")).to_have_class(re.compile(r"\bprojector\b"))
        expect(bar).to_be_visible()
        expect(bar).to_contain_text(BAR_TEXT)
        expect(bar.get_by_role("button", name="Stop presenting")).to_be_visible()

        # A row clicked: the class is on that request, at its first step.
        page.click(f'#rows tr[data-trace="{clicked["trace"]}"] .row-show')
        expect(shown).to_have_attribute("data-trace", clicked["trace"])
        expect(shown).to_have_attribute("data-index", "0")
        expect(viewer.locator("#follow")).to_have_attribute("data-state", "following")

        # A request sent from the form, once it plays on the diagram.
        sent = send_preset(page, "GET /v2.1/servers — list servers")
        expect(shown).to_have_attribute("data-trace", sent)
        expect(shown).to_have_attribute("data-index", "0")

        # A request's own page: the bar, and the class on it.
        page.goto(f"{dashboard.url}/requests/{first['trace']}")
        expect(bar).to_be_visible()
        expect(shown).to_have_attribute("data-trace", first["trace"])
        expect(shown).to_have_attribute("data-index", "0")

        # Stopped from the bar: the class is told, the bar goes, and what the teacher opens
        # next stays theirs.
        bar.get_by_role("button", name="Stop presenting").click()
        expect(bar).to_be_hidden()
        expect(viewer.locator(".follow-stopped")).to_be_visible()
        open_live(page, dashboard.url)
        expect(bar).to_be_hidden()
        page.click(f'#rows tr[data-trace="{clicked["trace"]}"] .row-show')
        expect(page.locator("#detail .request-detail")).to_have_attribute("data-trace",
                                                                          clicked["trace"])
        expect(shown).to_have_attribute("data-trace", first["trace"])
        assert requests.get(f"{dashboard.url}/api/presenter", timeout=5).json()["trace"] is None
        assert posts == [], f"viewers must not post: {posts}"
        assert errors == [], f"JavaScript errors on the viewer's page: {errors}"
    finally:
        viewer_context.close()
