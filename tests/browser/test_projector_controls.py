"""Projector mode's controls on a classroom's 4:3 projector (1024×768), in headless Chromium:
every button, menu and field is as large as the projected text (at 1.1rem beside it, a lesson's
Run and the step view's Back and Forward read as fine print from the back of the room), and
growing them broke nothing: the top bar keeps its height, Live's path field shows a nova path
whole and its diagram ends on the screen, and a step view's controls stay on one line beside
"request step 12 of 24", in either mode."""

from __future__ import annotations

import pytest
from playwright.sync_api import expect

from tests.browser.chromium import opened_page
from tests.browser.screens import MODES
from tests.browser.screens import XGA
from tests.browser.text_sizes import PROJECTOR_PX
from tests.conftest import TOKEN
from tests.dashboard.samples import announcement
from tests.dashboard.servers import send

#: The pages with controls a teacher projects, by name: their URL, with {trace} a recorded
#: request, and a control each must show.
PAGES = {
    "live": ("/?stack=osapi_compute", "#send-form button[type=submit]"),
    "lessons": ("/lessons", "#lesson-file"),
    "lesson": ("/lessons/compute-demo", "#step-1 button.run"),
    "step view": ("/requests/{trace}/steps", '.stepper-controls [data-action="forward"]'),
    "request": ("/requests/{trace}", 'button[data-action="repeat"]'),
    "upload": ("/inis", "#upload-file"),
    "requests": ("/requests", "#request-filters select"),
    "compare": ("/compare?a={trace}&b={trace}", 'header.top [data-action="projector"]'),
}

#: The body text's size, each control shown (not the step view's list of hops, a list in its
#: own type, whose items are buttons) smaller than it, with its size, and the top bar's height
#: against --top-bar, the height what stays under it keeps clear of.
MEASURE = """() => {
  const body = parseFloat(getComputedStyle(document.body).fontSize);
  const small = [];
  for (const e of document.querySelectorAll('button, select, input, textarea, .more-cue > span')) {
    if (e.type === 'hidden' || !e.getClientRects().length) continue;
    if (e.closest('[hidden], .step-hops')) continue;
    const size = parseFloat(getComputedStyle(e).fontSize);
    const name = (e.textContent || e.name || e.type).trim().slice(0, 30);
    if (size < body) small.push(`${e.tagName.toLowerCase()} "${name}": ${size} px`);
  }
  const probe = document.createElement('div');
  probe.style.height = 'var(--top-bar)';
  document.body.append(probe);
  const topBar = probe.getBoundingClientRect().height;
  probe.remove();
  return {body, small, bar: document.querySelector('header.top').getBoundingClientRect().height,
    topBar};
}"""


@pytest.fixture(scope="module")
def trace(dashboard, stack) -> str:
    """A recorded request of the compute demo with a long story: a server's action, 24 steps."""
    return send(dashboard, stack, "POST", "/v2.1/servers/2/action", TOKEN)["trace"]


@pytest.mark.parametrize("name", PAGES)
def test_controls_are_as_large_as_the_projected_text(browser, dashboard, trace, name):
    url, shows = PAGES[name]
    separator = "&" if "?" in url else "?"
    with opened_page(browser, viewport=XGA) as page:
        page.goto(dashboard.url + url.format(trace=trace) + separator + "projector=1")
        expect(page.locator("body")).to_have_class("projector")
        expect(page.locator(shows).first).to_be_attached()
        seen = page.evaluate(MEASURE)
        assert seen["body"] >= PROJECTOR_PX, seen
        assert seen["small"] == [], (f"smaller than the body text ({seen['body']} px):\n"
                                     + "\n".join(seen["small"]))
        assert seen["bar"] <= seen["topBar"] + 0.5, seen
        assert page.evaluate(
            "document.scrollingElement.scrollWidth - innerWidth") <= 0, "the page scrolls sideways"


def test_lives_path_field_shows_a_nova_path_whole(browser, dashboard, stack):
    # The preset menu, as wide as its longest option in projector type, left the path 127 px.
    with opened_page(browser, viewport=XGA) as page:
        page.goto(f"{dashboard.url}/?stack=osapi_compute&projector=1")
        path = page.locator('#send-form input[name="path"]')
        path.fill("/v2.1/servers/2/action")
        shown = path.evaluate("e => ({content: e.scrollWidth, width: e.clientWidth})")
        assert shown["content"] <= shown["width"], f"the path is cut: {shown}"


