"""Two uploads compared in Chromium: on the newer one's page, the older one picked in "Compare
with another upload" opens the page that lists what the newer builds differently."""

from __future__ import annotations

import re

from playwright.sync_api import expect

from tests.dashboard.test_upload_diff import EDITED
from tests.dashboard.test_upload_diff import EDITED_LINES
from tests.dashboard.uploading import uploaded
from tests.stack.test_cli_diff import BASE


def test_picking_the_other_upload_lists_the_changes(page, dashboard):
    old = uploaded(dashboard, "old.ini", BASE)
    uploaded(dashboard, "unrelated.ini", "[app:main]\npaste.app_factory = a:b\n")
    new = uploaded(dashboard, "new.ini", EDITED)
    page.goto(f"{dashboard.url}/inis/{new}")
    page.get_by_label("Compare with another upload").select_option(old)
    page.get_by_role("button", name="Compare").click()
    expect(page).to_have_url(f"{dashboard.url}/inis/{new}/diff?with={old}")
    expect(page.locator("#ini-diff h2")).to_have_text(re.compile(
        r"What new\.ini \(uploaded .+\) builds differently from old\.ini \(uploaded .+\)"))
    expect(page.locator("#ini-diff h3")).to_have_text(list(EDITED_LINES))
    expect(page.locator("#ini-diff .diff-lines li")).to_have_text(
        [line for lines in EDITED_LINES.values() for line in lines])
