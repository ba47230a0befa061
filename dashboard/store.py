"""`TraceStore`: traces, stacks, per-box hops and uploaded inis in one SQLite file (its tables:
`dashboard.store_tables`; its stacks and their graphs: `dashboard.store_stacks`; its boxes'
figures: `dashboard.store_figures`; its uploads: `dashboard.store_inis`; the traces as pages
read them: `dashboard.store_queries`, the list's filters: `dashboard.store_filters`; what a
trace's events are stored as: `dashboard.trace_rows`).

SQLite (stdlib, WAL) keeps the dashboard's memory flat however long it runs and lets a restart
keep what was seen. Retention is bounded by count and by age; the oldest traces go first. One
connection guarded by a lock: every statement here is short, and SQLite serialises writers anyway.
A write made of several (a file of saved requests: its stacks, traces and graphs; a batch and
its stacks' counts) runs them in one `writing()`, which theirs join: stored whole, or, refused,
not at all.

Another process may keep the file locked (a second dashboard on the same --data, a program with
it open) for longer than a write waits (`busy_timeout_s`): the write is refused (`StoreInUse`),
said once on the console, and, until a write finds the file free again, each write waits a
moment only (`RECHECK_WAIT_S`), so that pages, which read past the lock (WAL), are not held up
behind it. The write that first meets the lock waits the whole `busy_timeout_s`, holding the
store's lock (its connection is the pages' too): a page asked meanwhile waits with it, once
each time the lock is first met.
"""

from __future__ import annotations

import logging
import sqlite3
import threading
import time
from collections.abc import Callable
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

import orjson
from flask import Flask
from flask import current_app

from dashboard.data_folder import StoreInUse
from dashboard.data_folder import in_use
from dashboard.data_folder import is_in_use
from dashboard.data_folder import make_data_folder
from dashboard.data_folder import unusable_store
from dashboard.store_figures import FigureRecords
from dashboard.store_figures import count_routes
from dashboard.store_inis import MAX_INIS
from dashboard.store_inis import IniRecords
from dashboard.store_queries import TraceQueries
from dashboard.store_stacks import StackRecords
from dashboard.store_tables import create_tables
from dashboard.trace_rows import SUMMARY
from dashboard.trace_rows import in_order
from dashboard.trace_rows import span_places
from dashboard.trace_rows import summarize
from stack.routing import Route
from stack.wsgi_path import readable_path

LOG = logging.getLogger(__name__)

#: Most values bound to one statement (SQLite's own limit is 32766).
MAX_BOUND = 10_000
#: Seconds between prunes at most: a prune reads the newest `max_traces` rows' index.
PRUNE_EVERY_S = 1.0
#: Seconds a write waits for a lock another connection holds on the file (sqlite3's default).
BUSY_TIMEOUT_S = 5.0
#: Seconds a write waits for it while the store is in use (`TraceStore.in_use`): every write
#: holds the store's lock meanwhile, and every page reading waits behind it.
RECHECK_WAIT_S = 0.1
#: Stores a trace: its summary's columns (`SUMMARY`), then when it came, its events and graph.
_INSERT_COLUMNS = (*SUMMARY, "received", "events", "graph_id")
INSERT_TRACE = (f"INSERT INTO traces ({', '.join(_INSERT_COLUMNS)})"
                f" VALUES ({', '.join('?' * len(_INSERT_COLUMNS))})")
#: Why a trace id finds nothing, said by every answer that names one: a stack sends a trace
#: once its request has ended, in batches, so its client holds the id (`X-Pastescope-Trace`)
#: a moment before the dashboard holds the trace.
NOT_HERE = ("a stack sends a request's trace once the request has ended, in batches, so one "
            "just served may not be here yet (try again in a moment); otherwise no trace of "
            "that id was sent here, or the limits on what the dashboard keeps (--max-traces, "
            "--max-age) dropped it")


def not_here(*trace_ids: str, what: str = "trace") -> str:
    """`no trace 'ID' here: …` (`NOT_HERE`), naming each of `trace_ids` after `what` (a page
    says `request with trace id`)."""
    return f"no {what} {', '.join(map(repr, trace_ids))} here: {NOT_HERE}"


