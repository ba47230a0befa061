"""`LiveStream`: Server-Sent Events to every watching browser, with ids and resume.

Each message is encoded once and queued to every client. A client's queue is bounded: a browser
that falls that far behind is cut off rather than allowed to hold the others back (or grow the
dashboard's memory); its EventSource reconnects with `Last-Event-ID` and the bounded history
replays what it missed — the pyramid_debugtoolbar `sse` pattern. A browser away longer than
the history holds (asleep, or its dashboard busy or restarted) is told so first (`gap`): the
rows it missed are no longer there to replay, and its page lists its requests again. It is
sent the newest `stacks` message, and the newest `figures` of each stack, too, kept apart from
the history (`SNAPSHOTS`): each says all there is of what it is about, so of those it missed the
newest is all it needs; without them a stack that announced itself meanwhile was missing from
the page's stack picker until a stack next announced itself, and each box's figures stayed as
they were until its stack's next request.

A message may say which stack it is about (`Message.stack`), and a browser may subscribe to
some stacks' (`GET /api/stream?stack=NAME`) and name the messages it reads (`?events=stacks`):
each page is sent those alone (`Subscription`), as a busy stack's rows and traces are most of
the stream's bytes, which a lesson page or a list filtered to another stack would otherwise
receive, and its browser parse, to read none of them.
"""

from __future__ import annotations

import queue
import threading
import time
from collections import deque
from collections.abc import Iterable
from collections.abc import Iterator
from typing import NamedTuple

from flask import Blueprint
from flask import Flask
from flask import Response
from flask import current_app
from flask import jsonify
from flask import request

from stack.wire import MAX_NAME

#: How long a browser waits before reconnecting after the stream ends (ms).
RETRY_MS = 500

#: The header of a request list fetched into a page (`GET /requests` for htmx): the id of the
#: stream's latest message as the list was read (`latest_id`), which the page resumes after.
STREAM_ID_HEADER = "X-Pastescope-Stream-Id"

#: The messages the stream sends, by SSE event name (DESIGN.md): those `?events=` may name.
EVENTS = frozenset({"rows", "trace", "figures", "stacks", "loaded", "presenter", "gap"})

#: The messages a subscription to stacks gets when it names none (`?stack=NAME` alone): as
#: before `?events=` was, so a client that subscribed so gets what it always did.
STACK_EVENTS = frozenset({"trace", "figures", "stacks"})

bp = Blueprint("stream", __name__)


class Message(NamedTuple):
    """One SSE message: its event name, its data, and the stack it is about (None: not one
    stack's, such as the request list's rows of every stack)."""

    event: str
    data: str
    stack: str | None = None


class About(NamedTuple):
    """What `wanted` reads of a message: all the history keeps of one besides its id and
    encoded text. Kept whole, a `Message` holds its data a second time (the text is it,
    encoded), which for a history of full traces doubles the dashboard's memory of them."""

    event: str
    stack: str | None


class Subscription(NamedTuple):
    """What one browser asked for: the stacks whose messages it gets (None: every stack's) and
    the messages it reads (None: every one). Clients asking alike share one encoded write."""

    stacks: frozenset[str] | None = None
    events: frozenset[str] | None = None


def subscription(stacks: Iterable[str] = (), events: Iterable[str] | None = None) -> Subscription:
    """The subscription to `stacks` (none named: every stack's) and `events` (None: every
    message, or `STACK_EVENTS` when stacks are named)."""
    named = frozenset(stacks) or None
    if events is None and named is not None:
        events = STACK_EVENTS
    return Subscription(named, None if events is None else frozenset(events))


def wanted(asked: Subscription, message: Message | About) -> bool:
    """Whether a browser that `asked` so gets `message`: one of its events, about one of its
    stacks or about no one stack (the stack picker, `loaded`)."""
    if asked.events is not None and message.event not in asked.events:
        return False
    return asked.stacks is None or message.stack is None or message.stack in asked.stacks


#: Every message: what a browser asking for nothing in particular gets.
EVERYTHING = Subscription()


