"""Traces under concurrency, and serving on when the trace destination fails."""

from __future__ import annotations

import json
import re
import socket
import threading
import time
from concurrent.futures import ThreadPoolExecutor
from http.server import BaseHTTPRequestHandler
from http.server import ThreadingHTTPServer

import pytest
import requests

from stack import wire
from stack import wire_decode
from tests.conftest import DEMO
from tests.conftest import TOKEN
from tests.conftest import StackServer
from tests.conftest import wait_for
from tests.stack.trace_checks import check_well_formed
from tests.stack.trace_checks import hops

#: (method, path, headers, status, last node entered) sent round-robin by the concurrency test.
MIX = [
    ("GET", "/v2.1/servers", TOKEN, 200, "app:compute_app"),
    ("GET", "/v2.1/servers", {}, 401, "filter:authtoken"),
    ("GET", "/v2.1/flavors/1", TOKEN, 200, "app:compute_app"),
    ("GET", "/", {}, 200, "app:versionsapp"),
    ("DELETE", "/v2.1/flavors", TOKEN, 405, "app:compute_app"),
]


def test_300_concurrent_requests_give_300_separate_complete_traces(serve_stack):
    stack = serve_stack(DEMO / "compute.ini", "osapi_compute", ["--no-access-log"])

    def send(n: int):
        method, path, headers, _, _ = MIX[n % len(MIX)]
        response = requests.request(method, f"{stack.url}{path}?n={n}", headers=headers,
                                    timeout=30)
        return n, response.status_code, response.headers["X-Pastescope-Trace"]

    with ThreadPoolExecutor(max_workers=100) as pool:
        results = list(pool.map(send, range(300)))
    assert len({trace for _, _, trace in results}) == 300
    traces = wait_for(lambda: (t := stack.traces()) and len(t) >= 300 and t, timeout=30,
                      what="300 traces")
    assert len(traces) == 300
    for n, status, trace_id in results:
        method, path, _, expected_status, deepest = MIX[n % len(MIX)]
        assert status == expected_status
        events = traces[trace_id]
        check_well_formed(events)
        start = events[0]["data"]
        assert (start["method"], start["path"], start["query"]) == (method, path, f"n={n}")
        assert events[-1]["data"]["status"] == status
        entered = [node for kind, node in hops(events) if kind == "node.enter"]
        assert entered[-1] == deepest


class Receiver:
    """A trace destination on 127.0.0.1 that records what the stack posts, and can be stopped."""

    def __init__(self, port: int = 0) -> None:
        self.posts: list[tuple[str, int, int]] = []  # (path, traces, dropped header)
        receiver = self

        class Handler(BaseHTTPRequestHandler):
            def do_POST(self):
                body = self.rfile.read(int(self.headers["Content-Length"]))
                if self.headers["Content-Type"] == wire.CONTENT_TYPE:
                    payload = wire_decode.decode_traces(body)
                else:
                    payload = json.loads(body)
                count = len({e["trace"] for e in payload}) if self.path == "/api/events" else 0
                receiver.posts.append(
                    (self.path, count, int(self.headers.get("X-Pastescope-Dropped", 0))))
                self.send_response(202)
                self.send_header("Content-Length", "0")
                self.end_headers()

            def log_message(self, *args):
                pass

        self.server = ThreadingHTTPServer(("127.0.0.1", port), Handler)
        self.port = self.server.server_address[1]
        self.thread = threading.Thread(target=self.server.serve_forever, daemon=True)
        self.thread.start()

    def traces(self) -> int:
        return sum(count for path, count, _ in self.posts if path == "/api/events")

    def stop(self) -> None:
        self.server.shutdown()
        self.server.server_close()


def timed_requests(stack: StackServer, count: int) -> list[float]:
    """Send `count` authorised requests one by one; all must succeed; return their latencies."""
    latencies = []
    with requests.Session() as session:
        for _ in range(count):
            started = time.perf_counter()
            response = session.get(stack.url + "/v2.1/servers", headers=TOKEN, timeout=10)
            latencies.append(time.perf_counter() - started)
            assert response.status_code == 200
            assert response.json()["servers"]
    return latencies


@pytest.mark.timeout(120)
def test_stack_serves_on_when_the_destination_goes_away(tmp_path):
    receiver = Receiver()
    port = receiver.port
    stack = StackServer(DEMO / "compute.ini", "osapi_compute", f"http://127.0.0.1:{port}",
                        tmp_path / "stack.log", extra=["--no-access-log"])
    try:
        timed_requests(stack, 50)
        wait_for(lambda: receiver.traces() >= 50, what="the first 50 traces delivered")
        assert any(path == "/api/stacks" for path, _, _ in receiver.posts)
        receiver.stop()

        # Down: connections refused.
        refused = timed_requests(stack, 200)
        # Hanging: connections accepted by the kernel, never answered (the sink times out).
        hanging = socket.socket()
        hanging.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
        hanging.bind(("127.0.0.1", port))
        hanging.listen(1)
        try:
            stalled = timed_requests(stack, 200)
        finally:
            hanging.close()
        # NOTE: a request waiting on the sink would take the sink's 2 s timeout; none may.
        assert max(refused) < 1.0 and max(stalled) < 1.0, (max(refused), max(stalled))

        receiver = Receiver(port)
        timed_requests(stack, 20)
        sent = 50 + 200 + 200 + 20

        def accounted():
            """Every request's trace was delivered or counted as dropped: none lost silently."""
            dropped = max((d for p, _, d in receiver.posts if p == "/api/events"), default=0)
            return dropped > 0 and delivered_before + receiver.traces() + dropped == sent

        delivered_before = 50
        wait_for(accounted, timeout=30, what="every trace delivered or counted as dropped")
        wait_for(lambda: any(p == "/api/stacks" for p, _, _ in receiver.posts), timeout=10,
                 what="the stack to announce itself again")
        assert re.search(r"traces of \d+ requests? dropped so far", stack.output())
    finally:
        receiver.stop()
        stack.stop()


def test_tracing_off_wraps_nothing(tmp_path):
    ini = DEMO / "compute.ini"
    stack = StackServer(ini, "osapi_compute", "off", tmp_path / "stack.log")
    try:
        # `--trace-to off` read "(tracing to off)" on the console.
        assert (f"pastescope: serving [osapi_compute] of {ini} on {stack.url}/ (not tracing)\n"
                in stack.output())
        response = requests.get(stack.url + "/v2.1/servers", headers=TOKEN, timeout=10)
        assert response.status_code == 200 and response.json()["servers"]
        assert "X-Pastescope-Trace" not in response.headers
    finally:
        stack.stop()
