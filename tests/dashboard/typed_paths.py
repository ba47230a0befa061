"""Paths beyond ASCII, as a WSGI server hands them over (a path's bytes read as Latin-1): a
sample request for one, and every page and step that shows a request, to read them on."""

from __future__ import annotations

import re
import urllib.parse
from typing import Any

from tests.dashboard.samples import trace_events
from tests.dashboard.servers import HTMX

#: What follows an argument that came from a path beyond ASCII, before the closing bracket.
NOTE = "; WSGI reads a path's bytes as Latin-1"
#: The note after a path the step view's environ table shows as typed where the environ holds
#: it otherwise (the server decoded `%25` to `%`; read `é`'s bytes as Latin-1).
HELD = re.compile(r" \(the environ holds '[^']*'; [^)]*\)")
#: A recorded path as a WSGI server hands it over: `é`'s UTF-8 bytes read as Latin-1, a byte
#: that is not UTF-8 (ÿ, sent as %FF), and a literal `%` (sent as %25).
PATH = "/v1/items/caf\u00c3\u00a9-\u00ff-100%"
#: The match the router made of it, an argument beyond ASCII and one that is no text.
MATCH = {"controller": "items", "action": "index", "id": "caf\u00c3\u00a9-\u00ff", "n": 7}


def recorded_path(trace: dict[str, Any]) -> str:
    """The path a stored trace's `request.start` holds: as the stack recorded it (the API's
    `path` is the form the list shows)."""
    return next(e["data"]["path"] for e in trace["events"] if e["kind"] == "request.start")


def typed_events(trace: str, stack: str = "sample") -> list[dict[str, Any]]:
    """A sample request for `PATH`, which the router matched as `MATCH`."""
    events = trace_events(trace, stack=stack, path=PATH)
    for event in events:
        if event["kind"] == "route.match":
            event["data"]["match"] = MATCH
    return events


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
        status, _, body = dashboard.get(url, headers=HTMX if what == "which" else None)
        assert status == 200, (what, str(body)[:300])
        pages[what] = body if isinstance(body, str) else repr(body)
    return pages
