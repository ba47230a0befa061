"""A viewer on `/follow` may step on their own, and is told while the step shown is not the
teacher's, with a button back to it; the teacher's next move brings them along."""

from __future__ import annotations

import pytest
from playwright.sync_api import Browser
from playwright.sync_api import Page
from playwright.sync_api import expect

from tests.browser.chromium import opened_page
from tests.browser.follow_page import open_viewer
from tests.browser.in_sight import DRAWN_ON_TOP
from tests.browser.screens import MODES
from tests.browser.screens import NARROW
from tests.browser.screens import SCREENS
from tests.conftest import TOKEN
from tests.dashboard.servers import send


def test_a_viewer_off_the_teachers_step_is_told_and_brought_back(page, browser: Browser,
                                                                  dashboard, stack):
    trace = send(dashboard, stack, "GET", "/v2.1/servers", TOKEN)
    viewer_context, viewer, errors, posts = open_viewer(browser, dashboard.url)
    try:
        page.goto(f"{dashboard.url}/requests/{trace['trace']}/steps")
        page.locator('.stepper [data-action="present"]').click()
        page.click('.stepper [data-action="forward"]')
        page.click('.stepper [data-action="forward"]')
        shown = viewer.locator("#follow-steps .stepper")
        follow = viewer.locator("#follow")
        note = viewer.locator(".follow-off-step")
        said = note.locator('[role="status"]')
        back = note.locator('[data-action="teacher-step"]')
        expect(shown).to_have_attribute("data-index", "2")
        expect(follow).to_have_attribute("data-off-step", "false")
        expect(said).to_have_text("")
        expect(back).to_be_hidden()

        # The viewer steps ahead: told where they are and where the teacher is, and the note
        # coming leaves the stepper's buttons where they were, under the pointer.
        forward = shown.locator('[data-action="forward"]')
        was = forward.bounding_box()["y"]
        forward.click()
        expect(shown).to_have_attribute("data-index", "3")
        expect(shown.locator(".step-count")).to_contain_text("request step 4 of")
        expect(said).to_have_text("You are on request step 4; the teacher is on request step 3.")
        expect(back).to_be_visible()
        assert abs(forward.bounding_box()["y"] - was) < 1
        viewer.keyboard.press("ArrowRight")
        expect(said).to_have_text("You are on request step 5; the teacher is on request step 3.")

        # The button, from the keyboard: back on the teacher's step, the note gone, and the
        # keys step on from there.
        back.focus()
        viewer.keyboard.press("Enter")
        expect(shown).to_have_attribute("data-index", "2")
        expect(follow).to_have_attribute("data-off-step", "false")
        expect(said).to_have_text("")
        expect(back).to_be_hidden()
        viewer.keyboard.press("ArrowRight")
        expect(said).to_have_text("You are on request step 4; the teacher is on request step 3.")

        # Stepping back by hand ends it too.
        shown.locator('[data-action="back"]').click()
        expect(shown).to_have_attribute("data-index", "2")
        expect(said).to_have_text("")
        expect(back).to_be_hidden()

        # Ahead again, and the teacher moves: the viewer is brought along, no note.
        shown.locator('[data-action="forward"]').click()
        shown.locator('[data-action="forward"]').click()
        expect(said).to_have_text("You are on request step 5; the teacher is on request step 3.")
        page.click('.stepper [data-action="forward"]')
        expect(shown).to_have_attribute("data-index", "3")
        expect(follow).to_have_attribute("data-off-step", "false")
        expect(said).to_have_text("")
        expect(back).to_be_hidden()

        # The teacher stops: the viewer still reads how far they are from the last step shown.
        page.locator("#presenting-bar").get_by_role("button", name="Stop presenting").click()
        expect(follow).to_have_attribute("data-state", "stopped")
        shown.locator('[data-action="back"]').click()
        expect(said).to_have_text(
            "You are on request step 3; the teacher last showed request step 4.")
        back.click()
        expect(shown).to_have_attribute("data-index", "3")
        expect(said).to_have_text("")
        expect(back).to_be_hidden()
        assert posts == [], f"viewers must not post: {posts}"
        assert errors == [], f"JavaScript errors on the viewer's page: {errors}"
    finally:
        viewer_context.close()


