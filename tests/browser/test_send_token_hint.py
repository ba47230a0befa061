"""Live's Send, where a first-time user sends, after a 401 of the compute demo: it said
`401 Unauthorized · trace …` and nothing more, while the upload page's Ask answer for the same
file says the token its check takes. The demo unchanged is public, its token no secret; a
stack serving another graph (a copy of the demo changed) is never told it."""

from __future__ import annotations

from playwright.sync_api import expect

from tests.browser.live_page import open_live
from tests.browser.live_page import send_preset
from tests.browser.live_page import sent_typed
from tests.dashboard.servers import announced
from tests.dashboard.twice import twice_ini

#: What Send says under the unchanged demo's 401, in the Ask answer's words.
HINT = ("This is Pastescope's demo, unchanged: its token check takes X-Auth-Token: demo-token. "
        "Give it in the Headers field and send again.")


def test_the_unchanged_demos_401_says_the_token_it_takes(page, dashboard, stack):
    open_live(page, dashboard.url)
    result = page.locator("#send-result")
    hint = page.locator("#send-form [data-send-token]")
    expect(hint).to_be_hidden()
    send_preset(page, "GET /v2.1/servers — list servers, no token (401)")
    expect(result).to_have_attribute("data-status", "401")
    expect(hint).to_be_visible()
    expect(hint).to_have_text(HINT)
    # Given it, the request goes past the check: nothing more to hint.
    sent_typed(page, "GET", "/v2.1/servers", "X-Auth-Token: demo-token")
    expect(result).to_have_attribute("data-status", "200")
    expect(hint).to_be_hidden()


def test_another_stacks_401_is_not_told_the_demos_token(page, dashboard, tmp_path):
    # The demo's file name and entry, its presets too, but another pipeline: not the demo.
    folder = tmp_path / "copy"
    folder.mkdir()
    ini = folder / "compute.ini"
    ini.write_text(open(twice_ini(tmp_path)).read())
    with announced(dashboard, ini=str(ini), stack="copied"):
        page.goto(f"{dashboard.url}/?stack=copied")
        expect(page.locator("#live")).to_have_attribute("data-stack", "copied")
        sent_typed(page, "GET", "/v2.1/servers", "")
        expect(page.locator("#send-result")).to_have_attribute("data-status", "401")
        expect(page.locator("#send-form [data-send-token]")).to_have_count(0)