class Client:
    """One connected browser: its queue of encoded messages, whether it was cut off, and what
    it subscribed to."""

    __slots__ = ("queue", "cut_off", "asked")

    def __init__(self, size: int, asked: Subscription) -> None:
        self.queue: queue.Queue[str] = queue.Queue(size)
        self.cut_off = False
        self.asked = asked


class LiveStream:
    """Fan-out of named messages to subscribers, keeping the last `history` for resume."""

    def __init__(self, history: int = 512, client_queue: int = 128, keepalive_s: float = 10.0):
        self.client_queue = client_queue
        self.keepalive_s = keepalive_s
        self.lock = threading.Lock()
        self.clients: set[Client] = set()
        self.history: deque[tuple[int, str, About]] = deque(maxlen=history)
        # NOTE: ids start from the clock in ms, so after a dashboard restart they still grow and
        # a browser resuming with an old Last-Event-ID is not mistaken for one from the future.
        self.last_id = int(time.time() * 1000)
        #: The id after which the history holds every message kept (`gap`): it moves on as the
        #: history drops its oldest, and starts at this run's first id.
        self.held_after = self.last_id
        #: The newest message kept of each of `SNAPSHOTS` (its id and text) by what it is
        #: about, sent to a browser that missed it when the history dropped it (`subscribe`):
        #: one per stack at most, and the stack picker's; `MAX_SNAPSHOTS` in all.
        self.newest: dict[About, tuple[int, str]] = {}

    def publish(self, event: str, data: str, kept: bool = True, stack: str | None = None) -> int:
        """Send `data` as SSE message `event` about `stack` to every client that wants it;
        returns the message id."""
        return self.publish_many([Message(event, data, stack)], kept)

    def publish_many(self, messages: Iterable[Message], kept: bool = True) -> int:
        """Send several messages in one write to each client that wants any of them (one
        wake-up of each client's thread, one packet); returns the last message id. `kept`
        false: a repeat of news already in the history (a heartbeat), which a resuming browser
        need not replay, so it takes no place there."""
        with self.lock:
            sent = []
            for message in messages:
                self.last_id += 1
                sent.append((message, encode(self.last_id, message.event, message.data)))
                if kept:
                    if len(self.history) == self.history.maxlen:
                        self.held_after = self.history[0][0] if self.history else self.last_id
                    about = About(message.event, message.stack)
                    self.history.append((self.last_id, sent[-1][1], about))
                    if message.event in SNAPSHOTS:
                        # The least lately published first, dropped past `MAX_SNAPSHOTS`.
                        self.newest.pop(about, None)
                        self.newest[about] = (self.last_id, sent[-1][1])
                        if len(self.newest) > MAX_SNAPSHOTS:
                            del self.newest[next(iter(self.newest))]
            # One text per subscription asked, joined once.
            writes: dict[Subscription, str] = {}
            for client in list(self.clients):
                if client.asked not in writes:
                    writes[client.asked] = "".join(
                        text for message, text in sent if wanted(client.asked, message))
                if not writes[client.asked]:
                    continue
                try:
                    client.queue.put_nowait(writes[client.asked])
                except queue.Full:
                    client.cut_off = True
                    self.clients.discard(client)
            return self.last_id

    def subscribe(self, last_id: int | None,
                  asked: Subscription = EVERYTHING) -> tuple[Client, list[str]]:
        """A new client of the messages it `asked` for, and the history messages after
        `last_id` it should get first: if the history no longer holds each one after `last_id`,
        after a `gap` message and the newest of `SNAPSHOTS` it wants among those dropped."""
        client = Client(self.client_queue, asked)
        with self.lock:
            self.clients.add(client)
            backlog = [text for mid, text, about in self.history
                       if last_id is not None and mid > last_id and wanted(asked, about)]
            if last_id is not None and last_id < self.held_after:
                backlog[:0] = [text for mid, text in sorted(
                    kept for about, kept in self.newest.items()
                    if last_id < kept[0] <= self.held_after and wanted(asked, about))]
                if wanted(asked, GAP):
                    backlog.insert(0, gap(self.held_after))
        return client, backlog

    def unsubscribe(self, client: Client) -> None:
        with self.lock:
            self.clients.discard(client)

    def client_count(self) -> int:
        with self.lock:
            return len(self.clients)

    def messages(self, last_id: int | None,
                 asked: Subscription = EVERYTHING) -> Iterator[str]:
        """The text/event-stream body for one browser (of the messages it `asked` for), until
        it goes away or is cut off."""
        client, backlog = self.subscribe(last_id, asked)
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


