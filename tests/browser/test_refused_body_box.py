"""The box of the layer that passed the server a body it refused, in Chromium: the step view
says so in its name, beside the 200 it passed up."""

from __future__ import annotations

from playwright.sync_api import Page
from playwright.sync_api import expect

from tests.browser.steps_page import last_step


def test_the_step_view_names_the_box_whose_body_the_server_refused(page: Page, dashboard,
                                                                    refused):
    last_step(page, f"{dashboard.url}/requests/{refused}/steps")
    box = page.locator('.step-diagram .node[data-node="pipeline:main"]')
    expect(box).to_have_attribute("data-outcome", "200")
    expect(box).to_have_attribute("data-refused", "a bytes")
    outline = box.locator(":scope > .frame")  # a pipeline is drawn as a frame
    expect(outline).to_have_css("stroke-dasharray", "2px, 3px")  # dotted
    expect(box).to_have_attribute(
        "aria-label", "pipeline main: returned 200, the server refused the body it passed up, "
                      "a bytes")
    inner = page.locator('.step-diagram .node[data-node="filter:joining"]')
    expect(inner).to_have_attribute("data-outcome", "200")
    expect(inner).not_to_have_attribute("data-refused", "a bytes")
