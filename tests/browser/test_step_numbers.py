"""The step view's list of hops: a hop that wraps onto a second line keeps its number on its
first line, beside its kind, not a line below (where it read as the next hop's number)."""

from __future__ import annotations

from tests.browser.chromium import opened_page
from tests.browser.pixels import pixels_of
from tests.dashboard.samples import trace_events

LONG = "composite:openstack_compute_api_v21_with_keystone"

def test_a_wrapped_hop_has_its_number_on_its_first_line(browser, dashboard):
    # A composite named as long as nova's `openstack_compute_api_v21`, on a phone: its hops
    # take two lines in the list.
    events = trace_events("wrapping-hops", stack="long-names")
    for event in events:
        if event["node"] == "composite:main":
            event["node"] = LONG
    assert dashboard.post("/api/events", events)[0] == 202
    with opened_page(browser, viewport={"width": 390, "height": 900}) as page:
        page.goto(dashboard.url + "/requests/wrapping-hops/steps")
        items = page.locator(".step-hops li")
        line_px = items.first.locator(".hop").bounding_box()["height"]  # request.start: one line
        wrapped = None
        for i in range(items.count()):
            if items.nth(i).locator(".hop").bounding_box()["height"] > 1.5 * line_px:
                wrapped = items.nth(i)
                break
        assert wrapped is not None, "no hop wraps at this width"
        wrapped.scroll_into_view_if_needed()
        button = wrapped.locator(".hop").bounding_box()
        marker = {"x": button["x"] - 30, "y": button["y"], "width": 26,
                  "height": button["height"]}
        # A hop's number is its list item's marker, which no DOM API places: it is found
        # where it is drawn, as the rows holding ink.
        drawn = pixels_of(page, marker)
        rows = [y for y in range(drawn.height)
                if any(drawn.brightness(x, y) < 384 for x in range(drawn.width))]
        ink = [rows[0], rows[-1]] if rows else None
        assert ink is not None, "the hop's number is not drawn beside it"
        assert ink[1] < line_px + 2, f"number drawn at rows {ink}, below the first line"
