"""A row clicked on Live, in headless Chromium against a real dashboard and the compute demo,
with the page scrolled a little, so that the player's line has slid under the page's header
(which stays at the top as the page scrolls): the click brings the line out from under it,
where the reader sees which request replays, not merely to the window's top edge."""

from __future__ import annotations

from playwright.sync_api import Browser
from playwright.sync_api import expect

from tests.browser.chromium import opened_page
from tests.browser.screens import FULL_HD

#: How much of the player's line the header covers before the click, in px.
COVERED = 10

#: The page scrolled so that the header covers the top `covered` px of the player's line.
SLIDE_UNDER = """(covered) => {
  const header = document.querySelector('header.top').getBoundingClientRect();
  const bar = document.getElementById('player').getBoundingClientRect();
  window.scrollBy(0, bar.top - header.bottom + covered);
}"""

#: What a reader sees at the top and bottom edges of the player's line, in its middle: the
#: elements drawn there (the header, if it covers them), and whether they are the line's own.
EDGES = """() => {
  const bar = document.getElementById('player');
  const r = bar.getBoundingClientRect();
  const x = (r.left + r.right) / 2;
  return [r.top + 1, r.bottom - 1].map((y) => {
    const seen = document.elementFromPoint(x, y);
    return {y: y, seen: seen && seen.outerHTML.slice(0, 60), own: bar.contains(seen)};
  });
}"""


def test_a_row_clicked_brings_the_player_line_out_from_under_the_header(
        browser: Browser, dashboard, deletes):
    trace = deletes[-1]
    with opened_page(browser, viewport=FULL_HD) as page:
        page.goto(f"{dashboard.url}/?stack=osapi_compute")
        expect(page.locator("#live")).to_have_attribute("data-stack", "osapi_compute")
        page.select_option("#speed", "1")
        page.evaluate(SLIDE_UNDER, COVERED)
        covered = page.evaluate(EDGES)
        assert not all(edge["own"] for edge in covered), covered  # the header covers it

        row = page.locator(f'#rows tr[data-trace="{trace}"]')
        expect(row).to_be_in_viewport()
        row.locator("td").first.click()
        expect(page.locator("#player")).to_have_attribute("data-trace", trace)
        expect(page.locator("#player")).to_have_attribute("data-state", "playing")
        edges = page.evaluate(EDGES)
        assert all(edge["own"] for edge in edges), edges
        expect(page.locator("#diagram")).to_be_in_viewport(ratio=1)
