"""An uploaded file whose sections' `use`, `next` or `filter-with` PasteDeploy would refuse, in
headless Chromium: each is on the diagram, at the end of its labelled edge, as a hole that says
what is missing and why."""

from __future__ import annotations

from playwright.sync_api import expect

from tests.browser.upload_page import upload
from tests.dashboard.refused_inis import LINKS
from tests.dashboard.refused_inis import REFUSED_FILTER


def test_a_refused_use_next_and_filter_with_are_drawn_as_holes(page, dashboard):
    upload(page, dashboard, "links.ini", LINKS)
    hole = page.locator('#diagram .hole[data-of="app:app"][data-label="use"]')
    expect(hole).to_be_visible()
    expect(hole.locator("text")).to_have_text(["MISSING APP", "appbase",
                                               "no such section (line 14)"])
    expect(hole).to_have_accessible_name("missing app appbase: no such section (line 14), use "
                                         "of app app")
    wrap = page.locator('#diagram .hole[data-in="pipeline:api"][data-label="filter-with"]')
    expect(wrap.locator("text")).to_have_text(["MISSING FILTER", "sizelimt",
                                               "no such section (line 15)"])
    expect(page.locator('#diagram .hole[data-of="filter-app:fapp"][data-label="next"] text')
           ).to_have_text(["NOT AN APP", "versions", "is a filter (line 24)"])
    edge = page.locator('#diagram .edge[data-source="app:app"][data-label="use"]')
    expect(edge.locator("text.label")).to_have_text("use")
    expect(edge).to_have_accessible_name("app:app → missing app appbase (use)")


def test_a_refused_filter_app_is_drawn_with_the_app_it_wraps(page, dashboard):
    upload(page, dashboard, "wrapped.ini", REFUSED_FILTER)
    edge = page.locator('#diagram .edge[data-source="filter-app:wrapped"][data-label="next"]')
    expect(edge).to_have_accessible_name("filter-app:wrapped → app:versions (next)")
    expect(edge.locator("text.label")).to_have_text("next")
    expect(page.locator('#diagram .node[data-node="app:versions"]')).to_be_visible()
    expect(page.locator('#diagram .node[data-node="filter-app:wrapped"]')).to_have_attribute(
        "data-problems", "error")
