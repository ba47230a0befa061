"""A wide diagram in the step view on a 1280×720 projector: keystone's urlmap of long pipelines
is wider than the screen. The diagram scrolls inside its frame (never the page), its last box
can be scrolled into view, and the box of the current hop is in the frame at every step."""

from __future__ import annotations

import pytest
from playwright.sync_api import expect

from tests.browser.chromium import opened_page
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


#: Where `box` is across its diagram's frame, and whether a "more" cue covers any of it.
PLACE = """box => {
  const frame = box.closest('.diagram-frame');
  const f = frame.getBoundingClientRect(), b = box.getBoundingClientRect();
  const covered = Array.from(box.closest('.diagram-scroll').querySelectorAll('.more-cue'))
    .filter(cue => !cue.hidden).some(cue => {
      const c = cue.getBoundingClientRect();
      return c.left < b.right && b.left < c.right && c.top < b.bottom && b.top < c.bottom;
    });
  return {left: b.left - f.left, right: b.right - f.left, width: frame.clientWidth, covered};
}"""


def test_a_short_circuit_s_step_shows_the_app_it_kept_from_running(laptop, dashboard, stack):
    """The compute lesson's "No token" step says "compute_app never lights up": on a laptop's
    screen, at the step where authtoken answers, the app was past the frame's edge, behind its
    "more" cue (on a smaller one the frame had followed authtoken to the diagram's end)."""
    page = laptop
    page.goto(f"{dashboard.url}/lessons/compute-demo")
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
    for node in ("filter:authtoken", "app:compute_app"):
        box = stepper.locator(f'.node[data-node="{node}"]:not([data-in$="[noauth]"])')
        seen = box.evaluate(PLACE)
        assert -1 <= seen["left"] and seen["right"] <= seen["width"] + 1, (node, seen)
        assert not seen["covered"], f"a more cue covers {node}: {seen}"