#: The step counter's text and lines, and each of the step controls shown: its top and its
#: left and right edges, for the row they make.
CONTROLS = """(stepper) => {
  const bar = stepper.querySelector('.stepper-controls');
  const count = bar.querySelector('.step-count');
  const parts = Array.from(bar.querySelectorAll('button, select, .step-count'))
    .filter((e) => e.getClientRects().length)
    .map((e) => { const r = e.getBoundingClientRect();
      return {name: e.textContent.trim().slice(0, 25), top: r.top, bottom: r.bottom,
        left: r.left, right: r.right}; });
  return {count: count.textContent.replace(/\\s+/g, ' ').trim(),
    countLines: count.getClientRects().length, parts};
}"""


def one_row_at_step_12(stepper) -> None:
    """The step controls of `stepper`, at its 12th step of 24: the counter says so on one line,
    and it and every control lie on one row, none over another."""
    stepper.locator('.hop[data-index="11"]').click()
    expect(stepper).to_have_attribute("data-index", "11")
    seen = stepper.evaluate(CONTROLS)
    assert seen["count"] == "request step 12 of 24", seen
    assert seen["countLines"] == 1, seen
    parts = seen["parts"]
    middle = sum(p["top"] + p["bottom"] for p in parts) / (2 * len(parts))
    off_row = [p["name"] for p in parts if not p["top"] < middle < p["bottom"]]
    assert off_row == [], f"not on the controls' one row: {off_row}\n{parts}"
    ordered = sorted(parts, key=lambda p: p["left"])
    overlaps = [(a["name"], b["name"]) for a, b in zip(ordered, ordered[1:], strict=False)
                if b["left"] < a["right"]]
    assert overlaps == [], overlaps


@pytest.mark.parametrize("mode", MODES)
def test_a_long_requests_step_controls_keep_one_row(browser, dashboard, stack, trace, mode):
    # A lesson's step view is narrower than the request's own (the lesson's list and its result
    # frame around it): there "Present to viewers" went to a second line in projector type.
    query = MODES[mode].lstrip("?")
    with opened_page(browser, viewport=XGA) as page:
        page.goto(f"{dashboard.url}/requests/{trace}/steps?{query}")
        one_row_at_step_12(page.locator(".stepper"))

        page.goto(f"{dashboard.url}/lessons/compute-demo?{query}")
        step = page.locator('.lesson-step:has(h2:has-text("/v2.1/servers/2/action"))')
        step.locator("button.run").click()
        stepper = step.locator(".stepper")
        expect(stepper).to_have_attribute("data-steps", "24")
        one_row_at_step_12(stepper)


#: The stacks Live's picker shows: the compute demo alone, then beside enough others that the
#: picker takes two lines at 1024 px, then more (those announced stay: the module's dashboard
#: keeps them).
STACKS = {"one stack": ("osapi_compute",), "two stacks": ("osapi_compute", "keystone_admin"),
          "four stacks": ("osapi_compute", "keystone_admin", "glance_api", "cinder_api")}

#: Where Live's diagram ends, once the page has drawn (what it measures as it draws among it).
DIAGRAM_FOOT = """() => new Promise((drawn) => requestAnimationFrame(() => requestAnimationFrame(
  () => drawn(document.getElementById('diagram').getBoundingClientRect().bottom))))"""


@pytest.mark.parametrize("shown", STACKS)
def test_lives_diagram_ends_on_the_screen(browser, dashboard, stack, shown):
    """Send's answer takes a line of its own under the band's first line at 1024 px: the
    diagram, sized for one line less, ran below the screen; so it did, 32 px, as a second stack
    started (a teacher's second demo), whose name took the stack picker a second line."""
    with opened_page(browser, viewport=XGA) as page:
        page.goto(f"{dashboard.url}/?stack=osapi_compute&projector=1")
        expect(page.locator("#live")).to_have_attribute("data-stack", "osapi_compute")
        expect(page.locator("#diagram svg")).to_be_visible()
        for name in STACKS[shown][1:]:
            dashboard.post("/api/stacks", announcement(name))
        expect(page.locator("#stack-picker [data-stack-item]")).to_have_count(len(STACKS[shown]))
        below = page.evaluate(DIAGRAM_FOOT) - XGA["height"]
        assert below <= 0, f"the diagram ends {below:.0f} px below the screen"
