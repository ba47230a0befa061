"""Benchmark: what redacting a query costs the traced request (`stack.redact_url.query`, and the
access log's `request_line`), for a query of each kind a request sends.

Not a test (pytest does not collect it). Run from the repository root:

    taskset -c 0 python tests/bench/bench_redact.py [--rounds 9] [--calls 20000] [--baseline FILE]

Every traced request with a query pays `query`; most hold no secret, so the plain query's figure
is the one that counts. `--baseline FILE` times another `redact_url.py` (another revision's, e.g.
written out by `git show REV:stack/redact_url.py`; or an older revision's `stack/redact.py`, which
held `query` and `request_line` until they moved) beside this one: each round times every case of
each in turn, so both see the same noise; each figure is the best round.
"""

from __future__ import annotations

import argparse
import importlib.util
import sys
import time
from pathlib import Path
from types import ModuleType

ROOT = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(ROOT))

from stack import redact_url  # noqa: E402

#: (name, query) of each kind timed.
QUERIES = [
    ("plain", "limit=10&marker=abc"),
    ("plain, escaped", "limit=10&marker=a%2Fb&name=web%20server"),
    ("list call (sort_key)", "sort_key=name&sort_dir=asc&limit=10"),
    ("secret", "limit=10&token=s3cr3t"),
    ("empty", ""),
    ("URL-like", "next=https%3A%2F%2Fdash.example%2Fservers%3Flimit%3D2&limit=10"),
]


def per_call(function, argument: str, calls: int) -> float:
    """Seconds a call of `function(argument)`, over `calls` calls."""
    started = time.perf_counter()
    for _ in range(calls):
        function(argument)
    return (time.perf_counter() - started) / calls


def line_of(query: str) -> str:
    """The request line of a request sending `query`."""
    return f"GET /v2.1/servers{'?' if query else ''}{query} HTTP/1.1"


def load(path: str) -> ModuleType:
    """A `redact_url.py` read from `path`, as a module of its own."""
    spec = importlib.util.spec_from_file_location("baseline_redact", path)
    if spec is None or spec.loader is None:
        raise SystemExit(f"{path}: not a Python file")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rounds", type=int, default=9)
    parser.add_argument("--calls", type=int, default=20000)
    parser.add_argument("--baseline", metavar="FILE",
                        help="another redact_url.py to time beside this one")
    args = parser.parse_args()
    builds = [("this", redact_url)] + ([("baseline", load(args.baseline))] if args.baseline else [])
    timed = [((build, kind, name), function, text_of(query))
             for build, module in builds
             for kind, function, text_of in (("query", module.query, str),
                                             ("request_line", module.request_line, line_of))
             for name, query in QUERIES]
    best = {key: float("inf") for key, _, _ in timed}
    for _ in range(args.rounds):
        for key, function, text in timed:
            best[key] = min(best[key], per_call(function, text, args.calls))
    header = f"{'function':14} {'query':22}" + "".join(f" {build:>10}" for build, _ in builds)
    print(header + ("  (µs a call)" if len(builds) == 1 else "  (µs a call)   after/before"))
    for kind in ("query", "request_line"):
        for name, _ in QUERIES:
            figures = [best[(build, kind, name)] for build, _ in builds]
            line = f"{kind:14} {name:22}" + "".join(f" {figure * 1e6:10.2f}" for figure in figures)
            if len(figures) == 2:
                line += f"   {figures[0] / figures[1]:13.2f}"
            print(line)
    print(f"best of {args.rounds} rounds of {args.calls} calls each")


if __name__ == "__main__":
    main()
