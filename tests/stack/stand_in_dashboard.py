"""A stand-in dashboard for the tests of what a stack posts: a handler that logs nothing and
can pass a post on to a real dashboard, served on IPv4 or IPv6 for the length of a `with`."""

from __future__ import annotations

import contextlib
import socket
import threading
import urllib.error
import urllib.request
from collections.abc import Iterable
from collections.abc import Iterator
from http.server import BaseHTTPRequestHandler
from http.server import ThreadingHTTPServer

from stack import host_url
from tests.dashboard.servers import Dashboard

#: Headers of a stack's posts that a dashboard reads.
FORWARDED = ("Content-Type", "X-Pastescope-Dropped", "X-Pastescope-Stack", "X-Pastescope-Stopped",
             "Authorization")


class QuietHandler(BaseHTTPRequestHandler):
    """A stand-in dashboard's handler, logging nothing of its own."""

    def log_message(self, *args):
        pass

    def answer(self, status: int, body: bytes,
               headers: Iterable[tuple[str, str]] = ()) -> None:
        """Answer `status` with `body`, its length and `headers` (a 503's `Retry-After`)."""
        self.send_response(status)
        for name, value in headers:
            self.send_header(name, value)
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)

    def forwarded(self, body: bytes, dashboard: Dashboard | None) -> tuple[int, bytes]:
        """The real `dashboard`'s answer to this post, its headers a stack sends and `body`;
        200 and nothing with none."""
        if dashboard is None:
            return 200, b""
        headers = {name: self.headers[name] for name in FORWARDED if name in self.headers}
        request = urllib.request.Request(dashboard.url + self.path, body, headers)
        try:
            with urllib.request.urlopen(request, timeout=5) as response:
                return response.status, response.read()
        except urllib.error.HTTPError as error:
            return error.code, error.read()


class IPv6Server(ThreadingHTTPServer):
    """A stand-in dashboard on IPv6: `http.server` listens on IPv4 unless told."""

    address_family = socket.AF_INET6


@contextlib.contextmanager
def serving(handler: type[BaseHTTPRequestHandler], host: str = "127.0.0.1") -> Iterator[str]:
    """A stand-in dashboard answering with `handler` on `host` (or IPv6's `::1`), its URL;
    stopped after."""
    server = (IPv6Server if ":" in host else ThreadingHTTPServer)((host, 0), handler)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    try:
        yield host_url.url(host, server.server_address[1])
    finally:
        server.shutdown()
        server.server_close()
