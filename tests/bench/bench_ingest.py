"""Benchmark: what the dashboard spends on each trace a stack sends it, stage by stage, in process.

Not a test (pytest does not collect it). Run from the repository root:

    python tests/bench/bench_ingest.py [--rounds 7]

A busy stack sends the dashboard thousands of traces a second, and the dashboard runs on one
core of its own (werkzeug's threads share one interpreter): its cost a trace bounds how many
requests a second it can show before a stack starts dropping traces. This records a batch of
real compute-demo traces (the deepest path, a 401 and a 404), then times, per trace, each
stage `POST /api/events` puts a batch through: expanding the compact records into events
(`stack.wire_decode.decode_traces`), checking every event
(`dashboard.ingest_events.check_event`) and storing them (`TraceStore.add_events`, SQLite in a
temporary folder). Each figure is its best round.
"""

from __future__ import annotations

import argparse
import copy
import sys
import tempfile
import time
import warnings
from pathlib import Path

from webob import Request

ROOT = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(ROOT))
warnings.filterwarnings("ignore", message=r"\s*Eventlet is deprecated")  # as `stack serve` does

from dashboard.ingest_events import check_event  # noqa: E402
from dashboard.store import TraceStore  # noqa: E402
from stack import wire  # noqa: E402
from stack import wire_decode  # noqa: E402
from stack.loader import load_stack  # noqa: E402

INI = ROOT / "stack" / "demo" / "compute.ini"
TOKEN = {"X-Auth-Token": "demo-token"}
#: The batch: mostly the deepest path, as under load, and some errors.
REQUESTS = [("/v2.1/servers", TOKEN)] * 180 + [("/v2.1/servers", {})] * 10 + [
    ("/v2.1/flavors/9", TOKEN)] * 10


def recorded_batch() -> bytes:
    """A batch body as the HTTP sink sends it, of the traces of `REQUESTS`."""
    traces: list[bytes] = []
    app = load_stack(str(INI), "osapi_compute",
                     lambda trace: traces.append(wire.encode_trace(trace))).app
    for path, headers in REQUESTS:
        Request.blank(path, headers=headers).get_response(app)
    return wire.encode_batch(traces)


def best_of(rounds: int, stage) -> float:
    best = float("inf")
    for round_ in range(rounds):
        started = time.perf_counter()
        stage(round_)
        best = min(best, time.perf_counter() - started)
    return best


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rounds", type=int, default=7)
    args = parser.parse_args()
    body = recorded_batch()
    events = wire_decode.decode_traces(body)
    traces = len(REQUESTS)
    decoding = best_of(args.rounds, lambda _: wire_decode.decode_traces(body))
    batches = [copy.deepcopy(events) for _ in range(args.rounds)]
    checking = best_of(args.rounds, lambda r: [check_event(e, f"event {i}")
                                               for i, e in enumerate(batches[r])])
    folder = Path(tempfile.mkdtemp(prefix="pastescope-bench-"))

    def store(round_: int) -> None:
        batch = batches[round_]
        store = TraceStore(folder / f"{round_}.db")
        try:
            store.add_events(batch)
        finally:
            store.close()

    storing = best_of(args.rounds, store)
    print(f"{traces} compute-demo traces ({len(events)} events), best of {args.rounds} rounds")
    print(f"{'stage':<34} {'µs a trace':>10}")
    for name, seconds in [("expand (wire_decode.decode_traces)", decoding),
                          ("check (ingest_events.check_event)", checking),
                          ("store (TraceStore.add_events)", storing)]:
        print(f"{name:<34} {seconds / traces * 1e6:>10.1f}")
    total = decoding + checking + storing
    print(f"{'in all':<34} {total / traces * 1e6:>10.1f}"
          f"   (at most ~{traces / total:,.0f} traces a second on one core)")


if __name__ == "__main__":
    main()
