"""Ingest: what stacks post — event batches (`/api/events`) and announcements (`/api/stacks`).

Batches come as JSON (an array, or JSON Lines) or, from `python -m stack serve`, as the compact
trace records of `stack.wire`, expanded here with the stack's own `stack.wire_decode`.

Everything is checked before it is stored, each event's `data` too (`dashboard.ingest_events`),
an announcement's graph (`dashboard.ingest_announcements`), and a batch's traces against those
held here (`dashboard.ingest_traces`), so every page can read what is stored; anything malformed is
refused whole with a 400 that says what and where (`event 3: request.end data.status must be
an integer or null, got "abc"`), or a 413 when too large (`dashboard.request_body`): a broken or
hostile client gets a reason, and the dashboard keeps running.

A batch's `X-Pastescope-Dropped` count belongs to the stack its events name; a stopping stack,
with no event left to send, posts an empty batch naming itself in `X-Pastescope-Stack`, with
`X-Pastescope-Stopped: 1` (`stack.http_sink.HttpSink.say_stopped`): its count is set and it is
shown stopped at once, and nothing else of it changes (not its `seen`: it is stopping, not
alive).

A checked batch goes to the live feed at once and to the store through `writer`'s thread: the
answer waits for neither, and the stack's sink, which waits for it, can send the next batch.
"""

from __future__ import annotations

import threading
from collections import OrderedDict
from typing import Any
from urllib.parse import unquote
from urllib.parse import urlsplit

from flask import Blueprint
from flask import Flask
from flask import current_app
from flask import jsonify
from flask import request
from werkzeug.exceptions import HTTPException
from werkzeug.wrappers import Response

from dashboard.auth import is_loopback
from dashboard.feed import get_feed
from dashboard.ingest_announcements import check_identity
from dashboard.ingest_announcements import check_stack
from dashboard.ingest_events import BadInput
from dashboard.ingest_events import load_json
from dashboard.ingest_events import parse_events
from dashboard.ingest_traces import held_already
from dashboard.ingest_traces import known_traces
from dashboard.ingest_traces import traces_of
from dashboard.refusals import TOKEN_REFUSALS
from dashboard.refusals import say_refused
from dashboard.refusals import say_taken
from dashboard.refusals import token_refusal
from dashboard.request_body import read_body
from dashboard.stack_names import taken_by
from dashboard.store import get_store
from dashboard.trace_rows import in_order
from dashboard.trace_rows import is_whole
from dashboard.trace_rows import summarize
from dashboard.whole_number import whole_number
from dashboard.writer import get_writer
from stack import wire
from stack.event_data import MAX_INT
from stack.host_url import DEFAULT_PORTS
from stack.host_url import address

#: Where stacks announce themselves (`stack.http_sink.HttpSink`).
ANNOUNCE_PATH = "/api/stacks"

bp = Blueprint("ingest", __name__)


def dropped_count(header: str | None) -> int | None:
    """The `X-Pastescope-Dropped` count a stack sent, if any; BadInput unless a count."""
    if not header:
        return None
    count = whole_number(header, 0, MAX_INT)
    if count is None:
        raise BadInput(f"header {wire.DROPPED_HEADER} must be a count of requests, "
                       f"got {header[:40]!r}")
    return count


def named_stack(header: str | None) -> str | None:
    """The stack an `X-Pastescope-Stack` header names (percent-encoded UTF-8), if any;
    BadInput unless a name of 1 to `wire.MAX_NAME` characters."""
    if header is None:
        return None
    try:
        name = unquote(header, errors="strict") if header.isascii() else ""
    except UnicodeDecodeError:
        name = ""
    if not name or len(name) > wire.MAX_NAME:
        raise BadInput(f"header {wire.STACK_HEADER} must be a stack name of 1 to {wire.MAX_NAME} "
                       f"characters, percent-encoded UTF-8, got {header[:40]!r}")
    return name


