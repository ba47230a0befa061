"""`LiveStream`: Server-Sent Events to every watching browser, with ids and resume.

Each message is encoded once and queued to every client. A client's queue is bounded: a browser
that falls that far behind is cut off rather than allowed to hold the others back (or grow the
dashboard's memory); its EventSource reconnects with `Last-Event-ID` and the bounded history
replays what it missed — the pyramid_debugtoolbar `sse` pattern.
"""

from __future__ import annotations

import queue
import threading
import time
from collections import deque
from collections.abc import Iterator

from flask import Blueprint
from flask import Flask
from flask import Response
from flask import current_app
from flask import jsonify
from flask import request

#: How long a browser waits before reconnecting after the stream ends (ms).
RETRY_MS = 500

bp = Blueprint("stream", __name__)


class Client:
    """One connected browser: its queue of encoded messages, and whether it was cut off."""

    __slots__ = ("queue", "cut_off")

    def __init__(self, size: int) -> None:
        self.queue: queue.Queue[str] = queue.Queue(size)
        self.cut_off = False


class LiveStream:
    """Fan-out of named messages to subscribers, keeping the last `history` for resume."""

    def __init__(self, history: int = 512, client_queue: int = 128, keepalive_s: float = 10.0):
        self.client_queue = client_queue
        self.keepalive_s = keepalive_s
        self.lock = threading.Lock()
        self.clients: set[Client] = set()
        self.history: deque[tuple[int, str]] = deque(maxlen=history)
        # NOTE: ids start from the clock in ms, so after a dashboard restart they still grow and
        # a browser resuming with an old Last-Event-ID is not mistaken for one from the future.
        self.last_id = int(time.time() * 1000)

    def publish(self, event: str, data: str, kept: bool = True) -> int:
        """Send `data` as SSE message `event` to every client; returns the message id."""
        return self.publish_many([(event, data)], kept)

    def publish_many(self, messages: list[tuple[str, str]], kept: bool = True) -> int:
        """Send several `(event, data)` messages in one write to each client (one wake-up of
        each client's thread, one packet); returns the last message id. `kept` false: a
        repeat of news already in the history (a heartbeat), which a resuming browser need
        not replay, so it takes no place there."""
        if not messages:
            return self.last_id
        with self.lock:
            texts = []
            for event, data in messages:
                self.last_id += 1
                texts.append(encode(self.last_id, event, data))
                if kept:
                    self.history.append((self.last_id, texts[-1]))
            text = "".join(texts)
            for client in list(self.clients):
                try:
                    client.queue.put_nowait(text)
                except queue.Full:
                    client.cut_off = True
                    self.clients.discard(client)
            return self.last_id

    def subscribe(self, last_id: int | None) -> tuple[Client, list[str]]:
        """A new client, and the history messages after `last_id` it should get first."""
        client = Client(self.client_queue)
        with self.lock:
            self.clients.add(client)
            backlog = [text for mid, text in self.history if last_id is not None and mid > last_id]
        return client, backlog

    def unsubscribe(self, client: Client) -> None:
        with self.lock:
            self.clients.discard(client)

    def client_count(self) -> int:
        with self.lock:
            return len(self.clients)

    def messages(self, last_id: int | None) -> Iterator[str]:
        """The text/event-stream body for one browser, until it goes away or is cut off."""
        client, backlog = self.subscribe(last_id)
        try:
            yield f"retry: {RETRY_MS}\n: connected\n\n"
            yield from backlog
            while not client.cut_off:
                try:
                    text = client.queue.get(timeout=self.keepalive_s)
                except queue.Empty:
                    # A comment line: keeps proxies open and finds browsers that went away.
                    yield ": keep-alive\n\n"
                    continue
                yield text
        finally:
            self.unsubscribe(client)


def encode(message_id: int, event: str, data: str) -> str:
    lines = "".join(f"data: {line}\n" for line in data.split("\n"))
    return f"id: {message_id}\nevent: {event}\n{lines}\n"


@bp.get("/api/stream")
def live_stream() -> Response:
    """`GET /api/stream` — live updates as text/event-stream, resuming from `Last-Event-ID`."""
    header = request.headers.get("Last-Event-ID")
    last_id = None
    if header:
        try:
            last_id = int(header)
        except ValueError:
            return jsonify(error=f"Last-Event-ID must be a message id, got {header!r}"), 400
    body = get_stream().messages(last_id)
    return Response(
        body,
        mimetype="text/event-stream",
        headers={"Cache-Control": "no-cache", "X-Accel-Buffering": "no"},
    )


def get_stream() -> LiveStream:
    return current_app.extensions["pastescope.stream"]


def init_app(app: Flask) -> None:
    app.extensions["pastescope.stream"] = LiveStream(
        app.config["STREAM_HISTORY"],
        app.config["STREAM_CLIENT_QUEUE"],
        app.config["STREAM_KEEPALIVE_S"],
    )
    app.register_blueprint(bp)
