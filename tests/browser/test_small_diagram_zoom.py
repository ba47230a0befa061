"""A diagram of one or two boxes is drawn at its own size, not blown up to the frame's width
(one app box was 380 px tall, its name 70 px); a big one still fills the width of its frame."""

from __future__ import annotations

import pytest
from playwright.sync_api import Page
from playwright.sync_api import expect

from tests.browser import upload_page
from tests.conftest import INI_DATA

#: How the diagram is drawn: its scale (on-screen width over the viewBox's), the on-screen
#: height of its first box name, and its width and its frame's (inside the border), in px.
DRAWN = """() => {
  const frame = document.querySelector('#diagram');
  const svg = frame.querySelector('svg.diagram');
  const drawn = svg.getBoundingClientRect();
  return {scale: drawn.width / svg.viewBox.baseVal.width, width: drawn.width,
    frame: frame.clientWidth,
    name: frame.querySelector('.node > .name').getBoundingClientRect().height};
}"""

#: Box names are 14 units of the viewBox: at its own size, 14 px (and a line box of 14 px'
#: text is at most this high).
NATURAL_NAME_PX = 20


def upload(page: Page, dashboard, name: str, entry: str | None = None) -> dict:
    """Upload tests/data/ini/`name` (and pick `entry`): how its diagram is drawn."""
    upload_page.upload(page, dashboard, INI_DATA / name)
    if entry is not None:
        # Picking the entry already shown swaps the same diagram in again, after the waits
        # below have passed on the old one: the entry must be another.
        expect(page.locator("#ini")).not_to_have_attribute("data-entry", entry)
        page.select_option('#ini select[name="entry"]', entry)
        expect(page.locator("#ini")).to_have_attribute("data-entry", entry)
    expect(page.locator("#diagram svg.diagram")).to_be_visible()
    # projector.js gives each diagram its own width once the page (or htmx's swap) is loaded.
    page.wait_for_function("""() => document.querySelector('#diagram svg.diagram')
        .style.getPropertyValue('--drawn-width')""")
    return page.evaluate(DRAWN)


@pytest.mark.parametrize(("name", "entry"), [
    ("pastedeploy-test_error.ini", None),
    ("pastedeploy-test_config.ini", "app:test_get"),
])
def test_a_one_box_diagram_is_drawn_no_larger_than_its_own_size(laptop, dashboard, name, entry):
    drawn = upload(laptop, dashboard, name, entry)
    assert drawn["scale"] <= 1.01, drawn
    assert drawn["name"] <= NATURAL_NAME_PX, drawn
    assert drawn["width"] < drawn["frame"], drawn  # not stretched across the frame


@pytest.mark.parametrize("name", ["swift-proxy-server.conf", "nova-api-paste.ini"])
def test_a_big_diagram_still_fills_the_width_of_its_frame(laptop, dashboard, name):
    drawn = upload(laptop, dashboard, name)
    assert drawn["width"] >= drawn["frame"] - 1, drawn
    assert laptop.evaluate(
        "document.documentElement.scrollWidth <= window.innerWidth"), "the page scrolls sideways"
