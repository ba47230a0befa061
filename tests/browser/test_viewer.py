"""A class on a token-guarded dashboard, in headless Chromium: viewers see notes where the
teacher has buttons; the teacher, once recognised by the token link, runs a lesson step from the
page; a page whose token is gone shows the refusal as text, not as JSON."""

from __future__ import annotations

import re
from collections.abc import Iterator

import pytest
from playwright.sync_api import Browser
from playwright.sync_api import Page
from playwright.sync_api import expect

from tests.browser.screens import DESKTOP
from tests.browser.upload_page import upload
from tests.conftest import NOVA
from tests.dashboard.servers import Dashboard
from tests.dashboard.servers import announced

TOKEN = "teacher-s3cret"


@pytest.fixture(scope="module")
def classroom(tmp_path_factory) -> Iterator[Dashboard]:
    """A dashboard with a teacher's token, and the compute demo reporting to it with the token."""
    server = Dashboard(tmp_path_factory.mktemp("classroom"), "--token", TOKEN)
    try:
        with announced(server, token=TOKEN):
            yield server
    finally:
        server.stop()


@pytest.fixture
def teacher(browser: Browser, classroom: Dashboard) -> Iterator[Page]:
    """A second browser context, recognised by the token link the dashboard printed."""
    context = browser.new_context(viewport=DESKTOP)
    page = context.new_page()
    page.set_default_timeout(10_000)
    try:
        page.goto(f"{classroom.url}/lessons/compute-demo?token={TOKEN}")
        page.wait_for_url(f"{classroom.url}/lessons/compute-demo")
        yield page
    finally:
        context.close()


def test_a_viewer_sees_notes_instead_of_run_and_send(page, classroom):
    page.goto(classroom.url + "/lessons/compute-demo")
    expect(page.locator(".lesson-step")).not_to_have_count(0)
    expect(page.locator("button.run")).to_have_count(0)
    # Where to see what the teacher runs: a student left on a lesson with no results saw none.
    follow = "Only the teacher can run requests here. Follow shows you each request and step " \
        "the teacher presents."
    note = page.locator(".lesson .viewer-note")
    expect(note).to_have_text(follow)
    expect(note.get_by_role("link", name="Follow")).to_have_attribute("href", "/follow")
    page.goto(classroom.url + "/")
    expect(page.locator("#send-form")).to_have_count(0)
    note = page.locator("#send-form-viewer .viewer-note")
    expect(note).to_have_text(follow)
    note.get_by_role("link", name="Follow").click()
    page.wait_for_url(classroom.url + "/follow")
    expect(page.locator("main")).to_contain_text("Waiting for the teacher")
    expect(page.locator(".follow-waiting")).not_to_contain_text("To present")  # the teacher's
    page.goto(classroom.url + "/")
    expect(page.locator("#player").get_by_role("button", name="Replay")).to_be_visible()
    expect(page.get_by_role("button", name="Present to viewers")).to_have_count(0)
    page.goto(classroom.url + "/requests")
    expect(page.locator("#import-form")).to_have_count(0)
    expect(page.locator("#load-requests")).to_contain_text(
        "Only the teacher can load saved requests here.")


def test_the_teacher_checking_follow_is_told_where_to_start_presenting(teacher, classroom):
    # "Waiting for the teacher…" alone left a teacher checking the page wondering what to do;
    # and it named Live and a request's step view, not a lesson's Run, whose step view has the
    # button too.
    teacher.goto(classroom.url + "/follow")
    waiting = teacher.locator(".follow-waiting")
    expect(waiting).to_contain_text("Waiting for the teacher")
    expect(waiting).to_contain_text(
        "To present, press Present to viewers above Live's diagram, in a request's step view, or "
        "in the step view a lesson's Run opens under its step.")
    expect(waiting.get_by_role("link", name="Live")).to_have_attribute("href", "/")
    expect(waiting.get_by_role("link", name="lesson")).to_have_attribute("href", "/lessons")


def test_the_teacher_runs_a_step_and_a_lost_token_reads_as_text(teacher):
    step = teacher.locator("#step-1")
    step.locator("button.run").click()
    result = step.locator(".lesson-result")
    expect(result).to_have_attribute("data-status", "200")
    expect(result).to_have_attribute("data-state", "done")

    teacher.context.clear_cookies()  # the page still shows the buttons; the token is gone
    teacher.locator("#step-2 button.run").click()
    refused = teacher.locator("#result-2 .refused")
    expect(refused).to_contain_text("only the teacher can change things on this dashboard")
    expect(teacher.locator("#result-2")).not_to_contain_text('{"error"')


def test_a_viewer_opens_the_teachers_upload_from_the_list(teacher, page, classroom):
    upload(teacher, classroom, NOVA)
    uploaded = teacher.url.rsplit("/", 1)[1]

    page.goto(classroom.url + "/inis")
    row = page.locator(f'#uploads tr[data-ini="{uploaded}"]')
    expect(row.locator("td")).to_have_text(
        ["nova-api-paste.ini", re.compile(r"\d{4}-\d\d-\d\d \d\d:\d\d"), "3", "none"])
    row.get_by_role("link", name="nova-api-paste.ini").click()
    page.wait_for_url(f"**/inis/{uploaded}")
    expect(page.locator("#ini h2")).to_have_text("nova-api-paste.ini")
