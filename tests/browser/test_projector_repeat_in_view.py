"""Repeat in a request's detail on Live in projector mode, in headless Chromium against the
compute demo: the detail is drawn below the diagram there, and the answer Repeat writes under
its button (with what it sent otherwise than the recorded request) stays where the teacher is
reading. Only Send, above the diagram, brings the replay into view: Repeat once scrolled the
page back up to the diagram, its own answer left below the window's foot."""

from __future__ import annotations

from playwright.sync_api import Browser
from playwright.sync_api import expect

from tests.browser.chromium import opened_page
from tests.browser.screens import WXGA
from tests.conftest import TOKEN
from tests.dashboard.servers import send

#: Where an element's box is, and the window's height.
BOX = "(element) => { const r = element.getBoundingClientRect(); " \
      "return {top: r.top, bottom: r.bottom, height: window.innerHeight}; }"

#: How far the page may move while Repeat answers: a row or two of the request list.
ROW_SHIFT = 100


def test_repeat_on_a_projector_leaves_its_answer_in_sight(browser: Browser, dashboard, stack):
    recorded = send(dashboard, stack, "GET", "/v2.1/servers?token=abc&limit=1", TOKEN)["trace"]
    with opened_page(browser, viewport=WXGA) as page:
        page.goto(f"{dashboard.url}/?stack=osapi_compute&projector=1")
        expect(page.locator("#live")).to_have_attribute("data-stack", "osapi_compute")
        page.locator(f'#rows tr[data-trace="{recorded}"] td').first.click()
        detail = page.locator(f'#detail article[data-trace="{recorded}"]')
        repeat = detail.get_by_role("button", name="Repeat")
        repeat.click()  # scrolled to first, as the teacher would: the detail is below the diagram
        scrolled = page.evaluate("window.scrollY")

        answer = detail.locator("output.repeat-result")
        expect(answer.locator(".differences")).to_contain_text("Not as recorded:")
        repeated = answer.get_attribute("data-trace")
        assert repeated and repeated != recorded
        # The repeated request replays on the diagram (out of sight, above): the page stays.
        expect(page.locator("#player")).to_have_attribute("data-trace", repeated)
        box = answer.evaluate(BOX)
        assert 0 <= box["top"] and box["bottom"] <= box["height"], box
        # Not back up to the diagram (it went 967 px up); a few px either way are the browser
        # keeping the detail in place as the repeated request's row joins the list above it.
        assert abs(page.evaluate("window.scrollY") - scrolled) < ROW_SHIFT
