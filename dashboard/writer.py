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
(503), and readers wait for none of them.

The thread ends as the store closes (`TraceStore.closing`), before its connections do: it
first writes the batches it holds, for `busy_timeout_s` plus `CLOSE_MARGIN_S` (a try under way
then runs on, the store's closing waiting for it: up to twice `busy_timeout_s`) (left
running, it wrote them on a closed store, logged a traceback for each, and lost them); those
it cannot write then, the store in use by another process, are said lost on the console, once.
A batch submitted after is refused as ingest refuses one it cannot take: 503, `Retry-After`.
"""

from __future__ import annotations

import queue
import threading
import time
from typing import Any

from flask import Flask
from flask import current_app
from werkzeug.exceptions import ServiceUnavailable

from dashboard.data_folder import StoreInUse
from dashboard.errors import RETRY_AFTER_S
from dashboard.feed import LiveFeed
from dashboard.store import TraceStore
from dashboard.text import counted

#: Batches waiting to be written at most; ingest waits beyond it.
MAX_PENDING = 256
#: Longest a reader waits for pending batches (seconds); a reader is never stuck for good.
FLUSH_TIMEOUT_S = 10.0
#: Seconds between tries to write the batches held while the store is in use.
RETRY_S = 1.0
#: Seconds the store's closing waits for the thread past the store's own wait for a lock
#: (`TraceStore.busy_timeout_s`): a try begun then (`RETRY_S` apart) and the writing itself.
CLOSE_MARGIN_S = 2.0
#: Why a batch is refused once the store is closing (503, as ingest refuses one while the store
#: is in use: its stack counts it dropped).
STOPPING = "the dashboard is stopping: nothing of this batch was stored"
#: What the console says of the batches the thread gave up on as the store closed (their count).
LOST = ("store writer: not stored, though answered 202: %s (the store was in use by another "
        "process as the dashboard stopped)")
#: What the queue holds last once the store is closing: the thread ends as it takes it.
STOP = None


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
        self.pending: queue.Queue[Batch | None] = queue.Queue(max_pending)
        self.done = threading.Condition()
        self.submitted = 0
        self.written = 0
        self.thread: threading.Thread | None = None
        # NOTE: held while a batch is queued (`submit`), so that none comes after `STOP`
        self.start_lock = threading.Lock()
        #: When the store began closing (`close`): batches are refused from then on, and the
        #: thread gives up on those it holds `busy_timeout_s` later.
        self.closed_at: float | None = None

    def submit(self, events: list[dict[str, Any]], merge: dict[str, list[dict[str, Any]]],
               dropped: tuple[set[str], int] | None = None, stopped: str | None = None) -> None:
        """Queue a batch. `merge`: trace id → this batch's events of traces that were not whole
        in it, given to the feed with their summary once merged with what was stored.
        `dropped`: (stacks, count) a stack reported as left untraced; `stopped`: the stack
        that said it stopped. Refused (503, `STOPPING`) once the store is closing."""
        with self.start_lock:
            self.check_open()
            if self.thread is None:
                self.thread = threading.Thread(target=self._run, name="store-writer", daemon=True)
                self.thread.start()
            with self.done:
                self.submitted += 1
            self.pending.put(Batch(events, merge, dropped, stopped))

    def check_open(self) -> None:
        """Refuse a batch (503, `STOPPING`) once the store is closing: what ingest asks before
        it does any work on one (`submit` asks again, the store closing meanwhile)."""
        if self.closed_at is not None:
            raise ServiceUnavailable(STOPPING, retry_after=RETRY_AFTER_S)

    def flush(self, timeout: float = FLUSH_TIMEOUT_S) -> None:
        """Wait until every batch submitted before this call is written (or `timeout`), or
        until the store is found in use: the batches then wait for it, the reader need not."""
        with self.done:
            target = self.submitted
            self.done.wait_for(
                lambda: self.written >= target or self.store.in_use is not None, timeout)

    def close(self) -> None:
        """Have the thread write the batches it holds and end, within `busy_timeout_s` plus
        `CLOSE_MARGIN_S`; refuse those submitted from now on. Called again, it waits no more."""
        if self.closed_at is not None:
            return
        self.closed_at = time.monotonic()
        # NOTE: a batch being queued is queued before `STOP`: the thread, giving up in time on
        # what it holds, makes room for both
        with self.start_lock:
            if self.thread is None:
                return
            self.pending.put(STOP)
        self.thread.join(max(0.0, self.closed_at + self.store.busy_timeout_s + CLOSE_MARGIN_S
                                  - time.monotonic()))

    def _run(self) -> None:
        lost = 0
        while True:
            taken = [self.pending.get()]
            while True:
                try:
                    taken.append(self.pending.get_nowait())
                except queue.Empty:
                    break
            batches = [batch for batch in taken if batch is not STOP]
            try:
                if batches and not self._write_held(batches):
                    lost += len(batches)
            except Exception:
                self.app.logger.exception("store writer: could not store %d batches",
                                          len(batches))
            with self.done:
                self.written += len(batches)
                self.done.notify_all()
            if STOP in taken:
                break
        if lost:
            self.app.logger.warning(LOST, counted(lost, "batches"))

    def _write_held(self, batches: list[Batch]) -> bool:
        """Write `batches`, holding them while the store is in use, and trying again every
        `RETRY_S`; False, none written, once the store, closing, has waited `busy_timeout_s`
        for it. A try refused wrote none of them (`_write`): the next writes them whole."""
        while True:
            try:
                self._write(batches)
                return True
            except StoreInUse:
                with self.done:
                    self.done.notify_all()  # `flush` waits no longer
            left = RETRY_S
            if self.closed_at is not None:
                left = self.closed_at + self.store.busy_timeout_s - time.monotonic()
                if left <= 0:
                    return False
            time.sleep(min(RETRY_S, left))

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
    """The app's writer, ended as its store closes (`TraceStore.closing`), after the live
    feed (registered first): what it writes then publishes nothing."""
    store = app.extensions["pastescope.store"]
    writer = StoreWriter(app, store, app.extensions["pastescope.feed"])
    store.closing.append(writer.close)
    app.extensions["pastescope.writer"] = writer
