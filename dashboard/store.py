"""`TraceStore`: traces, stacks, per-box hops and uploaded inis in one SQLite file (its tables:
`dashboard.store_tables`).

SQLite (stdlib, WAL) keeps the dashboard's memory flat however long it runs and lets a restart
keep what was seen. Retention is bounded by count and by age; the oldest traces go first. One
connection guarded by a lock: every statement here is short, and SQLite serialises writers anyway.
"""

from __future__ import annotations

import hashlib
import json
import logging
import math
import sqlite3
import threading
import time
import uuid
from collections.abc import Iterable
from pathlib import Path
from typing import Any

import orjson
from flask import Flask
from flask import current_app

from dashboard.store_tables import create_tables
from stack.wire import node_kind
from stack.wsgi_path import readable_path

LOG = logging.getLogger(__name__)

#: The status filter's word for requests the list shows with no status (`—`): those that got
#: no answer at all (request.end `status` null), and those whose end never arrived.
NO_STATUS = "none"
#: Summary columns, in the order of the `GET /api/traces` contract.
SUMMARY = ("trace", "stack", "method", "path", "status", "duration_ms", "started", "error")
#: A route miss is counted in the route table under this template.
NO_ROUTE = "(no route)"
#: Uploaded inis kept; older uploads are forgotten.
MAX_INIS = 100
#: Per-box figures cover a stack's latest this many requests: recent enough to follow
#: changes, cheap enough to recompute every second. NOTE: a window of requests, not of hops
#: (it was 5,000 hops): a box's count then stopped at some hundreds whatever was sent, went
#: down when deeper requests came, and its key could not say what it counted.
FIGURES_REQUESTS = 1_000
#: ...and at most this many of their hops, for requests thousands of layers deep.
FIGURES_HOPS = 100_000
#: A stack not heard from for this long is shown as gone (it announces every 30 s).
STACK_STALE_S = 75.0


