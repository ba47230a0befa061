"""A laptop's Live page and step view: the diagram keeps box names a reader can read (they were
7 px at 1280 px wide), scrolling in its frame rather than shrinking to fit it; a wide screen
still shows the compute demo whole."""

from __future__ import annotations

import pytest
from playwright.sync_api import expect

from tests.browser.text_sizes import readable_diagram
from tests.conftest import TOKEN
from tests.dashboard.servers import send


@pytest.mark.parametrize("viewport", [{"width": 1280, "height": 800},
                                      {"width": 1024, "height": 768}])
def test_the_diagram_is_readable_on_a_laptop(page, dashboard, stack, viewport):
    trace = send(dashboard, stack, "GET", "/v2.1/servers", TOKEN)
    page.set_viewport_size(viewport)
    page.goto(f"{dashboard.url}/?stack=osapi_compute")
    readable_diagram(page, "#diagram")
    page.goto(f"{dashboard.url}/requests/{trace['trace']}/steps")
    readable_diagram(page, ".stepper .step-diagram")


def test_a_wide_screen_shows_the_whole_compute_demo(page, dashboard, stack):
    page.set_viewport_size({"width": 1920, "height": 1080})
    page.goto(f"{dashboard.url}/?stack=osapi_compute")
    frame = page.locator("#diagram")
    router = page.locator('#diagram .node[data-node="app:compute_app"] > .box')
    expect(router).to_be_visible()
    assert frame.evaluate("f => f.scrollWidth - f.clientWidth") <= 0
