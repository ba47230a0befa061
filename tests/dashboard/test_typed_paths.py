"""Paths beyond ASCII: the pages show them as the client typed them; the events keep them as
the stack saw them (a WSGI server hands over a path's bytes read as Latin-1), and Repeat sends
those bytes again."""

from __future__ import annotations

import json
import re
import urllib.parse

from tests.conftest import TOKEN
from tests.dashboard.page_text import part
from tests.dashboard.page_text import shown
from tests.dashboard.servers import HTMX
from tests.dashboard.servers import send
from tests.dashboard.servers import steps_of
from tests.dashboard.servers import stored
from tests.dashboard.sse import SSEReader
from tests.dashboard.typed_paths import HELD
from tests.dashboard.typed_paths import NOTE
from tests.dashboard.typed_paths import pages_of
from tests.dashboard.typed_paths import recorded_path


def test_a_path_shows_as_typed_when_its_bytes_are_utf8_and_repeats_as_sent(dashboard, stack):
    stream = SSEReader(dashboard.url + "/api/stream")
    try:
        trace = send(dashboard, stack, "GET", "/v2.1/servers/%C3%A9", TOKEN)
        rows = stream.until(lambda m: m["event"] == "rows" and trace["trace"] in m["data"])
    finally:
        stream.close()
    other = send(dashboard, stack, "GET", "/v2.1/servers", TOKEN)
    # Recorded as eventlet handed it over: the bytes of é read as Latin-1.
    recorded = "/v2.1/servers/é".encode().decode("latin-1")
    assert recorded_path(trace) == recorded and trace["path"] == "/v2.1/servers/é"

    pages = pages_of(dashboard, trace["trace"], other["trace"], "/v2.1/servers/é")
    pages["live feed"] = rows[-1]["data"]
    # The step view's environ table shows PATH_INFO as typed too, and says what it holds.
    garbled = [what for what, page in pages.items()
               if "/servers/é" not in shown(page) or "/servers/Ã©" in HELD.sub("", shown(page))]
    assert garbled == []
    assert f" (the environ holds '/servers/Ã©'{NOTE})" in HELD.findall(shown(pages["steps"]))
    assert "GET /v2.1/servers/é ended with 404." in shown(pages["request detail"])
    assert "PATH_INFO `/servers/é`" in pages["steps, JSON"]
    # Filtered as shown: typing é finds it, in the list and in what the list saves.
    typed = urllib.parse.urlencode({"path": "servers/é"})
    for url in (f"/requests?{typed}", f"/api/traces?{typed}", f"/api/traces/export?{typed}"):
        assert trace["trace"] in str(dashboard.get(url, headers=HTMX)[2]), url

    status, _, again = dashboard.post(f"/api/traces/{trace['trace']}/repeat", {})
    assert status == 200, again
    repeated = stored(dashboard, again["trace"])
    first_layer = [next(e["data"]["path_info"] for e in t["events"] if e["kind"] == "node.enter")
                   for t in (trace, repeated)]
    assert recorded_path(repeated) == recorded and first_layer == [recorded, recorded]


def test_bytes_that_are_not_utf8_show_as_their_escapes_beside_utf8_read_as_typed(dashboard,
                                                                               stack):
    # Read as Latin-1, `%FF` would show `ÿ` and `caf%E9` `café`: what a client typing ÿ or é
    # sends as UTF-8. Each such byte shows as its escape, and the UTF-8 beside it as typed.
    other = send(dashboard, stack, "GET", "/v2.1/servers", TOKEN)
    for sent, typed, as_latin1 in [("/v2.1/servers/%FF", "/v2.1/servers/%FF", "/servers/\xff"),
                                   ("/v2.1/servers/caf%E9-%C3%A9", "/v2.1/servers/caf%E9-é",
                                    "/servers/caf\xe9")]:
        trace = send(dashboard, stack, "GET", sent, TOKEN)
        assert recorded_path(trace) == urllib.parse.unquote(sent, encoding="latin-1")
        pages = pages_of(dashboard, trace["trace"], other["trace"], sent)
        wrong = [what for what, page in pages.items()
                 if typed.removeprefix("/v2.1") not in shown(page)
                 or as_latin1 in HELD.sub("", shown(page))]
        assert wrong == [], sent
        assert f"GET {typed} ended with 404." in shown(pages["request detail"])
        # Filtered as shown: the escape finds it.
        query = urllib.parse.urlencode({"path": typed.removeprefix("/v2.1/")})
        for url in (f"/requests?{query}", f"/api/traces?{query}"):
            found = str(dashboard.get(url, headers=HTMX)[2])
            assert trace["trace"] in found and other["trace"] not in found, url


