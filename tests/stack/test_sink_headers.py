"""What a traced stack's posts carry: the dropped count goes with batches of traces, the only
posts whose count the dashboard takes (`dashboard.ingest`), and never with announcements; the
`Host` names the dashboard as RFC 7230 has it."""

from __future__ import annotations

import threading
from urllib.parse import urlsplit

from tests.dashboard.servers import Stack
from tests.stack.test_serve_stop import QuietHandler
from tests.stack.test_serve_stop import serving


def test_the_dropped_count_goes_with_batches_and_not_with_announcements():
    posts: list[tuple[str, str | None]] = []
    batch_came = threading.Event()

    class Recording(QuietHandler):
        def do_POST(self):
            self.rfile.read(int(self.headers["Content-Length"]))
            posts.append((self.path, self.headers["X-Pastescope-Dropped"]))
            if self.path == "/api/events":
                batch_came.set()
            self.send_response(202)
            self.send_header("Content-Length", "0")
            self.end_headers()

    with serving(Recording) as url:
        stack = Stack(url)
        try:
            stack.wait_for_line("pastescope: serving ")
            assert stack.get_servers()[0] == 200
            assert batch_came.wait(5), stack.output()
        finally:
            stack.stop()
    assert ("/api/stacks", None) in posts
    assert ("/api/events", "0") in posts
    assert {path for path, dropped in posts if dropped is None} == {"/api/stacks"}


def test_the_host_header_names_an_ipv6_dashboard_in_brackets():
    """`--trace-to http://[::1]:PORT` sent `Host: ::1:PORT`, which RFC 7230 does not read as a
    host and a port (werkzeug happens to take it; a proxy in front of the dashboard may not)."""
    hosts: list[str] = []
    announced = threading.Event()

    class Recording(QuietHandler):
        def do_POST(self):
            self.rfile.read(int(self.headers["Content-Length"]))
            hosts.append(self.headers["Host"])
            announced.set()
            self.answer(202, b"")

    with serving(Recording, "::1") as url:
        stack = Stack(url)
        try:
            stack.wait_for_line("pastescope: serving ")
            assert announced.wait(5), stack.output()
        finally:
            stack.stop()
    assert set(hosts) == {f"[::1]:{urlsplit(url).port}"}
