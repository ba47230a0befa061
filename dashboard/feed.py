"""`LiveFeed`: turns what ingest accepted into coalesced messages on the live stream.

At hundreds of requests a second a message per request would swamp browsers, so new rows are
gathered and pushed at most once per `FEED_COALESCE_MS` (the first after a quiet spell at
once), together with the events of the newest trace of each stack (what the diagram animates),
in one write to each browser. Per-box figures are read from the store once the writer has
stored a trace; they are heavier to compute and change slowly: at most once per
`FEED_FIGURES_S`, from a thread of their own so that rows never wait behind them.

Messages: `rows` (HTML `<tr>`s of one stack, newest first), `trace` (JSON: one trace with its
events, and their paths and route arguments as the pages show them: `shown_trace`), `figures`
(JSON: per-box figures and route hits of one stack), `stacks` (HTML stack picker). `rows`,
`trace` and `figures` messages say their stack to the stream, which sends them to that stack's
subscribers: a list filtered to one stack is not sent a busy other stack's rows.

The threads end as the store closes (`TraceStore.closing`): left running, a figure due then
was read from a closed store, and its failure logged on the console of a dashboard that had
stopped (or of the next test).
"""

from __future__ import annotations

import json
import threading
import time
from collections.abc import Callable
from typing import Any

from flask import Flask
from flask import current_app
from flask import render_template

from dashboard.store import TraceStore
from dashboard.stream import LiveStream
from dashboard.stream import Message
from dashboard.timeline import shown_trace

#: Rows of one stack pushed in one message at most; a burst beyond it shows the newest.
MAX_ROWS_PER_MESSAGE = 200


class LiveFeed:
    """Collects arrivals from ingest (and the writer) and publishes them from two threads."""

    def __init__(
        self, app: Flask, stream: LiveStream, store: TraceStore, coalesce_s: float, figures_s: float
    ) -> None:
        self.app = app
        self.stream = stream
        self.store = store
        self.coalesce_s = coalesce_s
        self.figures_s = figures_s
        # One lock, a condition per thread: an arrival wakes only the thread it concerns, and
        # only when that thread has nothing pending (else it is already waiting for its time).
        self.lock = threading.Lock()
        self.updates_due = threading.Condition(self.lock)
        self.figures_due = threading.Condition(self.lock)
        self.rows: list[dict[str, Any]] = []
        self.newest: dict[str, dict[str, Any]] = {}
        self.figure_stacks: set[str] = set()
        self.announced = False
        self.loaded = False
        self.last_flush = 0.0
        self.last_figures = 0.0
        self.threads: list[threading.Thread] = []
        #: Whether the store is closing: the threads end, and none is started again.
        self.closed = False

    def traces_arrived(self, summaries: list[dict[str, Any]], events: dict[str, list]) -> None:
        """Queue new trace rows; `events` maps trace id → its events (for the animation)."""
        with self.lock:
            idle = not self.updates_pending()
            self.rows.extend(summaries)
            for summary in summaries:
                self.newest[summary["stack"]] = {**summary, "events": events[summary["trace"]]}
            if idle:
                self._wake(self.updates_due)

    def traces_stored(self, stacks: set[str]) -> None:
        """The writer stored traces of `stacks`: their figures are due."""
        with self.lock:
            idle = not self.figure_stacks
            self.figure_stacks |= stacks
            if idle:
                self._wake(self.figures_due)

    def stack_announced(self) -> None:
        """A stack announced itself, said it stopped, or its untraced count rose: browsers get
        a fresh stack picker."""
        with self.lock:
            idle = not self.updates_pending()
            self.announced = True
            if idle:
                self._wake(self.updates_due)

    def traces_loaded(self) -> None:
        """A file of saved requests was loaded: browsers list the requests again (they are
        stored, not streamed as rows), and get a fresh stack picker."""
        with self.lock:
            idle = not self.updates_pending()
            self.announced = self.loaded = True
            if idle:
                self._wake(self.updates_due)

    def updates_pending(self) -> bool:
        return bool(self.rows) or self.announced

    def close(self) -> None:
        """End the threads, publishing nothing more (what is pending is dropped: the store it
        would be read from is closing, and the browsers' stream with it).

        Each thread is waited for up to twice `TraceStore.busy_timeout_s`: one publishing
        figures reads them under the store's lock (`TraceStore.lock`), which a write holds
        while it waits for a lock another process holds on the file, up to that timeout."""
        with self.lock:
            self.closed = True
            self.updates_due.notify()
            self.figures_due.notify()
        for thread in self.threads:
            thread.join(2 * self.store.busy_timeout_s)

    def _wake(self, due: threading.Condition) -> None:
        if self.closed:
            return
        if not self.threads:
            self.threads = [
                threading.Thread(target=self._run_updates, name="live-feed", daemon=True),
                threading.Thread(target=self._run_figures, name="live-figures", daemon=True),
            ]
            for thread in self.threads:
                thread.start()
        due.notify()

    def _run_updates(self) -> None:
        while True:
            with self.lock:
                if not wait_until(self.updates_due, self.updates_pending, lambda: self.last_flush,
                                  self.coalesce_s, lambda: self.closed):
                    return
                rows, self.rows = self.rows, []
                newest, self.newest = self.newest, {}
                announced, self.announced = self.announced, False
                loaded, self.loaded = self.loaded, False
                self.last_flush = time.monotonic()
            self._publish(self._updates, rows, newest, announced, loaded)

    def _run_figures(self) -> None:
        while True:
            with self.lock:
                if not wait_until(self.figures_due, lambda: bool(self.figure_stacks),
                                  lambda: self.last_figures, self.figures_s,
                                  lambda: self.closed):
                    return
                stacks, self.figure_stacks = self.figure_stacks, set()
                self.last_figures = time.monotonic()
            self._publish(self._figures, stacks)

    def _publish(self, publish, *args: Any) -> None:
        try:
            with self.app.app_context():
                publish(*args)
        except Exception:
            self.app.logger.exception("live feed: could not publish an update")

    def _updates(self, rows: list[dict[str, Any]], newest: dict[str, dict[str, Any]],
                 announced: bool, loaded: bool) -> None:
        """One write to each browser: the new rows, the trace to animate, the stack picker,
        and whether a file was loaded (its requests are listed again)."""
        messages = []
        for stack, ofstack in by_stack(rows[::-1]).items():
            shown = ofstack[:MAX_ROWS_PER_MESSAGE]
            messages.append(Message("rows", render_template("_rows.html", rows=shown), stack))
        for stack, trace in newest.items():
            replayed = shown_trace(trace, self._route_tables(trace))
            messages.append(Message("trace", json.dumps(replayed, separators=(",", ":")), stack))
        if announced:
            html = render_template("_stacks.html", stacks=self.store.stacks(), current=None)
            messages.append(Message("stacks", html))
        if loaded:
            messages.append(Message("loaded", "1"))  # an event with no data is never dispatched
        self.stream.publish_many(messages)

    def _route_tables(self, trace: dict[str, Any]) -> dict[str, Any]:
        """The route tables `trace` was served with (`TraceStore.routes_served`), where it
        matched a route: its route.match names the row it matched in them (`shown_trace`).
        Read only then: a trace that met no router (a 401 of auth, a version document) needs
        none."""
        if not any(event["kind"] == "route.match" for event in trace["events"]):
            return {}
        return self.store.routes_served(trace)

    def _figures(self, stacks: set[str]) -> None:
        for stack in sorted(stacks):
            self.stream.publish("figures", json.dumps(figures(self.store, stack)), stack=stack)


