"""The numbered lists of hops in projector type: each number drawn whole, its first digit not cut
off by the list's left edge (Live's list of a replay's hops from its 8th, "8.", in rem room a
projector's type outgrew; the step view's from its 100th)."""

from __future__ import annotations

from playwright.sync_api import Locator
from playwright.sync_api import Page
from playwright.sync_api import expect

from tests.browser.chromium import opened_page
from tests.browser.live_page import send_preset
from tests.browser.live_page import wait_played
from tests.browser.pixels import pixels_of
from tests.browser.screens import SMALL_PROJECTOR
from tests.dashboard.samples import trace_events


def assert_number_whole(page: Page, items: Locator, n: int) -> None:
    """Item `n` (from 1) of the list `items` belong to: its number, drawn in the list's margin
    left of the item, starts inside that margin, not at the list's edge that clips it."""
    item = items.nth(n - 1)
    item.evaluate("li => li.scrollIntoView({block: 'center'})")
    listed = item.evaluate("li => { const r = li.parentElement.getBoundingClientRect();"
                           " return {x: r.left, width: r.width}; }")
    box = item.bounding_box()
    # The item's first line, where its number stands.
    size = float(item.evaluate("li => getComputedStyle(li).fontSize").removesuffix("px"))
    margin = {"x": listed["x"], "y": box["y"], "width": box["x"] - listed["x"],
              "height": min(box["height"], 1.3 * size)}
    drawn = pixels_of(page, margin)
    # the first column holding ink: light text on the projector's black
    first = next((x for x in range(drawn.width) for y in range(drawn.height)
                  if drawn.brightness(x, y) > 480), None)
    assert first is not None, f"no number drawn beside hop {n}"
    assert first > 1, f"hop {n}'s number is cut off at the list's left edge (ink from {first} px)"


def test_the_live_hops_numbers_are_whole_on_a_projector(browser, dashboard, stack):
    with opened_page(browser, viewport=SMALL_PROJECTOR) as page:
        page.goto(f"{dashboard.url}/?stack=osapi_compute&projector=1")
        expect(page.locator("#live")).to_have_attribute("data-stack", "osapi_compute")
        page.select_option("#speed", "16")
        trace = send_preset(page, "GET /v2.1/servers — list servers")
        wait_played(page, trace)
        items = page.locator("#hops li")
        expect(items.nth(9)).to_be_attached()
        assert_number_whole(page, items, 8)
        assert_number_whole(page, items, 10)


def test_the_step_views_hundredth_number_is_whole_on_a_projector(browser, dashboard):
    # A request with over a hundred steps: the sample's, a layer breaking a WSGI rule 100 times.
    events = trace_events("many-steps", stack="many-steps")
    warnings = [{**events[4], "kind": "wsgi.warning",
                 "data": {"rule": "status", "message": f"warning {i}"}} for i in range(100)]
    events = events[:5] + warnings + events[5:]
    for seq, event in enumerate(events):
        event["seq"] = seq
    assert dashboard.post("/api/events", events)[0] == 202
    with opened_page(browser, viewport=SMALL_PROJECTOR) as page:
        page.goto(f"{dashboard.url}/requests/many-steps/steps?projector=1")
        items = page.locator(".step-hops li")
        expect(items).to_have_count(len(events))
        assert_number_whole(page, items, 100)