def counted_stacks(named: str | None, events: list[dict[str, Any]]) -> set[str]:
    """The stacks a batch's dropped count belongs to: the one its header names, else those of
    its events. BadInput when the header names a stack not announced here, or events of
    another: a count is never put on a stack it is not about."""
    if named is None:
        return {event["stack"] for event in events}
    for index, event in enumerate(events):
        if event["stack"] != named:
            raise BadInput(f"event {index}: 'stack' is {event['stack']!r}, not the stack "
                           f"header {wire.STACK_HEADER} names ({named!r})")
    # NOTE: the store itself, not `get_store()`, which would wait for the writer: an
    # announcement is written at once, and a stopping stack's last post has a second at most.
    known = get_writer().store.stack(named)
    if known is None or known["loaded_from"] is not None:
        raise BadInput(f"header {wire.STACK_HEADER} names {named!r}, which has not announced "
                       f"itself to this dashboard (POST {ANNOUNCE_PATH})")
    return {named}


def stopped_stack(header: str | None, named: str | None) -> str | None:
    """The stack an `X-Pastescope-Stopped: 1` batch says stopped: the one its
    `X-Pastescope-Stack` names; BadInput for another value, or with no stack named."""
    if header is None:
        return None
    if header != "1":
        raise BadInput(f"header {wire.STOPPED_HEADER} must be 1, got {header[:40]!r}")
    if named is None:
        raise BadInput(f"header {wire.STOPPED_HEADER} needs {wire.STACK_HEADER} to name the "
                       "stack that stopped")
    return named


@bp.post("/api/events")
def post_events():
    """`POST /api/events` — a batch of events; 202 `{"accepted": N}`, and `ignored` with
    `why_ignored` for events repeating a seq their trace holds here (`held_already`); 503
    while another process keeps the store locked (`dashboard.errors.store_in_use`)."""
    try:
        dropped_so_far = dropped_count(request.headers.get(wire.DROPPED_HEADER))
        named = named_stack(request.headers.get(wire.STACK_HEADER))
        stopped = stopped_stack(request.headers.get(wire.STOPPED_HEADER), named)
        events = parse_events(read_body(current_app.config["MAX_INGEST_BYTES"]),
                              request.content_type or "")
        # NOTE: refused whole (503) while the store is in use: taken, the batch would be held
        # with no bound, its stack counting it delivered; and once it is closing, before its
        # traces go to the live feed.
        writer = get_writer()
        writer.check_open()
        writer.store.check_free()
        stacks = counted_stacks(named, events)
        by_trace = traces_of(events)
        known = known_traces(by_trace)
    except BadInput as exc:
        return jsonify(error=str(exc)), exc.status
    # A whole trace (the stack sends nothing else) goes to browsers at once; the part of a
    # trace split over batches, or one sent before, is announced once the writer has merged
    # it with the rest: Live shows what the store keeps.
    whole = {trace: in_order(found) for trace, found in by_trace.items()
             if trace not in known and is_whole(found)}
    dropped = (stacks, dropped_so_far) if dropped_so_far is not None and stacks else None
    merge = {trace: found for trace, found in by_trace.items() if trace not in whole}
    ignored = held_already(known, by_trace)
    # NOTE: queued to the store before the feed has it: a list read once the stream published
    # a row holds it (`stream.latest_id`), as `get_store` waits for what is queued.
    if events or dropped is not None or stopped is not None:
        writer.submit(events, merge, dropped, stopped)
    if whole:
        get_feed().traces_arrived([summarize(t, found) for t, found in whole.items()], whole)
    if not ignored:
        return jsonify(accepted=len(events)), 202
    count = sum(ignored.values())
    traces = ", ".join(f"{trace!r} ({n})" for trace, n in list(ignored.items())[:5])
    more = f" and {len(ignored) - 5} more" if len(ignored) > 5 else ""
    return jsonify(accepted=len(events) - count, ignored=count,
                   why_ignored=f"{count} events repeat a seq their trace already holds here: "
                               f"{traces}{more}. A trace keeps the first event of each seq; "
                               "a request of its own needs a trace id of its own."), 202


