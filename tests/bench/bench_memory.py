"""Benchmark: does memory stay bounded when a traced stack and its dashboard run for long?

Not a test (pytest does not collect it). Run from the repository root:

    python tests/bench/bench_memory.py [--seconds 300] [--phases 6] [--warm-up 60] [--rate 500]
        [--max-traces 2000] [--sample 5] [--connections 8] [--sse-clients 2]

A teacher leaves the dashboard and a demo stack up all day under traffic; an operator leaves a
stack traced for hours. Neither process may grow with the requests it has seen. This starts a
real dashboard (a data folder of its own, `--max-traces` small so that pruning runs all the
time) on core 1 and the traced compute demo stack on core 0, and loads the stack with `wrk` on
core 1, paced to about `--rate` requests a second (a delay between each connection's
requests; `--rate 0`: as fast as the stack answers, which is more than the dashboard, sharing
its core with wrk, can take: it falls behind and the stack drops traces). First a warm-up
(`--warm-up` seconds, each kind of load in turn, so every cache the kinds fill is filled),
then `--seconds` more in `--phases` phases cycling through the kinds:

- `servers`: `GET /v2.1/servers` with the demo token (the deepest path, 200);
- `ids`: `GET /v2.1/servers/N`, N counting up, a new path each request (200 or 404): anything
  kept per path (a plan, a route's figures) would grow here;
- `unauth`: `GET /v2.1/servers` without a token, and unknown paths (401, 404: error bodies).

Meanwhile `--sse-clients` clients read the Live page's event stream (`/api/stream`), and a
"browser" loads the request list (`/requests`) and the newest request's page every
`--browse` seconds. Every `--sample` seconds it prints each process's RSS (VmRSS in
/proc/PID/status), the CPU time each spent per trace stored since the sample before, the
dashboard's threads and both processes' open files, the SQLite files' sizes and the traces
stored so far. The summary compares RSS at the end of the warm-up with RSS
at the end, per 100k requests served after the warm-up, and the least-squares slope over the
first and the second half of the samples after it: memory that levels off shows a second-half
slope near 0; a leak, two similar slopes.

Requests served are wrk's counts; traced are the traces the dashboard stored (its highest
row number: pruning deletes old rows, never renumbers); dropped, what the stack says it left
untraced.
"""

from __future__ import annotations

import argparse
import json
import os
import re
import shutil
import signal
import sqlite3
import subprocess
import sys
import tempfile
import threading
import time
import urllib.request
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[2]))

from tests.bench.bench_tracing import INI  # noqa: E402
from tests.bench.bench_tracing import TOKEN_HEADER  # noqa: E402
from tests.bench.bench_tracing import dropped_by  # noqa: E402
from tests.bench.bench_tracing import free_port  # noqa: E402
from tests.bench.bench_tracing import pinned  # noqa: E402
from tests.bench.bench_tracing import start  # noqa: E402
from tests.bench.bench_tracing import stop  # noqa: E402
from tests.bench.bench_tracing import wait_stack  # noqa: E402
from tests.bench.bench_tracing import wait_url  # noqa: E402
from tests.dashboard.sse import SSEReader  # noqa: E402

WRK_TOTAL = re.compile(r"(\d+) requests in")
TRACE_LINK = re.compile(r'href="/requests/([^"/?]+)"')

#: The kinds of load, in turn: (name, Lua script for wrk, with the token).
KINDS = [
    ("servers", "", True),
    ("ids", 'local n = 0\nrequest = function()\n  n = n + 1\n'
            '  return wrk.format(nil, "/v2.1/servers/" .. n)\nend\n', True),
    ("unauth", 'local n = 0\nrequest = function()\n  n = n + 1\n'
               '  if n % 2 == 0 then return wrk.format(nil, "/v2.1/nothing/" .. n) end\n'
               '  return wrk.format(nil, "/v2.1/servers")\nend\n', False),
]


def status_field(pid: int, field: str) -> int:
    """A number /proc/PID/status gives (VmRSS in KiB, Threads), 0 once `pid` is gone."""
    try:
        for line in Path(f"/proc/{pid}/status").read_text().splitlines():
            if line.startswith(f"{field}:"):
                return int(line.split()[1])
    except OSError:
        pass
    return 0


def cpu_seconds(pid: int) -> float:
    """User and system CPU time `pid` has used (/proc/PID/stat), 0 once it is gone."""
    try:
        fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
    except OSError:
        return 0.0
    return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")


