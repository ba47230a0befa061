"""Replay in diagram of another stack's request, on Live, in headless Chromium against a real
dashboard and two real stacks (the compute demo and the seed glance demo): the diagram becomes
that request's stack's, as its link in the picker would make it (its row's click does that
already, through Replay's own code: `test_live_row_other_stack.py`), and the replay plays there,
in sight, with no word of a graph that changed (it did not)."""

from __future__ import annotations

from playwright.sync_api import Browser
from playwright.sync_api import expect

from tests.browser.chromium import opened_page
from tests.browser.live_page import played_on_glance
from tests.browser.screens import FULL_HD
from tests.conftest import TOKEN
from tests.dashboard.servers import announced
from tests.dashboard.servers import send


def test_replay_of_another_stacks_request_draws_its_stack_and_plays_there(
        browser: Browser, dashboard, stack):
    with announced(dashboard, "common", "stack/demo/seed_glance.ini") as glance:
        other = send(dashboard, glance, "GET", "/log")["trace"]
        # Enough compute rows above it that its row lies below the diagram.
        for _ in range(12):
            send(dashboard, stack, "GET", "/v2.1/servers", TOKEN)
        with opened_page(browser, viewport=FULL_HD) as page:
            page.goto(f"{dashboard.url}/?stack=osapi_compute")
            expect(page.locator("#diagram")).to_have_attribute("data-stack", "osapi_compute")
            page.select_option("#speed", "16")
            row = page.locator(f'#rows tr[data-trace="{other}"] button.row-show')
            row.scroll_into_view_if_needed()
            row.click()
            detail = page.locator(f'#detail article[data-trace="{other}"]')
            expect(detail).to_be_attached()

            detail.get_by_role("button", name="Replay in diagram").click()
            played_on_glance(page, dashboard.url, other)
            # The detail stays; the send form now sends to the stack shown.
            expect(detail).to_be_attached()
            expect(page.locator("#send-form select[name='preset'] option")).to_have_count(4)

            # Back shows the stack shown before, as after a click in the picker.
            page.go_back()
            expect(page).to_have_url(f"{dashboard.url}/?stack=osapi_compute")
            expect(page.locator("#diagram")).to_have_attribute("data-stack", "osapi_compute")
