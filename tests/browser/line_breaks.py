"""Where a text is broken across lines, as drawn: for a layer's name (`filter:http_proxy_to_wsgi`,
`pipeline:openstack_compute_api_v21[keystone]`), which may wrap after its `:`, `_`, `.` or `[`,
or at a space, and nowhere else ("openstack_com|pute"); for a shell command, at a space alone
("--trace-|to" reads as two options)."""

from __future__ import annotations

from playwright.sync_api import Page

#: The characters of `element`'s texts as drawn, in order, each with the top of its box (null
#: for one not drawn, a space collapsed): what both a break's place and a text's lines are
#: read from.
DRAWN = r"""(element) => {
  const drawn = [];
  const walker = document.createTreeWalker(element, NodeFilter.SHOW_TEXT);
  for (let node = walker.nextNode(); node; node = walker.nextNode()) {
    for (let i = 0; i < node.length; i++) {
      const range = document.createRange();
      range.setStart(node, i);
      range.setEnd(node, i + 1);
      const box = range.getClientRects()[0];
      drawn.push({character: node.data[i], top: box ? box.top : null});
    }
  }
  return drawn;
}"""

#: Where a layer's name may break: after a space or one of its separators.
NAME_BREAKS = r"[\s:_.\[]"
#: Where a shell command may break: between its words.
WORD_BREAKS = r"\s"

#: Each line break inside the texts of the elements `selector` matches, shown as
#: "…before|after…", that comes after no character `fine` (a regular expression) matches. A
#: character's line is the top of its box; a break is where the next character drawn starts
#: lower.
MID_WORD = r"""([selector, fineSource]) => {
  const drawnOf = """ + DRAWN + r""";
  const fine = new RegExp(fineSource);
  const found = [];
  for (const element of document.querySelectorAll(selector)) {
    if (!element.getClientRects().length) continue;
    const drawn = drawnOf(element);
    const text = drawn.map((d) => d.character).join('');
    let last = null;
    drawn.forEach((d, i) => {
      if (d.top === null || /\s/.test(d.character)) return;
      // after a space, or after one of the name's separators
      if (last !== null && d.top > drawn[last].top + 2 && !fine.test(text.slice(last, i))) {
        found.push(text.slice(0, i).trim().slice(-20) + '|' + text.slice(i).trim().slice(0, 20));
      }
      last = i;
    });
  }
  return found;
}"""


def mid_word_breaks(page: Page, selector: str, fine: str = NAME_BREAKS) -> list[str]:
    """The texts of `selector` broken mid-word (after no character `fine` matches), each as
    "…before|after…"."""
    return page.evaluate(MID_WORD, [selector, fine])
