"""Benchmark: throughput of the compute demo traced to a live dashboard vs untraced.

Not a test (pytest does not collect it). Run from the repository root:

    python tests/bench/bench_tracing.py [--rounds 5] [--seconds 5] [--connections 8] [--calibrate]

The machine is shared and noisy, so the two servers are measured side by side: both pinned to
core 0 and loaded at the same time by two `wrk` processes pinned to core 1, on the compute
demo's deepest path (`GET /v2.1/servers` through urlmap, pipeline_factory, four filters, the
router and a controller). The traced one sends its events to a real dashboard (on core 1 too).
Each round starts a fresh pair of servers (the one started first alternates) and prints both
rates and their ratio; the result is the median ratio. Fresh processes, because each draws its
own hash seed, and that alone moves the same code's instruction count per request by up to 4%
(callgrind): one pair kept for every round would measure one draw. `--calibrate` runs the same
harness with neither server traced, to show how far from 1.0 the setup itself is.
"""

from __future__ import annotations

import argparse
import os
import re
import shutil
import socket
import statistics
import subprocess
import sys
import tempfile
import time
import urllib.request
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
INI = ROOT / "stack" / "demo" / "compute.ini"
PATH = "/v2.1/servers"
TOKEN_HEADER = "X-Auth-Token: demo-token"
SERVING = re.compile(r"on (http://127\.0\.0\.1:\d+)/")
RATE = re.compile(r"Requests/sec:\s+([\d.]+)")
#: A traced stack's running total of requests left untraced, in its log.
DROPPED = re.compile(r"traces of (\d+) requests? dropped")


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def pinned(core: int, args: list[str]) -> list[str]:
    return ["taskset", "-c", str(core), *args]


def start(args: list[str], log: Path) -> subprocess.Popen:
    return subprocess.Popen(args, cwd=ROOT, stdout=log.open("w"), stderr=subprocess.STDOUT,
                            env={**os.environ, "PYTHONUNBUFFERED": "1"})


def stop(process: subprocess.Popen) -> None:
    if process.poll() is None:
        process.terminate()
        try:
            process.wait(timeout=10)
        except subprocess.TimeoutExpired:
            process.kill()


def wait_url(url: str, timeout: float = 30.0) -> None:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        try:
            urllib.request.urlopen(url, timeout=1).read()
            return
        except OSError:
            time.sleep(0.1)
    raise SystemExit(f"{url} did not answer within {timeout}s")


def wait_stack(log: Path, timeout: float = 30.0) -> str:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        match = SERVING.search(log.read_text())
        if match:
            return match.group(1)
        time.sleep(0.1)
    raise SystemExit(f"stack did not start:\n{log.read_text()}")


def dropped_by(log: Path) -> int:
    """The requests a traced stack left untraced, as its `log` says: it logs a running total,
    so the last one counts."""
    found = DROPPED.findall(log.read_text())
    return int(found[-1]) if found else 0


def wrk(url: str, seconds: int, connections: int) -> subprocess.Popen:
    return subprocess.Popen(
        pinned(1, ["wrk", "-t1", f"-c{connections}", f"-d{seconds}s", "-H", TOKEN_HEADER,
                   url + PATH]),
        stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True,
    )


def rate(process: subprocess.Popen) -> float:
    output, _ = process.communicate(timeout=120)
    match = RATE.search(output)
    if not match:
        raise SystemExit(f"wrk printed no rate:\n{output}")
    return float(match.group(1))


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rounds", type=int, default=5)
    parser.add_argument("--seconds", type=int, default=5)
    parser.add_argument("--connections", type=int, default=8)
    parser.add_argument("--calibrate", action="store_true",
                        help="trace neither server: the ratio shows the setup's own bias")
    args = parser.parse_args()
    for tool in ("wrk", "taskset"):
        if shutil.which(tool) is None:
            raise SystemExit(f"{tool} is needed (Debian: apt-get install wrk util-linux)")
    if os.cpu_count() < 2:
        raise SystemExit("needs two cores: servers on core 0, load on core 1")

    tmp = Path(tempfile.mkdtemp(prefix="pastescope-bench-"))
    python = sys.executable
    dash_port = free_port()
    processes = [
        start(pinned(1, [python, "-m", "dashboard", "--port", str(dash_port),
                         "--data", str(tmp / "data")]), tmp / "dashboard.log"),
    ]
    try:
        wait_url(f"http://127.0.0.1:{dash_port}/api/stacks")
        stack_args = [python, "-m", "stack", "serve", str(INI), "--name", "osapi_compute",
                      "--port", "0", "--no-access-log"]
        destination = "off" if args.calibrate else f"http://127.0.0.1:{dash_port}"
        print(f"compute demo, GET {PATH} (deepest path), wrk -c{args.connections} "
              f"-d{args.seconds}s per server per round, both servers on core 0 at once, "
              f"a fresh pair each round")
        print(f"{'round':>5} {'untraced req/s':>15} {'traced req/s':>13} {'ratio':>6}")
        ratios = []
        for n in range(1, args.rounds + 1):
            # Alternate which server starts (and is loaded) first: neither always gets a head start.
            order = ("untraced", "traced") if n % 2 else ("traced", "untraced")
            servers = {}
            for role in order:
                trace_to = "off" if role == "untraced" else destination
                servers[role] = start(pinned(0, [*stack_args, "--trace-to", trace_to]),
                                      tmp / f"{role}-{n}.log")
                processes.append(servers[role])
            urls = {role: wait_stack(tmp / f"{role}-{n}.log") for role in order}
            warm_up = [wrk(urls[role], 2, args.connections) for role in order]
            for process in warm_up:
                rate(process)
            loads = {role: wrk(urls[role], args.seconds, args.connections) for role in order}
            untraced, traced = rate(loads["untraced"]), rate(loads["traced"])
            ratios.append(traced / untraced)
            print(f"{n:>5} {untraced:>15.0f} {traced:>13.0f} {ratios[-1]:>6.3f}")
            for process in servers.values():
                stop(process)
        print(f"median ratio traced/untraced: {statistics.median(ratios):.3f} "
              f"(min {min(ratios):.3f}, max {max(ratios):.3f}, {args.rounds} rounds)")
        dropped = sum(dropped_by(log) for log in tmp.glob("traced-*.log"))
        print(f"requests left untraced by the traced stacks: {dropped}")
    finally:
        for process in processes:
            stop(process)
        shutil.rmtree(tmp, ignore_errors=True)
    return 0


if __name__ == "__main__":
    sys.exit(main())
