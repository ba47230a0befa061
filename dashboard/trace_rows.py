"""What a trace's events are stored as: its list row (`summarize`), the lane each hop ran in
(`span_lanes`), its route hits (`route_hit`).

Pure, with no SQLite and no Flask: ingest shows a whole trace live with the row the store
keeps of it, and a file of saved requests is read in the same `in_order`.
"""

from __future__ import annotations

from typing import Any

from stack.wire import node_kind

#: Summary columns, in the order of the `GET /api/traces` contract; then `query`, the query
#: string as recorded (redacted), which the list shows after the path: `?all_tenants=1` told
#: apart from a plain request without opening each.
SUMMARY = ("trace", "stack", "method", "path", "status", "duration_ms", "started", "error",
           "query")
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
    return summary


def span_lanes(events: list[dict[str, Any]]) -> dict[Any, str | None]:
    """The lane each span of a trace ran in: the nearest pipeline entered above it, or None.

    A filter several pipelines list is drawn once in each of their lanes, and a replay lights
    its box in the lane of the nearest enclosing span that has one (`Spans` in
    static/js/boxes.js). A filter is entered by its pipeline or by the filter before it in
    that pipeline, so that lane is the nearest enclosing pipeline's: its figures are counted
    in the box the replay lights. One pass in seq order (a span is entered after its parent)
    rather than a walk up the parents for each hop: a posted trace may nest thousands deep.
    """
    lanes: dict[Any, str | None] = {}
    inside: dict[Any, str | None] = {}  # span → the lane its children run in
    for event in events:
        if event["kind"] != "node.enter":
            continue
        span, node = event["span"], event["node"]
        lanes[span] = inside.get(event["parent"])
        inside[span] = node if node and node_kind(node) == "pipeline" else lanes[span]
    return lanes


def route_hit(n: int, stack: str, event: dict[str, Any]) -> tuple:
    data = event["data"]
    template = data.get("template") if event["kind"] == "route.match" else NO_ROUTE
    return (n, stack, event["node"] or "", str(template), data.get("method"))