#: What `wanted` reads of a `gap` message.
GAP = About("gap", None)
#: The messages each of which says all there is of what it is about (the stack picker, a
#: stack's figures): of several missed, a browser needs only the newest.
SNAPSHOTS = frozenset({"stacks", "figures"})
#: The most of them kept: the picker and a stack's figures each, for the stacks lately busy.
MAX_SNAPSHOTS = 256


def gap(held_after: int) -> str:
    """The `gap` message: of the messages a browser missed, the history holds only those after
    `held_after`. It has no id: a browser that reconnects before any other message came is
    told again."""
    return f"event: gap\ndata: {held_after}\n\n"


def encode(message_id: int, event: str, data: str) -> str:
    lines = "".join(f"data: {line}\n" for line in data.split("\n"))
    return f"id: {message_id}\nevent: {event}\n{lines}\n"


def stack_refused(stack: str) -> str | None:
    """Why `stack`, given as a query's `stack`, is no stack's name, or None. One rule for the
    stream and the request list (`traces.list_filters`): a list shown whose stream refused its
    stack had its page reconnect forever."""
    if 0 < len(stack) <= MAX_NAME:
        return None
    return f"stack must be a stack's name of 1 to {MAX_NAME} characters, got {stack[:80]!r}"


@bp.get("/api/stream")
def live_stream() -> Response:
    """`GET /api/stream[?stack=NAME…][&events=EVENT,…][&after=ID]` — live updates as
    text/event-stream (only those stacks', and messages about none; only those events),
    resuming from `Last-Event-ID`, or else `after`: a page that subscribes anew as its pick
    changes cannot set the header, and resumes after the last message it had, or the one its
    list is current as of (`latest_id`)."""
    stacks = request.args.getlist("stack")
    for stack in stacks:
        refused = stack_refused(stack)
        if refused:
            return jsonify(error=refused), 400
    events = None
    if "events" in request.args:
        events = request.args["events"].split(",")
        unknown = [event for event in events if event not in EVENTS]
        if unknown:
            return jsonify(error=f"events must be names of the stream's messages, "
                                 f"{', '.join(sorted(EVENTS))}, separated by commas; "
                                 f"got {unknown[0][:80]!r}"), 400
    header = request.headers.get("Last-Event-ID") or request.args.get("after")
    last_id = None
    if header:
        try:
            last_id = int(header)
        except ValueError:
            return jsonify(error=f"Last-Event-ID (or after) must be a message id, "
                                 f"got {header[:80]!r}"), 400
    body = get_stream().messages(last_id, subscription(stacks, events))
    return Response(
        body,
        mimetype="text/event-stream",
        headers={"Cache-Control": "no-cache", "X-Accel-Buffering": "no"},
    )


def latest_id() -> int:
    """The id of the stream's latest message, read before a request list is read from the store:
    the id the list is current as of, which its page's stream resumes after.

    NOTE: read before the list, a row published meanwhile may come both in the list and on
    the stream (the page lists it once), never in neither: the store holds the row of every
    message published before (ingest queues a batch to the store before the feed has it, and
    `get_store` waits for what is queued). A page that resumed "from now", having had no
    message yet, lost each row published while its list was read."""
    return get_stream().last_id


def get_stream() -> LiveStream:
    return current_app.extensions["pastescope.stream"]


def init_app(app: Flask) -> None:
    app.extensions["pastescope.stream"] = LiveStream(
        app.config["STREAM_HISTORY"],
        app.config["STREAM_CLIENT_QUEUE"],
        app.config["STREAM_KEEPALIVE_S"],
    )
    app.register_blueprint(bp)
