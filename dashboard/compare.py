"""Two requests side by side: `GET /compare?a=ID&b=ID`, aligned hop by hop.

Why two requests behave differently is what a class asks most ("why 401 here and 200 there?").
Both timelines (`dashboard.timeline`) are aligned on their hops in entry order, keyed by graph
node (and controller action), the way a diff aligns lines: hops both went through pair up, and
a hop only one of them reached — the router a 401 never got to — stands alone. Each pair shows
both statuses and both self times, and the difference, so where the time went is one column.
`/compare?a=ID` alone lists recent requests to pick the second from.
"""

from __future__ import annotations

import difflib
from dataclasses import dataclass
from typing import Any

from flask import Blueprint
from flask import Flask
from flask import abort
from flask import render_template
from flask import request

from dashboard.store import get_store
from dashboard.timeline import Span
from dashboard.timeline import build_timeline

#: Recent requests offered when only `a` is given.
CHOICES = 50

bp = Blueprint("compare", __name__)


@dataclass
class Hop:
    """One row of the comparison: a layer and its span in request A, in B, or in both."""

    label: str
    node: str | None
    depth: int
    a: Span | None
    b: Span | None

    @property
    def only(self) -> str:
        """`"a"` or `"b"` for a hop only one request went through; `""` for both."""
        if self.a is None:
            return "b"
        return "a" if self.b is None else ""

    @property
    def status_differs(self) -> bool:
        return self.a is not None and self.b is not None and self.a.status != self.b.status

    @property
    def self_diff_ms(self) -> float | None:
        """B's self time minus A's (positive: B spent longer here); None unless both ran."""
        if self.a is None or self.b is None or self.a.self_ms is None or self.b.self_ms is None:
            return None
        return round(self.b.self_ms - self.a.self_ms, 3)


def hop_key(span: Span) -> tuple[str, str]:
    """What makes two spans the same hop: the graph node and what ran there."""
    return (span.node or "", span.label)


def align(a: list[Span], b: list[Span]) -> list[Hop]:
    """Pair the hops of two timelines in entry order; unmatched hops stand alone, A's first."""
    matcher = difflib.SequenceMatcher(None, [hop_key(s) for s in a], [hop_key(s) for s in b],
                                      autojunk=False)
    hops: list[Hop] = []
    for tag, a_from, a_to, b_from, b_to in matcher.get_opcodes():
        if tag == "equal":
            hops += [Hop(x.label, x.node, x.depth, x, y)
                     for x, y in zip(a[a_from:a_to], b[b_from:b_to], strict=True)]
            continue
        hops += [Hop(x.label, x.node, x.depth, x, None) for x in a[a_from:a_to]]
        hops += [Hop(y.label, y.node, y.depth, None, y) for y in b[b_from:b_to]]
    return hops


def comparison(a: dict[str, Any], b: dict[str, Any]) -> dict[str, Any]:
    """What the compare page shows for two stored traces (summary + events)."""
    hops = align(build_timeline(a["events"]), build_timeline(b["events"]))
    timed = [hop for hop in hops if hop.self_diff_ms is not None and hop.depth > 0]
    slowest = max(timed, key=lambda hop: abs(hop.self_diff_ms), default=None)
    differs = [hop for hop in hops if hop.status_differs and hop.depth > 0]
    return {
        "a": a,
        "b": b,
        "hops": hops,
        "only_a": [hop for hop in hops if hop.only == "a"],
        "only_b": [hop for hop in hops if hop.only == "b"],
        # The innermost hop whose statuses differ is where the answers part on their way
        # back out; the layers around it only carried (or replaced) those statuses.
        "status_origin": differs[-1] if differs else None,
        "status_around": len(differs) - 1,
        "biggest": slowest if slowest is not None and slowest.self_diff_ms else None,
    }


def stored(trace_id: str, which: str) -> dict[str, Any]:
    trace = get_store().trace(trace_id)
    if trace is None:
        abort(404, f"{which}: no request with trace id {trace_id!r} (unknown, or expired by "
                   "retention)")
    return trace


@bp.get("/compare")
def compare_page():
    """`/compare?a=ID&b=ID` — the comparison; with `a` alone, recent requests to pick `b`."""
    a_id = request.args.get("a", "").strip()
    b_id = request.args.get("b", "").strip()
    if not a_id:
        abort(400, "say which requests to compare: /compare?a=TRACE_ID&b=TRACE_ID")
    a = stored(a_id, "a")
    if not b_id:
        choices = [row for row in get_store().traces(limit=CHOICES) if row["trace"] != a_id]
        return render_template("compare.html", a=a, choices=choices)
    return render_template("compare.html", **comparison(a, stored(b_id, "b")))


def init_app(app: Flask) -> None:
    app.register_blueprint(bp)