def by_stack(rows: list[dict[str, Any]]) -> dict[str, list[dict[str, Any]]]:
    """`rows` by their stack, each stack's in the order given, the stacks in order of their
    first row."""
    grouped: dict[str, list[dict[str, Any]]] = {}
    for row in rows:
        grouped.setdefault(row["stack"], []).append(row)
    return grouped


def wait_until(
    due: threading.Condition,
    pending: Callable[[], bool],
    last: Callable[[], float],
    every: float,
    closed: Callable[[], bool],
) -> bool:
    """Block (holding `due`'s lock) until `pending()` and `every` seconds since `last()`: True;
    or until `closed()`: False, the thread ends.

    The first arrival after a quiet spell goes at once; under load arrivals are gathered and
    go together `every` seconds after the previous message.
    """
    while not closed():
        if pending():
            wait = last() + every - time.monotonic()
            if wait <= 0:
                return True
            due.wait(wait)
        else:
            due.wait()
    return False


def figures(store: TraceStore, stack: str) -> dict[str, Any]:
    """The `figures` message of one stack: per-box figures (`nodes`, and `lanes` for a node
    drawn in several lanes) and route hit counts."""
    return {"stack": stack, **store.node_figures(stack), "routes": store.route_hits(stack)}


def get_feed() -> LiveFeed:
    return current_app.extensions["pastescope.feed"]


def init_app(app: Flask) -> None:
    """The app's feed, ended as its store closes (`TraceStore.closing`), however the app is
    closed: by the server on its way out, or by a test."""
    store = app.extensions["pastescope.store"]
    feed = LiveFeed(
        app,
        app.extensions["pastescope.stream"],
        store,
        app.config["FEED_COALESCE_MS"] / 1000.0,
        app.config["FEED_FIGURES_S"],
    )
    store.closing.append(feed.close)
    app.extensions["pastescope.feed"] = feed
