"""The live page, in headless Chromium, shows a request's path as its client typed it.

The stack records a path as a WSGI server hands it over (its bytes read as Latin-1); the row,
the replay's caption and its hop list read those bytes as UTF-8 where they are, and show each
byte that is not as its %-escape.
"""

from __future__ import annotations

from playwright.sync_api import expect

from tests.browser.live_page import open_live
from tests.browser.live_page import wait_played
from tests.conftest import TOKEN
from tests.dashboard.servers import send


def test_the_live_page_shows_a_path_as_it_was_typed(page, dashboard, stack):
    open_live(page, dashboard.url)
    for sent, typed in [("/v2.1/servers/%C3%A9", "/v2.1/servers/é"),
                        # not UTF-8: escaped (as Latin-1 it would read ÿ, as typed ÿ would)
                        ("/v2.1/servers/%FF", "/v2.1/servers/%FF"),
                        ("/v2.1/servers/caf%E9-%C3%A9", "/v2.1/servers/caf%E9-é"),
                        # a right-to-left override would show `/servers/exe.jpg`: escaped
                        ("/v2.1/servers/%E2%80%AEgpj.exe", "/v2.1/servers/%E2%80%AEgpj.exe"),
                        ("/v2.1/servers/a%00b%C2%A0", "/v2.1/servers/a%00b%C2%A0")]:
        trace = send(dashboard, stack, "GET", sent, TOKEN)["trace"]
        wait_played(page, trace)
        expect(page.locator("#now-playing")).to_contain_text(f"GET {typed} → 404 in ")
        expect(page.locator('#hops li[data-kind="request.start"]')).to_have_text(f"GET {typed}")
        expect(page.locator(f'#rows tr[data-trace="{trace}"] td.path')).to_have_text(typed)


def test_the_live_hop_list_shows_route_arguments_with_what_was_typed(page, dashboard, stack):
    open_live(page, dashboard.url)
    for sent, shown in [
            ("/v2.1/servers/%C3%A9", "id='Ã©' (the client typed 'é'; WSGI reads a path's bytes "
                                     "as Latin-1)"),
            ("/v2.1/servers/%FF", "id='ÿ' (the client typed '%FF'; WSGI reads a path's bytes "
                                  "as Latin-1)"),
            ("/v2.1/servers/abc", "id='abc'")]:  # ASCII: what the controller got, no more
        trace = send(dashboard, stack, "GET", sent, TOKEN)["trace"]
        wait_played(page, trace)
        expect(page.locator('#hops li[data-kind="route.match"]')).to_have_text(
            f"route GET /servers/:(id) → servers.show({shown})")


def test_a_percent_in_a_path_reads_apart_from_a_byte_not_utf8(page, dashboard, stack):
    # The client sent `%25FF` (PATH_INFO holds the three characters `%FF`) or `%FF` (the byte
    # 0xFF, not UTF-8): the list, the request page and the step view never show them alike.
    sent = {path: send(dashboard, stack, "GET", path, TOKEN)["trace"]
            for path in ("/v2.1/servers/%25FF", "/v2.1/servers/%FF")}
    page.goto(f"{dashboard.url}/requests?stack=osapi_compute")
    for typed, trace in sent.items():
        expect(page.locator(f'#rows tr[data-trace="{trace}"] td.path')).to_have_text(typed)
    for typed, trace in sent.items():
        page.goto(f"{dashboard.url}/requests/{trace}")
        expect(page.locator(".request-detail h2")).to_contain_text(f"GET {typed}")
        page.goto(f"{dashboard.url}/requests/{trace}/steps")
        expect(page.locator(".stepper-head h2")).to_contain_text(f"GET {typed}")
