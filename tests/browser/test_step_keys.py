"""The step view's Space key: on the page it steps forward, but on a focused control it is that
control's own (Space on "◀ Back" goes back, on "▶ Play" plays, on a hop jumps to it), as Enter
and a click already were. A hop clicked with the mouse leaves Space to step on: pressed again,
it did nothing. Present to viewers hides once pressed (the bar under the header stops it), and
leaves Space to step on, from the mouse or the keyboard. The keys are said on the page, under
the controls."""

from __future__ import annotations

import re

import pytest
from playwright.sync_api import Page
from playwright.sync_api import expect

from tests.dashboard.samples import trace_events


@pytest.fixture
def steps(page: Page, dashboard, request) -> Page:
    """The step view of a whole sample request of its own, on its first step."""
    trace = "keys-" + request.node.name.removeprefix("test_").replace("_", "-")
    status, _, _ = dashboard.post("/api/events", trace_events(trace))
    assert status == 202
    page.goto(f"{dashboard.url}/requests/{trace}/steps")
    expect(page.locator(".stepper")).to_have_attribute("data-index", "0")
    expect(shown_step(page)).to_have_text(re.compile(r"^request step 1 of \d+$"))
    return page


def shown_step(page: Page):
    """The "request step N of M" counter a user reads."""
    return page.locator(".stepper .step-count")


def showing(number: int) -> re.Pattern[str]:
    return re.compile(rf"^request step {number} of \d+$")


def forward_to(page: Page, number: int) -> None:
    """Step forward with the page's keys until step `number` (counting from 1) is shown."""
    page.locator("body").focus()
    for _ in range(number - 1):
        page.keyboard.press("ArrowRight")
    expect(shown_step(page)).to_have_text(showing(number))


def test_space_on_the_page_still_steps_forward(steps: Page):
    forward_to(steps, 3)
    steps.keyboard.press("Space")
    expect(shown_step(steps)).to_have_text(showing(4))
    steps.locator(".stepper").focus()  # the stepper itself (tabindex 0) is no button
    steps.keyboard.press("Space")
    expect(shown_step(steps)).to_have_text(showing(5))


def test_space_on_back_goes_back(steps: Page):
    forward_to(steps, 5)
    back = steps.get_by_role("button", name="Back", exact=True)
    back.focus()
    steps.keyboard.press("Space")
    expect(shown_step(steps)).to_have_text(showing(4))
    steps.keyboard.press("Enter")
    expect(shown_step(steps)).to_have_text(showing(3))
    back.click()
    steps.keyboard.press("Space")  # focus stays on Back after a click
    expect(shown_step(steps)).to_have_text(showing(1))


def test_space_on_forward_steps_once(steps: Page):
    forward_to(steps, 2)
    steps.get_by_role("button", name="Forward", exact=True).focus()
    steps.keyboard.press("Space")
    expect(shown_step(steps)).to_have_text(showing(3))


def test_space_on_play_plays_and_pauses(steps: Page):
    play = steps.locator('.stepper [data-action="play"]')
    expect(play).to_have_text("▶ Play")
    play.focus()
    steps.keyboard.press("Space")
    expect(steps.locator(".stepper")).to_have_attribute("data-state", "playing")
    expect(play).to_have_text("❚❚ Pause")
    steps.keyboard.press("Space")
    expect(steps.locator(".stepper")).to_have_attribute("data-state", "paused")
    expect(play).to_have_text("▶ Play")


def test_space_on_a_hop_jumps_to_it(steps: Page):
    hop = steps.locator('.stepper .step-hops .hop[data-index="8"]')
    hop.focus()
    steps.keyboard.press("Space")
    expect(shown_step(steps)).to_have_text(showing(9))
    expect(hop).to_have_attribute("aria-current", "step")
    expect(steps.locator(".stepper .step:not([hidden])")).to_have_attribute("data-index", "8")


