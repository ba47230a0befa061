"""Whether what a page draws is in sight: the page scrolling sideways, an element off the screen
or its content cut, text spilling out of its box, an element under another that takes its
clicks, a diagram's box out of its frame or under its "more" cue. Shared by the layout tests of
each screen, so that each asks it the same way."""

from __future__ import annotations

from playwright.sync_api import Locator
from playwright.sync_api import Page

#: Whether the page scrolls sideways.
PAGE_WIDER = "() => document.documentElement.scrollWidth > document.documentElement.clientWidth"

#: Each element matching the selector that is not wholly on screen across, or whose content is
#: wider than it (cut, or running out of it): its text and where it lies.
OUT_OF_SIGHT = """(selector) => {
  const width = document.documentElement.clientWidth;
  return Array.from(document.querySelectorAll(selector)).filter((cell) => {
    const r = cell.getBoundingClientRect();
    return r.left < 0 || r.right > width + 0.5 || cell.scrollWidth > cell.clientWidth + 1;
  }).map((cell) => {
    const r = cell.getBoundingClientRect();
    return `${cell.textContent.trim()}: ${Math.round(r.left)}..${Math.round(r.right)} px,` +
      ` content ${cell.scrollWidth} px in ${cell.clientWidth}`;
  });
}"""

#: Each element in `root` (a selector) whose right edge is past `box`'s (a selector; `root`
#: itself when null), or whose own text runs wider than it: tag, class and how far, in px.
SPILLS = """([root, box]) => {
  const outer = document.querySelector(box || root).getBoundingClientRect();
  const spills = [];
  for (const element of document.querySelector(root).querySelectorAll('*')) {
    if (element.closest('svg') || !element.getClientRects().length) continue;
    const right = element.getBoundingClientRect().right;
    const over = Math.max(right - outer.right, element.scrollWidth - element.clientWidth);
    if (over > 1 && getComputedStyle(element).overflowX === 'visible') {
      spills.push(`${element.tagName}.${element.className} +${Math.round(over)}px`);
    }
  }
  return spills;
}"""


def spills(page: Page, root: str, box: str | None = None) -> list[str]:
    """What in `root` runs past `box`'s right edge (`root`'s without one), or past its own
    width (`SPILLS`): what a reader on a narrow screen has to scroll sideways to see."""
    return page.evaluate(SPILLS, [root, box])


#: Whether what is drawn at the middle of an element is the element itself: drawn on top, so
#: that what the page holds under it does not take a click there.
DRAWN_ON_TOP = """e => { const r = e.getBoundingClientRect();
    return document.elementFromPoint(r.x + r.width / 2, r.y + r.height / 2) === e; }"""

#: Where `box` (a diagram's) is in its diagram's frame, from the frame's top left corner, the
#: frame's size inside its border, and whether a "more" cue (scroll_cues.js) covers any of it.
FRAME_PLACE = """box => {
  const frame = box.closest('.diagram-frame');
  const f = frame.getBoundingClientRect(), b = box.getBoundingClientRect();
  const covered = Array.from(box.closest('.diagram-scroll').querySelectorAll('.more-cue'))
    .filter(cue => !cue.hidden).some(cue => {
      const c = cue.getBoundingClientRect();
      return c.left < b.right && b.left < c.right && c.top < b.bottom && b.top < c.bottom;
    });
  return {left: b.left - f.left, right: b.right - f.left, width: frame.clientWidth,
          top: b.top - f.top, bottom: b.bottom - f.top, height: frame.clientHeight, covered};
}"""


def assert_in_frame(box: Locator) -> None:
    """`box`, a diagram's, wholly in sight in its frame: inside it (and its scroll bars), under
    no "more" cue. A box the frame scrolled past, or left behind a cue, is what a class misses."""
    seen = box.evaluate(FRAME_PLACE)
    name = box.get_attribute("data-node")
    assert -1 <= seen["left"] and seen["right"] <= seen["width"] + 1, (name, seen)
    assert -1 <= seen["top"] and seen["bottom"] <= seen["height"] + 1, (name, seen)
    assert not seen["covered"], f"a more cue covers {name}: {seen}"
