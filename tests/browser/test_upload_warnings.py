"""An uploaded ini's warnings are written under its diagram, seen without hovering on a ⚠."""

from __future__ import annotations

from playwright.sync_api import expect

from tests.dashboard.test_upload_warnings import LISTED
from tests.dashboard.test_upload_warnings import WARNED


def test_the_warnings_are_written_under_the_diagram(page, dashboard):
    page.goto(dashboard.url + "/inis")
    page.set_input_files("#upload-file", files=[
        {"name": "warned.ini", "mimeType": "text/plain", "buffer": WARNED}])
    page.wait_for_url("**/inis/*")
    expect(page.locator('#diagram .node[data-node="app:a"]')).to_be_visible()
    warnings = page.locator("#ini .ini-warnings li")
    expect(warnings).to_have_text(LISTED)
    for index in range(len(LISTED)):
        expect(warnings.nth(index)).to_be_visible()
    expect(warnings.first).to_have_attribute("data-line", "3")
    diagram = page.locator("#diagram").bounding_box()
    first = warnings.first.bounding_box()
    assert diagram is not None and first is not None
    assert first["y"] >= diagram["y"] + diagram["height"]  # under the diagram, not beside it
