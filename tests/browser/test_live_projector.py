"""Projector mode on the Live page in headless Chromium, for a class watching requests arrive:
the Live page's own toggle (the header's is every page's, test_projector_kept.py), the mode kept
by the browser tab as on every page; the diagram large enough to read from the back
of a room, the moving request kept in view as it travels; every text, the statuses' colours
among them, readable on black; the send form on screen with the diagram, so the teacher sends a
request without scrolling the diagram out of the class's sight; the toggle and Esc leave it.
"""

from __future__ import annotations

from playwright.sync_api import expect

from dashboard.diagram_text import NAME_PX
from tests.browser.colours import STATUSES
from tests.browser.colours import TEXTS
from tests.browser.colours import check
from tests.browser.colours import distinct
from tests.browser.colours import rgba
from tests.browser.colours import unreadable_texts
from tests.browser.live_page import V21_PATH
from tests.browser.live_page import WATCH_ACTIVE
from tests.browser.live_page import send_preset
from tests.browser.live_page import wait_played
from tests.browser.screens import PROJECTORS
from tests.browser.screens import SMALL_PROJECTOR
from tests.browser.text_sizes import PROJECTOR_PX
from tests.browser.which_form import ask
from tests.conftest import TOKEN
from tests.dashboard.samples import announcement
from tests.dashboard.samples import trace_events
from tests.dashboard.servers import send

#: Where the send form's preset picker and Send button and the diagram's frame lie, the
#: viewport's size, and how far the page is scrolled.
WHERE = """() => {
  const at = (selector) => {
    const r = document.querySelector(selector).getBoundingClientRect();
    return {top: r.top, bottom: r.bottom, left: r.left, right: r.right, width: r.width};
  };
  return {preset: at('#send-form select[name="preset"]'),
    send: at('#send-form button[type="submit"]'), diagram: at('#diagram'),
    width: innerWidth, height: innerHeight, scrolled: scrollY};
}"""

#: On-screen size in px of the diagram's box names (drawn at NAME_PX units, scaled with the SVG).
NAME_SIZE = """nameUnits => {
  const svg = document.querySelector('#diagram svg');
  return nameUnits * svg.getBoundingClientRect().width / svg.viewBox.baseVal.width;
}"""

#: Records, in the page, every box that lights up and whether it was inside the visible part of
#: the diagram's frame then (as the class sees it, before the next step of the replay): wholly,
#: or for a lane larger than the frame, its top left corner, where the request enters it.
WATCH_IN_VIEW = """() => {
  window.seen = [];
  const frame = document.getElementById('diagram');
  new MutationObserver((records) => {
    for (const r of records) {
      const node = r.target;
      const was = (r.oldValue || '').split(' ').includes('active');
      if (was || !node.matches('.node.active')) continue;
      const f = frame.getBoundingClientRect();
      const b = node.querySelector(':scope > .box, :scope > .frame').getBoundingClientRect();
      const fits = b.width <= frame.clientWidth && b.height <= frame.clientHeight;
      const corner = b.left >= f.left && b.left < f.right && b.top >= f.top && b.top < f.bottom;
      window.seen.push({node: node.dataset.node,
        inView: corner && (!fits || (b.right <= f.right && b.bottom <= f.bottom))});
    }
  }).observe(frame, {subtree: true, attributes: true, attributeFilter: ['class'],
    attributeOldValue: true});
}"""