def test_characters_that_hide_or_reorder_a_path_show_as_their_escapes(dashboard, stack):
    # A right-to-left override makes `/servers/\u202egpj.exe` read `/servers/exe.jpg`; a NUL
    # or a C1 control shows as nothing; a no-break space as a space.
    sent = "/v2.1/servers/%E2%80%AEgpj.exe%00%C2%9B%C2%A0"
    trace = send(dashboard, stack, "GET", sent, TOKEN)
    other = send(dashboard, stack, "GET", "/v2.1/servers", TOKEN)
    assert recorded_path(trace) == urllib.parse.unquote(sent, encoding="latin-1")
    pages = pages_of(dashboard, trace["trace"], other["trace"], sent)
    # NOTE: which's route match shows the router's arguments (`id=…`), not a path.
    pages["which"] = re.sub(r'<table class="which-match".*?</table>', "", pages["which"],
                            flags=re.S)
    hidden = [what for what, page in pages.items()
              if sent not in shown(page) or re.search("[\u202e\x00\x9b\xa0]", shown(page))]
    assert hidden == []
    assert "PATH_INFO /servers/%E2%80%AEgpj.exe%00%C2%9B%C2%A0" in shown(pages["which"])
    # Filtered as shown: the escapes find it.
    typed = urllib.parse.urlencode({"path": "servers/%E2%80%AEgpj"})
    for url in (f"/requests?{typed}", f"/api/traces?{typed}"):
        assert trace["trace"] in str(dashboard.get(url, headers=HTMX)[2]), url


def test_route_arguments_show_what_the_controller_got_and_what_the_client_typed(dashboard,
                                                                                stack):
    # Routes matches the path as the server hands it over, so the controller really gets
    # `id='Ã©'` for `%C3%A9`: the pages say so, and what the client typed beside it.
    other = send(dashboard, stack, "GET", "/v2.1/servers", TOKEN)
    for sent, got, typed in [("/v2.1/servers/%C3%A9", "Ã©", "é"),
                             ("/v2.1/servers/%FF", "ÿ", "%FF"),
                             ("/v2.1/servers/abc", "abc", None)]:  # ASCII: as it always was
        trace = send(dashboard, stack, "GET", sent, TOKEN)
        assert [e["data"]["args"] for e in trace["events"]
                if e["kind"] == "controller.action"] == [{"id": got}]
        note = f" (the client typed {typed!r}{NOTE})" if typed else ""
        pages = pages_of(dashboard, trace["trace"], other["trace"], sent)
        steps = [step["text"] for step in steps_of(dashboard, trace["trace"])["steps"]]
        assert any(text.endswith(f"action `show` with id={got!r}{note}.") for text in steps)
        assert (f"The app `compute_app` called the `servers` controller's `show` action with "
                f"id={got!r}{note}.") in steps
        # the routing args the match put in the environ, on the step page
        routing_args = shown(part(pages["steps"], '<tr data-key="wsgiorg.routing_args">', "</tr>"))
        assert f"(unset)id={got!r}{note}, " in routing_args
        route = shown(part(pages["request detail"], '<table class="kv route-match">', "</table>"))
        assert f"id{json.dumps(got, ensure_ascii=False)}{note}" in route  # "Ã©", never "\\u00c3…"
        which_match = shown(part(pages["which"], '<table class="which-match"', "</table>"))
        assert f"id={got}{note}" in which_match
        assert f"servers.show(id={got!r}{note})." in shown(pages["which"])
        if typed is None:
            assert [what for what, page in pages.items() if "client typed" in page] == []


