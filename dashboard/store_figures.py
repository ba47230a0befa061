"""`FigureRecords`: the figures on each box of a stack's diagram, and its routes' hits.

A part of `TraceStore` (`dashboard.store`) kept apart from the traces' queries: these read the
`hops` and `route_hits` tables a stored trace fills, to draw numbers on the boxes (and, to count
a stack's requests served with the graph it has now, each trace's `graph_id` and the stack's).
Its methods run on the store's connection, under the store's lock.
"""

from __future__ import annotations

import sqlite3
import threading
from typing import Any

from dashboard.box_figures import FIGURES_HOPS
from dashboard.box_figures import FIGURES_REQUESTS
from dashboard.box_figures import figures_of
from dashboard.trace_rows import route_hit
from stack.routing import Route


def count_routes(db: sqlite3.Connection, n: int, stack: str, events: list[dict[str, Any]],
                 tables: dict[str, list[Route]]) -> None:
    """Count the route.match and route.miss `events` of stored trace `n` on the rows of the
    route `tables`, by router, of the graph it is drawn with (`route_hit`): as it is stored,
    and again once a file of saved requests names its graph (`StackRecords.set_graph`)."""
    db.executemany(
        "INSERT INTO route_hits (n, stack, node, template, method, route_row)"
        " VALUES (?, ?, ?, ?, ?, ?)",
        [route_hit(n, stack, e, tables.get(e["node"] or "", [])) for e in events
         if e["kind"] in ("route.match", "route.miss")],
    )


class FigureRecords:
    """The `hops` and `route_hits` tables of `TraceStore`, which fills them as traces arrive."""

    db: sqlite3.Connection
    lock: threading.RLock

    def node_figures(self, stack: str) -> dict[str, dict[str, Any]]:
        """The figures on `stack`'s boxes over its latest `FIGURES_REQUESTS` requests served
        with the graph it has now: requests, errors (5xx or raised), p50 and p95 ms.

        NOTE: only those of its graph now (or of no recorded graph, served before graphs were
        kept): a stack started again on an edited ini is drawn anew, and counting its earlier
        requests on the new boxes mixed two graphs in one lane (11 requests into a filter just
        added that saw 1, and 10 out of it).

        `nodes` holds each graph node's, all its hops together: what a node drawn once shows.
        `lanes` holds, per pipeline, each node's hops that ran in that pipeline's lane, per box
        of the node there (`span_places`: 0 for its first, 1 for the second of a filter the
        pipeline lists twice): a filter several pipelines list is drawn in each of their
        lanes, one a pipeline lists twice twice in its lane, and each box shows its own.
        """
        of_graph = (" FROM hops LEFT JOIN traces ON traces.n = hops.n WHERE hops.stack = ?"
                    " AND (traces.graph_id IS NULL OR traces.graph_id ="
                    " (SELECT graph_id FROM stacks WHERE name = ?))")
        with self.lock:
            cursor = self.db.cursor()
            cursor.row_factory = None  # plain tuples: thousands of rows, read once
            oldest = cursor.execute(
                "SELECT DISTINCT hops.n" + of_graph + " ORDER BY hops.n DESC LIMIT 1 OFFSET ?",
                (stack, stack, FIGURES_REQUESTS - 1),
            ).fetchone()
            rows = cursor.execute(
                "SELECT node, lane, nth, hops.status, hops.duration_ms" + of_graph
                + " AND hops.n >= ? ORDER BY hops.n DESC LIMIT ?",
                (stack, stack, oldest[0] if oldest else 0, FIGURES_HOPS),
            ).fetchall()
        by_node: dict[str, list[tuple]] = {}
        by_box: dict[str, dict[str, dict[int, list[tuple]]]] = {}
        for node, lane, nth, status, duration in rows:
            by_node.setdefault(node, []).append((status, duration))
            if lane is not None:
                boxes = by_box.setdefault(lane, {}).setdefault(node, {})
                boxes.setdefault(nth or 0, []).append((status, duration))
        return {
            "nodes": figures_of(by_node),
            "lanes": {lane: {node: figures_of(boxes) for node, boxes in nodes.items()}
                      for lane, nodes in by_box.items()},
        }

    def route_hits(self, stack: str) -> dict[str, int]:
        """Hits per `"NODE METHOD ROW TEMPLATE"` of `stack`: ROW the index, in its router's
        table, of the route matched (`trace_rows.route_hit`), `-` where none is known (misses,
        under template `NO_ROUTE`; hits stored before rows were)."""
        with self.lock:
            rows = self.db.execute(
                "SELECT node, method, route_row, template, count(*) FROM route_hits"
                " WHERE stack = ? GROUP BY node, method, route_row, template",
                (stack,),
            ).fetchall()
        return {f"{node} {method} {'-' if row is None else row} {template}": hits
                for node, method, row, template, hits in rows}
