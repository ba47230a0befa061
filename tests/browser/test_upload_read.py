"""An upload kept by an older Pastescope, opened in headless Chromium: its page says what its
drawing lacks."""

from __future__ import annotations

from playwright.sync_api import expect

from tests.dashboard.older_upload import OLDER
from tests.dashboard.older_upload import keep_as_before
from tests.dashboard.older_upload import opened


def test_an_upload_kept_by_an_older_version_says_what_its_drawing_lacks(page, tmp_path):
    ini_id = keep_as_before(tmp_path)
    with opened(tmp_path) as dashboard:
        page.goto(f"{dashboard.url}/inis/{ini_id}")
        expect(page.get_by_role("note")).to_have_text(OLDER)
        expect(page.locator('#diagram .hole[data-in="pipeline:api"] text.reason')
               ).to_have_text("refused")