def open_files(pid: int) -> int:
    try:
        return len(os.listdir(f"/proc/{pid}/fd"))
    except OSError:
        return 0


def stored_traces(db: Path) -> int:
    """Traces the dashboard stored so far: the highest row number (never reused: pruning
    deletes the oldest rows, and SQLite numbers a new row after the highest left)."""
    try:
        with sqlite3.connect(f"file:{db}?mode=ro", uri=True, timeout=5) as connection:
            return connection.execute("SELECT max(n) FROM traces").fetchone()[0] or 0
    except sqlite3.Error:
        return -1


class Watcher(threading.Thread):
    """One SSE client of the Live page's stream: counts the messages it reads, reconnecting
    (with Last-Event-ID, as a browser does) when the dashboard cuts it off."""

    def __init__(self, url: str, stopping: threading.Event) -> None:
        super().__init__(daemon=True)
        self.url = url
        self.stopping = stopping
        self.messages = 0
        self.connections = 0
        self.reader: SSEReader | None = None

    def run(self) -> None:
        last_id = None
        # Bounded: one connection per pass, and a pass ends with the stream or the run.
        for _ in range(10_000):
            if self.stopping.is_set():
                return
            try:
                self.reader = SSEReader(self.url + "/api/stream", last_id, timeout=30)
                self.connections += 1
                while not self.stopping.is_set():
                    message = self.reader.next()
                    if message is None:
                        break
                    self.messages += 1
                    last_id = message.get("id", last_id)
            except OSError:
                time.sleep(0.5)

    def close(self) -> None:
        if self.reader is not None:
            self.reader.close()


class Browser:
    """Loads the request list and the newest request's page, as a browser left open would."""

    def __init__(self, url: str) -> None:
        self.url = url
        self.pages = 0
        self.failures = 0

    def browse(self) -> None:
        try:
            listing = urllib.request.urlopen(self.url + "/requests", timeout=10).read().decode()
            self.pages += 1
            found = TRACE_LINK.search(listing)
            if found:
                urllib.request.urlopen(f"{self.url}/requests/{found.group(1)}", timeout=10).read()
                urllib.request.urlopen(f"{self.url}/api/traces/{found.group(1)}/shown",
                                       timeout=10).read()
                self.pages += 2
        except OSError:
            self.failures += 1


def wrk(url: str, kind: tuple[str, str, bool], seconds: float, connections: int, rate: float,
        scripts: Path) -> subprocess.Popen:
    name, lua, token = kind
    args = ["wrk", "-t1", f"-c{connections}", f"-d{max(1, round(seconds))}s"]
    if token:
        args += ["-H", TOKEN_HEADER]
    if rate:
        # Debian's wrk has no --rate: each connection waits this long before each request
        # (the rate reached is a little less: each response's own time is added)
        lua += f"delay = function()\n  return {connections * 1000 / rate:.1f}\nend\n"
    if lua:
        script = scripts / f"{name}.lua"
        script.write_text(lua)
        args += ["-s", str(script)]
    return subprocess.Popen(pinned(1, [*args, url + "/v2.1/servers"]),
                            stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True)


def cpu_per_trace(before: dict[str, float], after: dict[str, float]) -> str:
    """CPU µs each process spent a trace stored between two samples, "stack/dashboard"."""
    traced = after["traced"] - before["traced"]
    if traced <= 0:
        return "-"
    return "/".join(f"{(after[f'{p} cpu'] - before[f'{p} cpu']) / traced * 1e6:.0f}"
                    for p in ("stack", "dash"))


