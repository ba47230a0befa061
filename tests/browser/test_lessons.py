"""Lessons in headless Chromium: run the compute demo's steps one at a time and see each
trace's result and step view under its step; load a teacher's lesson file from the page."""

from __future__ import annotations

import re

from playwright.sync_api import expect

from tests.browser.lesson_file import TEACHERS_LESSON
from tests.dashboard.samples import announcement


def test_run_the_compute_lesson_step_by_step(page, dashboard, stack):
    page.goto(dashboard.url + "/lessons")
    page.click('[data-lesson="compute-demo"] a')
    # The Run buttons are htmx's: wait for the page's scripts, or a click may come before them.
    page.wait_for_url("**/lessons/compute-demo")
    page.wait_for_load_state("load")
    expect(page.locator(".lesson h1")).to_contain_text("The compute demo")
    expect(page.locator(".lesson")).to_have_attribute("data-stack-state", "running")

    for n, status, path in ((1, "200", "/"), (2, "200", "/v2.1/servers")):
        step = page.locator(f"#step-{n}")
        expect(step.locator(".notice")).not_to_be_empty()
        step.locator("button.run").click()
        result = step.locator(".lesson-result")
        expect(result).to_have_attribute("data-status", status)
        expect(result).to_have_attribute("data-state", "done")
        expect(result).to_contain_text("as the lesson expects")
        trace = result.get_attribute("data-trace")
        expect(result.locator("a", has_text="open the request")).to_have_attribute(
            "href", f"/requests/{trace}")
        # The trace's step view is loaded under the step, for this very trace.
        stepper = step.locator(f'.stepper[data-trace="{trace}"]')
        expect(stepper).to_be_visible()
        expect(stepper.locator(".stepper-head h2")).to_contain_text(path)
        expect(stepper.locator(".stepper-head .status-badge")).to_have_text(status)
    # Step 1's panel stays where it was while step 2 ran.
    expect(page.locator("#step-1 .lesson-result")).to_have_attribute("data-status", "200")
    expect(page.locator(".lesson-result")).to_have_count(2)


def test_a_lesson_whose_stack_is_not_started_disables_run_and_says_why(page, dashboard):
    # A Run the server would refuse is not asked for: its 409 was logged in the console as an
    # error while the button stayed enabled under "not started".
    page.goto(dashboard.url + "/lessons")
    page.set_input_files("#lesson-file", files=[{
        "name": "nowhere.toml", "mimeType": "text/plain",
        "buffer": TEACHERS_LESSON.replace(b'"osapi_compute"', b'"nowhere"')}])
    page.wait_for_url("**/lessons?loaded=nowhere")
    runs, errors = [], []
    page.on("request", lambda request: runs.append(request.url) if "/run" in request.url else None)
    page.on("console", lambda message: errors.append(message.text)
            if message.type == "error" else None)
    page.goto(dashboard.url + "/lessons/nowhere")
    page.wait_for_load_state("load")
    expect(page.locator(".lesson-stack")).to_contain_text(
        "not started — start it with python -m stack serve stack/demo/compute.ini")
    run = page.locator("#step-1 button.run")
    expect(run).to_be_disabled()
    why = page.locator("#step-1 .run-why")
    expect(why).to_have_text("The stack is not running: start it with the command above, and "
                             "Run is enabled as it starts.")
    expect(run).to_have_accessible_description(re.compile("^The stack is not running"))
    run.click(force=True)  # a click on it anyway asks for nothing
    expect(page.locator("#step-1 .lesson-result")).to_have_count(0)

    # Started (here: announced at an address where nothing answers), Run is enabled without a
    # reload: the server's own refusal, for a stack that does not answer, still says how to
    # start it.
    dashboard.post("/api/stacks", announcement("nowhere"))
    expect(run).to_be_enabled()
    expect(why).to_be_hidden()
    # Checked once Run was enabled: what the forced click set off had arrived by then.
    assert runs == [] and errors == []
    page.locator("#step-1 button.run").click()
    error = page.locator('#step-1 .lesson-result[data-state="error"]')
    expect(error).to_contain_text("'nowhere' does not answer (stopped?)")
    expect(error).to_contain_text("start it with: python -m stack serve stack/demo/compute.ini")


def test_load_a_teachers_lesson_and_see_it_listed(page, dashboard):
    page.goto(dashboard.url + "/lessons")
    page.set_input_files("#lesson-file", files=[
        {"name": "broken.toml", "mimeType": "text/plain",
         "buffer": TEACHERS_LESSON.replace(b'method = "GET"', b'method = "GET /"')}])
    error = page.locator("#lesson-load-error")
    expect(error).to_contain_text("broken.toml: line 7: step 1: field 'method'")
    expect(error).to_have_attribute("data-line", "7")

    page.set_input_files("#lesson-file", files=[
        {"name": "versions-twice.toml", "mimeType": "text/plain", "buffer": TEACHERS_LESSON}])
    page.wait_for_url("**/lessons?loaded=versions-twice")
    loaded = page.locator('#lesson-list [data-lesson="versions-twice"]')
    expect(loaded).to_contain_text("Versions, twice")
    expect(loaded).to_contain_text("loaded from versions-twice.toml")
    expect(loaded).to_have_attribute("data-loaded", "")
    loaded.locator("a").click()
    expect(page.locator("#step-1 .notice")).to_have_text(
        "Only faultwrap and versionsapp light up.")


def test_a_refused_lesson_shows_its_backticks_as_code_and_its_text_as_written(page, dashboard):
    # The refusal was set as plain text: a teacher read "`expect = 404`", backticks and all.
    page.goto(dashboard.url + "/lessons")
    page.set_input_files("#lesson-file", files=[
        {"name": "quoted.toml", "mimeType": "text/plain",
         "buffer": TEACHERS_LESSON.replace(b"expect = 200", b'expect = "404"')}])
    error = page.locator("#lesson-load-error")
    expect(error).to_have_text("quoted.toml: line 9: step 1: field 'expect': must be an "
                               "integer, written without quotes: expect = 404")
    expect(error.locator("code")).to_have_text("expect = 404")

    # The file's own line, quoted in the refusal, is text in the code, never markup.
    page.set_input_files("#lesson-file", files=[
        {"name": "marked.toml", "mimeType": "text/plain",
         "buffer": TEACHERS_LESSON.replace(b'method = "GET"', b"method = <b>GET</b>")}])
    expect(error).to_contain_text("marked.toml: line 7: not valid TOML: Invalid value, in ")
    expect(error.locator("code")).to_have_text(
        ["method = <b>GET</b>", 'title = "Routes"', "expect = 404"])
    expect(error.locator("b")).to_have_count(0)
