"""Two requests side by side: `GET /compare?a=ID&b=ID`, aligned hop by hop.

Why two requests behave differently is what a class asks most ("why 401 here and 200 there?").
Both timelines (`dashboard.timeline`) are aligned on their hops in entry order, keyed by graph
node (and controller action), the way a diff aligns lines: hops both went through pair up, and
a hop only one of them reached — the router a 401 never got to — stands alone. Each pair shows
both statuses and both self times, and the difference, so where the time went is one column; a
hop one request never reached spent none of its time there, so the app a 401 skipped is often
where the time went. `/compare?a=ID` alone lists requests to pick the second from: those with
A's method and path first, then the most recent (or those whose path holds `path=`).

The summary ("What differs"), in words, is `dashboard.compare_words`'s.

A request has tens of hops; a posted trace can have thousands, and difflib's alignment grows
with the cube of the hops in the worst case. So at most `MAX_HOPS` hops of each request are
aligned, and the page says which were left out.
"""

from __future__ import annotations

import difflib
from collections.abc import Iterable
from dataclasses import dataclass
from typing import Any

from flask import Blueprint
from flask import Flask
from flask import abort
from flask import render_template
from flask import request

from dashboard.compare_words import summary_lines
from dashboard.store import get_store
from dashboard.timeline import Span
from dashboard.timeline import build_timeline
from dashboard.traces import trace_or_404
from stack.explain_errors import MISSING_ACTION
from stack.wsgi_path import readable_path

#: Requests offered in each list when only `a` is given (same request line; most recent).
CHOICES = 50
#: Rows read to find the requests with A's exact path: the store finds a path's text anywhere
#: in a path (`/v2.1/servers` finds `/v2.1/servers/1` too), so more than are offered.
SAME_SCAN = 1000
#: Hops of each request aligned at most: difflib's worst case for 300 a side is 0.2 s.
MAX_HOPS = 300

bp = Blueprint("compare", __name__)


@dataclass
class Hop:
    """One row of the comparison: a layer and its span in request A, in B, or in both."""

    label: str
    node: str | None
    depth: int
    a: Span | None
    b: Span | None
    #: The hop is a controller action the router chose but the controller lacks
    #: (`stack.explain_errors.MISSING_ACTION`): the action never existed, let alone ran.
    missing: bool = False

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
        """B's self time minus A's (positive: B spent longer here); a request that never
        reached the hop spent 0 ms in it. None when a request reached it but has no time."""
        a_ms = 0.0 if self.a is None else self.a.self_ms
        b_ms = 0.0 if self.b is None else self.b.self_ms
        if a_ms is None or b_ms is None:
            return None
        return round(b_ms - a_ms, 3)


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


def align_within(a: list[Span], b: list[Span], limit: int = MAX_HOPS) -> tuple[list[Hop], int, int]:
    """`align` over at most the first `limit` hops of each timeline, and how many hops of A and
    of B are left out.

    When a timeline is cut, the rows after the last hop both went through are left out too:
    the other request may have reached them beyond its cut, so "only A" could be untrue.
    """
    if len(a) <= limit and len(b) <= limit:
        return align(a, b), 0, 0
    hops = align(a[:limit], b[:limit])
    both = [n for n, hop in enumerate(hops) if not hop.only]
    hops = hops[:both[-1] + 1] if both else []
    return (hops, len(a) - sum(hop.a is not None for hop in hops),
            len(b) - sum(hop.b is not None for hop in hops))


