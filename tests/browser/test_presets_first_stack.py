"""A live page opened before any stack announced itself takes the first stack that does, with
that stack's presets: the seed glance demo's, not the compute demo's, and they send."""

from __future__ import annotations

from playwright.sync_api import expect

from tests.browser.live_page import send_preset
from tests.dashboard.servers import announced


# NOTE: alone in its module, so its dashboard has never heard of a stack.
def test_the_first_stack_brings_its_own_presets_to_an_open_page(page, dashboard):
    page.goto(dashboard.url + "/")
    expect(page.locator("#send-form select[name='preset']")).to_have_count(0)  # no stack yet
    with announced(dashboard, "common", "stack/demo/seed_glance.ini"):
        expect(page.locator("#live")).to_have_attribute("data-stack", "common", timeout=20_000)
        options = page.locator("#send-form select[name='preset'] option")
        expect(options).to_have_count(4)  # the demo's four, the first shown: the form holds it
        expect(page.locator("#send-form input[name='path']")).to_have_value("/")
        trace = send_preset(page, "GET /log — version, through the log filter")
        expect(page.locator("#send-result")).to_have_attribute("data-status", "200")
        assert trace
