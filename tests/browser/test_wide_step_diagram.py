"""A wide diagram in the step view on a 1280×720 projector: keystone's urlmap of long pipelines
is wider than the screen. The diagram scrolls inside its frame (never the page), its last box
can be scrolled into view, and the box of the current hop is in the frame at every step."""

from __future__ import annotations

import pytest
from playwright.sync_api import Locator
from playwright.sync_api import expect

from tests.browser.chromium import opened_page
from tests.browser.in_sight import assert_in_frame
from tests.browser.live_page import keystone_trace
from tests.browser.screens import SMALL_PROJECTOR

#: Where the frame and the current hop's box are, across (a box wider than the frame: its start).
CURRENT = """() => {
  const frame = document.querySelector('.stepper .diagram-frame');
  const f = frame.getBoundingClientRect();
  const box = frame.querySelector('.node.active');
  const b = box && box.getBoundingClientRect();
  return {node: box && box.dataset.node, left: b && b.left - f.left,
          right: b && Math.min(b.right, b.left + frame.clientWidth) - f.left,
          width: frame.clientWidth, page: document.scrollingElement.scrollWidth - innerWidth};
}"""


@pytest.mark.parametrize("mode", ["", "?projector=1"])
def test_a_wide_diagram_scrolls_in_its_frame_and_follows_the_hop(browser, dashboard, mode):
    trace = keystone_trace(dashboard)
    with opened_page(browser, viewport=SMALL_PROJECTOR) as page:
        page.goto(f"{dashboard.url}/requests/{trace}/steps{mode}")
        page.wait_for_load_state("load")
        frame = page.locator(".stepper .diagram-frame")
        assert frame.evaluate("f => f.scrollWidth > f.clientWidth"), "the diagram is not wide"
        last = frame.locator('.node[data-node="app:service_v3"]')
        frame.evaluate("f => { f.scrollLeft = f.scrollWidth; }")
        inside = frame.evaluate("""(f, box) => {
          const r = box.getBoundingClientRect(), o = f.getBoundingClientRect();
          return r.left >= o.left && r.right <= o.left + f.clientWidth;
        }""", last.element_handle())
        assert inside, "the last box cannot be scrolled into view"
        stepper = page.locator(".stepper")
        steps = int(stepper.get_attribute("data-steps"))
        unlit = []  # the steps with no current box, whose place there is nothing to check
        for index in range(steps):
            page.click(f'.stepper .hop[data-index="{index}"]')
            expect(stepper).to_have_attribute("data-index", str(index))
            seen = page.evaluate(CURRENT)
            assert seen["page"] <= 0, f"the page scrolls {seen['page']} px sideways"
            if seen["node"] is None:
                unlit.append(index)
            else:
                assert -1 <= seen["left"] and seen["right"] <= seen["width"] + 1, (
                    f"step {index + 1}: {seen['node']} is out of the frame: {seen}")
        # Only the request's start and end are no layer's: every hop between has its box.
        assert unlit == [0, steps - 1], f"steps with no current box: {unlit} of {steps}"


def short_circuit(page, url: str) -> Locator:
    """Run the compute lesson's "No token" step (which says "compute_app never lights up") on
    `page` and step to where authtoken answers: its stepper."""
    page.goto(f"{url}/lessons/compute-demo")
    page.wait_for_load_state("load")
    step = page.locator("#step-3")
    expect(step.locator(".notice")).to_contain_text("compute_app never lights up")
    step.locator("button.run").click()
    stepper = step.locator(".stepper")
    expect(stepper).to_be_visible()
    short = stepper.locator('.step[data-short-circuit="true"]')
    expect(short).to_have_attribute("data-node", "filter:authtoken")
    index = short.get_attribute("data-index")
    stepper.locator(f'.hop[data-index="{index}"]').click()
    expect(stepper).to_have_attribute("data-index", index)
    return stepper


def assert_nodes_in_frame(stepper: Locator, *nodes: str) -> None:
    """Each of `nodes` (the keystone pipeline's box, where it has one in each) in sight in its
    stepper's frame (`assert_in_frame`)."""
    for node in nodes:
        assert_in_frame(stepper.locator(f'.node[data-node="{node}"]:not([data-in$="[noauth]"])'))


def test_a_short_circuit_s_step_shows_the_app_it_kept_from_running(laptop, dashboard, stack):
    """The compute lesson's "No token" step says "compute_app never lights up": on a laptop's
    screen, at the step where authtoken answers, the app was past the frame's edge, behind its
    "more" cue (on a smaller one the frame had followed authtoken to the diagram's end)."""
    stepper = short_circuit(laptop, dashboard.url)
    assert_nodes_in_frame(stepper, "filter:authtoken", "app:compute_app")


def test_the_request_s_end_shows_the_app_its_short_circuit_kept_from_running(laptop, dashboard,
                                                                            stack):
    """Stepped on from authtoken's answer, the request's way back out goes to the composites at
    the diagram's left (each shown at its step); at its last step, the 401 the stack answered,
    the app the lesson speaks of was left out of the frame again."""
    stepper = short_circuit(laptop, dashboard.url)
    last = str(int(stepper.get_attribute("data-steps")) - 1)
    forward = stepper.locator('[data-action="forward"]')
    while stepper.get_attribute("data-index") != last:
        index = int(stepper.get_attribute("data-index"))
        forward.click()
        expect(stepper).to_have_attribute("data-index", str(index + 1))
        # Each step's own box is in sight: the app goes with it only where both fit.
        current = stepper.locator(".node.active")
        if current.count():
            assert_in_frame(current)
    end = stepper.locator(f'.step[data-index="{last}"]')
    expect(end).to_have_attribute("data-kind", "request.end")
    assert_nodes_in_frame(stepper, "app:compute_app", "filter:authtoken")
