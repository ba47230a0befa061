"""The teacher's dashboard started again with a new token while the teacher's pages stay open:
every refusal says the browser's cookie holds the old token and what to open, on the lesson's
Run, on the saved-requests form (htmx forms: shown, not a blank) and on the pages reloaded."""

from __future__ import annotations

from urllib.parse import urlsplit

from playwright.sync_api import Browser
from playwright.sync_api import expect

from tests.browser.chromium import opened_page
from tests.browser.screens import DESKTOP
from tests.dashboard.samples import announcement
from tests.dashboard.servers import Dashboard

#: What every refusal must say.
RESTARTED = "it was probably started again, with a new token"


def test_a_restart_with_a_new_token_is_named_in_every_refusal(browser: Browser, tmp_path):
    first = Dashboard(tmp_path, "--token", "token-of-the-morning")
    port = urlsplit(first.url).port
    again = None
    try:
        # The lesson's stack announced (nothing need answer there): its Run is enabled.
        first.post("/api/stacks", announcement("osapi_compute"),
                   headers={"Authorization": "Bearer token-of-the-morning"})
        with opened_page(browser, viewport=DESKTOP) as lesson:
            lesson.goto(f"{first.url}/lessons/compute-demo?token=token-of-the-morning")
            saved = lesson.context.new_page()
            saved.goto(f"{first.url}/requests")
            expect(saved.locator("#import-form")).to_be_visible()
            first.stop()
            again = Dashboard(tmp_path, "--token", "token-of-the-afternoon", "--port", str(port))

            lesson.locator("#step-1 button.run").click()
            refused = lesson.locator("#result-1 .refused")
            expect(refused).to_contain_text("this browser's cookie holds a teacher's token")
            expect(refused).to_contain_text(RESTARTED)
            expect(refused).to_contain_text("open the address it printed as it started")

            saved.set_input_files("#import-form input[type=file]", files=[{
                "name": "saved.json", "mimeType": "application/json", "buffer": b"{}"}])
            saved.click("#import-form button[type=submit]")
            expect(saved.locator("#import-result .refused")).to_contain_text(RESTARTED)

            lesson.reload()
            expect(lesson.locator("button.run")).to_have_count(0)
            expect(lesson.locator(".stale-cookie")).to_contain_text(RESTARTED)
            saved.reload()  # every page says it, not only those whose controls are gone
            expect(saved.locator(".stale-cookie")).to_contain_text(RESTARTED)
            lesson.goto(f"{again.url}/lessons?token=token-of-the-afternoon")
            expect(lesson.locator("#lesson-load-form")).to_be_attached()
            expect(lesson.locator(".viewer-note")).to_have_count(0)
    finally:
        first.stop()
        if again is not None:
            again.stop()
