"""`LiveFeed`: turns what ingest stored into coalesced messages on the live stream.

At hundreds of requests a second a message per request would swamp browsers, so new rows are
gathered and pushed at most once per `FEED_COALESCE_MS` (the first one at once), together with
the events of the newest trace of each stack (what the diagram animates). Per-box figures are
heavier to compute and change slowly: at most once per `FEED_FIGURES_S`.

Messages: `rows` (HTML `<tr>`s, newest first), `trace` (JSON: one trace with its events),
`figures` (JSON: per-box figures and route hits of one stack), `stacks` (HTML stack picker).
"""

from __future__ import annotations

import json
import threading
import time
from typing import Any

from flask import Flask
from flask import current_app
from flask import render_template

from dashboard.store import TraceStore
from dashboard.stream import LiveStream

#: Rows pushed in one message at most; a burst beyond it shows the newest.
MAX_ROWS_PER_MESSAGE = 200


class LiveFeed:
    """Collects arrivals from ingest and publishes them from one background thread."""

    def __init__(
        self, app: Flask, stream: LiveStream, store: TraceStore, coalesce_s: float, figures_s: float
    ) -> None:
        self.app = app
        self.stream = stream
        self.store = store
        self.coalesce_s = coalesce_s
        self.figures_s = figures_s
        self.cond = threading.Condition()
        self.rows: list[dict[str, Any]] = []
        self.newest: dict[str, dict[str, Any]] = {}
        self.figure_stacks: set[str] = set()
        self.announced = False
        self.last_flush = 0.0
        self.last_figures = 0.0
        self.thread: threading.Thread | None = None

    def traces_arrived(self, summaries: list[dict[str, Any]], events: dict[str, list]) -> None:
        """Queue new trace rows; `events` maps trace id → its events (for the animation)."""
        with self.cond:
            self.rows.extend(summaries)
            for summary in summaries:
                self.newest[summary["stack"]] = {**summary, "events": events[summary["trace"]]}
                self.figure_stacks.add(summary["stack"])
            self._wake()

    def stack_announced(self) -> None:
        """A stack announced itself: browsers get a fresh stack picker."""
        with self.cond:
            self.announced = True
            self._wake()

    def _wake(self) -> None:
        if self.thread is None:
            self.thread = threading.Thread(target=self._run, name="live-feed", daemon=True)
            self.thread.start()
        self.cond.notify()

    def _run(self) -> None:
        while True:
            with self.cond:
                figures_due = self._wait_for_work()
                rows, self.rows = self.rows, []
                newest, self.newest = self.newest, {}
                announced, self.announced = self.announced, False
                figure_stacks: set[str] = set()
                if figures_due:
                    figure_stacks, self.figure_stacks = self.figure_stacks, set()
                    self.last_figures = time.monotonic()
                if rows or announced:
                    self.last_flush = time.monotonic()
            try:
                with self.app.app_context():
                    self._publish(rows, newest, announced, figure_stacks)
            except Exception:
                self.app.logger.exception("live feed: could not publish an update")

    def _wait_for_work(self) -> bool:
        """Block (holding `cond`) until something is due; returns whether figures are."""
        while True:
            now = time.monotonic()
            waits = []
            if self.rows or self.announced:
                waits.append(self.last_flush + self.coalesce_s - now)
            if self.figure_stacks:
                waits.append(self.last_figures + self.figures_s - now)
            if waits and min(waits) <= 0:
                return bool(self.figure_stacks) and now - self.last_figures >= self.figures_s
            self.cond.wait(min(waits) if waits else None)

    def _publish(
        self,
        rows: list[dict[str, Any]],
        newest: dict[str, dict[str, Any]],
        announced: bool,
        figure_stacks: set[str],
    ) -> None:
        if rows:
            shown = rows[::-1][:MAX_ROWS_PER_MESSAGE]
            self.stream.publish("rows", render_template("_rows.html", rows=shown))
        for trace in newest.values():
            self.stream.publish("trace", json.dumps(trace, separators=(",", ":")))
        if announced:
            html = render_template("_stacks.html", stacks=self.store.stacks(), current=None)
            self.stream.publish("stacks", html)
        for stack in sorted(figure_stacks):
            self.stream.publish("figures", json.dumps(figures(self.store, stack)))


def figures(store: TraceStore, stack: str) -> dict[str, Any]:
    """The `figures` message of one stack: per-box figures and route hit counts."""
    return {"stack": stack, "nodes": store.node_figures(stack), "routes": store.route_hits(stack)}


def get_feed() -> LiveFeed:
    return current_app.extensions["pastescope.feed"]


def init_app(app: Flask) -> None:
    app.extensions["pastescope.feed"] = LiveFeed(
        app,
        app.extensions["pastescope.stream"],
        app.extensions["pastescope.store"],
        app.config["FEED_COALESCE_MS"] / 1000.0,
        app.config["FEED_FIGURES_S"],
    )
