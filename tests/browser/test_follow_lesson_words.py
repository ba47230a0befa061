"""A lesson step the teacher presents: the class on `/follow` reads its title and what to notice
above its step view, step after step, and none of it once the teacher opens a request that is
no lesson's step. The lesson's steps and the request's are said apart: the heading said "Step 2"
(the lesson's) right above "You are on step 3; the teacher is on step 2." and "step 3 of 24"
(the request's), and a class could not tell which step was meant."""

from __future__ import annotations

import re

import requests
from playwright.sync_api import Browser
from playwright.sync_api import Page
from playwright.sync_api import expect

from tests.browser.follow_page import open_viewer
from tests.conftest import TOKEN
from tests.dashboard.servers import send


def test_the_class_reads_the_presented_lesson_steps_title_and_notice(page: Page, browser: Browser,
                                                                     dashboard, stack):
    steps = requests.get(f"{dashboard.url}/api/lessons/compute-demo", timeout=5).json()["steps"]
    plain = send(dashboard, stack, "GET", "/v2.1/servers", TOKEN)
    viewer_context, viewer, errors, posts = open_viewer(browser, dashboard.url)
    try:
        shown = viewer.locator("#follow-steps .stepper")
        words = viewer.locator(".follow-lesson")
        title = words.locator("h2")
        notice = words.locator(".notice")
        off_step = viewer.locator("[data-off-step-text]")
        page.goto(f"{dashboard.url}/lessons/compute-demo")
        page.wait_for_load_state("load")
        expect(words).to_be_hidden()

        for n, presented in ((1, False), (2, True)):
            page.locator(f"#step-{n} button.run").click()
            stepper = page.locator(f"#step-{n} .stepper")
            expect(stepper).to_have_attribute("data-presenting", re.compile(r"^(true|false)$"))
            if not presented:
                stepper.locator('[data-action="present"]').click()
            expect(shown).to_have_attribute("data-trace", stepper.get_attribute("data-trace"))
            step = steps[n - 1]
            expect(title).to_have_text(f"Lesson step {n} · {step['title']}")
            # The notice as the lesson page shows it: each `name` in backticks as code.
            expect(notice).to_have_text(" ".join(step["notice"].replace("`", "").split()))
            expect(notice.locator("code")).to_have_text(re.findall(r"`([^`]*)`", step["notice"]))
            expect(words).to_be_visible()
            # Stepping on within the lesson step keeps its words.
            stepper.locator('[data-action="forward"]').click()
            expect(shown).to_have_attribute("data-index", "1")
            expect(title).to_have_text(f"Lesson step {n} · {step['title']}")
            # A viewer stepping on alone reads which step is whose: the request's, under the
            # lesson's.
            shown.locator('[data-action="forward"]').click()
            expect(shown.locator(".step-count")).to_contain_text("request step 3 of ")
            expect(off_step).to_have_text(
                "You are on request step 3; the teacher is on request step 2.")
            expect(title).to_have_text(f"Lesson step {n} · {step['title']}")
            viewer.locator('[data-action="teacher-step"]').click()
            expect(off_step).to_have_text("")

        # A request that is no lesson's step: nothing of the lesson stays.
        page.goto(f"{dashboard.url}/requests/{plain['trace']}")
        expect(shown).to_have_attribute("data-trace", plain["trace"])
        expect(words).to_be_hidden()
        expect(title).to_have_text("")
        expect(notice).to_have_text("")
        assert "lesson" not in requests.get(f"{dashboard.url}/api/presenter", timeout=5).json()
        assert posts == [], f"viewers must not post: {posts}"
        assert errors == [], f"JavaScript errors on the viewer's page: {errors}"
    finally:
        viewer_context.close()
        requests.post(f"{dashboard.url}/api/presenter", json={"trace": None}, timeout=5)