def comparison(a: dict[str, Any], b: dict[str, Any],
               graphs_differ: bool = False) -> dict[str, Any]:
    """What the compare page shows for two stored traces (summary + events); `graphs_differ`:
    they ran on the same stack, but its graph changed between them (`graphs_changed`)."""
    a_spans, b_spans = build_timeline(a["events"]), build_timeline(b["events"])
    hops, left_a, left_b = align_within(a_spans, b_spans)
    missing_a, missing_b = missing_actions(a["events"]), missing_actions(b["events"])
    for hop in hops:
        hop.missing = (hop.a is not None and hop.a.span in missing_a
                       or hop.b is not None and hop.b.span in missing_b)
    timed = [hop for hop in hops if hop.self_diff_ms is not None and hop.depth > 0]
    slowest = max(timed, key=lambda hop: abs(hop.self_diff_ms), default=None)
    differs = [hop for hop in hops if hop.status_differs and hop.depth > 0]
    only_a = [hop for hop in hops if hop.only == "a"]
    only_b = [hop for hop in hops if hop.only == "b"]
    a_total, b_total = a_spans[0].duration_ms, b_spans[0].duration_ms  # the requests themselves
    found = {
        "a": a,
        "b": b,
        "hops": hops,
        "hop_counts": (len(a_spans), len(b_spans)),
        "left_out": (left_a, left_b),
        "max_hops": MAX_HOPS,
        "only_a": only_a,
        "only_b": only_b,
        "only_a_ms": self_time(hop.a for hop in only_a),
        "only_b_ms": self_time(hop.b for hop in only_b),
        "total_ms": (a_total, b_total),
        "total_diff_ms": (round(b_total - a_total, 3)
                          if a_total is not None and b_total is not None else None),
        # The innermost hop whose statuses differ is where the answers part on their way
        # back out; the layers above it only carried (or replaced) those statuses.
        "status_origin": differs[-1] if differs else None,
        "status_above": len(differs) - 1,
        "biggest": slowest if slowest is not None and slowest.self_diff_ms else None,
    }
    found["summary"] = summary_lines(found, graphs_differ)
    return found


def missing_actions(events: list[dict[str, Any]]) -> set[Any]:
    """The spans of controller actions the router chose and the controller lacks."""
    return {e["span"] for e in events
            if e["kind"] == "error" and e["data"].get("type") == MISSING_ACTION}


def graphs_changed(a: dict[str, Any], b: dict[str, Any]) -> bool:
    """Whether two requests of one stack ran on different graphs of it: its ini was edited
    and it was started again between them (`TraceStore.graphs_of`)."""
    if a["stack"] != b["stack"]:
        return False
    return len(get_store().graphs_of([a["trace"], b["trace"]])) > 1


def choices_for(a: dict[str, Any], path: str) -> tuple[list[dict], list[dict]]:
    """Requests to compare `a` with: those with its method and path, newest first, and the
    most recent others (those whose path holds `path`, when given)."""
    store = get_store()
    same = []
    if a.get("method") and a.get("path"):
        rows = store.traces(limit=SAME_SCAN, method=a["method"], path=readable_path(a["path"]))
        same = [row for row in rows
                if row["path"] == a["path"] and row["trace"] != a["trace"]][:CHOICES]
    shown = {row["trace"] for row in same} | {a["trace"]}
    recent = [row for row in store.traces(limit=CHOICES, path=path or None)
              if row["trace"] not in shown]
    return same, recent


@bp.get("/compare")
def compare_page():
    """`/compare?a=ID&b=ID` — the comparison; with `a` alone, requests to pick `b` from (those
    with A's method and path first; `path=` filters the others)."""
    a_id = request.args.get("a", "").strip()
    b_id = request.args.get("b", "").strip()
    if not a_id:
        abort(400, "say which requests to compare: /compare?a=TRACE_ID&b=TRACE_ID")
    a = trace_or_404(a_id, "a")
    if not b_id:
        path = request.args.get("path", "").strip()
        same, recent = choices_for(a, path)
        return render_template("compare.html", a=a, same=same, choices=recent, path=path)
    b = trace_or_404(b_id, "b")
    return render_template("compare.html", **comparison(a, b, graphs_changed(a, b)))


def self_time(spans: Iterable[Span | None]) -> float:
    """The time spent in these spans themselves (layers inside them are in the list too)."""
    return round(sum(span.self_ms or 0.0 for span in spans if span is not None), 3)


def init_app(app: Flask) -> None:
    app.register_blueprint(bp)
