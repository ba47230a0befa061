"""A box that scrolls shows there is more in it: the Live page's route table, the list of hops
being replayed, the step view's list of steps, the "Routes tried" of "What would this URL hit?"
and an error's response body on the request page have a shade at their bottom edge while more
lies below it, and none once scrolled to the end. (Each cut its content at a row's edge, nothing
saying it went on.)

The shade is looked at, not read from the stylesheet: the box's content is hidden, and the
pixels at the middle of its bottom edge are compared with the box's own colour.
"""

from __future__ import annotations

from playwright.sync_api import Locator
from playwright.sync_api import Page
from playwright.sync_api import expect

from tests.browser.live_page import open_live
from tests.browser.live_page import wait_played
from tests.browser.pixels import pixels_of
from tests.browser.which_form import submit
from tests.conftest import TOKEN
from tests.dashboard.samples import trace_events
from tests.dashboard.servers import send

#: Hides what is inside the scroll boxes, leaving their own background to see.
HIDE_CONTENT = (".hops > *, .routes-frame > *, .which-candidates > *, .step-hops > * "
                "{ visibility: hidden; } .response-body { color: transparent; }")

#: Where the box's visible content lies, in the page's CSS px (a scroll bar left out), and the
#: luminance of the colour it shows: its own background's, or the first one behind it.
INSIDE = """(box) => {
  let colour = [255, 255, 255];
  for (let element = box; element; element = element.parentElement) {
    const rgba = getComputedStyle(element).backgroundColor.match(/[\\d.]+/g).map(Number);
    if (rgba.length < 4 || rgba[3] > 0) { colour = rgba; break; }
  }
  const r = box.getBoundingClientRect();
  return {x: r.left + box.clientLeft, y: r.top + box.clientTop, width: box.clientWidth,
          height: box.clientHeight, colour: (colour[0] + colour[1] + colour[2]) / 3};
}"""

def shade_at_bottom(page: Page, box: Locator) -> float:
    """How much darker than the box's colour the middle of its bottom edge is (0 to 255)."""
    inside = box.evaluate(INSIDE)
    middle = inside["x"] + inside["width"] / 2
    edge = {"x": middle - 20, "y": inside["y"] + inside["height"] - 4, "width": 40, "height": 4}
    drawn = pixels_of(page, edge, animations="disabled")
    darkest = min(drawn.brightness(x, y) for x in range(drawn.width) for y in range(drawn.height))
    return inside["colour"] - darkest / 3


def hints_at_more_below(page: Page, box: Locator) -> None:
    """The box scrolls, shows a shade at its bottom while more lies below, and none at the end."""
    box.evaluate("b => b.scrollIntoView({block: 'center'})")  # its bottom edge in sight
    assert box.evaluate("b => b.scrollHeight > b.clientHeight + 20"), "the box does not scroll"
    page.add_style_tag(content=HIDE_CONTENT)
    box.evaluate("b => { b.scrollTop = 0; }")
    assert shade_at_bottom(page, box) > 20, "no shade at the bottom while more lies below"
    box.evaluate("b => { b.scrollTop = b.scrollHeight; }")
    assert shade_at_bottom(page, box) < 3, "a shade at the bottom with nothing more below"


def test_the_route_table_hints_at_more_routes(page, dashboard, stack):
    open_live(page, dashboard.url)
    hints_at_more_below(page, page.locator("#stack-view .routes-frame"))


def test_the_replayed_hops_hint_at_more_hops(page, dashboard, stack):
    open_live(page, dashboard.url)
    trace = send(dashboard, stack, "GET", "/v2.1/servers", TOKEN)
    wait_played(page, trace["trace"])
    expect(page.locator("#hops li").first).to_be_visible()
    hints_at_more_below(page, page.locator("#hops"))


def test_the_routes_tried_hint_at_more_routes(page, dashboard, stack):
    open_live(page, dashboard.url)
    submit(page, "GET", "/v2.1/nothing/at/all")
    candidates = page.locator(".which-candidates")
    expect(candidates.locator("tbody tr").first).to_be_visible()
    hints_at_more_below(page, candidates)


def test_the_step_list_hints_at_more_steps(page, dashboard, stack):
    trace = send(dashboard, stack, "GET", "/v2.1/servers", TOKEN)
    page.goto(f"{dashboard.url}/requests/{trace['trace']}/steps")
    expect(page.locator(".step-hops li").first).to_be_visible()
    hints_at_more_below(page, page.locator(".step-hops"))


def response_with_body(page: Page, dashboard, trace: str, body: str) -> Locator:
    """The request page of a 500 whose response body is `body`; the box that shows it."""
    events = trace_events(trace, status=500)
    events[-1]["data"].update(body=body, bytes=len(body), content_type="text/plain")
    assert dashboard.post("/api/events", events)[0] == 202
    page.goto(f"{dashboard.url}/requests/{trace}")
    box = page.locator("pre.response-body")
    expect(box).to_contain_text("line 1")
    return box


def test_a_long_response_body_hints_at_more_below(page, dashboard):
    lines = "\n".join(f"line {n}: the server could not answer" for n in range(1, 80))
    hints_at_more_below(page, response_with_body(page, dashboard, "scroll-long-body", lines))


def test_a_short_response_body_shows_no_shade(page, dashboard):
    box = response_with_body(page, dashboard, "scroll-short-body", "line 1: no host")
    box.evaluate("b => b.scrollIntoView({block: 'center'})")
    assert box.evaluate("b => b.scrollHeight <= b.clientHeight"), "a one-line body scrolls"
    page.add_style_tag(content=HIDE_CONTENT)
    assert shade_at_bottom(page, box) < 3, "a shade at the bottom of a body that fits its box"
