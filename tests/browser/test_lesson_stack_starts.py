"""A lesson's page opened before its stack runs: Run is disabled, saying how to start the stack;
the teacher starts it (the real eventlet stack) and Run is enabled, without a reload, and runs
the step; the stack stopped, Run is disabled again. (Run stayed disabled until the page was
reloaded.)"""

from __future__ import annotations

from playwright.sync_api import expect

from tests.dashboard.servers import announced


def test_run_is_enabled_as_the_stack_starts_and_disabled_as_it_stops(page, classroom):
    page.goto(classroom.url + "/lessons/compute-demo")
    page.wait_for_load_state("load")
    expect(page.locator(".lesson-stack")).to_contain_text("not started — start it with")
    run = page.locator("#step-1 button.run")
    why = page.locator("#step-1 .run-why")
    expect(run).to_be_disabled()
    expect(why).to_be_visible()
    # Marks this very document: a reload would lose it.
    page.evaluate("() => { window.notReloaded = true; }")

    with announced(classroom):
        expect(run).to_be_enabled()
        expect(why).to_be_hidden()
        expect(page.locator(".lesson-stack")).to_have_text("Stack osapi_compute: running.")
        expect(page.locator("#lesson-said")).to_have_text("The stack is running: Run is enabled.")
        run.click()
        result = page.locator("#step-1 .lesson-result")
        expect(result).to_have_attribute("data-status", "200")
        expect(result).to_contain_text("as the lesson expects")
        expect(page.locator("#step-1 .stepper")).to_be_visible()
        expect(run).to_be_enabled()

    expect(run).to_be_disabled()
    expect(why).to_be_visible()
    expect(page.locator(".lesson-stack")).to_contain_text("stopped — start it with")
    expect(page.locator("#lesson-said")).to_have_text(
        "Run is disabled. The stack is not running: start it with the command above, and Run is "
        "enabled as it starts.")
    assert page.evaluate("() => window.notReloaded === true"), "the page was reloaded"
