"""The step view's list of hops: a hop that wraps onto a second line keeps its number on its
first line, beside its kind, not a line below (where it read as the next hop's number)."""

from __future__ import annotations

import base64

from tests.browser.conftest import opened_page
from tests.dashboard.samples import trace_events

LONG = "composite:openstack_compute_api_v21_with_keystone"

#: Rows of a screenshot holding ink, as [first, last] in its pixels, or null. A hop's number is
#: its list item's marker, which no DOM API places: it is found where it is drawn.
INK_ROWS = """async (png) => {
  const image = new Image();
  image.src = "data:image/png;base64," + png;
  await image.decode();
  const canvas = document.createElement("canvas");
  canvas.width = image.width; canvas.height = image.height;
  const context = canvas.getContext("2d");
  context.drawImage(image, 0, 0);
  const pixels = context.getImageData(0, 0, image.width, image.height).data;
  let first = null, last = null;
  for (let y = 0; y < image.height; y++) {
    for (let x = 0; x < image.width; x++) {
      const at = (y * image.width + x) * 4;
      if (pixels[at] + pixels[at + 1] + pixels[at + 2] < 384) {
        if (first === null) first = y;
        last = y;
        break;
      }
    }
  }
  return first === null ? null : [first, last];
}"""


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
        png = base64.b64encode(page.screenshot(clip=marker)).decode()
        ink = page.evaluate(INK_ROWS, png)
        assert ink is not None, "the hop's number is not drawn beside it"
        assert ink[1] < line_px + 2, f"number drawn at rows {ink}, below the first line"
