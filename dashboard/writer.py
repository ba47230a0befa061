"""`StoreWriter`: writes ingested batches to the store on a thread of its own.

Ingest answers a stack as soon as a batch is checked, and the live feed publishes it at once,
so neither waits on SQLite (a commit, a WAL checkpoint, a figures query holding the store).
The stack's sink waits for each answer before it posts the next batch: a slow answer would
delay every request behind it. Batches waiting here are written together, in one transaction.

Readers that must see every accepted batch (the API, the pages) call `flush()` first:
`store.get_store()` does. The queue is bounded: when SQLite cannot keep up, ingest blocks,
the stack's own bounded queue fills, and the stack counts what it drops. While another process
keeps the store locked (`TraceStore.in_use`), the batches taken are held and written once it is
free: each was answered 202, and its stack counts it delivered. Ingest takes no more meanwhile
(503), and readers wait for none of them; nor while a write waits for the lock before the store
is found in use (`TraceStore.waiting`): they read what is stored.
"""

from __future__ import annotations

import queue
import threading
import time
from typing import Any

from flask import Flask
from flask import current_app

from dashboard.data_folder import StoreInUse
from dashboard.feed import LiveFeed
from dashboard.store import TraceStore

#: Batches waiting to be written at most; ingest waits beyond it.
MAX_PENDING = 256
#: Longest a reader waits for pending batches (seconds); a reader is never stuck for good.
FLUSH_TIMEOUT_S = 10.0
#: Seconds between tries to write the batches held while the store is in use.
RETRY_S = 1.0


class Batch:
    """One accepted batch: its events, which traces to announce once merged, who dropped what,
    and which stack said it stopped."""

    __slots__ = ("events", "merge", "dropped", "stopped")

    def __init__(self, events: list[dict[str, Any]], merge: dict[str, list[dict[str, Any]]],
                 dropped: tuple[set[str], int] | None, stopped: str | None) -> None:
        self.events = events
        self.merge = merge
        self.dropped = dropped
        self.stopped = stopped


class StoreWriter:
    """A queue of batches and the thread that writes them to `store`."""

    def __init__(self, app: Flask, store: TraceStore, feed: LiveFeed,
                 max_pending: int = MAX_PENDING) -> None:
        self.app = app
        self.store = store
        self.feed = feed
        self.pending: queue.Queue[Batch] = queue.Queue(max_pending)
        self.done = threading.Condition()
        self.submitted = 0
        self.written = 0
        self.thread: threading.Thread | None = None
        self.start_lock = threading.Lock()
        store.on_waiting.append(self._readers_go)

    def submit(self, events: list[dict[str, Any]], merge: dict[str, list[dict[str, Any]]],
               dropped: tuple[set[str], int] | None = None, stopped: str | None = None) -> None:
        """Queue a batch. `merge`: trace id → this batch's events of traces that were not whole
        in it, given to the feed with their summary once merged with what was stored.
        `dropped`: (stacks, count) a stack reported as left untraced; `stopped`: the stack
        that said it stopped."""
        self._start()
        with self.done:
            self.submitted += 1
        self.pending.put(Batch(events, merge, dropped, stopped))

    def flush(self, timeout: float = FLUSH_TIMEOUT_S) -> None:
        """Wait until every batch submitted before this call is written (or `timeout`), or
        until a write waits for the lock another process holds, or the store is found in use:
        the batches then wait for it, the reader need not."""
        with self.done:
            target = self.submitted
            self.done.wait_for(lambda: (self.written >= target or self.store.waiting > 0
                                        or self.store.in_use is not None), timeout)

    def _readers_go(self) -> None:
        """A write waits for the lock another process holds: `flush` waits no longer."""
        with self.done:
            self.done.notify_all()

    def _start(self) -> None:
        with self.start_lock:
            if self.thread is None:
                self.thread = threading.Thread(target=self._run, name="store-writer", daemon=True)
                self.thread.start()

    def _run(self) -> None:
        while True:
            batches = [self.pending.get()]
            while True:
                try:
                    batches.append(self.pending.get_nowait())
                except queue.Empty:
                    break
            try:
                self._write_held(batches)
            except Exception:
                self.app.logger.exception("store writer: could not store %d batches",
                                          len(batches))
            with self.done:
                self.written += len(batches)
                self.done.notify_all()

    def _write_held(self, batches: list[Batch]) -> None:
        """Write `batches`, holding them while the store is in use, and trying again every
        `RETRY_S`. A try refused wrote none of them (`_write`): the next writes them whole."""
        while True:
            try:
                self._write(batches)
                return
            except StoreInUse:
                self._readers_go()
                time.sleep(RETRY_S)

    def _write(self, batches: list[Batch]) -> None:
        """Write `batches`, their traces and their stacks' counts, in one transaction.

        NOTE: in several, the traces stored and a count refused, the next try stored each
        trace again, as if it had just arrived (a new age, a new place among those kept)."""
        events = [event for batch in batches for event in batch.events]
        shown = False  # whether the stack picker shows something new: a count, a stop
        with self.store.writing():
            summaries = self.store.add_events(events)
            for batch in batches:
                if batch.dropped is not None:
                    shown = self.store.set_dropped(*batch.dropped) or shown
                if batch.stopped is not None:
                    self.store.set_stopped(batch.stopped)
                    shown = True
        if shown:
            self.feed.stack_announced()  # browsers get a new picker
        merge = {trace: found for batch in batches for trace, found in batch.merge.items()}
        if merge:
            self.feed.traces_arrived([s for s in summaries if s["trace"] in merge], merge)
        if summaries:
            self.feed.traces_stored({s["stack"] for s in summaries})


def get_writer() -> StoreWriter:
    return current_app.extensions["pastescope.writer"]


def init_app(app: Flask) -> None:
    app.extensions["pastescope.writer"] = StoreWriter(
        app, app.extensions["pastescope.store"], app.extensions["pastescope.feed"]
    )
