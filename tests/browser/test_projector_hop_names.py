"""Layers' names in projector type, in the lists that name each hop (the step view's list of
steps, two requests compared, a request's timeline): a name too long for its line wraps after a
`:`, `_`, `.` or `[` (`pipeline:openstack_|compute_|api_|v21[|keystone]`), never mid-word
("pipeline:openstack_compu|te_api_v21[keystone]", as it did on every projector)."""

from __future__ import annotations

import pytest
from playwright.sync_api import expect

from tests.browser.chromium import opened_page
from tests.browser.line_breaks import mid_word_breaks
from tests.browser.screens import FULL_HD
from tests.browser.screens import PHONE
from tests.browser.screens import WXGA
from tests.browser.screens import XGA
from tests.conftest import TOKEN
from tests.dashboard.servers import send

#: A 4:3 projector, a small one, a full-HD one, and a phone.
SCREENS = {"1024x768": XGA, "1280x800": WXGA, "1920x1080": FULL_HD, "phone": PHONE}

#: The longest name the compute demo's requests go through.
KEYSTONE = "pipeline:openstack_compute_api_v21[keystone]"

#: Where each page names the layers a request went through.
NAMES = {"steps": ".step-hops .hop", "compare": ".compare-hops td.layer",
         "request": ".timeline td.layer"}


@pytest.fixture(scope="module")
def recorded(dashboard, stack) -> dict[str, str]:
    """The trace ids of a 200 and a 404 the controller raised."""
    return {"ok": send(dashboard, stack, "GET", "/v2.1/servers", TOKEN)["trace"],
            "failed": send(dashboard, stack, "GET", "/v2.1/servers/999", TOKEN)["trace"]}


@pytest.mark.parametrize("screen", SCREENS)
@pytest.mark.parametrize("shown", NAMES)
def test_a_layers_name_wraps_only_after_its_separators(browser, dashboard, recorded, shown,
                                                       screen):
    ok, failed = recorded["ok"], recorded["failed"]
    urls = {"steps": f"/requests/{ok}/steps?projector=1",
            "compare": f"/compare?a={ok}&b={failed}&projector=1",
            "request": f"/requests/{failed}?projector=1"}
    with opened_page(browser, viewport=SCREENS[screen]) as page:
        page.goto(dashboard.url + urls[shown])
        expect(page.locator("body")).to_have_class("projector")
        longest = page.locator(NAMES[shown]).filter(has_text=KEYSTONE)
        expect(longest.first).to_be_visible()
        page.wait_for_load_state("load")
        assert mid_word_breaks(page, NAMES[shown]) == []