@bp.post(ANNOUNCE_PATH)
def post_stack():
    """`POST /api/stacks` — a stack announces itself (on start and every 30 s); 409 when
    another stack still serving has its name (`dashboard.stack_names`)."""
    try:
        info = announced_stack()
    except BadInput as exc:
        return jsonify(error=str(exc)), 400
    store = get_store()
    taken = taken_by(store.stack(info["name"]), info)
    stack = (info["name"], info["url"])
    if taken is not None:
        say_refused(stack, taken)
        return jsonify(error=taken), 409
    say_taken(stack)
    store.announce_stack(info)
    get_feed().stack_announced()
    return jsonify(name=info["name"]), 200


def announced_stack() -> dict[str, Any]:
    """The stack an announcement's body names, checked (`check_stack`); BadInput if it is not
    one (a body too large or of another type is werkzeug's 413 or 415)."""
    return reached(check_stack(announcement()))


def reached(info: dict[str, Any]) -> dict[str, Any]:
    """`info` (one `check_identity` passed) with its `url` as this dashboard reaches the stack.

    A stack announces where a client on its own machine reaches it: on a wildcard, its loopback
    address (`stack.host_url.reachable_url`). From another machine (a student's stack, with the
    teacher's token) that address is this machine's own, where Send, Repeat, lessons and
    `dashboard.stack_names` would reach whatever listens on that port here: so its host becomes
    the address the announcement came from, which Send refuses as not loopback. A peer that is
    the very address it reached the dashboard at is this machine (a stack of the teacher's told
    `--trace-to` the dashboard's own network address, as its start command says for a
    dashboard listening there): its loopback address is right.
    """
    peer = request.remote_addr or ""
    parts = urlsplit(info["url"])
    if (not peer or is_loopback(peer) or not is_loopback(parts.hostname or "")
            or peer == _reached_at()):
        return info
    port = parts.port if parts.port is not None else DEFAULT_PORTS[parts.scheme]
    return {**info, "url": parts._replace(netloc=address(peer, port)).geturl()}


def _reached_at() -> str | None:
    """The address of this machine the announcing connection reached the dashboard at
    (werkzeug's server gives its socket), or None where no socket is known."""
    connection = request.environ.get("werkzeug.socket")
    try:
        return connection.getsockname()[0] if connection is not None else None
    except OSError:  # closed under it
        return None


def announcement() -> Any:
    """An announcement's body, read as JSON; BadInput if it is not JSON."""
    body = read_body(current_app.config["MAX_INGEST_BYTES"])
    return load_json(body.decode("utf-8", "replace"), "body")


@bp.after_app_request
def say_token_refused(response: Response) -> Response:
    """Say on the console which stack the guard (`dashboard.auth`) refused an announcement of,
    and why: read here, after the guard, as the guard reads no body. One that names no stack
    is said of its sender's address."""
    if request.path != ANNOUNCE_PATH or response.status_code not in TOKEN_REFUSALS:
        return response
    said = (response.get_json(silent=True) or {}).get("error", "")
    try:
        # NOTE: its name and address only: a refused stack asks again every few seconds, and
        # checking and drawing its graph each time would say nothing more
        info = reached(check_identity(announcement()))
        stack = (info["name"], info["url"])
    except (BadInput, HTTPException):
        stack = ("(no name)", request.remote_addr or "")
    say_refused(stack, token_refusal(response.status_code, said))
    return response


@bp.get("/api/stacks")
def get_stacks():
    """`GET /api/stacks` — every known stack: those running or that ran, by name, then those
    loaded from a file."""
    return jsonify(get_store().stacks())


def init_app(app: Flask) -> None:
    # NOTE: an OrderedDict: a plain dict's oldest key, found by `next(iter(…))`, is found past
    # every key deleted before it, and forgetting one per trace cost 18 µs a trace at 100,000.
    app.extensions["pastescope.accepted"] = (OrderedDict(), threading.Lock())
    app.register_blueprint(bp)
