"""The request list's status filter at 1280×720: its placeholder, the one hint of the filter's
syntax, is shown whole ("…, pending" was cut off), in projector type too; and on a phone in
projector mode, where projector type cut it off at "…, no answer, pe"."""

from __future__ import annotations

import pytest
from playwright.sync_api import expect

from tests.browser.chromium import opened_page
from tests.browser.screens import PHONE
from tests.browser.screens import SMALL_PROJECTOR

HINT = "status: 404, 4xx, error, no answer, pending, wsgi"
#: The placeholder's width in the input's font, and the room the input gives it.
PLACEHOLDER_AND_ROOM = """(input) => {
  const style = getComputedStyle(input);
  const context = document.createElement('canvas').getContext('2d');
  context.font = style.font;
  return [context.measureText(input.placeholder).width,
          input.clientWidth - parseFloat(style.paddingLeft) - parseFloat(style.paddingRight)];
}"""


@pytest.mark.parametrize("url", ["/requests", "/requests?projector=1", "/?stack=osapi_compute"])
def test_the_status_filter_shows_its_whole_hint(browser, dashboard, stack, url):
    with opened_page(browser, viewport=SMALL_PROJECTOR) as page:
        page.goto(dashboard.url + url)
        status = page.get_by_label("Filter by status")
        expect(status).to_have_attribute("placeholder", HINT)
        page.wait_for_load_state("load")
        text, room = status.evaluate(PLACEHOLDER_AND_ROOM)
        assert text <= room, (url, text, room)


@pytest.mark.parametrize("url", ["/requests?projector=1", "/?stack=osapi_compute&projector=1"])
def test_the_status_filter_shows_its_whole_hint_on_a_phone_in_projector_mode(
        browser, dashboard, stack, url):
    with opened_page(browser, viewport=PHONE, is_mobile=True, has_touch=True) as page:
        page.goto(dashboard.url + url)
        expect(page.locator("body")).to_have_class("projector")
        status = page.get_by_label("Filter by status")
        expect(status).to_have_attribute("placeholder", HINT)
        page.wait_for_load_state("load")
        text, room = status.evaluate(PLACEHOLDER_AND_ROOM)
        assert text <= room, (url, text, room)
        box = status.bounding_box()
        assert 0 <= box["x"] and box["x"] + box["width"] <= PHONE["width"], (url, box)
