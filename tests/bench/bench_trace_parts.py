"""Benchmark: what each part of tracing adds to a request of the compute demo, in process.

Not a test (pytest does not collect it). Run from the repository root:

    taskset -c 0 python tests/bench/bench_trace_parts.py [--rounds 9] [--requests 3000]

`bench_tracing.py` measures what a user gets, throughput through eventlet, but its noise (about
two points) hides any one part. This calls the stack's WSGI app directly, without a server or a
dashboard, on the same deepest path (`GET /v2.1/servers`), for four builds side by side:
untraced; recording only (each finished trace thrown away); recording and encoding
(`stack.wire.encode_trace`); and the sink's whole `submit` (encoding and queueing; nothing is
delivered). Each round times every build in turn; each build's figure is its best round.

In the server each part costs two to two and a half times as much (CPU time a request under
`wrk`): the server's own work between two requests leaves their code and data cold. Read the
figures as shares of tracing's cost, not as the server's.
"""

from __future__ import annotations

import argparse
import sys
import time
import warnings
from collections.abc import Callable
from pathlib import Path

from webob import Request

ROOT = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(ROOT))
warnings.filterwarnings("ignore", message=r"\s*Eventlet is deprecated")  # as `stack serve` does

from stack import wire  # noqa: E402
from stack.batching_sink import BatchingSink  # noqa: E402
from stack.loader import load_stack  # noqa: E402

INI = ROOT / "stack" / "demo" / "compute.ini"
PATH = "/v2.1/servers"
HEADERS = {"X-Auth-Token": "demo-token"}
#: Traces the queueing build holds (older ones are dropped): about what the HTTP sink holds
#: between two deliveries under load, 100 ms apart.
HELD = 200


def builds() -> list[tuple[str, Callable | None]]:
    """(name, submit) of each build: None for untraced."""
    return [
        ("untraced", None),
        ("recording", lambda trace: None),
        ("+ encoding", wire.encode_trace),
        ("+ queueing (sink.submit)", BatchingSink(capacity=HELD).submit),
    ]


def per_request(app: Callable, template: dict, requests: int) -> float:
    """Seconds a request, for `requests` requests through `app`."""

    def start_response(status, headers, exc_info=None):
        return None

    started = time.perf_counter()
    for _ in range(requests):
        body = app(dict(template), start_response)
        if len(b"".join(body)) == 0:
            raise SystemExit(f"{PATH} answered with no body")
    return (time.perf_counter() - started) / requests


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rounds", type=int, default=9)
    parser.add_argument("--requests", type=int, default=3000)
    args = parser.parse_args()
    template = Request.blank(PATH, headers=HEADERS).environ
    apps = [(name, load_stack(str(INI), "osapi_compute", submit).app)
            for name, submit in builds()]
    for _, app in apps:  # warm up: plans, caches, the first trace ids
        per_request(app, template, 200)
    best = {name: float("inf") for name, _ in apps}
    for _ in range(args.rounds):
        for name, app in apps:
            best[name] = min(best[name], per_request(app, template, args.requests))
    untraced = best["untraced"]
    traced = best[apps[-1][0]]
    print(f"{'build':26} {'µs a request':>12} {'adds':>6} {'share of tracing':>17}")
    previous = None
    for name, _ in apps:
        line = f"{name:26} {best[name] * 1e6:12.1f}"
        if previous is not None:
            adds = best[name] - previous
            line += f" {adds * 1e6:6.1f} {adds / (traced - untraced):17.0%}"
        print(line)
        previous = best[name]
    print(f"in process, traced takes {traced / untraced:.2f}× the untraced time "
          f"({args.rounds} rounds of {args.requests} requests)")


if __name__ == "__main__":
    main()
