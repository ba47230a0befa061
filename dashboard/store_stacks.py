"""`StackRecords`: the store's stacks, and the graph each trace was served with.

A part of `TraceStore` (`dashboard.store`) kept apart from the traces' queries: what a stack
announced, and the graphs its requests are drawn with, change together and with nothing else
there. Its methods run on the store's connection, under the store's lock, each write in a
transaction of its own, or in its caller's (`TraceStore.writing`).
"""

from __future__ import annotations

import hashlib
import json
import sqlite3
import threading
import time
from collections.abc import Callable
from collections.abc import Iterable
from contextlib import AbstractContextManager
from typing import Any

import orjson

from dashboard.store_figures import count_routes

#: A stack not heard from for this long is shown as gone (it announces every 30 s).
STACK_STALE_S = 75.0


class StackRecords:
    """The `stacks` and `graphs` tables of `TraceStore`, which opens the connection."""

    db: sqlite3.Connection
    lock: threading.RLock
    writing: Callable[[], AbstractContextManager[None]]

    def announce_stack(self, info: dict[str, Any], loaded_from: str | None = None) -> None:
        """Record (or refresh) a stack's announcement; keeps its dropped count while the same
        process announces (its count only grows), and starts it again for another: a stack
        started again under its name counts from 0, and the old process's count said nothing
        of it. `started` is when this process first announced itself (what `/` opens by
        default), kept while it announces again.

        `loaded_from` names the saved-requests file the announcement came from: such a stack is
        not running (never online, nothing to send to) until the stack itself announces again.
        """
        graph_id, graph, routes = graph_row(info["graph"], info.get("routes"))
        now = time.time()
        with self.writing():
            self.db.execute("INSERT OR IGNORE INTO graphs (id, graph, routes) VALUES (?, ?, ?)",
                            (graph_id, graph, routes))
            self.db.execute(
                "INSERT INTO stacks (name, url, file, graph, pid, routes, seen, loaded_from,"
                " graph_id, started) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)"
                " ON CONFLICT (name) DO UPDATE SET"
                " url = excluded.url, file = excluded.file, graph = excluded.graph,"
                " pid = excluded.pid, routes = excluded.routes, seen = excluded.seen,"
                " loaded_from = excluded.loaded_from, graph_id = excluded.graph_id, stopped = NULL,"
                " dropped = CASE WHEN (stacks.pid, stacks.url) IS (excluded.pid, excluded.url)"
                " THEN stacks.dropped ELSE 0 END,"
                " started = CASE WHEN (stacks.pid, stacks.url) IS (excluded.pid, excluded.url)"
                " THEN stacks.started ELSE excluded.started END",
                (info["name"], info["url"], info.get("file"), graph, info.get("pid"), routes,
                 now, loaded_from, graph_id, now),
            )

    def set_dropped(self, stacks: Iterable[str], dropped: int) -> bool:
        """Note how many requests a stack says it left untraced (`X-Pastescope-Dropped`: it
        only grows); whether a stack's count rose. Its `seen` stays: a stopping stack's last
        count says nothing of it being alive."""
        with self.writing():
            cursor = self.db.executemany(
                "UPDATE stacks SET dropped = ? WHERE name = ? AND dropped < ?",
                [(dropped, name, dropped) for name in stacks],
            )
        return cursor.rowcount > 0

    def set_stopped(self, name: str) -> None:
        """Note that a stack said it stopped (`X-Pastescope-Stopped`): shown so until it
        announces itself again, started anew."""
        with self.writing():
            self.db.execute("UPDATE stacks SET stopped = ? WHERE name = ?", (time.time(), name))

    def stacks(self) -> list[dict[str, Any]]:
        """Every known stack, with `online`, `dropped` and `loaded_from`: those that announced
        themselves first, then those loaded from a file, each by name.

        NOTE: by name, not by when each was last heard from: a stack announces itself again
        every 30 s, as a request wakes its sink, and the Live picker, in this order, moved the
        stack just heard from first, under the pointer of a user about to click another.
        """
        with self.lock:
            rows = self.db.execute(
                "SELECT * FROM stacks ORDER BY loaded_from IS NOT NULL, name"
            ).fetchall()
        return [stack_json(row) for row in rows]

    def stack(self, name: str) -> dict[str, Any] | None:
        with self.lock:
            row = self.db.execute("SELECT * FROM stacks WHERE name = ?", (name,)).fetchone()
        return stack_json(row) if row is not None else None

    def stack_of(self, trace: dict[str, Any]) -> dict[str, Any] | None:
        """The stack `trace` came from, with the graph and routes it had then: an operator
        edits an ini and starts its stack again under the same name, and the requests from
        before are drawn as they went. `changed` says the stack's graph is another now."""
        stack = self.stack(trace["stack"])
        with self.lock:
            then = self.db.execute(
                "SELECT graphs.id, graphs.graph, graphs.routes FROM traces JOIN graphs"
                " ON graphs.id = traces.graph_id WHERE traces.trace = ?", (trace["trace"],)
            ).fetchone()
        if stack is None or then is None or then["id"] == stack["graph_id"]:
            return stack
        return {**stack, "graph": json.loads(then["graph"]), "routes": json.loads(then["routes"]),
                "changed": True}

    def graphs_of(self, trace_ids: list[str]) -> list[dict[str, Any]]:
        """The graphs traces `trace_ids` were served with (`stack_of`): each once per stack,
        with its `stack`, `graph`, `routes` and `traces`, in the order of its first trace."""
        with self.lock:
            rows = self.db.execute(
                "SELECT traces.trace, traces.stack, graphs.id, graphs.graph, graphs.routes"
                " FROM traces JOIN graphs ON graphs.id = traces.graph_id"
                " WHERE traces.trace IN (SELECT value FROM json_each(?))", (json.dumps(trace_ids),)
            ).fetchall()
        found = {row["trace"]: row for row in rows}
        graphs: dict[tuple[str, str], dict[str, Any]] = {}
        for trace_id in dict.fromkeys(trace_ids):
            row = found.get(trace_id)
            if row is None:  # served before 0.2.8, or by a stack never announced
                continue
            graph = graphs.setdefault((row["stack"], row["id"]), {
                "stack": row["stack"], "graph": json.loads(row["graph"]),
                "routes": json.loads(row["routes"]), "traces": []})
            graph["traces"].append(trace_id)
        return list(graphs.values())

    def set_graph(self, trace_ids: list[str], graph: dict[str, Any],
                  routes: dict[str, Any] | None) -> None:
        """Have stored traces `trace_ids` drawn with `graph` and `routes`, those their stack
        had when they were served (a file of saved requests says so), whatever graph their
        stack has here; their routes' hits counted anew on the rows of those `routes`: stored,
        they were counted on the rows of the graph their stack has here, where twins may be
        other rows, or none."""
        graph_id, graph_text, routes_text = graph_row(graph, routes)
        with self.writing():
            # NOTE: one hold of the lock: a prune between the two would drop the graph no
            # trace names yet.
            self.db.execute("INSERT OR IGNORE INTO graphs (id, graph, routes) VALUES (?, ?, ?)",
                            (graph_id, graph_text, routes_text))
            traces = self.db.execute(
                "UPDATE traces SET graph_id = ? WHERE trace IN (SELECT value FROM json_each(?))"
                " RETURNING n, stack, events", (graph_id, json.dumps(trace_ids))).fetchall()
            # NOTE: one DELETE: route_hits has no index on `n` alone, so one a trace would
            # read the whole table as many times as the file has requests.
            self.db.execute("DELETE FROM route_hits WHERE n IN (SELECT value FROM json_each(?))",
                            (json.dumps([row["n"] for row in traces]),))
            for row in traces:
                count_routes(self.db, row["n"], row["stack"], orjson.loads(row["events"]),
                             routes or {})


def graph_row(graph: dict[str, Any], routes: dict[str, Any] | None) -> tuple[str, str, str]:
    """A `graphs` row: id, graph and routes as JSON. The id is made of the content, so a graph
    announced again, or loaded from a file, is kept once."""
    graph_text, routes_text = json.dumps(graph), json.dumps(routes or {})
    graph_id = hashlib.sha256(f"{graph_text}\n{routes_text}".encode()).hexdigest()[:16]
    return graph_id, graph_text, routes_text


def stack_json(row: sqlite3.Row) -> dict[str, Any]:
    """A stacks row for the API; a stack loaded from a file, or that said it stopped (its
    `stopped` time), is never online."""
    result = dict(row)
    result["graph"] = json.loads(result["graph"])
    result["routes"] = json.loads(result["routes"])
    fresh = time.time() - result["seen"] < STACK_STALE_S
    result["online"] = fresh and result["loaded_from"] is None and result["stopped"] is None
    return result
