"""A row of another stack clicked on Live, in headless Chromium against a real dashboard and two
real stacks (the compute demo and the seed glance demo): the diagram becomes that request's
stack's, as Replay in diagram makes it, and its hops play there, not against the pipeline of
the stack drawn before."""

from __future__ import annotations

from playwright.sync_api import Browser
from playwright.sync_api import expect

from tests.browser.chromium import opened_page
from tests.browser.live_page import played_on_glance
from tests.browser.screens import FULL_HD
from tests.conftest import TOKEN
from tests.dashboard.servers import announced
from tests.dashboard.servers import send


def test_a_row_of_another_stack_draws_its_stack_and_replays_there(browser: Browser, dashboard,
                                                                   stack):
    with announced(dashboard, "common", "stack/demo/seed_glance.ini") as glance:
        other = send(dashboard, glance, "GET", "/log")["trace"]
        mine = send(dashboard, stack, "GET", "/v2.1/servers", TOKEN)["trace"]
        with opened_page(browser, viewport=FULL_HD) as page:
            page.goto(f"{dashboard.url}/?stack=osapi_compute")
            expect(page.locator("#diagram")).to_have_attribute("data-stack", "osapi_compute")
            page.select_option("#speed", "16")

            page.locator(f'#rows tr[data-trace="{other}"] button.row-show').click()
            expect(page.locator(f'#detail article[data-trace="{other}"]')).to_be_attached()
            played_on_glance(page, dashboard.url, other)

            # And back: a compute row draws the compute demo again, and replays there.
            page.locator(f'#rows tr[data-trace="{mine}"] button.row-show').click()
            expect(page.locator(f'#detail article[data-trace="{mine}"]')).to_be_attached()
            expect(page.locator("#diagram")).to_have_attribute("data-stack", "osapi_compute")
            player = page.locator("#player")
            expect(player).to_have_attribute("data-trace", mine)
            expect(player).to_have_attribute("data-state", "done", timeout=20_000)
            expect(page.locator("#hops")).not_to_contain_text("is not on this diagram")


