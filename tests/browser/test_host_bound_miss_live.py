"""Live's hop list for a urlmap's 404: "no key took" the path, not "no prefix matches" it,
which a key bound to another host (`domain api.example.com /v3`) with the path's prefix
belies."""

from __future__ import annotations

from playwright.sync_api import Page
from playwright.sync_api import expect

from tests.browser.live_page import wait_played
from tests.conftest import raw_request
from tests.dashboard.host_bound import INI
from tests.dashboard.servers import announced


def test_live_says_no_key_took_the_path(page: Page, dashboard, tmp_path):
    ini = tmp_path / "hosts.ini"
    ini.write_text(INI)
    with announced(dashboard, "main", str(ini)) as stack:
        page.goto(f"{dashboard.url}/?stack=main")
        expect(page.locator("#live")).to_have_attribute("data-stack", "main")
        page.select_option("#speed", "16")
        line, headers, _ = raw_request(stack.url, "/v3/x")  # Host: x, not api.example.com
        assert line.split(" ", 1)[1] == "404 Not Found"
        wait_played(page, dict(headers)["X-Pastescope-Trace"])
    expect(page.locator("#hops")).to_contain_text("composite:main: no key took /v3/x")
    expect(page.locator("#hops")).not_to_contain_text("no prefix matches")
