"""Text sizes a reader can read, in CSS px: on a phone, on a projector; and the check that a
diagram keeps its box names that large, scrolling in its frame rather than shrinking."""

from __future__ import annotations

from playwright.sync_api import Page
from playwright.sync_api import expect

#: The smallest box name a phone's user reads, in CSS px.
READABLE_PX = 11
#: Type a projector must show at least, in CSS px: the step's words, the diagram's box names,
#: the environ table and the list of hops.
PROJECTOR_PX = 18

#: The on-screen height of a diagram's first box name, in the frame `selector`, and how far the
#: frame and the page scroll sideways (the frame: as far as it went when asked to scroll).
DIAGRAM = """selector => {
  const frame = document.querySelector(selector);
  const name = frame.querySelector('.node > .name');
  frame.scrollLeft = frame.scrollWidth;
  return {name: name.getBoundingClientRect().height, frame: frame.scrollLeft,
    page: document.documentElement.scrollWidth - document.documentElement.clientWidth};
}"""


def readable_diagram(page: Page, selector: str) -> None:
    """The diagram in the frame `selector` has box names large enough to read, and scrolls
    sideways in its frame while the page does not."""
    expect(page.locator(f"{selector} svg")).to_be_visible()
    seen = page.evaluate(DIAGRAM, selector)
    assert seen["name"] >= READABLE_PX, seen
    assert seen["frame"] > 0 and seen["page"] <= 0, seen
