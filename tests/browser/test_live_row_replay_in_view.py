"""A row clicked on Live, in headless Chromium against a real dashboard and the compute demo:
the request's replay plays in sight (the player's line and the diagram are brought into view,
not scrolled away to the detail), and the detail is in view beside the diagram on a wide
window, or a click away ("Detail below ↓") where it is drawn below the diagram."""

from __future__ import annotations

import pytest
from playwright.sync_api import Browser
from playwright.sync_api import Page
from playwright.sync_api import expect

from tests.browser.chromium import opened_page
from tests.browser.live_page import WHERE
from tests.browser.screens import DESKTOP
from tests.browser.screens import FULL_HD
from tests.browser.screens import SMALL_PROJECTOR


def click_oldest(page: Page, url: str, deletes: list[str]) -> None:
    page.goto(url)
    expect(page.locator("#live")).to_have_attribute("data-stack", "osapi_compute")
    page.select_option("#speed", "1")
    row = page.locator(f'#rows tr[data-trace="{deletes[0]}"]')
    row.scroll_into_view_if_needed()
    expect(page.locator("#diagram")).not_to_be_in_viewport()
    row.locator("td").first.click()
    expect(page.locator("#player")).to_have_attribute("data-trace", deletes[0])
    expect(page.locator(f'#detail article[data-trace="{deletes[0]}"]')).to_be_attached()


def assert_replay_in_sight(page: Page) -> None:
    expect(page.locator("#player")).to_have_attribute("data-state", "playing")
    where = page.evaluate(WHERE)
    # (a pixel of leeway: the page scrolls by whole pixels, the layout has fractions)
    assert where["player"]["top"] >= -1, where
    assert where["frame"]["bottom"] <= where["height"] + 1, where


def test_on_a_projector_the_replay_plays_in_sight_and_the_detail_is_a_click_away(
        browser: Browser, dashboard, deletes):
    with opened_page(browser, viewport=SMALL_PROJECTOR) as page:
        click_oldest(page, f"{dashboard.url}/?stack=osapi_compute&projector=1", deletes)
        assert_replay_in_sight(page)
        heading = page.locator(f'#detail article[data-trace="{deletes[0]}"] h2')
        expect(heading).not_to_be_in_viewport()
        to_detail = page.get_by_role("button", name="Detail below ↓")
        expect(to_detail).to_be_visible()

        to_detail.click()
        expect(heading).to_be_in_viewport()
        expect(to_detail).to_be_hidden()


@pytest.mark.parametrize("viewport", [FULL_HD, DESKTOP])
def test_on_a_wide_window_the_replay_and_the_detail_beside_it_are_in_sight(
        browser: Browser, dashboard, deletes, viewport):
    with opened_page(browser, viewport=viewport) as page:
        click_oldest(page, f"{dashboard.url}/?stack=osapi_compute", deletes)
        assert_replay_in_sight(page)
        heading = page.locator(f'#detail article[data-trace="{deletes[0]}"] h2')
        expect(heading).to_be_in_viewport()
        expect(page.get_by_role("button", name="Detail below ↓")).to_be_hidden()
