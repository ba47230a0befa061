"""The step view with a screen reader: controls named by their visible words, one short line
said a step (not the whole step view, not twice), none while Play runs at 1× or faster; and a
lesson's Run says one line and leaves the focus on its result."""

from __future__ import annotations

import re

import pytest
from playwright.sync_api import Page
from playwright.sync_api import expect

from tests.dashboard.samples import trace_events

#: What announces itself in a step view: every live region, implicit ones (output) too.
LIVE_REGIONS = """(root) => Array.from(
  root.querySelectorAll('[aria-live], [role=status], [role=alert], [role=log], output'),
  (element) => element.className)"""


@pytest.fixture
def steps(page: Page, dashboard, request) -> Page:
    trace = "a11y-" + request.node.name.removeprefix("test_").replace("_", "-")[:40]
    assert dashboard.post("/api/events", trace_events(trace))[0] == 202
    page.goto(f"{dashboard.url}/requests/{trace}/steps")
    expect(page.locator(".stepper")).to_have_attribute("data-index", "0")
    return page


def step_sentence(page: Page, index: int) -> str:
    return page.locator(f'.step[data-index="{index}"] .step-text').text_content().strip()


def test_the_controls_are_named_by_their_words(steps: Page):
    controls = steps.get_by_role("toolbar", name="Step controls")
    expect(controls.get_by_role("button", name="Back", exact=True)).to_be_visible()
    expect(controls.get_by_role("button", name="Forward", exact=True)).to_be_visible()
    play = controls.get_by_role("button", name="Play or pause", exact=True)
    expect(play).to_have_attribute("aria-pressed", "false")
    play.click()
    expect(play).to_have_attribute("aria-pressed", "true")
    expect(play).to_have_accessible_name("Play or pause")
    play.click()
    expect(play).to_have_attribute("aria-pressed", "false")


def test_each_step_is_said_once_in_one_line(steps: Page):
    stepper = steps.locator(".stepper")
    # One live region for the steps (and the teacher's present status), not the step view.
    assert sorted(stepper.evaluate(LIVE_REGIONS)) == ["present-status", "step-said visually-hidden"]
    said = stepper.locator(".step-said")
    expect(said).to_be_empty()  # the step a page opens on is not said: nobody moved
    total = int(stepper.get_attribute("data-steps"))
    steps.locator("body").focus()
    steps.keyboard.press("ArrowRight")
    expect(said).to_have_text(f"Request step 2 of {total}: {step_sentence(steps, 1)}")
    stepper.get_by_role("button", name="Back", exact=True).click()
    expect(said).to_have_text(f"Request step 1 of {total}: {step_sentence(steps, 0)}")


def test_play_at_1x_or_faster_says_only_where_it_stops(steps: Page):
    stepper = steps.locator(".stepper")
    said = stepper.locator(".step-said")
    total = int(stepper.get_attribute("data-steps"))
    steps.evaluate("""() => {
      window.saidLines = [];
      const said = document.querySelector('.stepper .step-said');
      new MutationObserver(() => window.saidLines.push(said.textContent))
        .observe(said, {childList: true, characterData: true, subtree: true});
    }""")
    stepper.locator('select[name="speed"]').select_option("8")
    stepper.get_by_role("button", name="Play or pause").click()
    expect(stepper).to_have_attribute("data-state", "paused", timeout=10_000)
    expect(stepper).to_have_attribute("data-index", str(total - 1))
    expect(said).to_have_text(f"Request step {total} of {total}: {step_sentence(steps, total - 1)}")
    assert steps.evaluate("window.saidLines.filter((line) => line)") == [said.text_content()]


def test_play_slower_than_1x_says_each_step(steps: Page):
    stepper = steps.locator(".stepper")
    stepper.locator('select[name="speed"]').select_option("0.5")
    stepper.get_by_role("button", name="Play or pause").click()
    expect(stepper).to_have_attribute("data-index", "1", timeout=10_000)
    expect(stepper.locator(".step-said")).to_have_text(re.compile(r"^Request step 2 of \d+: "))
    stepper.get_by_role("button", name="Play or pause").click()


def test_a_lesson_run_says_one_line_and_keeps_the_focus(page: Page, dashboard, stack):
    page.goto(dashboard.url + "/lessons/compute-demo")
    page.wait_for_load_state("load")
    step = page.locator("#step-2")
    # The result, a whole step view, is no live region; one line for every Run is.
    frame = step.locator(".lesson-result-frame")
    expect(frame).not_to_have_attribute("aria-live", re.compile(".*"))
    said = page.locator("#lesson-said")
    expect(said).to_have_attribute("role", "status")
    step.get_by_role("button", name="Run step 2").focus()
    page.keyboard.press("Enter")
    expect(step.locator(".stepper")).to_be_visible()
    expect(said).to_have_text("Lesson step 2 ran: 200 OK as the lesson expects")
    expect(step.locator(".lesson-summary")).to_be_focused()
