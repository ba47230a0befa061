"""A `%` a path holds (its client sent `%25`) shows as `%25` on every page, so it is never taken
for the %-escape of a byte that is not UTF-8: `/servers/%25FF` and `/servers/%FF` read apart."""

from __future__ import annotations

import urllib.parse

from tests.conftest import TOKEN
from tests.dashboard.page_text import part
from tests.dashboard.page_text import shown
from tests.dashboard.servers import HTMX
from tests.dashboard.servers import send
from tests.dashboard.servers import steps_of
from tests.dashboard.typed_paths import HELD
from tests.dashboard.typed_paths import NOTE
from tests.dashboard.typed_paths import pages_of
from tests.dashboard.typed_paths import recorded_path


def test_a_percent_and_a_byte_not_utf8_show_apart_on_every_page(dashboard, stack):
    percent = send(dashboard, stack, "GET", "/v2.1/servers/%25FF", TOKEN)
    byte = send(dashboard, stack, "GET", "/v2.1/servers/%FF", TOKEN)
    assert (recorded_path(percent), recorded_path(byte)) == ("/v2.1/servers/%FF",
                                                         "/v2.1/servers/\xff")
    for trace, typed, not_typed in [(percent, "/servers/%25FF", "/servers/%FF"),
                                    (byte, "/servers/%FF", "/servers/%25FF")]:
        pages = pages_of(dashboard, trace["trace"], trace["trace"], "/v2.1" + typed)
        assert [what for what, page in pages.items() if typed not in shown(page)] == []
        # The lists show both requests; the pages of one request show it alone (but for the
        # request page's events, kept as the stack recorded them).
        # The step view's environ table, showing PATH_INFO as typed, also says what the
        # environ holds: only there is the other form written.
        alone = ("steps", "steps, JSON", "compare", "which")
        assert [what for what in alone
                if not_typed in HELD.sub("", shown(pages[what]))] == [], typed
        assert shown(part(pages["request detail"], "<h2>", "</h2>")).startswith(
            f"GET /v2.1{typed}\n")
        assert f"GET /v2.1{typed} ended with 404." in shown(pages["request detail"])
        assert f"PATH_INFO `{typed}`" in pages["steps, JSON"]
        held = HELD.findall(shown(pages["steps"]))
        why = "the server decodes a path's %-escapes" if "%" in recorded_path(trace) else NOTE[2:]
        assert f" (the environ holds {recorded_path(trace)[5:]!r}; {why})" in held, held
        assert f"PATH_INFO {typed}" in shown(pages["which"])
        # Filtered as shown, each finds its own request.
        query = urllib.parse.urlencode({"path": typed})
        found = str(dashboard.get(f"/requests?{query}", headers=HTMX)[2])
        assert trace["trace"] in found, typed
        # … and not the other's.
        query = urllib.parse.urlencode({"path": not_typed})
        found = str(dashboard.get(f"/requests?{query}", headers=HTMX)[2])
        assert trace["trace"] not in found, not_typed


def test_a_route_argument_holding_a_percent_says_what_the_client_typed(dashboard, stack):
    # The controller gets `%ÿ`: a `%` (sent `%25`) and the byte 0xFF (sent `%FF`). What the
    # client typed was `%25%FF`; `%%FF` would read as a `%` before `%FF` or as `%%` and `FF`.
    trace = send(dashboard, stack, "GET", "/v2.1/servers/%25%FF", TOKEN)
    note = f" (the client typed '%25%FF'{NOTE})"
    steps = [step["text"] for step in steps_of(dashboard, trace["trace"])["steps"]]
    assert (f"The app `compute_app` called the `servers` controller's `show` action with "
            f"id='%ÿ'{note}.") in steps
    pages = pages_of(dashboard, trace["trace"], trace["trace"], "/v2.1/servers/%25%FF")
    route = shown(part(pages["request detail"], '<table class="kv route-match">', "</table>"))
    assert f'id"%ÿ"{note}' in route
    assert f"servers.show(id='%ÿ'{note})." in shown(pages["which"])


def test_the_path_filter_finds_what_is_typed_in_the_path_as_shown(dashboard, stack):
    # `/servers/%25FF` holds no `%F`: the list shows the `%` it holds as `%25`.
    trace = send(dashboard, stack, "GET", "/v2.1/servers/%25FF", TOKEN)
    for typed, found in [("%F", False), ("%25F", True), ("/servers/%25FF", True),
                         ("%FF", False), ("5FF", True)]:
        query = urllib.parse.urlencode({"path": typed})
        page = dashboard.get(f"/requests?{query}")[2]
        listed = f'data-trace="{trace["trace"]}"' in part(page, '<tbody id="rows"', "</tbody>")
        assert listed == found, typed
        ids = [row["trace"] for row in dashboard.get(f"/api/traces?{query}")[2]]
        assert (trace["trace"] in ids) == found, typed
