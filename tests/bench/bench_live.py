"""Benchmark (not a test): live latency and fan-out of the dashboard under steady load.

    python tests/bench/bench_live.py [--rate 100] [--seconds 20] [--clients 50]

Starts a real dashboard and the real compute demo stack on 127.0.0.1, opens the live page in
headless Chromium, connects CLIENTS more SSE clients, and sends RATE requests a second to the
stack for SECONDS. It prints, per request, the time from the end of its response (at the
client) to its row appearing in the browser's request list and to the diagram's animation of it
starting, as p50/p95/max; and how many SSE clients received every request's row.

Animation: the diagram replays one request at a time; under load each coalesced update starts
the newest request of that update, so only those are timed (their count is printed).
"""

from __future__ import annotations

import argparse
import http.client
import os
import re
import statistics
import sys
import tempfile
import threading
import time
from pathlib import Path

from playwright.sync_api import sync_playwright

ROOT = Path(__file__).resolve().parent.parent.parent
sys.path.insert(0, str(ROOT))

from tests.browser.chromium import CHROMIUM  # noqa: E402
from tests.browser.chromium import CHROMIUM_ARGS  # noqa: E402
from tests.dashboard.servers import Dashboard  # noqa: E402
from tests.dashboard.servers import Stack  # noqa: E402
from tests.dashboard.sse import SSEReader  # noqa: E402

#: What the load sends, in turn: (method, path, with token).
MIX = [
    ("GET", "/v2.1/servers", True),
    ("GET", "/v2.1/servers/1", True),
    ("GET", "/v2.1/servers", False),
    ("GET", "/v2.1/flavors", True),
    ("GET", "/v2.1/nothing", True),
    ("GET", "/", False),
]
#: Installed in the page: when each row appears, when each animation starts (epoch ms).
WATCH = """() => {
  window.bench = {rows: {}, animated: {}};
  new MutationObserver((records) => {
    const now = Date.now();
    for (const r of records) for (const node of r.addedNodes) {
      if (node.dataset && node.dataset.trace && !(node.dataset.trace in window.bench.rows)) {
        window.bench.rows[node.dataset.trace] = now;
      }
    }
  }).observe(document.getElementById('rows'), {childList: true});
  document.addEventListener('pastescope:animate', (event) => {
    window.bench.animated[event.detail.trace] = Date.now();
  });
}"""
TRACE_IN_ROW = re.compile(r'data-trace="([^"]+)"')


def percentiles(values: list[float]) -> str:
    if not values:
        return "no samples"
    ordered = sorted(values)
    p95 = ordered[max(0, int(len(ordered) * 0.95 + 0.5) - 1)]
    return (f"p50 {statistics.median(ordered):6.1f} ms   p95 {p95:6.1f} ms   "
            f"max {ordered[-1]:6.1f} ms   (n={len(ordered)})")


class Watcher(threading.Thread):
    """One SSE client: the trace ids of every row it receives."""

    def __init__(self, url: str) -> None:
        super().__init__(daemon=True)
        self.reader = SSEReader(url + "/api/stream", timeout=60)
        self.traces: dict[str, float] = {}

    def run(self) -> None:
        try:
            while (message := self.reader.next()) is not None:
                if message.get("event") == "rows":
                    now = time.time()
                    for trace in TRACE_IN_ROW.findall(message["data"]):
                        self.traces.setdefault(trace, now)
        except OSError:
            pass


def load(stack_url: str, rate: float, seconds: float) -> dict[str, float]:
    """Send `rate` requests a second for `seconds`; trace id → epoch seconds its response ended."""
    port = int(stack_url.rsplit(":", 1)[1])
    connection = http.client.HTTPConnection("127.0.0.1", port, timeout=10)
    ended: dict[str, float] = {}
    start = time.perf_counter()
    total = int(rate * seconds)
    for n in range(total):
        delay = start + n / rate - time.perf_counter()
        if delay > 0:
            time.sleep(delay)
        method, path, token = MIX[n % len(MIX)]
        connection.request(method, path, headers={"X-Auth-Token": "demo-token"} if token else {})
        response = connection.getresponse()
        response.read()
        ended[response.getheader("X-Pastescope-Trace")] = time.time()
    achieved = total / (time.perf_counter() - start)
    print(f"load: {total} requests at {achieved:.1f}/s (asked {rate}/s)")
    return ended


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rate", type=float, default=100.0)
    parser.add_argument("--seconds", type=float, default=20.0)
    parser.add_argument("--clients", type=int, default=50)
    args = parser.parse_args()

    data = tempfile.TemporaryDirectory(prefix="bench-live-")
    dashboard = Dashboard(Path(data.name))
    stack = Stack(dashboard.url)
    try:
        dashboard.wait_for("/api/stacks", lambda stacks: bool(stacks), timeout=30)
        watchers = [Watcher(dashboard.url) for _ in range(args.clients)]
        for watcher in watchers:
            watcher.start()
        with sync_playwright() as playwright:
            browser = playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
            page = browser.new_page(viewport={"width": 1600, "height": 1000})
            page.goto(dashboard.url + "/?stack=osapi_compute")
            page.wait_for_selector("#diagram svg")
            page.evaluate(WATCH)
            time.sleep(1.0)  # every SSE client connected
            ended = load(stack.url, args.rate, args.seconds)
            time.sleep(3.0)  # the last updates arrive
            seen = page.evaluate("window.bench")
            browser.close()

        rows = [seen["rows"][t] - ended[t] * 1000 for t in ended if t in seen["rows"]]
        animated = [seen["animated"][t] - ended[t] * 1000 for t in ended if t in seen["animated"]]
        first = watchers[0].traces if watchers else {}
        streamed = [(first[t] - ended[t]) * 1000 for t in ended if t in first]
        print(f"SSE client rows: {percentiles(streamed)}  (a Python client: the server's part)")
        print(f"browser rows:    {percentiles(rows)}; missing {len(ended) - len(rows)}")
        print(f"animation start: {percentiles(animated)}")
        complete = sum(1 for w in watchers if set(ended) <= w.traces.keys())
        missing = [len(set(ended) - w.traces.keys()) for w in watchers]
        print(f"SSE clients: {complete}/{len(watchers)} got every row "
              f"(most missed by one client: {max(missing, default=0)})")
        dropped = {s["name"]: s["dropped"] for s in dashboard.get("/api/stacks")[2]}
        print(f"events dropped by the stack: {dropped}")
        # The machine is shared: a busy one shows in the figures.
        print(f"machine load average (1 min) at the end: {os.getloadavg()[0]:.1f}")
        for watcher in watchers:
            watcher.reader.close()
    finally:
        stack.stop()
        dashboard.stop()
        data.cleanup()
    return 0


if __name__ == "__main__":
    sys.exit(main())
