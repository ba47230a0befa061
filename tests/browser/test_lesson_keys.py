"""A lesson page's keys in headless Chromium: → and End drive the step view run last, the
second as the first, with no click in it (a Run leaves the focus on the page's body); a click in
an older one gives it the keys back. While presenting, the class on `/follow` follows them."""

from __future__ import annotations

import contextlib
import re

import pytest
from playwright.sync_api import Browser
from playwright.sync_api import Locator
from playwright.sync_api import Page
from playwright.sync_api import expect

from tests.browser.follow_page import open_viewer


def run_step(page: Page, n: int) -> Locator:
    """Click step `n`'s Run; its stepper, once stepper.js has taken it (it marks it)."""
    page.locator(f"#step-{n} button.run").click()
    stepper = page.locator(f"#step-{n} .stepper")
    expect(stepper).to_have_attribute("data-presenting", re.compile(r"^(true|false)$"))
    return stepper


def last_index(stepper: Locator) -> str:
    return str(int(stepper.get_attribute("data-steps")) - 1)


def focus_in_a_stepper(page: Page) -> bool:
    return page.evaluate("() => Boolean(document.activeElement.closest('.stepper'))")


@pytest.mark.parametrize("presenting", [False, True], ids=["alone", "presenting"])
def test_the_keys_drive_the_step_just_run_with_no_click_in_it(
        page: Page, browser: Browser, dashboard, stack, presenting: bool):
    with contextlib.ExitStack() as cleanup:
        shown = None
        if presenting:
            viewer_context, viewer, errors, posts = open_viewer(browser, dashboard.url)
            cleanup.callback(viewer_context.close)
            shown = viewer.locator("#follow-steps .stepper")
        page.goto(f"{dashboard.url}/lessons/compute-demo")
        page.wait_for_load_state("load")

        first = run_step(page, 1)
        if presenting:
            first.locator('[data-action="present"]').click()
            expect(shown).to_have_attribute("data-trace", first.get_attribute("data-trace"))
        page.evaluate("document.activeElement.blur()")
        page.keyboard.press("ArrowRight")
        expect(first).to_have_attribute("data-index", "1")

        second = run_step(page, 2)
        assert not focus_in_a_stepper(page)
        page.keyboard.press("ArrowRight")
        page.keyboard.press("ArrowRight")
        expect(second).to_have_attribute("data-index", "2")
        if presenting:
            expect(shown).to_have_attribute("data-trace", second.get_attribute("data-trace"))
            expect(shown).to_have_attribute("data-index", "2")
        page.keyboard.press("End")
        expect(second).to_have_attribute("data-index", last_index(second))
        last = second.get_attribute("data-steps")
        expect(second.locator(".step-count")).to_have_text(f"request step {last} of {last}")
        expect(first).to_have_attribute("data-index", "1")
        if presenting:
            expect(shown).to_have_attribute("data-index", last_index(second))

        # A click in the older stepper gives it the keys, focused or not ...
        first.locator('.hop[data-index="3"]').click()
        page.evaluate("document.activeElement.blur()")
        page.keyboard.press("ArrowRight")
        expect(first).to_have_attribute("data-index", "4")
        expect(second).to_have_attribute("data-index", last_index(second))
        if presenting:
            expect(shown).to_have_attribute("data-trace", first.get_attribute("data-trace"))
            expect(shown).to_have_attribute("data-index", "4")

        # ... until the next step is run: its stepper takes them.
        third = run_step(page, 3)
        assert not focus_in_a_stepper(page)
        page.keyboard.press("ArrowRight")
        expect(third).to_have_attribute("data-index", "1")
        expect(first).to_have_attribute("data-index", "4")
        if presenting:
            expect(shown).to_have_attribute("data-trace", third.get_attribute("data-trace"))
            expect(shown).to_have_attribute("data-index", "1")
            # Off: the next test starts quiet.
            page.locator("#presenting-bar").get_by_role("button", name="Stop presenting").click()
            expect(viewer.locator("#follow")).to_have_attribute("data-state", "stopped")
            assert posts == [], f"viewers must not post: {posts}"
            assert errors == [], f"JavaScript errors on the viewer's page: {errors}"
