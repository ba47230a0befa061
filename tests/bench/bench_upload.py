"""Benchmark: an api-paste.ini of thousands of sections, uploaded and drawn, in process.

Not a test (pytest does not collect it). Run from the repository root:

    python tests/bench/bench_upload.py [--rounds 3] [--count 3000]

A file far past any real one (the largest kept, nova's, has 13 branches under a composite)
must still upload and draw in a few seconds, as a page a browser shows without freezing. Four
generated files of `--count` (3,000 by default): a urlmap of that many prefixes, each to an app
(`urlmap-apps`); the same, each prefix to a pipeline of two filters with a setting each
(`urlmap-pipelines`); one pipeline of that many filters (`filters`); that many pipelines, each
an entry (`entries`); a urlmap of that many prefixes naming no section (`urlmap-missing`), each
drawn as a hole. For each: `POST /api/inis`, the page (`GET /inis/ID`) and its "show
all" (`?all=1`) through Flask's test client, each figure its best round, with the page's size;
then, in a round of its own under tracemalloc, the peak memory each took; and what `python -m
stack inspect` does with the file: its time (reading and printing the tree) and its first
line's length (in the `size` column). The upload limit is raised, for a `--count` past 1 MiB.
"""

from __future__ import annotations

import argparse
import io
import sys
import tempfile
import time
import tracemalloc
from collections.abc import Callable
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(ROOT))

from dashboard import create_app  # noqa: E402
from stack import graph  # noqa: E402
from stack.tree import render_ini  # noqa: E402
from tests.dashboard.many_branches import many_apps  # noqa: E402
from tests.dashboard.many_branches import many_entries  # noqa: E402
from tests.dashboard.many_branches import many_missing  # noqa: E402
from tests.dashboard.many_branches import many_prefixes  # noqa: E402
from tests.dashboard.many_branches import one_pipeline  # noqa: E402

FILES: dict[str, Callable[[int], str]] = {
    "urlmap-apps": many_apps,
    "urlmap-pipelines": many_prefixes,
    "filters": one_pipeline,
    "entries": many_entries,
    "urlmap-missing": many_missing,
}


def measure(client, name: str, text: str) -> dict[str, tuple[float, int]]:
    """Each step's seconds and the bytes it answered."""
    figures = {}
    started = time.perf_counter()
    answer = client.post("/api/inis", data={"file": (io.BytesIO(text.encode()), name)},
                         content_type="multipart/form-data")
    figures["POST /api/inis"] = (time.perf_counter() - started, len(answer.data))
    ini_id = answer.get_json()["id"]
    for label, query in (("page", ""), ("show all", "?all=1")):
        started = time.perf_counter()
        page = client.get(f"/inis/{ini_id}{query}")
        assert page.status_code == 200, page.status_code
        figures[label] = (time.perf_counter() - started, len(page.data))
    started = time.perf_counter()
    first = render_ini(graph.read_ini_text(text, name)).split("\n", 1)[0]
    figures["inspect"] = (time.perf_counter() - started, len(first))
    return figures


def peaks(client, name: str, text: str) -> dict[str, float]:
    """Each step's peak memory in MB (tracemalloc: Python's own allocations)."""
    found = {}
    tracemalloc.start()
    try:
        tracemalloc.reset_peak()
        answer = client.post("/api/inis", data={"file": (io.BytesIO(text.encode()), name)},
                             content_type="multipart/form-data")
        found["POST /api/inis"] = tracemalloc.get_traced_memory()[1] / 1e6
        ini_id = answer.get_json()["id"]
        for label, query in (("page", ""), ("show all", "?all=1")):
            tracemalloc.reset_peak()
            client.get(f"/inis/{ini_id}{query}")
            found[label] = tracemalloc.get_traced_memory()[1] / 1e6
    finally:
        tracemalloc.stop()
    return found


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rounds", type=int, default=3)
    parser.add_argument("--count", type=int, default=3000)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as data:
        client = create_app({"DATA_DIR": data, "MAX_UPLOAD_BYTES": 16 << 20}).test_client()
        print(f"{args.count:,} of each, best of {args.rounds} rounds, in process")
        print(f"{'file':17} {'step':15} {'seconds':>8} {'size':>11} {'peak MB':>8}")
        for label, make in FILES.items():
            text, name = make(args.count), f"{label}.ini"
            rounds = [measure(client, name, text) for _ in range(args.rounds)]
            peak = peaks(client, name, text)
            for step in rounds[0]:
                seconds = min(figures[step][0] for figures in rounds)
                peak_mb = f"{peak[step]:.1f}" if step in peak else "-"
                print(f"{label:17} {step:15} {seconds:8.2f} {rounds[0][step][1]:>11,} "
                      f"{peak_mb:>8}")


if __name__ == "__main__":
    main()