def test_space_after_a_click_on_a_hop_steps_on(steps: Page):
    steps.locator('.stepper .step-hops .hop[data-index="4"]').click()
    expect(shown_step(steps)).to_have_text(showing(5))
    steps.keyboard.press("Space")
    expect(shown_step(steps)).to_have_text(showing(6))


def test_space_after_present_steps_on_and_keeps_presenting(steps: Page):
    present = steps.locator('.stepper [data-action="present"]')
    present.click()
    expect(steps.locator(".stepper")).to_have_attribute("data-presenting", "true")
    expect(present).to_be_hidden()
    steps.keyboard.press("Space")
    expect(shown_step(steps)).to_have_text(showing(2))
    expect(steps.locator(".stepper")).to_have_attribute("data-presenting", "true")
    stop = steps.locator("#presenting-bar").get_by_role("button", name="Stop presenting")
    stop.focus()  # from the keyboard, Space is the button's: it stops presenting
    steps.keyboard.press("Space")
    expect(steps.locator(".stepper")).to_have_attribute("data-presenting", "false")
    expect(present).to_be_visible()
    expect(shown_step(steps)).to_have_text(showing(2))
    # Pressed from the keyboard, the button hides as well, and Space steps on.
    present.focus()
    steps.keyboard.press("Enter")
    expect(steps.locator(".stepper")).to_have_attribute("data-presenting", "true")
    steps.keyboard.press("Space")
    expect(shown_step(steps)).to_have_text(showing(3))
    stop.click()
    expect(present).to_be_visible()


def test_the_keys_are_said_on_the_page_and_do_what_it_says(steps: Page):
    """The keys were said only in the buttons' titles, which a mouse pointer alone shows: a
    keyboard user or a teacher with a clicker never learned that → steps or P plays."""
    stepper = steps.locator(".stepper")
    total = stepper.get_attribute("data-steps")
    speeds = stepper.locator('select[name="speed"] option').count()
    expect(stepper.locator(".step-keys")).to_be_visible()
    expect(stepper.locator(".step-keys")).to_have_text(
        f"Keys: → or Space next step · ← back · Home / End first / last step · "
        f"P play or pause · 1–{speeds} speed")
    for name, keys in (("Back", "ArrowLeft"), ("Forward", "ArrowRight Space")):
        expect(steps.get_by_role("button", name=name, exact=True)).to_have_attribute(
            "aria-keyshortcuts", keys)
    expect(steps.get_by_role("button", name="Play or pause")).to_have_attribute(
        "aria-keyshortcuts", "P")
    steps.locator("body").focus()
    steps.keyboard.press("End")
    expect(shown_step(steps)).to_have_text(f"request step {total} of {total}")
    steps.keyboard.press("ArrowLeft")
    expect(shown_step(steps)).to_have_text(showing(int(total) - 1))
    steps.keyboard.press("Home")
    expect(shown_step(steps)).to_have_text(showing(1))
    steps.keyboard.press("1")
    expect(stepper.locator('select[name="speed"]')).to_have_value(
        stepper.locator('select[name="speed"] option').first.get_attribute("value"))
    steps.keyboard.press("P")
    expect(stepper).to_have_attribute("data-state", "playing")
    steps.keyboard.press("P")
    expect(stepper).to_have_attribute("data-state", "paused")


def test_a_presenters_clicker_steps_in_projector_mode_and_scrolls_elsewhere(steps: Page):
    """A clicker sends PageDown and PageUp: a teacher presenting in projector mode pressed it
    and the step view did not move. Out of projector mode they are the page's own."""
    steps.locator("body").focus()
    steps.keyboard.press("PageDown")
    expect(shown_step(steps)).to_have_text(showing(1))
    steps.locator('header.top [data-action="projector"]').click()
    expect(steps.locator("body")).to_have_class(re.compile(r"\bprojector\b"))
    steps.locator("body").focus()
    steps.keyboard.press("PageDown")
    steps.keyboard.press("PageDown")
    expect(shown_step(steps)).to_have_text(showing(3))
    steps.keyboard.press("PageUp")
    expect(shown_step(steps)).to_have_text(showing(2))
