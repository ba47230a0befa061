"""Paths beyond ASCII: the pages show them as the client typed them; the events keep them as
the stack saw them (a WSGI server hands over a path's bytes read as Latin-1), and Repeat sends
those bytes again."""

from __future__ import annotations

import html
import re
import urllib.parse

from tests.dashboard.servers import send
from tests.dashboard.sse import SSEReader

TOKEN = {"X-Auth-Token": "demo-token"}


def shown(page: str) -> str:
    """The text a page shows: markup left out (attributes keep paths as recorded, for scripts)."""
    return html.unescape(re.sub(r"<[^>]*>", "", page))


def pages_of(dashboard, trace: str, other: str, typed: str) -> dict[str, str]:
    """Every page that shows the request `trace` (and the which answer for `typed`)."""
    which = urllib.parse.urlencode({"stack": "osapi_compute", "method": "GET", "path": typed})
    urls = {
        "request list": "/requests",
        "live page": "/?stack=osapi_compute",
        "request detail": f"/requests/{trace}",
        "steps": f"/requests/{trace}/steps",
        "steps, JSON": f"/api/traces/{trace}/steps",
        "compare": f"/compare?a={trace}&b={other}",
        "compare with…": f"/compare?a={other}",
        "which": f"/api/which?{which}",
    }
    pages = {}
    for what, url in urls.items():
        status, _, body = dashboard.get(url, headers={"HX-Request": "true"} if what == "which"
                                        else None)
        assert status == 200, (what, str(body)[:300])
        pages[what] = body if isinstance(body, str) else repr(body)
    return pages


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
    assert trace["path"] == recorded

    pages = pages_of(dashboard, trace["trace"], other["trace"], "/v2.1/servers/é")
    pages["live feed"] = rows[-1]["data"]
    garbled = [what for what, page in pages.items()
               if "/servers/é" not in shown(page) or "/servers/Ã©" in shown(page)]
    assert garbled == []
    assert "GET /v2.1/servers/é ended with 404." in shown(pages["request detail"])
    assert "PATH_INFO `/servers/é`" in pages["steps, JSON"]
    # Filtered as shown: typing é finds it, in the list and in what the list saves.
    typed = urllib.parse.urlencode({"path": "servers/é"})
    for url in (f"/requests?{typed}", f"/api/traces?{typed}", f"/api/traces/export?{typed}"):
        assert trace["trace"] in str(dashboard.get(url, headers={"HX-Request": "true"})[2]), url

    status, _, again = dashboard.post(f"/api/traces/{trace['trace']}/repeat", {})
    assert status == 200, again
    repeated = dashboard.wait_for(f"/api/traces/{again['trace']}",
                                  lambda body: body["status"] is not None)
    first_layer = [next(e["data"]["path_info"] for e in t["events"] if e["kind"] == "node.enter")
                   for t in (trace, repeated)]
    assert repeated["path"] == recorded and first_layer == [recorded, recorded]

    # Bytes that are not UTF-8 are shown as they came, as before.
    latin = send(dashboard, stack, "GET", "/v2.1/servers/%FF", TOKEN)
    assert latin["path"] == "/v2.1/servers/\xff"
    pages = pages_of(dashboard, latin["trace"], other["trace"], "/v2.1/servers/%FF")
    assert [what for what, page in pages.items() if "/servers/\xff" not in shown(page)] == []
    typed = urllib.parse.urlencode({"path": "servers/\xff"})
    assert latin["trace"] in str(dashboard.get(f"/api/traces?{typed}")[2])


def test_characters_that_hide_or_reorder_a_path_show_as_their_escapes(dashboard, stack):
    # A right-to-left override makes `/servers/\u202egpj.exe` read `/servers/exe.jpg`; a NUL
    # or a C1 control shows as nothing; a no-break space as a space.
    sent = "/v2.1/servers/%E2%80%AEgpj.exe%00%C2%9B%C2%A0"
    trace = send(dashboard, stack, "GET", sent, TOKEN)
    other = send(dashboard, stack, "GET", "/v2.1/servers", TOKEN)
    assert trace["path"] == urllib.parse.unquote(sent, encoding="latin-1")  # as recorded
    pages = pages_of(dashboard, trace["trace"], other["trace"], sent)
    # NOTE: which's route match shows the router's arguments (`id=…`), not a path.
    pages["which"] = pages["which"].partition("The route that would match")[0]
    hidden = [what for what, page in pages.items()
              if sent not in shown(page) or re.search("[\u202e\x00\x9b\xa0]", shown(page))]
    assert hidden == []
    assert "PATH_INFO /servers/%E2%80%AEgpj.exe%00%C2%9B%C2%A0" in shown(pages["which"])
    # Filtered as shown: the escapes find it.
    typed = urllib.parse.urlencode({"path": "servers/%E2%80%AEgpj"})
    for url in (f"/requests?{typed}", f"/api/traces?{typed}"):
        assert trace["trace"] in str(dashboard.get(url, headers={"HX-Request": "true"})[2]), url
