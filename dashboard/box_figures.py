"""The figures on a stack's boxes: which requests they cover, and how a box's hops make them
(requests, errors, p50 and p95 ms).

Pure arithmetic: `TraceStore.node_figures` reads the hops, and the page says what they cover.
"""

from __future__ import annotations

import math
from typing import Any

#: Per-box figures cover a stack's latest this many requests: recent enough to follow
#: changes, cheap enough to recompute every second. NOTE: a window of requests, not of hops
#: (it was 5,000 hops): a box's count then stopped at some hundreds whatever was sent, went
#: down when deeper requests came, and its key could not say what it counted.
FIGURES_REQUESTS = 1_000
#: ...and at most this many of their hops, for requests thousands of layers deep.
FIGURES_HOPS = 100_000


def figures_of(hops: dict[Any, list[tuple]]) -> dict[Any, dict[str, Any]]:
    """Per node (or per box of one node), from its `(status, duration_ms)` hops: requests,
    errors, p50 and p95 ms."""
    return {key: hop_figures(values) for key, values in hops.items()}


def hop_figures(hops: list[tuple]) -> dict[str, Any]:
    """One box's figures; a hop with no status raised, so it is an error as a 5xx is."""
    durations = [duration or 0.0 for _, duration in hops]
    return {
        "requests": len(hops),
        "errors": sum(1 for status, _ in hops if status is None or status >= 500),
        "p50": percentile(durations, 50),
        "p95": percentile(durations, 95),
    }


def percentile(values: list[float], pct: float) -> float:
    """Nearest-rank percentile of `values` (not empty)."""
    ordered = sorted(values)
    rank = max(0, min(len(ordered) - 1, math.ceil(pct / 100 * len(ordered)) - 1))
    return round(ordered[rank], 3)
