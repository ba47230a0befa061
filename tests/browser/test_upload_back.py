"""Back to an uploaded ini after leaving it, in headless Chromium: the whole page comes back."""

from __future__ import annotations

from playwright.sync_api import expect

from tests.browser.upload_page import upload
from tests.conftest import NOVA


def test_back_to_an_entry_picked_on_the_page_shows_the_whole_page(page, dashboard):
    # The entry picker fetches the drawing from the page's own URL with the entry (htmx) and
    # puts that URL in the address bar; the browser must not keep that fragment as the page.
    upload(page, dashboard, NOVA)
    page.select_option('#ini select[name="entry"]', "composite:metadata")
    page.wait_for_url("**entry=composite*metadata")
    expect(page.locator('#diagram .node[data-node="composite:metadata"]')).to_be_visible()
    page.goto(dashboard.url + "/requests")
    page.go_back()
    page.wait_for_url("**entry=composite*metadata")
    expect(page.locator("nav")).to_be_visible()  # the page's own navigation, not a fragment
    expect(page.locator('#diagram .node[data-node="composite:metadata"]')).to_be_visible()


def test_back_between_entries_the_browser_no_longer_holds_shows_the_whole_page(page, dashboard):
    # htmx keeps the last 10 pages it pushed in sessionStorage; Back to one it no longer holds
    # must show that page whole, with its navigation, not the fragment the URL answers htmx.
    upload(page, dashboard, NOVA)
    for entry in ("composite:metadata", "composite:osapi_compute"):
        page.select_option('#ini select[name="entry"]', entry)
        page.wait_for_url("**entry=" + entry.replace(":", "*"))
        expect(page.locator(f'#diagram .node[data-node="{entry}"]')).to_be_visible()
    page.evaluate("sessionStorage.removeItem('htmx-history-cache')")
    page.go_back()
    page.wait_for_url("**entry=composite*metadata")
    # NOTE: the address changes at once; what was shown stays until the page comes back.
    expect(page.locator('#diagram .node[data-node="composite:metadata"]')).to_be_visible()
    expect(page.locator('#ini select[name="entry"]')).to_have_value("composite:metadata")
    expect(page.locator("header.top nav")).to_be_visible()
    expect(page).to_have_title("nova-api-paste.ini · Pastescope")
