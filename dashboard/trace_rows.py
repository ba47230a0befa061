"""What a trace's events are stored as: its list row (`summarize`), the box each hop ran in
(`span_places`), its route hits (`route_hit`).

Pure, with no SQLite and no Flask: ingest shows a whole trace live with the row the store
keeps of it, and a file of saved requests is read in the same `in_order`.
"""

from __future__ import annotations

from typing import Any

from stack.routing import Route
from stack.routing import matched_row
from stack.trace_records import node_kind

#: Summary columns, in the order of the `GET /api/traces` contract; then `query`, the query
#: string as recorded (redacted), which the list shows after the path: `?all_tenants=1` told
#: apart from a plain request without opening each; and `wsgi_warnings`, how many WSGI rules
#: its layers broke (`serve --check-wsgi`), which the list marks and the status filter `wsgi`
#: finds without opening each.
SUMMARY = ("trace", "stack", "method", "path", "status", "duration_ms", "started", "error",
           "query", "wsgi_warnings")
#: A route miss is counted in the route table under this template.
NO_ROUTE = "(no route)"


def in_order(events: list[dict[str, Any]]) -> list[dict[str, Any]]:
    """Events in seq order, each seq once (the first given wins): batches may overlap."""
    by_seq: dict[int, dict[str, Any]] = {}
    for event in events:
        by_seq.setdefault(event["seq"], event)
    return [by_seq[seq] for seq in sorted(by_seq)]


def is_whole(events: list[dict[str, Any]]) -> bool:
    """Whether a trace's events include its request's start and end (what a list row shows)."""
    kinds = {event["kind"] for event in events}
    return "request.start" in kinds and "request.end" in kinds


def summarize(trace_id: str, events: list[dict[str, Any]]) -> dict[str, Any]:
    """The list row of a trace: who sent what, and what came back."""
    summary: dict[str, Any] = dict.fromkeys(SUMMARY)
    summary["trace"] = trace_id
    summary["stack"] = events[0]["stack"]
    summary["started"] = min(e["ts"] for e in events)
    summary["wsgi_warnings"] = 0
    for event in events:
        data = event["data"]
        if event["kind"] == "request.start":
            summary["method"] = data.get("method")
            summary["path"] = data.get("path")
            summary["query"] = data.get("query") or ""
            summary["started"] = event["ts"]
        elif event["kind"] == "request.end":
            summary["status"] = data.get("status")
            summary["duration_ms"] = data.get("duration_ms")
        elif event["kind"] == "error" and summary["error"] is None:
            summary["error"] = f"{data.get('type')}: {data.get('message')}"
        elif event["kind"] == "wsgi.warning":
            summary["wsgi_warnings"] += 1
    return summary


def span_places(events: list[dict[str, Any]]) -> dict[Any, tuple[str | None, int]]:
    """Where each span of a trace is drawn: the lane it ran in (the nearest pipeline entered
    above it, or None), and which of its node's boxes in that lane (0 for the first).

    This is the one place a hop is put on a box: the store counts each box's figures by it,
    and Live's replay and the step view light the box it names (`Spans` in
    static/js/boxes.js). A filter several pipelines list is drawn once in each of their
    lanes; a filter is entered by its pipeline or by the filter before it in that pipeline,
    so the lane is the nearest enclosing pipeline's. A filter one pipeline lists twice
    (swift's `proxy-logging`) is drawn twice in its lane, in request order: a pipeline's
    layers are entered in order, each inside the one before, so the span that has k
    enclosing spans of its node in its lane ran at the node's (k+1)-th box there. Its
    enclosing spans, not the spans entered before it: a layer that calls the next one twice
    (a retry) enters the same boxes again.

    One pass in seq order (a span is entered after its parent), keeping the spans open
    around the latest: a posted trace may nest thousands deep.
    """
    places: dict[Any, tuple[str | None, int]] = {}
    inside: dict[Any, str | None] = {}  # span → the lane its children run in
    around: list[tuple[Any, tuple[str | None, Any]]] = []  # open spans, outermost first
    seen: dict[tuple[str | None, Any], int] = {}  # (lane, node) → how many of `around`
    for event in events:
        if event["kind"] != "node.enter":
            continue
        span, node, parent = event["span"], event["node"], event["parent"]
        while around and around[-1][0] != parent:
            seen[around.pop()[1]] -= 1
        lane = inside.get(parent)
        places[span] = (lane, seen.get((lane, node), 0))
        inside[span] = node if node and node_kind(node) == "pipeline" else lane
        seen[lane, node] = places[span][1] + 1
        around.append((span, (lane, node)))
    return places


def route_hit(n: int, stack: str, event: dict[str, Any], table: list[Route]) -> tuple:
    """A `route_hits` row of a route.match or route.miss `event` of a router whose route table
    is `table`: a match is counted on the row of the route it matched (`matched_row`), which
    the event's template does not say where twins share it; a miss, or a match of a route
    the table lacks, on no row (`route_row` NULL), told by its template."""
    data = event["data"]
    matched = event["kind"] == "route.match"
    template = data.get("template") if matched else NO_ROUTE
    row = matched_row(table, data) if matched else None
    return (n, stack, event["node"] or "", str(template), data.get("method"), row)
