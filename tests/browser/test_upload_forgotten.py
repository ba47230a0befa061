"""An uploaded file's page left open while the dashboard forgot the upload (here: started again
with another store): its entry picker and its "which" form say so, and link to the upload form,
instead of showing nothing (the picker) or a dead end (the form)."""

from __future__ import annotations

from urllib.parse import urlsplit

from playwright.sync_api import Browser
from playwright.sync_api import expect

from tests.browser.chromium import opened_page
from tests.browser.screens import DESKTOP
from tests.browser.upload_page import upload
from tests.browser.which_form import submit
from tests.conftest import NOVA
from tests.dashboard.servers import Dashboard

UPLOAD_AGAIN = "Upload the file again, or open one of the uploads kept"


def test_a_forgotten_upload_s_page_links_to_the_upload_form(browser: Browser, tmp_path):
    first = Dashboard(tmp_path / "before")
    port = urlsplit(first.url).port
    again = None
    try:
        with opened_page(browser, viewport=DESKTOP) as page:
            upload(page, first, NOVA)
            ini_id = urlsplit(page.url).path.rsplit("/", 1)[1]
            drawn = page.locator("#ini").get_attribute("data-entry")
            forgotten = (f"no uploaded ini '{ini_id}' (uploads are kept for a while, then "
                         "forgotten)")
            first.stop()
            again = Dashboard(tmp_path / "after", "--port", str(port))

            other = next(entry for entry in page.locator("#ini-entry option").all_inner_texts()
                         if entry != drawn)
            page.select_option("#ini-entry", other)
            refused = page.locator("#ini .entry-refused .refused")
            expect(refused).to_have_text(f"{forgotten} {UPLOAD_AGAIN}")
            expect(refused).to_have_attribute("data-status", "404")
            # The picker says the entry still drawn, not the one refused.
            expect(page.locator("#ini-entry")).to_have_value(drawn)
            expect(page.locator("#ini")).to_have_attribute("data-entry", drawn)

            submit(page, "GET", "/v2.1/servers")
            error = page.locator(".which .which-error")
            expect(error).to_have_text(f"ini: {forgotten} {UPLOAD_AGAIN}")
            error.get_by_role("link", name=UPLOAD_AGAIN).click()
            page.wait_for_url(f"{again.url}/inis")
            expect(page.locator("#upload-file")).to_be_attached()
    finally:
        first.stop()
        if again is not None:
            again.stop()