def slope(points: list[tuple[float, float]]) -> float:
    """Least-squares slope of y over x (0 with fewer than two distinct x)."""
    if len(points) < 2:
        return 0.0
    mx = sum(x for x, _ in points) / len(points)
    my = sum(y for _, y in points) / len(points)
    var = sum((x - mx) ** 2 for x, _ in points)
    return sum((x - mx) * (y - my) for x, y in points) / var if var else 0.0


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--seconds", type=float, default=300,
                        help="load after the warm-up, in seconds (default: 300)")
    parser.add_argument("--phases", type=int, default=6,
                        help="phases of that load, cycling through the kinds (default: 6)")
    parser.add_argument("--warm-up", type=float, default=60,
                        help="warm-up load, each kind in turn, in seconds (default: 60)")
    parser.add_argument("--rate", type=float, default=500,
                        help="requests a second, about (default: 500; 0: as fast as it goes)")
    parser.add_argument("--max-traces", type=int, default=2000,
                        help="the dashboard's --max-traces: small, so it prunes (default: 2000)")
    parser.add_argument("--sample", type=float, default=5, help="seconds between samples (5)")
    parser.add_argument("--browse", type=float, default=2,
                        help="seconds between loads of the list and a request's page (2)")
    parser.add_argument("--connections", type=int, default=8, help="wrk connections (8)")
    parser.add_argument("--sse-clients", type=int, default=2, help="SSE clients (2)")
    parser.add_argument("--dashboard-port", type=int, default=0, help="(default: a free one)")
    parser.add_argument("--stack-port", type=int, default=0, help="(default: a free one)")
    args = parser.parse_args()
    for tool in ("wrk", "taskset"):
        if shutil.which(tool) is None:
            raise SystemExit(f"{tool} is needed (Debian: apt-get install wrk util-linux)")
    if os.cpu_count() < 2:
        raise SystemExit("needs two cores: the stack on core 0, the dashboard and load on core 1")

    # SIGTERM ends the run as Ctrl-C does: the servers and wrk are stopped (`finally`)
    signal.signal(signal.SIGTERM, lambda *_: sys.exit(1))
    tmp = Path(tempfile.mkdtemp(prefix="pastescope-bench-memory-"))
    python = sys.executable
    dash_port = args.dashboard_port or free_port()
    data = tmp / "data"
    dashboard = start(pinned(1, [python, "-m", "dashboard", "--port", str(dash_port),
                                 "--data", str(data), "--max-traces", str(args.max_traces)]),
                      tmp / "dashboard.log")
    processes = [dashboard]
    stopping = threading.Event()
    watchers: list[Watcher] = []
    try:
        dash_url = f"http://127.0.0.1:{dash_port}"
        wait_url(dash_url + "/api/stacks")
        stack = start(pinned(0, [python, "-m", "stack", "serve", str(INI), "--name",
                                 "osapi_compute", "--port", str(args.stack_port),
                                 "--no-access-log", "--trace-to", dash_url]), tmp / "stack.log")
        processes.append(stack)
        stack_url = wait_stack(tmp / "stack.log")
        watchers = [Watcher(dash_url, stopping) for _ in range(args.sse_clients)]
        for watcher in watchers:
            watcher.start()
        browser = Browser(dash_url)
        db = data / "pastescope.sqlite3"

        warm_each = args.warm_up / len(KINDS)
        plan = [("warm-up", kind, warm_each) for kind in KINDS]
        plan += [(f"phase {n + 1}", KINDS[n % len(KINDS)], args.seconds / args.phases)
                 for n in range(args.phases)]
        print(f"compute demo traced to a dashboard (--max-traces {args.max_traces}); wrk "
              f"-c{args.connections}; {args.sse_clients} SSE clients; a page load every "
              f"{args.browse:g}s; warm-up {args.warm_up:g}s, then {args.seconds:g}s in "
              f"{args.phases} phases, "
              f"{f'about {args.rate:g}' if args.rate else 'as many as it can'} requests a second")
        print(f"{'t s':>6} {'phase':<16} {'served':>9} {'traced':>9} {'stack MiB':>10} "
              f"{'dash MiB':>9} {'cpu µs/trace s/d':>17} {'dash thr':>8} {'fds s/d':>8} "
              f"{'db MiB':>7} {'wal MiB':>8} {'sse msgs':>9}")
        samples: list[dict[str, float]] = []
        served = 0
        warm_end: dict[str, float] | None = None
        began = time.monotonic()
        previous = {"traced": 0, "stack cpu": 0.0, "dash cpu": 0.0}
        phases: list[tuple[str, dict[str, float], dict[str, float]]] = []

        def sample(phase: str, served_now: int, shown: bool = True) -> dict[str, float]:
            nonlocal previous
            row = {"t": time.monotonic() - began, "served": served_now,
                   "traced": stored_traces(db),
                   "stack": status_field(stack.pid, "VmRSS") / 1024,
                   "dash": status_field(dashboard.pid, "VmRSS") / 1024,
                   "stack cpu": cpu_seconds(stack.pid), "dash cpu": cpu_seconds(dashboard.pid)}
            # CPU time a trace stored since the sample before: what each costs, as it runs on
            cpu, previous = cpu_per_trace(previous, row), row
            if not shown:
                return row
            db_mib = db.stat().st_size / 2**20 if db.exists() else 0.0
            wal = db.with_name(db.name + "-wal")
            wal_mib = wal.stat().st_size / 2**20 if wal.exists() else 0.0
            fds = f"{open_files(stack.pid)}/{open_files(dashboard.pid)}"
            print(f"{row['t']:>6.0f} {phase:<16} {served_now:>9} {row['traced']:>9} "
                  f"{row['stack']:>10.1f} {row['dash']:>9.1f} {cpu:>17} "
                  f"{status_field(dashboard.pid, 'Threads'):>8} {fds:>8} {db_mib:>7.1f} "
                  f"{wal_mib:>8.1f} "
                  f"{sum(w.messages for w in watchers):>9}", flush=True)
            return row

        for label, kind, seconds in plan:
            load = wrk(stack_url, kind, seconds, args.connections, args.rate, tmp)
            processes.append(load)
            phase = f"{label} {kind[0]}"
            phase_start = sample(phase, served, shown=False)
            phase_began = time.monotonic()
            next_sample, next_browse = phase_began + args.sample, phase_began
            deadline = phase_began + seconds + 30  # wrk's own -d ends it well before
            while load.poll() is None and time.monotonic() < deadline:
                now = time.monotonic()
                if now >= next_browse:
                    browser.browse()
                    next_browse = now + args.browse
                if now >= next_sample:
                    # served: wrk says how many only as it ends; until then, the phase before's
                    samples.append(sample(phase, served))
                    next_sample = now + args.sample
                time.sleep(0.1)
            if load.poll() is None:
                load.kill()
            output, _ = load.communicate(timeout=30)
            total = WRK_TOTAL.search(output)
            if not total:
                raise SystemExit(f"wrk printed no total:\n{output}")
            served += int(total.group(1))
            row = sample(f"{label} end", served)
            samples.append(row)
            phases.append((phase, phase_start, row))
            if label == "warm-up" and kind is KINDS[-1]:
                warm_end = row

        time.sleep(2)  # the last batches are delivered and stored
        final = sample("idle 2s", served)
        stopping.set()
        for watcher in watchers:
            watcher.close()
        dropped_live = {s["name"]: s["dropped"] for s in json.loads(
            urllib.request.urlopen(dash_url + "/api/stacks", timeout=10).read())}
        stop(stack)
        dropped = dropped_by(tmp / "stack.log")

        assert warm_end is not None
        after = [s for s in samples if s["t"] >= warm_end["t"]] + [final]
        requests = served - warm_end["served"]
        per_100k = 100_000 / requests if requests else 0.0
        print()
        print(f"requests served: {served} ({requests} after the warm-up); traced (stored by "
              f"the dashboard): {final['traced']}; dropped (untraced, the stack's count): "
              f"{dropped} (the dashboard showed {dropped_live})")
        print(f"SSE messages read: {sum(w.messages for w in watchers)} by {len(watchers)} "
              f"clients, reconnections {sum(w.connections for w in watchers) - len(watchers)}; "
              f"pages loaded {browser.pages}, failed {browser.failures}")
        print(f"{'process':<10} {'warm-up end MiB':>16} {'end MiB':>8} {'per 100k req MiB':>17} "
              f"{'slope 1st half':>15} {'slope 2nd half':>15}  (slopes: MiB per 100k traced)")
        half = len(after) // 2
        for name in ("stack", "dash"):
            growth = (final[name] - warm_end[name]) * per_100k
            first = slope([(s["traced"] / 1e5, s[name]) for s in after[:half + 1]])
            second = slope([(s["traced"] / 1e5, s[name]) for s in after[half:]])
            label = "stack" if name == "stack" else "dashboard"
            print(f"{label:<10} {warm_end[name]:>16.1f} {final[name]:>8.1f} {growth:>17.2f} "
                  f"{first:>15.2f} {second:>15.2f}")
        print("CPU µs a trace stored, each phase (stack/dashboard), and requests a second served:")
        for phase, first_row, last_row in phases:
            cpu = cpu_per_trace(first_row, last_row)
            rate = (last_row["served"] - first_row["served"]) / (last_row["t"] - first_row["t"])
            print(f"  {phase:<18} {cpu:>9}  {rate:>6.0f}/s")
    finally:
        stopping.set()
        for watcher in watchers:
            watcher.close()
        for process in processes:
            stop(process)
        shutil.rmtree(tmp, ignore_errors=True)
    return 0


if __name__ == "__main__":
    sys.exit(main())