def test_the_live_page_on_a_projector(page, dashboard, stack):
    # Rows of every status class in the list (a sample stack's), and the demo on the diagram.
    dashboard.post("/api/stacks", announcement("sample-projector"))
    events = []
    for status in STATUSES.values():
        events += trace_events(f"projected-{status}", stack="sample-projector", status=status)
    assert dashboard.post("/api/events", events)[0] == 202
    page.set_viewport_size(PROJECTORS[0])
    page.goto(f"{dashboard.url}/?stack=osapi_compute")
    expect(page.locator("#live")).to_have_attribute("data-stack", "osapi_compute")
    page.select_option("#speed", "4")
    ordinary = page.evaluate(NAME_SIZE, NAME_PX)

    toggle = page.locator('header.top [data-action="projector"]')
    expect(toggle).to_have_attribute("aria-pressed", "false")
    toggle.click()
    expect(page.locator("body")).to_have_class("projector")
    expect(toggle).to_have_attribute("aria-pressed", "true")
    background = page.evaluate("getComputedStyle(document.body).backgroundColor")
    assert rgba(background)[:3] == (0, 0, 0)

    for viewport in PROJECTORS:
        page.set_viewport_size(viewport)
        names = page.evaluate(NAME_SIZE, NAME_PX)
        assert names >= PROJECTOR_PX, (viewport, names)
        # A request travels the whole diagram, to the router at its far right: each box is in
        # view as it lights up.
        page.evaluate(WATCH_IN_VIEW)
        trace = send(dashboard, stack, "GET", "/v2.1/servers", TOKEN)
        wait_played(page, trace["trace"])
        seen = page.evaluate("window.seen")
        assert [s["node"] for s in seen][-1] == "app:compute_app", seen
        assert all(s["inView"] for s in seen), (viewport, seen)
        expect(page.locator("#now-playing")).to_contain_text("200")
    # Each box the request went through keeps the colour of the status it passed up.
    stroke = "box => getComputedStyle(box).stroke"
    passed = page.locator('#diagram .node.status-2xx[data-node="filter:authtoken"] > .box')
    unreached = page.locator('#diagram .node.dim[data-node="filter:noauth"] > .box')
    assert passed.first.evaluate(stroke) != unreached.first.evaluate(stroke)

    # Every text is readable on black: the routes the replay hit, what "What would this URL
    # hit?" answers (a route that would match, a 405); the statuses keep their colours, apart.
    assert unreadable_texts(page) == [], "\n".join(unreadable_texts(page))
    ask(page, "GET", "/v2.1/flavors/2")
    expect(page.locator("table.routes tr.which-route")).to_have_count(1)
    assert unreadable_texts(page) == [], "\n".join(unreadable_texts(page))
    ask(page, "DELETE", "/v2.1/flavors")
    expect(page.locator(".which-stopped")).to_have_attribute("data-which-status", "405")
    assert unreadable_texts(page) == [], "\n".join(unreadable_texts(page))
    rows = {name: f'#rows tr[data-trace="projected-{status}"] td.status'
            for name, status in STATUSES.items()}
    distinct(check(page, rows))
    for name, selector in rows.items():
        page.hover(selector)
        check(page, {f"{name} (hovered)": selector})

    # Remembered by the tab: a reload comes back in projector mode.
    page.reload()
    expect(page.locator("body")).to_have_class("projector")
    expect(toggle).to_have_attribute("aria-pressed", "true")

    toggle.click()
    expect(page.locator("body")).not_to_have_class("projector")
    expect(toggle).to_have_attribute("aria-pressed", "false")
    assert "projector" not in page.url
    page.set_viewport_size(PROJECTORS[0])
    assert page.evaluate(NAME_SIZE, NAME_PX) == ordinary

    toggle.click()
    expect(page.locator("body")).to_have_class("projector")
    page.keyboard.press("Escape")
    expect(page.locator("body")).not_to_have_class("projector")
    assert "projector" not in page.url


def on_screen(box: dict, seen: dict) -> bool:
    """`box` (a WHERE part) lies wholly within the viewport `seen`."""
    return (0 <= box["top"] and box["bottom"] <= seen["height"]
            and 0 <= box["left"] and box["right"] <= seen["width"])


def test_the_teacher_sends_with_the_diagram_in_sight(page, dashboard, stack):
    page.set_viewport_size(SMALL_PROJECTOR)
    page.goto(f"{dashboard.url}/?stack=osapi_compute&projector=1")
    expect(page.locator("body")).to_have_class("projector")
    expect(page.locator("#live")).to_have_attribute("data-stack", "osapi_compute")
    page.select_option("#speed", "16")
    page.evaluate(WATCH_ACTIVE)

    # Measured before any click (a click scrolls what it clicks into view): the preset picker,
    # Send and the diagram's whole frame are on screen together, the frame most of its width.
    seen = page.evaluate(WHERE)
    for part in ("preset", "send", "diagram"):
        assert on_screen(seen[part], seen), (part, seen)
    assert seen["diagram"]["width"] >= 0.6 * seen["width"], seen

    trace = send_preset(page, "GET /v2.1/servers — list servers")
    wait_played(page, trace)
    assert page.evaluate("window.lit") == V21_PATH
    # Neither the click nor the answer shown beside Send moved the diagram the class watches.
    after = page.evaluate(WHERE)
    assert after["scrolled"] == 0 and after["diagram"] == seen["diagram"], (seen, after)

    # The request list below reads as large as the page's text (its form's controls are sized
    # as on every page).
    expect(page.locator(f'#rows tr[data-trace="{trace}"]')).to_be_visible()
    body = page.evaluate("parseFloat(getComputedStyle(document.body).fontSize)")
    # So do the figures' key, the hops of the request played and "What would this URL hit?".
    smaller = [f"{shown['name']}: {shown['size']} px"
               for part in ("#requests", ".stack-view")
               for shown in page.evaluate(TEXTS, part)
               if not shown["control"] and shown["size"] < body]
    assert smaller == [], f"body text {body} px; smaller: {smaller}"
