"""/follow from the keyboard and with a screen reader: a viewer whose focus was in the steps
keeps it (on the new stepper) when the teacher opens another request; the notes the page shows
as the teacher stops, and a presented lesson step's title and notice, are said on status lines
that were there before they came, the lesson's once, not again at each of the teacher's
moves."""

from __future__ import annotations

import contextlib
import re

import requests
from playwright.sync_api import Browser
from playwright.sync_api import expect

from tests.browser.follow_page import open_viewer
from tests.browser.live_regions import mark_live
from tests.browser.live_regions import said
from tests.browser.live_regions import was_live
from tests.conftest import TOKEN
from tests.dashboard.servers import send


@contextlib.contextmanager
def presented(page, browser: Browser, dashboard, trace: str):
    """The teacher's `page` presenting `trace`'s steps; a viewer on /follow, on its first step."""
    context, viewer, errors, posts = open_viewer(browser, dashboard.url)
    try:
        page.goto(f"{dashboard.url}/requests/{trace}/steps")
        page.locator('.stepper [data-action="present"]').click()
        expect(viewer.locator("#follow-steps .stepper")).to_have_attribute("data-trace", trace)
        yield viewer
        assert posts == [], f"viewers must not post: {posts}"
        assert errors == [], f"JavaScript errors on the viewer's page: {errors}"
    finally:
        stop = page.locator("#presenting-bar").get_by_role("button", name="Stop presenting")
        if stop.is_visible():  # off: the next test starts quiet
            stop.click()
        context.close()


def test_the_viewers_focus_goes_to_the_teachers_next_request(page, browser: Browser, dashboard,
                                                              stack):
    first = send(dashboard, stack, "GET", "/v2.1/servers", TOKEN)["trace"]
    second = send(dashboard, stack, "GET", "/v2.1/flavors", TOKEN)["trace"]
    with presented(page, browser, dashboard, first) as viewer:
        forward = viewer.locator("#follow-steps .stepper").get_by_role(
            "button", name="Forward", exact=True)
        forward.focus()
        viewer.keyboard.press("Enter")
        expect(viewer.locator("#follow-steps .stepper")).to_have_attribute("data-index", "1")

        page.goto(f"{dashboard.url}/requests/{second}/steps")
        shown = viewer.locator("#follow-steps .stepper")
        expect(shown).to_have_attribute("data-trace", second)
        # On the stepper, named for the request: not on the page's body, a Tab from the top.
        expect(shown).to_be_focused()
        expect(shown).to_have_accessible_name("Step through GET /v2.1/flavors")
        viewer.keyboard.press("ArrowRight")
        expect(shown).to_have_attribute("data-index", "1")


def test_the_teacher_stopping_is_said_on_a_status_line_already_there(page, browser: Browser,
                                                                     dashboard, stack):
    trace = send(dashboard, stack, "GET", "/v2.1/servers", TOKEN)["trace"]
    with presented(page, browser, dashboard, trace) as viewer:
        mark_live(viewer)
        page.locator("#presenting-bar").get_by_role("button", name="Stop presenting").click()
        expect(viewer.locator("#follow")).to_have_attribute("data-state", "stopped")
        expect(viewer.locator(".follow-stopped")).to_be_visible()
        said = was_live(viewer, "The teacher stopped presenting")
        expect(said).to_have_count(1)
        expect(said).to_have_attribute("role", "status")
        expect(said).to_have_text("The teacher stopped presenting: this is the last step they "
                                  "showed. The next request they present will show here.")
        # Presenting again: the line empties, said no more.
        page.locator('.stepper [data-action="present"]').click()
        expect(viewer.locator("#follow")).to_have_attribute("data-state", "following")
        expect(viewer.locator("[data-notes-said]")).to_be_empty()


def test_a_presented_lesson_step_is_said_once_as_it_comes(page, browser: Browser, dashboard,
                                                          stack):
    step = requests.get(f"{dashboard.url}/api/lessons/compute-demo", timeout=5).json()["steps"][0]
    words = f"Lesson step 1 · {step['title']}: " + " ".join(step["notice"].replace("`", "").split())
    context, viewer, errors, posts = open_viewer(browser, dashboard.url)
    try:
        expect(viewer.locator("#follow")).to_have_attribute("data-state", "waiting")
        mark_live(viewer)
        page.goto(f"{dashboard.url}/lessons/compute-demo")
        page.get_by_role("button", name="Run step 1").focus()
        page.keyboard.press("Enter")
        stepper = page.locator("#step-1 .stepper")
        expect(stepper).to_have_attribute("data-presenting", re.compile(r"^(true|false)$"))
        stepper.get_by_role("button", name="Present to viewers").focus()
        page.keyboard.press("Enter")
        shown = viewer.locator("#follow-steps .stepper")
        expect(shown).to_have_attribute("data-trace", stepper.get_attribute("data-trace"))
        expect(viewer.locator(".follow-lesson")).to_be_visible()
        expect(was_live(viewer, "Lesson step 1")).to_have_text(words)
        # The teacher steps on: the request's steps are said, the lesson's words not again.
        page.keyboard.press("ArrowRight")
        page.keyboard.press("ArrowRight")
        expect(shown).to_have_attribute("data-index", "2")
        expect(shown.locator(".step-said")).to_have_text(re.compile(r"^Request step 3 of "))
        assert [line for line in said(viewer) if "Lesson step" in line] == [words]
        assert posts == [], f"viewers must not post: {posts}"
        assert errors == [], f"JavaScript errors on the viewer's page: {errors}"
    finally:
        stop = page.locator("#presenting-bar").get_by_role("button", name="Stop presenting")
        if stop.is_visible():
            stop.click()
        context.close()
