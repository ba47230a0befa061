"""What a traced stack's posts carry: the dropped count goes with batches of traces, the only
posts whose count the dashboard takes (`dashboard.ingest`), and never with announcements; the
`Host` names the dashboard as RFC 7230 has it."""

from __future__ import annotations

import threading
from http.client import HTTPMessage
from urllib.parse import urlsplit

from tests.dashboard.servers import Stack
from tests.stack.stand_in_dashboard import QuietHandler
from tests.stack.stand_in_dashboard import serving


def posted(host: str) -> tuple[str, list[tuple[str, HTTPMessage]]]:
    """A stack's posts to a stand-in dashboard on `host` as it announces itself and sends the
    trace of one request: the dashboard's URL, and each post's path and headers."""
    posts: list[tuple[str, HTTPMessage]] = []
    batch_came = threading.Event()

    class Recording(QuietHandler):
        def do_POST(self):
            self.rfile.read(int(self.headers["Content-Length"]))
            posts.append((self.path, self.headers))
            if self.path == "/api/events":
                batch_came.set()
            self.answer(202, b"")

    with serving(Recording, host) as url:
        stack = Stack(url)
        try:
            stack.wait_for_line("pastescope: serving ")
            assert stack.get_servers()[0] == 200
            assert batch_came.wait(5), stack.output()
        finally:
            stack.stop()
    return url, posts


def test_the_dropped_count_goes_with_batches_and_not_with_announcements():
    _, posts = posted("127.0.0.1")
    dropped = [(path, headers["X-Pastescope-Dropped"]) for path, headers in posts]
    assert ("/api/stacks", None) in dropped
    assert ("/api/events", "0") in dropped
    assert {path for path, count in dropped if count is None} == {"/api/stacks"}


def test_the_host_header_names_an_ipv6_dashboard_in_brackets():
    """`--trace-to http://[::1]:PORT` sent `Host: ::1:PORT`, which RFC 7230 does not read as a
    host and a port (werkzeug happens to take it; a proxy in front of the dashboard may not)."""
    url, posts = posted("::1")
    assert {headers["Host"] for _, headers in posts} == {f"[::1]:{urlsplit(url).port}"}
