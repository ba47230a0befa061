"""Live's "Detail below ↓" (a row clicked, its detail drawn below the diagram) goes once the
detail is in sight: below the page's sticky header, whose height (--top-bar) changes where a
window grows or shrinks across the phone breakpoint. In headless Chromium against a real
dashboard and the compute demo, the window resized after the click: the button is still there
while what is left of the detail lies under the taller header, and goes once the detail shows
below the shorter one."""

from __future__ import annotations

from playwright.sync_api import Browser
from playwright.sync_api import Page
from playwright.sync_api import expect

from tests.browser.chromium import opened_page

#: Windows on either side of the phone breakpoint (dashboard.css, 62rem), both narrower than the
#: two columns (1100px), so that the detail is drawn below the diagram in each.
ONE_LINE = {"width": 1050, "height": 700}
TWO_LINES = {"width": 900, "height": 700}
#: How far the detail's last pixels are put above, or below, the header's foot.
EDGE = 10

#: The page scrolled so that the detail's foot lies `below` px under the header's foot (above
#: it when negative); the header's height.
PLACE = """(below) => {
  const header = document.querySelector('header.top').getBoundingClientRect();
  const detail = document.getElementById('detail').getBoundingClientRect();
  window.scrollBy(0, detail.bottom - header.bottom - below);
  return header.height;
}"""

#: Whether a reader sees any of the detail: what is drawn just above its foot is its own.
SEEN = """() => {
  const detail = document.getElementById('detail');
  const r = detail.getBoundingClientRect();
  return detail.contains(document.elementFromPoint((r.left + r.right) / 2, r.bottom - 1));
}"""

#: Resolves once the page's intersection observers have been told of the detail where it is:
#: a new one's first notice comes in the same round as those made before it.
NOTICED = """() => new Promise((resolve) => {
  const observer = new IntersectionObserver(() => { observer.disconnect(); resolve(); });
  observer.observe(document.getElementById('detail'));
})"""


def click_newest(page: Page, url: str, deletes: list[str]):
    """The newest row clicked: its replay in sight, its detail below, and the button to it."""
    page.goto(url)
    expect(page.locator("#live")).to_have_attribute("data-stack", "osapi_compute")
    page.select_option("#speed", "1")
    page.locator(f'#rows tr[data-trace="{deletes[-1]}"] td').first.click()
    expect(page.locator(f'#detail article[data-trace="{deletes[-1]}"]')).to_be_attached()
    to_detail = page.get_by_role("button", name="Detail below ↓")
    expect(to_detail).to_be_visible()
    return to_detail


def test_the_button_stays_while_the_detail_is_under_the_phone_header(
        browser: Browser, dashboard, deletes):
    with opened_page(browser, viewport=ONE_LINE) as page:
        to_detail = click_newest(page, f"{dashboard.url}/?stack=osapi_compute", deletes)
        one_line = page.evaluate("() => document.querySelector('header.top').offsetHeight")
        page.set_viewport_size(TWO_LINES)
        assert page.evaluate(PLACE, -EDGE) > one_line + EDGE  # the header grew over the foot
        assert not page.evaluate(SEEN)
        page.evaluate(NOTICED)
        expect(to_detail).to_be_visible()

        page.evaluate(PLACE, EDGE)
        assert page.evaluate(SEEN)
        expect(to_detail).to_be_hidden()


def test_the_button_goes_once_the_detail_shows_below_the_wide_header(
        browser: Browser, dashboard, deletes):
    with opened_page(browser, viewport=TWO_LINES) as page:
        to_detail = click_newest(page, f"{dashboard.url}/?stack=osapi_compute", deletes)
        two_lines = page.evaluate("() => document.querySelector('header.top').offsetHeight")
        page.set_viewport_size(ONE_LINE)
        assert page.evaluate(PLACE, EDGE) < two_lines - EDGE  # the foot shows where it stood
        assert page.evaluate(SEEN)
        expect(to_detail).to_be_hidden()
