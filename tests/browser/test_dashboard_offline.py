"""The Live page while the dashboard itself is stopped and started again: the page says the
dashboard is not answering (not "Waiting for a request…" alone) until its live stream is back,
and "Send a request" says so in plain words, cleared by the next send that works."""

from __future__ import annotations

from urllib.parse import urlsplit

from playwright.sync_api import Browser
from playwright.sync_api import expect

from tests.browser.chromium import opened_page
from tests.browser.live_page import send_preset
from tests.browser.screens import DESKTOP
from tests.dashboard.servers import Dashboard
from tests.dashboard.servers import announced

#: What the page says while its live stream is down.
NOT_ANSWERING = "The dashboard is not answering; reconnecting…"
#: What "Send a request" says when its post got no answer at all.
DID_NOT_ANSWER = "The dashboard did not answer: is it still running?"


def test_the_live_page_says_when_the_dashboard_is_down_and_when_it_is_back(
        browser: Browser, tmp_path):
    first = Dashboard(tmp_path)
    port = urlsplit(first.url).port
    again = None
    try:
        with announced(first) as stack, \
                opened_page(browser, viewport=DESKTOP) as page:
            page.goto(f"{first.url}/?stack={stack.stack_name}")
            note = page.get_by_text(NOT_ANSWERING)
            result = page.locator("#send-result")
            send_preset(page, "GET /v2.1/servers — list servers")
            expect(result).to_contain_text("200 OK")
            expect(note).to_be_hidden()

            first.stop()
            expect(note).to_be_visible()
            expect(page.locator("#now-playing")).to_be_visible()
            page.click('#send-form button[type="submit"]')
            expect(result).to_have_text(DID_NOT_ANSWER)
            expect(result).not_to_contain_text("TypeError")

            again = Dashboard(tmp_path, "--port", str(port))
            expect(note).to_be_hidden(timeout=15_000)  # the stream reconnected on its own
            page.click('#send-form button[type="submit"]')
            expect(result).to_contain_text("200 OK")
            expect(result).not_to_contain_text(DID_NOT_ANSWER)
            expect(result).to_have_attribute("data-status", "200")
    finally:
        first.stop()
        if again is not None:
            again.stop()
