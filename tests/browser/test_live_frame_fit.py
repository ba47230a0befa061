"""On the Live page, the diagram's frame is as wide as a small diagram, not its column: a stack of
one box (230 px) sat at the left of an empty frame 852 px wide on a laptop, 380 on a phone. A
big diagram's frame still takes its column's width, the diagram scrolling inside it."""

from __future__ import annotations

import pytest
from playwright.sync_api import Page
from playwright.sync_api import expect

from tests.browser.chromium import opened_page
from tests.browser.screens import WXGA
from tests.dashboard.samples import announcement

#: A stack of one app, nothing in front of it.
ONE_BOX = {"entry": "app:main", "nodes": [{"id": "app:main", "kind": "app", "name": "main",
                                           "factory": "egg:FakeApp#configed"}], "edges": []}
STACK = "one-box-frame"

#: The frame's width inside its border, the diagram's and its own size's (the viewBox's), and
#: the diagram column's width, in px.
SIZES = """() => {
  const frame = document.querySelector('#diagram');
  const svg = frame.querySelector('svg.diagram');
  return {frame: frame.clientWidth, drawn: svg.getBoundingClientRect().width,
          own: svg.viewBox.baseVal.width,
          column: document.querySelector('.diagram-column').clientWidth};
}"""


def sizes_on_live(page: Page, url: str, stack: str) -> dict:
    page.goto(f"{url}/?stack={stack}")
    expect(page.locator("#live")).to_have_attribute("data-stack", stack)
    expect(page.locator("#diagram svg.diagram")).to_be_visible()
    # projector.js gives the diagram its own width once the page is loaded.
    page.wait_for_function("""() => document.querySelector('#diagram svg.diagram')
        .style.getPropertyValue('--drawn-width')""")
    return page.evaluate(SIZES)


@pytest.mark.parametrize("width", [1280, 420])
def test_the_frame_of_a_one_box_diagram_is_as_wide_as_it(browser, dashboard, width):
    assert dashboard.post("/api/stacks", announcement(STACK, graph=ONE_BOX))[0] < 300
    with opened_page(browser, viewport={"width": width, "height": 800}) as page:
        sizes = sizes_on_live(page, dashboard.url, STACK)
    assert abs(sizes["drawn"] - sizes["own"]) <= 1, sizes  # at its own size
    assert sizes["frame"] <= sizes["drawn"] + 1, sizes  # no empty frame beside it
    assert sizes["frame"] < sizes["column"], sizes


def test_the_frame_of_a_big_diagram_takes_its_column(browser, dashboard, stack):
    with opened_page(browser, viewport=WXGA) as page:
        sizes = sizes_on_live(page, dashboard.url, "osapi_compute")
    assert sizes["drawn"] > sizes["frame"], sizes  # it scrolls in its frame
    assert sizes["frame"] >= sizes["column"] - 2 - 1, sizes  # the column, less the border
