"""Live's hop list for a stack served with `--check-wsgi`: a rule a layer broke is said in the
hop list in its own words, not as a bare event kind."""

from __future__ import annotations

from playwright.sync_api import Page
from playwright.sync_api import expect

from tests.browser.live_page import wait_played
from tests.conftest import raw_request
from tests.dashboard.servers import announced
from tests.dashboard.test_wsgi_warnings_shown import INI


def test_live_says_which_rule_a_layer_broke(page: Page, dashboard, tmp_path):
    ini = tmp_path / "broken.ini"
    ini.write_text(INI)
    with announced(dashboard, "main", str(ini), stack="checked",
                   extra=("--check-wsgi",)) as stack:
        page.goto(f"{dashboard.url}/?stack=checked")
        expect(page.locator("#live")).to_have_attribute("data-stack", "checked")
        page.select_option("#speed", "16")
        _, headers, _ = raw_request(stack.url, "/")
        wait_played(page, dict(headers)["X-Pastescope-Trace"])
    expect(page.locator("#hops")).to_contain_text(
        "WSGI rule broken: app:app passed up the status '200'; WSGI wants three digits")
