"""The live page, in headless Chromium, shows a request's path as its client typed it.

The stack records a path as a WSGI server hands it over (its bytes read as Latin-1); the row,
the replay's caption and its hop list read those bytes as UTF-8 where they are, and show each
byte that is not as its %-escape.
"""

from __future__ import annotations

import urllib.error
import urllib.request

from playwright.sync_api import expect

TOKEN = {"X-Auth-Token": "demo-token"}


def send(stack, path: str) -> str:
    """Send GET `path` to the stack as curl would; its trace id."""
    request = urllib.request.Request(stack.url + path, headers=TOKEN)
    try:
        with urllib.request.urlopen(request, timeout=10) as response:
            return response.headers["X-Pastescope-Trace"]
    except urllib.error.HTTPError as error:
        return error.headers["X-Pastescope-Trace"]


def test_the_live_page_shows_a_path_as_it_was_typed(page, dashboard, stack):
    page.goto(f"{dashboard.url}/?stack=osapi_compute")
    expect(page.locator('#diagram .node[data-node="composite:osapi_compute"]')).to_have_count(1)
    page.select_option("#speed", "16")
    for sent, typed in [("/v2.1/servers/%C3%A9", "/v2.1/servers/é"),
                        # not UTF-8: escaped (as Latin-1 it would read ÿ, as typed ÿ would)
                        ("/v2.1/servers/%FF", "/v2.1/servers/%FF"),
                        ("/v2.1/servers/caf%E9-%C3%A9", "/v2.1/servers/caf%E9-é"),
                        # a right-to-left override would show `/servers/exe.jpg`: escaped
                        ("/v2.1/servers/%E2%80%AEgpj.exe", "/v2.1/servers/%E2%80%AEgpj.exe"),
                        ("/v2.1/servers/a%00b%C2%A0", "/v2.1/servers/a%00b%C2%A0")]:
        trace = send(stack, sent)
        player = page.locator("#player")
        expect(player).to_have_attribute("data-trace", trace)
        expect(player).to_have_attribute("data-state", "done", timeout=20_000)
        expect(page.locator("#now-playing")).to_contain_text(f"GET {typed} → 404 in ")
        expect(page.locator('#hops li[data-kind="request.start"]')).to_have_text(f"GET {typed}")
        expect(page.locator(f'#rows tr[data-trace="{trace}"] td.path')).to_have_text(typed)


def test_the_live_hop_list_shows_route_arguments_with_what_was_typed(page, dashboard, stack):
    page.goto(f"{dashboard.url}/?stack=osapi_compute")
    expect(page.locator('#diagram .node[data-node="composite:osapi_compute"]')).to_have_count(1)
    page.select_option("#speed", "16")
    for sent, shown in [
            ("/v2.1/servers/%C3%A9", 'id="Ã©" (the client typed "é"; WSGI reads a path\'s bytes '
                                     "as Latin-1)"),
            ("/v2.1/servers/%FF", 'id="ÿ" (the client typed "%FF"; WSGI reads a path\'s bytes '
                                  "as Latin-1)"),
            ("/v2.1/servers/abc", 'id="abc"')]:  # ASCII: what the controller got, no more
        trace = send(stack, sent)
        expect(page.locator("#player")).to_have_attribute("data-trace", trace)
        expect(page.locator("#player")).to_have_attribute("data-state", "done", timeout=20_000)
        expect(page.locator('#hops li[data-kind="route.match"]')).to_have_text(
            f"route GET /servers/:(id) → servers.show({shown})")
