"""`TraceQueries`: the stored traces as the pages read them: the list, newest first and
filtered, its count and methods, and one trace whole.

A part of `TraceStore` (`dashboard.store`) kept apart from what stores a trace: these only
read the `traces` table that `TraceStore.add_events` writes. Its methods run on the store's
connection, under the store's lock.
"""

from __future__ import annotations

import sqlite3
import threading
from typing import Any

import orjson

from dashboard.store_filters import filtered
from dashboard.trace_rows import SUMMARY


class TraceQueries:
    """The reads of the `traces` table of `TraceStore`, which opens the connection."""

    db: sqlite3.Connection
    lock: threading.RLock

    def traces(
        self,
        limit: int = 100,
        stack: str | None = None,
        method: str | None = None,
        status: str | None = None,
        path: str | None = None,
        before: str | None = None,
    ) -> list[dict[str, Any]]:
        """Trace summaries, newest first, optionally filtered (status: `404`, `4xx`, or a word
        of `STATUS_WORDS`: `error`, `no answer`, `pending`, `wsgi`), and only those listed
        after the trace `before` (the last of a page: the next page); LookupError when no
        trace of that id is kept.

        Newest by when each request was served (`started`, the list's time), not by arrival:
        requests loaded from a file arrive together, long after they were served, in the
        file's order. Retention still goes by arrival (`TraceStore._prune`): what was just
        loaded stays.
        """
        with self.lock:
            after = None
            if before is not None:
                mark = self.db.execute("SELECT started, n FROM traces WHERE trace = ?",
                                       (before,)).fetchone()
                if mark is None:
                    raise LookupError(before)
                after = (mark["started"], mark["n"])
            where, args = filtered(stack, method, status, path, after)
            rows = self.db.execute(
                "SELECT " + ", ".join(SUMMARY) + " FROM traces" + where
                + " ORDER BY started DESC, n DESC LIMIT ?", (*args, limit)).fetchall()
        return [dict(row) for row in rows]

    def count(self, stack: str | None = None, method: str | None = None,
              status: str | None = None, path: str | None = None) -> int:
        """How many kept traces `traces` would select with no limit: what a list of the
        newest says it shows of."""
        where, args = filtered(stack, method, status, path)
        with self.lock:
            return self.db.execute("SELECT count(*) FROM traces" + where, args).fetchone()[0]

    def methods(self) -> list[str]:
        """The methods of the requests kept, as they were sent, sorted: what the list's method
        filter offers. The send form sends any method as typed (`get`, `PURGE`), and so does
        curl: a fixed list could not select those."""
        with self.lock:
            rows = self.db.execute("SELECT DISTINCT method FROM traces WHERE method IS NOT NULL"
                                   " ORDER BY method").fetchall()
        return [row[0] for row in rows]

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