class TraceStore(TraceQueries, StackRecords, FigureRecords, IniRecords):
    """The dashboard's memory: what stacks sent, bounded by `max_traces` and `max_age_s`."""

    def __init__(self, path: Path | str, max_traces: int = 10_000, max_age_s: float = 86400,
                 busy_timeout_s: float = BUSY_TIMEOUT_S):
        self.path = str(path)
        self.max_traces = max_traces
        self.max_age_s = max_age_s
        self.busy_timeout_s = busy_timeout_s
        #: Why writes are refused, while another process keeps the file locked (`writing`).
        self.in_use: str | None = None
        # NOTE: re-entrant: a write made of several holds it throughout (`writing`), and reads
        # what it decides by on the same connection
        self.lock = threading.RLock()
        try:
            self.db = sqlite3.connect(self.path, timeout=busy_timeout_s, check_same_thread=False,
                                      isolation_level=None)
        except sqlite3.Error as exc:
            raise unusable_store(self.path, exc) from None
        self.db.row_factory = sqlite3.Row
        self.db.create_function("readable_path", 1, readable_path, deterministic=True)
        with self.lock:
            try:
                create_tables(self.db)
            except sqlite3.Error as exc:
                self.db.close()
                raise unusable_store(self.path, exc) from None
        # NOTE: a connection of its own for what ingest asks as a batch arrives (`stacks_of`):
        # WAL readers wait for no writer, so a stack's answer does not wait for the writer's
        # transaction, as it would for the lock.
        self.reader = sqlite3.connect(self.path, timeout=busy_timeout_s,
                                      check_same_thread=False, isolation_level=None)
        self.read_lock = threading.Lock()
        self._last_prune = 0.0
        self._route_tables: tuple[str | None, dict[str, list[Route]]] = (None, {})
        #: What ends before the connections close: threads that use the store (the live
        #: feed's, which would otherwise read a closed one and log that they could not; the
        #: writer's, which first writes the batches it took).
        self.closing: list[Callable[[], None]] = []

    def close(self) -> None:
        for end in self.closing:
            end()
        with self.lock, self.read_lock:
            self.db.close()
            self.reader.close()

    @contextmanager
    def writing(self) -> Iterator[None]:
        """A transaction on the store's connection, under its lock, committed unless it raises;
        StoreInUse when another process kept the file locked for longer than it waits. Within
        another (on the thread holding the lock), it is part of that one, committed or rolled
        back with it: a write made of several is refused whole or stored whole, never answered
        503 with part of it stored.

        NOTE: begun IMMEDIATE, taking the file's write lock before anything is read: a deferred
        transaction that has read is refused the write lock at once, never waiting, and a batch
        arriving while another dashboard on the same folder wrote was lost ("left out").
        """
        with self.lock:
            if self.db.in_transaction:
                yield
                return
            self._begin()
            try:
                yield
                self.db.execute("COMMIT")
            except BaseException:
                if self.db.in_transaction:
                    self.db.execute("ROLLBACK")
                raise

    def check_free(self) -> None:
        """StoreInUse if the store is in use (`in_use`) and still found so: what ingest asks
        before it takes a batch it could not write."""
        if self.in_use is not None:
            with self.writing():
                pass

    def _begin(self) -> None:
        """Begin a write (`writing`), and say on the console, once, when the file is found in
        use by another process, and when it is free again."""
        try:
            self.db.execute("BEGIN IMMEDIATE")
        except sqlite3.OperationalError as exc:
            if not is_in_use(exc):
                raise
            if self.in_use is None:
                self.in_use = in_use(self.path, exc)
                LOG.warning("store: %s. Until it is free nothing is written: what stacks send, "
                            "their announcements and uploads are answered 503 (a stack counts "
                            "the requests it drops), batches taken before are written then",
                            self.in_use)
                self._wait_for_lock(RECHECK_WAIT_S)
            raise StoreInUse(self.in_use) from None
        if self.in_use is not None:
            self.in_use = None
            self._wait_for_lock(self.busy_timeout_s)
            LOG.warning("store: %s is free again: writing goes on", self.path)

    def _wait_for_lock(self, seconds: float) -> None:
        """Have a write wait `seconds` at most for a lock another connection holds."""
        self.db.execute(f"PRAGMA busy_timeout = {round(seconds * 1000)}")

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
        with self.writing():
            for trace_id, new in by_trace.items():
                self.db.execute("SAVEPOINT one_trace")
                try:
                    summaries.append(self._add_trace(trace_id, new, now, replace))
                except (sqlite3.Error, ValueError, TypeError, OverflowError) as exc:
                    self.db.execute("ROLLBACK TO one_trace")
                    LOG.warning("store: trace %r left out, it cannot be stored: %s: %s",
                                trace_id[:100], type(exc).__name__, exc)
                self.db.execute("RELEASE one_trace")
            self._prune(now)
        return summaries

    def prune_if_due(self) -> None:
        """Apply the limits if no prune ran in the last `PRUNE_EVERY_S`: what
        `dashboard.retention` calls, so that they hold while no trace arrives, and the store
        is found free again (`in_use`) while nothing else is written."""
        with self.writing():
            self._prune(time.time())

    def stacks_of(self, trace_ids: list[str]) -> dict[str, tuple[str, int]]:
        """The stack and event count of each of `trace_ids` stored (committed: ingest knows
        those it accepted since), by id."""
        rows = self._read_for("SELECT trace, stack, json_array_length(events) FROM traces",
                              trace_ids)
        return {trace: (stack, count) for trace, stack, count in rows}

    def stored(self, trace_ids: list[str]) -> set[str]:
        """Those of `trace_ids` stored (committed): their ids alone, none of their events read
        (as `stacks_of` counts them)."""
        return {trace for (trace,) in self._read_for("SELECT trace FROM traces", trace_ids)}

    def held_seqs(self, trace_ids: list[str]) -> dict[str, set[int]]:
        """The seqs of the events each of `trace_ids` stored holds (committed), by id: a trace
        keeps one event a seq, the first that came (`_add_trace`)."""
        found: dict[str, set[int]] = {}
        for trace, seq in self._read_for("SELECT trace, json_extract(event.value, '$.seq')"
                                         " FROM traces, json_each(traces.events) AS event",
                                         trace_ids):
            found.setdefault(trace, set()).add(seq)
        return found

    def _read_for(self, select: str, trace_ids: list[str]) -> list[tuple]:
        """The rows `select` (a SELECT … FROM with no WHERE) reads for the traces `trace_ids`,
        on the reader connection (committed rows)."""
        rows: list[tuple] = []
        with self.read_lock:
            # NOTE: in slices: SQLite binds at most 32766 values a statement
            for start in range(0, len(trace_ids), MAX_BOUND):
                ids = trace_ids[start:start + MAX_BOUND]
                rows += self.reader.execute(
                    f"{select} WHERE trace IN ({', '.join('?' * len(ids))})", ids).fetchall()
        return rows

    def _add_trace(self, trace_id: str, new: list[dict[str, Any]], now: float,
                   replace: bool) -> dict[str, Any]:
        row = self.db.execute(
            "SELECT n, stack, events, graph_id FROM traces WHERE trace = ?", (trace_id,)
        ).fetchone()
        if row is not None and not replace and row["stack"] != new[0]["stack"]:
            # ingest refuses it (`dashboard.ingest_traces.known_traces`); this keeps a race from
            # mixing two stacks' requests in one
            raise ValueError(f"it is stored as the stack {row['stack']!r}'s, not "
                             f"{new[0]['stack']!r}'s")
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
            INSERT_TRACE,
            # NOTE: orjson: json.dumps took half of storing a trace. Every value here
            # was checked on arrival (finite, within ±2**53, encodable text).
            (*(summary[k] for k in SUMMARY), now,
             orjson.dumps(new, option=orjson.OPT_NON_STR_KEYS).decode(), graph_id),
        )
        n = cursor.lastrowid
        stack = summary["stack"]
        places = span_places(new)
        self.db.executemany(
            "INSERT INTO hops (n, stack, node, lane, nth, status, duration_ms)"
            " VALUES (?, ?, ?, ?, ?, ?, ?)",
            [
                (n, stack, e["node"], *places.get(e["span"], (None, 0)),
                 e["data"].get("status"), e["data"].get("duration_ms"))
                for e in new
                if e["kind"] == "node.leave" and e["node"]
            ],
        )
        routed = any(e["kind"] in ("route.match", "route.miss") for e in new)
        count_routes(self.db, n, stack, new, self._routes_of(graph_id) if routed else {})
        return summary

    def routes_served(self, trace: dict[str, Any]) -> dict[str, list[Route]]:
        """The route tables, by router, of the graph `trace` was served with (`_routes_of`,
        the last kept), else of its stack's graph now, as `stack_of` draws it: Live's replay
        lights the row each of its route.match events matched in them
        (`timeline.shown_trace`), as its hit was counted."""
        with self.lock:
            row = self.db.execute(
                "SELECT COALESCE(traces.graph_id, stacks.graph_id) AS graph_id FROM stacks"
                " LEFT JOIN traces ON traces.trace = ? WHERE stacks.name = ?",
                (trace["trace"], trace["stack"])).fetchone()
            return self._routes_of(row["graph_id"] if row else None)

    def _routes_of(self, graph_id: str | None) -> dict[str, list[Route]]:
        """The route tables, by router, of the graph `graph_id` a trace was served with, whose
        rows its route.match events are counted on (`route_hit`). The last read is kept: a
        stack's traces come one graph after another, and nova's tables are hundreds of rows."""
        if graph_id is None:
            return {}
        if graph_id != self._route_tables[0]:
            row = self.db.execute("SELECT routes FROM graphs WHERE id = ?",
                                  (graph_id,)).fetchone()
            self._route_tables = (graph_id, orjson.loads(row["routes"]) if row else {})
        return self._route_tables[1]

    def _prune(self, now: float) -> None:
        """Drop traces beyond the count limit or older than the age limit (oldest first),
        unless a prune ran in the last `PRUNE_EVERY_S`."""
        if now - self._last_prune < PRUNE_EVERY_S:
            return
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


def get_store() -> TraceStore:
    """The store, with every batch ingest accepted so far written (see `dashboard.writer`)."""
    current_app.extensions["pastescope.writer"].flush()
    return current_app.extensions["pastescope.store"]


def init_app(app: Flask) -> None:
    """Open the store in `DATA_DIR` (created if missing); DataUnusable when it cannot be.
    `STORE_BUSY_TIMEOUT_S`, unset but by tests, keeps a test's lock on the file short."""
    data_dir = Path(app.config["DATA_DIR"])
    make_data_folder(data_dir)
    app.extensions["pastescope.store"] = TraceStore(
        data_dir / "pastescope.sqlite3", app.config["MAX_TRACES"], app.config["MAX_AGE_S"],
        app.config.get("STORE_BUSY_TIMEOUT_S", BUSY_TIMEOUT_S),
    )