def test_the_note_fits_a_phone_in_projector_mode(page, browser: Browser, dashboard, stack):
    trace = send(dashboard, stack, "GET", "/v2.1/servers", TOKEN)
    context = browser.new_context(viewport=NARROW)
    try:
        viewer = context.new_page()
        viewer.set_default_timeout(10_000)
        viewer.goto(f"{dashboard.url}/follow?projector=1")
        page.goto(f"{dashboard.url}/requests/{trace['trace']}/steps")
        page.locator('.stepper [data-action="present"]').click()
        shown = viewer.locator("#follow-steps .stepper")
        expect(shown).to_have_attribute("data-trace", trace["trace"])
        # The note wraps here, taller than the room kept for it: the window scrolls by the
        # difference, so the buttons stay under the pointer.
        forward = shown.locator('[data-action="forward"]')
        was = forward.bounding_box()["y"]
        forward.click()
        note = viewer.locator(".follow-off-step")
        expect(note.locator('[data-action="teacher-step"]')).to_be_visible()
        assert abs(forward.bounding_box()["y"] - was) < 1
        box = note.bounding_box()
        button = note.locator('[data-action="teacher-step"]').bounding_box()
        assert box["x"] >= 0 and box["x"] + box["width"] <= 420, box
        assert button["x"] + button["width"] <= 420, button
        colours = note.evaluate("""(e) => {
            const style = getComputedStyle(e);
            return [style.color, style.backgroundColor];
        }""")
        assert colours == ["rgb(255, 255, 255)", "rgb(0, 0, 0)"], colours
        # Scrolled down to the list of steps, the viewer still reads the note, and its button
        # takes the click: the page's bar, held at the top too, is above the note, not on it.
        viewer.locator(".step-hops").scroll_into_view_if_needed()
        viewer.evaluate("window.scrollBy(0, 400)")
        held_under_the_bar(viewer)
    finally:
        context.close()


def held_under_the_bar(viewer: Page) -> None:
    """The scrolled page's note is held just under the page's bar, and what is drawn at the
    middle of its button is the button: a click there is the button's, not the bar's."""
    bar = viewer.locator("header.top").bounding_box()
    note = viewer.locator(".follow-off-step").bounding_box()
    assert 0 <= note["y"] - (bar["y"] + bar["height"]) < 3, (note, bar)
    assert viewer.locator('.follow-off-step [data-action="teacher-step"]').evaluate(DRAWN_ON_TOP)


@pytest.mark.parametrize("mode", MODES)
@pytest.mark.parametrize("screen", SCREENS)
def test_the_way_back_is_not_under_the_pages_bar_once_scrolled(page, browser: Browser, dashboard,
                                                               stack, screen, mode):
    trace = send(dashboard, stack, "GET", "/v2.1/servers", TOKEN)
    with opened_page(browser, viewport=SCREENS[screen]) as viewer:
        viewer.goto(f"{dashboard.url}/follow{MODES[mode]}")
        page.goto(f"{dashboard.url}/requests/{trace['trace']}/steps")
        page.locator('.stepper [data-action="present"]').click()
        shown = viewer.locator("#follow-steps .stepper")
        expect(shown).to_have_attribute("data-trace", trace["trace"])
        shown.locator('[data-action="forward"]').click()
        back = viewer.locator('.follow-off-step [data-action="teacher-step"]')
        expect(back).to_be_visible()
        viewer.evaluate("window.scrollTo(0, document.documentElement.scrollHeight)")
        viewer.wait_for_function("scrollY > 0")
        held_under_the_bar(viewer)
        back.click()
        expect(shown).to_have_attribute("data-index", "0")
        expect(back).to_be_hidden()
