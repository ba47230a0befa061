"""A diagram wider than its frame says which way more of it lies: with overlay scroll bars
(headless Chromium's, a touch screen's, macOS's) a student saw keystone's pipelines cut off at
the frame's edge, nothing saying they went on. On a 1280×720 projector, in the step view and on
Live, a side with more past it shows a shade on that edge and a "more" button that scrolls that
way; a side with nothing past it shows neither, nor does a diagram that fits its frame.

The shade is looked at, not read from the stylesheet: the diagram's boxes are hidden, leaving
its white, and the pixels just inside the frame's edge, above its button, are compared with it.
"""

from __future__ import annotations

import pytest
from playwright.sync_api import Locator
from playwright.sync_api import Page
from playwright.sync_api import expect

from tests.browser.chromium import opened_page
from tests.browser.live_page import keystone_trace
from tests.browser.live_page import stored_through
from tests.browser.pixels import pixels_of
from tests.browser.screens import MODES
from tests.browser.screens import SMALL_PROJECTOR
from tests.dashboard.samples import GRAPH
from tests.dashboard.samples import announcement

#: Hides the diagram's boxes and lines, leaving its white background to see.
HIDE_BOXES = ".diagram-frame svg > * { visibility: hidden; }"

#: Where the frame's visible inside is, in the page's CSS px (its border and scroll bars left out).
INSIDE = """(frame) => {
  const r = frame.getBoundingClientRect();
  return {x: r.left + frame.clientLeft, y: r.top + frame.clientTop,
          width: frame.clientWidth, height: frame.clientHeight};
}"""


def shade_at(page: Page, frame: Locator, side: str) -> float:
    """How much darker than the diagram's white the frame's `side` edge is (0 to 255), a few
    px inside it, near its top: the shade, not the button at its middle."""
    inside = frame.evaluate(INSIDE)
    x = inside["x"] + 2 if side == "left" else inside["x"] + inside["width"] - 6
    edge = {"x": x, "y": inside["y"] + 8, "width": 4, "height": 12}
    drawn = pixels_of(page, edge, animations="disabled")
    darkest = min(drawn.brightness(x, y) for x in range(drawn.width) for y in range(drawn.height))
    return 255 - darkest / 3


def more(page: Page, side: str) -> Locator:
    """The button a user (or a screen reader) finds to see more of the diagram on `side`."""
    return page.get_by_role("button", name=f"more: scroll the diagram {side}")


def cued(page: Page, frame: Locator, left: bool, right: bool) -> None:
    """The frame shows a cue on its left edge if `left`, on its right if `right`, and no other."""
    for side, shown in (("left", left), ("right", right)):
        if shown:
            expect(more(page, side)).to_be_visible()
            assert shade_at(page, frame, side) > 20, f"no shade on the {side} with more past it"
        else:
            expect(more(page, side)).to_be_hidden()
            assert shade_at(page, frame, side) < 3, f"a shade on the {side} with nothing past it"


def scroll_to(frame: Locator, where: str) -> None:
    frame.evaluate(f"f => {{ f.scrollLeft = {where}; }}")


@pytest.mark.parametrize("mode", MODES.values(), ids=MODES.keys())
def test_a_wide_step_diagram_shows_where_more_of_it_lies(browser, dashboard, mode):
    trace = keystone_trace(dashboard)
    with opened_page(browser, viewport=SMALL_PROJECTOR) as page:
        page.goto(f"{dashboard.url}/requests/{trace}/steps{mode}")
        frame = page.locator(".stepper .diagram-frame")
        # Wider than the frame: 14 px at 1280 px, in projector mode's larger type 1,000 px.
        assert frame.evaluate("f => f.scrollWidth > f.clientWidth + 10"), "the diagram fits"
        page.add_style_tag(content=HIDE_BOXES)
        scroll_to(frame, "0")
        cued(page, frame, left=False, right=True)
        scroll_to(frame, "(f.scrollWidth - f.clientWidth) / 2")
        cued(page, frame, left=True, right=True)
        scroll_to(frame, "f.scrollWidth")
        cued(page, frame, left=True, right=False)


#: Whether the frame scrolled past `before`, and its cues have been told where it is now.
SCROLLED = """([frame, before]) => {
  const end = frame.scrollLeft + frame.clientWidth >= frame.scrollWidth - 1;
  const right = frame.closest('.diagram-scroll').querySelector('[data-side="right"]');
  return frame.scrollLeft > before && right.hidden === end;
}"""


def test_the_more_buttons_scroll_the_diagram_and_keep_the_focus(browser, dashboard):
    trace = keystone_trace(dashboard)
    with opened_page(browser, viewport=SMALL_PROJECTOR, reduced_motion="reduce") as page:
        page.goto(f"{dashboard.url}/requests/{trace}/steps")
        frame = page.locator(".stepper .diagram-frame")
        scroll_to(frame, "0")
        expect(more(page, "left")).to_be_hidden()
        more(page, "right").focus()
        # Pressed to the end (the diagram is a few frames wide), the right's button hides.
        for _ in range(20):
            if more(page, "right").is_hidden():
                break
            before = frame.evaluate("f => f.scrollLeft")
            page.keyboard.press("Enter")
            page.wait_for_function(SCROLLED, arg=[frame.element_handle(), before])
            expect(more(page, "left")).to_be_visible()
        expect(more(page, "right")).to_be_hidden()
        # The focus is on the left's, not lost to the page's start.
        expect(more(page, "left")).to_be_focused()


def test_the_live_diagram_of_a_wide_stack_shows_more_to_its_right(browser, dashboard):
    keystone_trace(dashboard)
    with opened_page(browser, viewport=SMALL_PROJECTOR) as page:
        page.goto(f"{dashboard.url}/?stack=keystone")
        frame = page.locator("#diagram")
        expect(frame.locator(".node").first).to_be_visible()
        page.add_style_tag(content=HIDE_BOXES)
        cued(page, frame, left=False, right=True)


@pytest.mark.parametrize("mode", MODES.values(), ids=MODES.keys())
def test_a_diagram_that_fits_shows_no_cue(browser, dashboard, mode):
    hops = [GRAPH["entry"], "pipeline:api", "filter:auth", "app:router"]
    trace = stored_through(dashboard, announcement("small"), hops, "/v1")
    with opened_page(browser, viewport=SMALL_PROJECTOR) as page:
        page.goto(f"{dashboard.url}/requests/{trace}/steps{mode}")
        frame = page.locator(".stepper .diagram-frame")
        expect(frame.locator(".node").first).to_be_visible()
        assert frame.evaluate("f => f.scrollWidth <= f.clientWidth"), "the diagram scrolls"
        page.add_style_tag(content=HIDE_BOXES)
        cued(page, frame, left=False, right=False)