class TraceStore:
    """The dashboard's memory: what stacks sent, bounded by `max_traces` and `max_age_s`."""

    def __init__(self, path: Path | str, max_traces: int = 10_000, max_age_s: float = 86400):
        self.path = str(path)
        self.max_traces = max_traces
        self.max_age_s = max_age_s
        self.lock = threading.Lock()
        self.db = sqlite3.connect(self.path, check_same_thread=False, isolation_level=None)
        self.db.row_factory = sqlite3.Row
        self.db.create_function("readable_path", 1, readable_path, deterministic=True)
        with self.lock:
            create_tables(self.db)
        self._last_prune = 0.0

    def close(self) -> None:
        with self.lock:
            self.db.close()

    # -- traces ------------------------------------------------------------------------------

    def add_events(self, events: list[dict[str, Any]],
                   replace: bool = False) -> list[dict[str, Any]]:
        """Store a batch of validated events; returns the summaries of the traces it touched.

        Events are grouped by trace; a trace seen before (events split over batches) is merged
        and re-summarised, in seq order — or, with `replace` (whole traces from a file of saved
        requests), stored as given in place of the stored one: merged, a file edited and loaded
        again would keep the old events of every seq it shares. A trace SQLite cannot store (a
        value it cannot bind) is left out and logged, alone: the batches written with it, maybe
        other stacks', are not lost with it.
        """
        by_trace: dict[str, list[dict[str, Any]]] = {}
        for event in events:
            by_trace.setdefault(event["trace"], []).append(event)
        now = time.time()
        summaries = []
        with self.lock:
            self.db.execute("BEGIN")
            try:
                for trace_id, new in by_trace.items():
                    self.db.execute("SAVEPOINT one_trace")
                    try:
                        summaries.append(self._add_trace(trace_id, new, now, replace))
                    except (sqlite3.Error, ValueError, TypeError, OverflowError) as exc:
                        self.db.execute("ROLLBACK TO one_trace")
                        LOG.warning("store: trace %r left out, it cannot be stored: %s: %s",
                                    trace_id[:100], type(exc).__name__, exc)
                    self.db.execute("RELEASE one_trace")
                self.db.execute("COMMIT")
            except BaseException:
                self.db.execute("ROLLBACK")
                raise
            if now - self._last_prune >= 1.0:
                self._prune(now)
        return summaries

    def _add_trace(self, trace_id: str, new: list[dict[str, Any]], now: float,
                   replace: bool) -> dict[str, Any]:
        row = self.db.execute(
            "SELECT n, events, graph_id FROM traces WHERE trace = ?", (trace_id,)
        ).fetchone()
        # NOTE: a trace keeps the graph its stack had as it first arrived: the one it was
        # served by (`stack_of`), however the stack's ini changes later.
        if row is not None:
            new = in_order(new if replace else orjson.loads(row["events"]) + new)
            for table in ("traces", "hops", "route_hits"):
                self.db.execute(f"DELETE FROM {table} WHERE n = ?", (row["n"],))
            graph_id = row["graph_id"]
        else:
            new = in_order(new)
            stack = self.db.execute("SELECT graph_id FROM stacks WHERE name = ?",
                                    (new[0]["stack"],)).fetchone()
            graph_id = stack["graph_id"] if stack is not None else None
        summary = summarize(trace_id, new)
        cursor = self.db.execute(
            "INSERT INTO traces (trace, stack, method, path, status, duration_ms, started,"
            " error, received, events, graph_id) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
            # NOTE: orjson: json.dumps took half of storing a trace. Every value here
            # was checked on arrival (finite, within ±2**53, encodable text).
            (*(summary[k] for k in SUMMARY), now,
             orjson.dumps(new, option=orjson.OPT_NON_STR_KEYS).decode(), graph_id),
        )
        n = cursor.lastrowid
        stack = summary["stack"]
        lanes = span_lanes(new)
        self.db.executemany(
            "INSERT INTO hops (n, stack, node, lane, status, duration_ms)"
            " VALUES (?, ?, ?, ?, ?, ?)",
            [
                (n, stack, e["node"], lanes.get(e["span"]), e["data"].get("status"),
                 e["data"].get("duration_ms"))
                for e in new
                if e["kind"] == "node.leave" and e["node"]
            ],
        )
        self.db.executemany(
            "INSERT INTO route_hits (n, stack, node, template, method) VALUES (?, ?, ?, ?, ?)",
            [route_hit(n, stack, e) for e in new if e["kind"] in ("route.match", "route.miss")],
        )
        return summary

    def _prune(self, now: float) -> None:
        """Drop traces beyond the count limit or older than the age limit (oldest first)."""
        self._last_prune = now
        keep_from = self.db.execute(
            "SELECT n FROM traces ORDER BY n DESC LIMIT 1 OFFSET ?", (self.max_traces - 1,)
        ).fetchone()
        too_old = self.db.execute(
            "SELECT max(n) FROM traces WHERE received < ?", (now - self.max_age_s,)
        ).fetchone()[0]
        cutoff = max(keep_from["n"] - 1 if keep_from else 0, too_old or 0)
        if cutoff:
            for table in ("traces", "hops", "route_hits"):
                self.db.execute(f"DELETE FROM {table} WHERE n <= ?", (cutoff,))
        gone = self.db.execute("DELETE FROM stacks WHERE seen < ?", (now - self.max_age_s,))
        if cutoff or gone.rowcount:
            # NOTE: only when something that names a graph went: this reads every trace. A
            # graph a stack announced anew leaves waits for the next such prune.
            self.db.execute(
                "DELETE FROM graphs WHERE id NOT IN (SELECT graph_id FROM stacks WHERE graph_id"
                " IS NOT NULL UNION SELECT graph_id FROM traces WHERE graph_id IS NOT NULL)")
        self.db.execute(
            "DELETE FROM inis WHERE id NOT IN (SELECT id FROM inis ORDER BY created DESC LIMIT ?)",
            (MAX_INIS,),
        )

    def traces(
        self,
        limit: int = 100,
        stack: str | None = None,
        method: str | None = None,
        status: str | None = None,
        path: str | None = None,
    ) -> list[dict[str, Any]]:
        """Trace summaries, newest first, optionally filtered (status: `404`, `4xx`, `none`).

        Newest by when each request was served (`started`, the list's time), not by arrival:
        requests loaded from a file arrive together, long after they were served, in the
        file's order. Retention still goes by arrival (`_prune`): what was just loaded stays.
        """
        where, args = [], []
        if stack:
            where.append("stack = ?")
            args.append(stack)
        if method:
            where.append("method = ?")
            args.append(method.upper())
        if status:
            codes = status_range(status)
            if codes is None:
                where.append("status IS NULL")
            else:
                where.append("status BETWEEN ? AND ?")
                args += codes
        if path:
            # NOTE: found in the path as the pages show it (`readable_path`: `é` as typed, a
            # byte not UTF-8 `%FF`, a `%` the path holds `%25`), as the list's rows filter
            # rows arriving live: any other form, decoded, finds text the user never sees
            # (`%F` finding `/a%25FF`, whose recorded form `/a%FF` holds it).
            where.append("instr(readable_path(path), ?) > 0")
            args.append(path)
        sql = "SELECT " + ", ".join(SUMMARY) + " FROM traces"
        if where:
            sql += " WHERE " + " AND ".join(where)
        sql += " ORDER BY started DESC, n DESC LIMIT ?"
        with self.lock:
            rows = self.db.execute(sql, (*args, limit)).fetchall()
        return [dict(row) for row in rows]

    def trace(self, trace_id: str) -> dict[str, Any] | None:
        """One trace's summary plus its `events`, in seq order; None when unknown or pruned."""
        with self.lock:
            row = self.db.execute(
                "SELECT " + ", ".join(SUMMARY) + ", events FROM traces WHERE trace = ?",
                (trace_id,),
            ).fetchone()
        if row is None:
            return None
        result = dict(row)
        result["events"] = orjson.loads(result["events"])
        return result

    def count(self) -> int:
        with self.lock:
            return self.db.execute("SELECT count(*) FROM traces").fetchone()[0]

    # -- figures -----------------------------------------------------------------------------

    def node_figures(self, stack: str) -> dict[str, dict[str, Any]]:
        """The figures on `stack`'s boxes over its latest `FIGURES_REQUESTS` requests:
        requests, errors (5xx or raised), p50 and p95 ms.

        `nodes` holds each graph node's, all its hops together: what a node drawn once shows.
        `lanes` holds, per pipeline, each node's hops that ran in that pipeline's lane: a filter
        several pipelines list is drawn in each of their lanes, and each box shows its own.
        """
        with self.lock:
            cursor = self.db.cursor()
            cursor.row_factory = None  # plain tuples: thousands of rows, read once
            oldest = cursor.execute(
                "SELECT DISTINCT n FROM hops WHERE stack = ? ORDER BY n DESC LIMIT 1 OFFSET ?",
                (stack, FIGURES_REQUESTS - 1),
            ).fetchone()
            rows = cursor.execute(
                "SELECT node, lane, status, duration_ms FROM hops WHERE stack = ? AND n >= ?"
                " ORDER BY n DESC LIMIT ?",
                (stack, oldest[0] if oldest else 0, FIGURES_HOPS),
            ).fetchall()
        by_node: dict[str, list[tuple]] = {}
        by_lane: dict[str, dict[str, list[tuple]]] = {}
        for node, lane, status, duration in rows:
            by_node.setdefault(node, []).append((status, duration))
            if lane is not None:
                by_lane.setdefault(lane, {}).setdefault(node, []).append((status, duration))
        return {
            "nodes": figures_of(by_node),
            "lanes": {lane: figures_of(nodes) for lane, nodes in by_lane.items()},
        }

    def route_hits(self, stack: str) -> dict[str, int]:
        """Hits per `"NODE METHOD TEMPLATE"` of `stack` (misses under template `NO_ROUTE`)."""
        with self.lock:
            rows = self.db.execute(
                "SELECT node, method, template, count(*) FROM route_hits WHERE stack = ?"
                " GROUP BY node, method, template",
                (stack,),
            ).fetchall()
        return {f"{node} {method} {template}": hits for node, method, template, hits in rows}

    # -- stacks ------------------------------------------------------------------------------

    def announce_stack(self, info: dict[str, Any], loaded_from: str | None = None) -> None:
        """Record (or refresh) a stack's announcement; keeps its dropped count while the same
        process announces (its count only grows), and starts it again for another: a stack
        started again under its name counts from 0, and the old process's count said nothing
        of it.

        `loaded_from` names the saved-requests file the announcement came from: such a stack is
        not running (never online, nothing to send to) until the stack itself announces again.
        """
        graph_id, graph, routes = graph_row(info["graph"], info.get("routes"))
        with self.lock:
            self.db.execute("INSERT OR IGNORE INTO graphs (id, graph, routes) VALUES (?, ?, ?)",
                            (graph_id, graph, routes))
            self.db.execute(
                "INSERT INTO stacks (name, url, file, graph, pid, routes, seen, loaded_from,"
                " graph_id) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?) ON CONFLICT (name) DO UPDATE SET"
                " url = excluded.url, file = excluded.file, graph = excluded.graph,"
                " pid = excluded.pid, routes = excluded.routes, seen = excluded.seen,"
                " loaded_from = excluded.loaded_from, graph_id = excluded.graph_id,"
                " dropped = CASE WHEN (stacks.pid, stacks.url) IS (excluded.pid, excluded.url)"
                " THEN stacks.dropped ELSE 0 END",
                (info["name"], info["url"], info.get("file"), graph, info.get("pid"), routes,
                 time.time(), loaded_from, graph_id),
            )

    def set_dropped(self, stacks: Iterable[str], dropped: int) -> None:
        """Note how many requests a stack says it left untraced (`X-Pastescope-Dropped`)."""
        with self.lock:
            self.db.executemany(
                "UPDATE stacks SET dropped = max(dropped, ?) WHERE name = ?",
                [(dropped, name) for name in stacks],
            )

    def stacks(self) -> list[dict[str, Any]]:
        """Every known stack, with `online`, `dropped` and `loaded_from`: those that announced
        themselves first, most recent first, then those loaded from a file."""
        with self.lock:
            rows = self.db.execute(
                "SELECT * FROM stacks ORDER BY loaded_from IS NOT NULL, seen DESC, name"
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
        stack has here."""
        graph_id, graph_text, routes_text = graph_row(graph, routes)
        with self.lock:
            # NOTE: one hold of the lock: a prune between the two would drop the graph no
            # trace names yet.
            self.db.execute("INSERT OR IGNORE INTO graphs (id, graph, routes) VALUES (?, ?, ?)",
                            (graph_id, graph_text, routes_text))
            self.db.execute("UPDATE traces SET graph_id = ? WHERE trace IN"
                            " (SELECT value FROM json_each(?))", (graph_id, json.dumps(trace_ids)))

    # -- uploads -----------------------------------------------------------------------------

    def add_ini(self, doc: dict[str, Any]) -> str:
        """Keep an uploaded ini's inspect document; returns its new id."""
        ini_id = uuid.uuid4().hex[:12]
        with self.lock:
            self.db.execute(
                "INSERT INTO inis (id, created, doc) VALUES (?, ?, ?)",
                (ini_id, time.time(), json.dumps(doc)),
            )
        return ini_id

    def ini(self, ini_id: str) -> dict[str, Any] | None:
        with self.lock:
            row = self.db.execute("SELECT doc FROM inis WHERE id = ?", (ini_id,)).fetchone()
        return json.loads(row["doc"]) if row is not None else None


def graph_row(graph: dict[str, Any], routes: dict[str, Any] | None) -> tuple[str, str, str]:
    """A `graphs` row: id, graph and routes as JSON. The id is made of the content, so a graph
    announced again, or loaded from a file, is kept once."""
    graph_text, routes_text = json.dumps(graph), json.dumps(routes or {})
    graph_id = hashlib.sha256(f"{graph_text}\n{routes_text}".encode()).hexdigest()[:16]
    return graph_id, graph_text, routes_text


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


def figures_of(hops: dict[str, list[tuple]]) -> dict[str, dict[str, Any]]:
    """Per node, from its `(status, duration_ms)` hops: requests, errors, p50 and p95 ms."""
    return {node: hop_figures(values) for node, values in hops.items()}


def hop_figures(hops: list[tuple]) -> dict[str, Any]:
    """One box's figures; a hop with no status raised, so it is an error as a 5xx is."""
    durations = [duration or 0.0 for _, duration in hops]
    return {
        "requests": len(hops),
        "errors": sum(1 for status, _ in hops if status is None or status >= 500),
        "p50": percentile(durations, 50),
        "p95": percentile(durations, 95),
    }


def route_hit(n: int, stack: str, event: dict[str, Any]) -> tuple:
    data = event["data"]
    template = data.get("template") if event["kind"] == "route.match" else NO_ROUTE
    return (n, stack, event["node"] or "", str(template), data.get("method"))


def status_range(status: str) -> tuple[int, int] | None:
    """`"4xx"` → (400, 499); `"404"` → (404, 404); `"none"` (`NO_STATUS`) → None, no status.
    Raises ValueError for anything else."""
    status = status.strip().lower()
    if status == NO_STATUS:
        return None
    if len(status) == 3 and status.isascii() and status[0].isdigit():
        if status[1:] == "xx":
            return int(status[0]) * 100, int(status[0]) * 100 + 99
        if status.isdigit():
            return int(status), int(status)
    raise ValueError(f"not a status code or class: {status!r}")


def percentile(values: list[float], pct: float) -> float:
    """Nearest-rank percentile of `values` (not empty)."""
    ordered = sorted(values)
    rank = max(0, min(len(ordered) - 1, math.ceil(pct / 100 * len(ordered)) - 1))
    return round(ordered[rank], 3)


def stack_json(row: sqlite3.Row) -> dict[str, Any]:
    """A stacks row for the API; a stack loaded from a file is never online."""
    result = dict(row)
    result["graph"] = json.loads(result["graph"])
    result["routes"] = json.loads(result["routes"])
    fresh = time.time() - result["seen"] < STACK_STALE_S
    result["online"] = fresh and result["loaded_from"] is None
    return result


def get_store() -> TraceStore:
    """The store, with every batch ingest accepted so far written (see `dashboard.writer`)."""
    current_app.extensions["pastescope.writer"].flush()
    return current_app.extensions["pastescope.store"]


def init_app(app: Flask) -> None:
    """Open the store in `DATA_DIR` (created if missing)."""
    data_dir = Path(app.config["DATA_DIR"])
    data_dir.mkdir(parents=True, exist_ok=True)
    app.extensions["pastescope.store"] = TraceStore(
        data_dir / "pastescope.sqlite3", app.config["MAX_TRACES"], app.config["MAX_AGE_S"]
    )
