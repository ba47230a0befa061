"""`GET /api/which` asked what a URL would hit: in an uploaded ini or a running stack; what it
says of a question with no path."""

from __future__ import annotations

from urllib.parse import urlencode

#: A question with no path, said as missing (it was "path: '' must start with '/'").
MISSING = ("path: missing: give the path to ask about, starting with '/' (or a whole URL: "
           "http://HOST/PATH)")


def ask(dashboard, *pairs: tuple[str, str], headers: dict | None = None):
    return dashboard.get("/api/which?" + urlencode(pairs), headers=headers)
