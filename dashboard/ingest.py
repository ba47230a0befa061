"""Ingest: what stacks post — event batches (`/api/events`) and announcements (`/api/stacks`).

Batches come as JSON (an array, or JSON Lines) or, from `python -m stack serve`, as the compact
trace records of `stack.wire`, expanded here with the stack's own `stack.wire_decode`.

Everything is checked before it is stored, each event's `data` too, against its kind's payload
class (`stack.event_data`), so every page can read what is stored; anything malformed is
refused whole with a 400 that says what and where (`event 3: request.end data.status must be
an integer or null, got "abc"`), or a 413 when too large: a broken or hostile client gets a
reason, and the dashboard keeps running.

A batch's `X-Pastescope-Dropped` count belongs to the stack its events name; a stopping stack,
with no event left to send, posts an empty batch naming itself in `X-Pastescope-Stack`, with
`X-Pastescope-Stopped: 1` (`stack.sinks.HttpSink.say_stopped`): its count is set and it is
shown stopped at once, and nothing else of it changes (not its `seen`: it is stopping, not
alive).

A checked batch goes to the live feed at once and to the store through `writer`'s thread: the
answer waits for neither, and the stack's sink, which waits for it, can send the next batch.
"""

from __future__ import annotations

import json
import re
import threading
import typing
from collections import OrderedDict
from typing import Any
from urllib.parse import unquote

from flask import Blueprint
from flask import Flask
from flask import current_app
from flask import jsonify
from flask import request
from werkzeug.exceptions import HTTPException
from werkzeug.exceptions import RequestEntityTooLarge
from werkzeug.exceptions import UnsupportedMediaType
from werkzeug.wrappers import Response
from werkzeug.wsgi import get_input_stream

from dashboard.diagram import render_svg
from dashboard.feed import get_feed
from dashboard.refusals import TOKEN_REFUSALS
from dashboard.refusals import say_refused
from dashboard.refusals import say_taken
from dashboard.refusals import token_refusal
from dashboard.stack_names import taken_by
from dashboard.store import get_store
from dashboard.trace_rows import in_order
from dashboard.trace_rows import is_whole
from dashboard.trace_rows import summarize
from dashboard.upload_places import Places
from dashboard.whole_number import whole_number
from dashboard.writer import get_writer
from stack import wire
from stack import wire_decode
from stack.event_data import MAX_INT
from stack.event_data import DataError
from stack.event_data import check_json
from stack.event_data import check_value
from stack.event_data import checked_data
from stack.event_data import describe
from stack.explain_words import article
from stack.graph_model import Node
from stack.resolve import check_walk
from stack.routing import Route

#: Content types read as JSON Lines (one event a line) rather than one JSON array.
JSON_LINES_TYPES = ("application/x-ndjson", "application/jsonl", "application/x-jsonlines")

bp = Blueprint("ingest", __name__)


class BadInput(ValueError):
    """Input refused with a reason; the view answers `status` (400) with `str()` of it."""

    status = 400


class Conflict(BadInput):
    """A trace id this dashboard already has as another stack's (`known_traces`)."""

    status = 409


class TooManyEvents(BadInput):
    """A trace of more than `stack.wire.MAX_TRACE_EVENTS` events (`traces_of`)."""

    status = 413


#: Event fields of the contract and the JSON types each may have (checked as `data` is).
EVENT_FIELDS: dict[str, Any] = {
    "trace": str,
    "span": int | str,
    "parent": int | str | None,
    "seq": int,
    "ts": int | float,
    "kind": str,
    "node": str | None,
    "stack": str,
    "data": dict,
}
_QUOTED = {name: repr(name) for name in EVENT_FIELDS}
#: A graph node's fields and their types, as a stack announces them, and those an upload's
#: nodes add that the drawing reads (`check_node_fields`).
NODE_FIELDS: dict[str, Any] = {**typing.get_type_hints(Node), **typing.get_type_hints(Places)}
#: Latest event time taken (epoch seconds, the end of year 9999): what a clock can show.
MAX_TS = 253402300799
#: A control character, which no name or id holds (`check_name`).
CONTROL = re.compile("[\x00-\x1f\x7f]")
#: The saved requests' URLs under `/api/traces/` (`dashboard.bundles`), with why no trace id
#: may be one (the route of `/api/traces/ID` leaves them out too: `dashboard.traces.TraceId`).
SAVED_REQUESTS_IDS = {"export": "/api/traces/export is the export of saved requests",
                      "import": "/api/traces/import is where saved requests are loaded"}
#: Trace ids no URL opens, with why (`check_trace_id`): an id is the last part of its URLs
#: (`/requests/ID`, `/api/traces/ID`).
UNOPENABLE_IDS = {".": "a browser reads /requests/. as /requests/",
                  "..": "a browser reads /requests/.. as /", **SAVED_REQUESTS_IDS}
#: Where stacks announce themselves (`stack.sinks.HttpSink`).
ANNOUNCE_PATH = "/api/stacks"
#: Trace ids accepted and remembered with their stacks, for the batches the writer has not
#: stored yet (`known_traces`); the oldest are forgotten past this, long stored by then.
MAX_ACCEPTED_KEPT = 100_000


def parse_events(body: bytes, content_type: str) -> list[dict[str, Any]]:
    """The events of a posted batch: the stack's compact trace batch, a JSON array, or JSON Lines
    (by type, or by shape when the type says neither)."""
    media_type = content_type.split(";")[0].strip()
    if media_type == wire.CONTENT_TYPE:
        try:
            events = wire_decode.decode_traces(body)
        except ValueError as exc:
            raise BadInput(str(exc)) from None
        for index, event in enumerate(events):
            check_event(event, f"event {index}")
        return events
    try:
        text = body.decode("utf-8")
    except UnicodeDecodeError as exc:
        raise BadInput(f"body is not UTF-8 (byte {exc.start})") from None
    if media_type in JSON_LINES_TYPES or (
        media_type != "application/json" and not text.lstrip().startswith("[")
    ):
        events = []
        # NOTE: split on newlines only: str.splitlines also splits on U+2028 and other
        # separators that JSON text may hold inside a string.
        for number, line in enumerate(text.split("\n"), 1):
            if line.strip():
                event = load_json(line, f"line {number}")
                check_event(event, f"line {number}")
                events.append(event)
        return events
    events = load_json(text, "body")
    if not isinstance(events, list):
        raise BadInput("body must be a JSON array of events (JSON Lines: application/x-ndjson)")
    for index, event in enumerate(events):
        check_event(event, f"event {index}")
    return events


def load_json(text: str, where: str, fault: str = "invalid JSON") -> Any:
    """`text` parsed as strict JSON: NaN and Infinity, which JSON has not, are refused.

    BadInput says `where` and what is wrong, after `fault` (a saved file is "not JSON", a
    posted batch "invalid JSON"); JSON nested deeper than the parser goes is no fault of the
    text's, and is said so.
    """
    try:
        return json.loads(text, parse_constant=_refuse_constant)
    except json.JSONDecodeError as exc:
        message = f"{where}: {fault}: {exc.msg} (line {exc.lineno} column {exc.colno})"
        raise BadInput(message) from None
    except BadInput as exc:
        raise BadInput(f"{where}: {fault}: {exc}") from None
    except RecursionError:  # `[[[[…` thousands deep: json's parser recurses once a level
        raise BadInput(f"{where}: not JSON this dashboard reads: nested too deeply") from None


def _refuse_constant(name: str) -> Any:
    raise BadInput(f"{name} is not a JSON number")


def check_event(event: Any, where: str) -> None:
    """Raise BadInput (saying `where`) unless `event` has every contract field, well typed, and
    data its kind's pages can read (then filled in with the defaults of fields left out)."""
    if not isinstance(event, dict):
        raise BadInput(f"{where}: must be an object")
    try:
        for name, hint in EVENT_FIELDS.items():
            if name not in event:
                raise BadInput(f"{where}: missing field {name!r}")
            # NOTE: `where` is put in front only when refused: thousands of events a second.
            check_value(event[name], hint, _QUOTED[name])
    except DataError as exc:
        raise BadInput(f"{where}: {exc}") from None
    for name in ("trace", "stack", "kind"):
        if not event[name] or len(event[name]) > wire.MAX_NAME:
            raise BadInput(f"{where}: {name!r} must be 1 to {wire.MAX_NAME} characters")
        if not event[name].isprintable():  # rarely: a call less for nearly every event
            check_name(event[name], f"{where}: {name!r}")
    if "/" in event["trace"] or event["trace"] in UNOPENABLE_IDS:
        check_trace_id(event["trace"], where)
    if not 0 <= event["ts"] <= MAX_TS:
        raise BadInput(f"{where}: 'ts' must be epoch seconds (0 to {MAX_TS}), got {event['ts']}")
    try:
        event["data"] = checked_data(event["kind"], event["data"])
    except DataError as exc:
        raise BadInput(f"{where}: {event['kind']} {exc}") from None


def check_name(name: str, where: str) -> None:
    """BadInput when a name or id holds a control character (NUL, a newline): every page,
    list and log line shows it as it is. (Not every name that is not `isprintable`: a
    zero-width space is let through.)"""
    if (found := CONTROL.search(name)) is not None:
        raise BadInput(f"{where} holds the control character U+{ord(found[0]):04X}; names "
                       "and ids are printable text")


def check_trace_id(trace: str, where: str) -> None:
    """BadInput for a trace id no URL could open: its row would link to a 404. Refused rather
    than made addressable: the stack's own ids (`{hex}-{n}`, `stack.trace.Trace`) are never
    such, and a sender choosing its own can choose another."""
    why = "a '/' would split its URL" if "/" in trace else UNOPENABLE_IDS[trace]
    raise BadInput(f"{where}: 'trace' {trace!r} could never be opened at /requests/ID or "
                   f"/api/traces/ID: {why}")


def check_identity(info: Any) -> dict[str, Any]:
    """An announcement whose `name` and `url` are valid, which is all that says which stack
    it is (`check_stack` checks the rest); BadInput if they are not."""
    if not isinstance(info, dict):
        raise BadInput("body must be a JSON object")
    for name in ("name", "url"):
        if not isinstance(info.get(name), str):
            raise BadInput(f"field {name!r} is required and must be {describe(str)}")
    if not info["name"] or len(info["name"]) > wire.MAX_NAME:
        raise BadInput(f"field 'name' must be 1 to {wire.MAX_NAME} characters")
    check_name(info["name"], "field 'name'")
    if not info["url"].startswith(("http://", "https://")):
        raise BadInput(f"field 'url' must be an http:// URL, got {info['url'][:80]!r}")
    return info


def check_stack(info: Any) -> dict[str, Any]:
    """A validated stack announcement (`name`, `url`, `file`, `graph`, `pid`, `routes`)."""
    check_identity(info)
    if not isinstance(info.get("graph"), dict):
        raise BadInput(f"field 'graph' is required and must be {describe(dict)}")
    graph = info["graph"]
    if not isinstance(graph.get("nodes"), list) or not isinstance(graph.get("edges"), list):
        raise BadInput("field 'graph' must be a graph object with 'nodes' and 'edges' lists")
    try:
        # NOTE: text is checked too: JSON can escape a lone surrogate ("\udce9": a file name
        # Python could not decode); it is no character, so SQLite cannot store it and no page
        # could show it.
        check_value(info.get("file"), str | None, "field 'file'")
        check_value(info.get("pid"), int | None, "field 'pid'")
        check_value(info.get("routes"), dict[str, list[Route]] | None, "field 'routes'")
        check_node_fields(graph["nodes"])
        for name in ("name", "url", "graph"):
            check_json(info[name], f"field {name!r}")
    except DataError as exc:
        raise BadInput(str(exc)) from None
    try:
        render_svg(graph, info.get("routes"))
    except (ValueError, KeyError, TypeError, AttributeError) as exc:
        raise BadInput(f"field 'graph' cannot be drawn: {exc}") from None
    try:
        check_walk(graph)
    except ValueError as exc:
        raise BadInput(f"field 'graph'{exc}") from None
    return info


def check_node_fields(nodes: list[Any]) -> None:
    """DataError unless each node's fields of the graph contract (`stack.graph_model.Node`'s)
    that it has are of their types: `which` (`stack.resolve`) and the pages read them as
    `stack.graph` writes them (`errors` a list of strings, `conf` an object of strings…).
    Fields left out are an older stack's; a node that is no object is the drawing's to refuse.
    An upload's `missing` (`dashboard.upload_places.Places`) is a pipeline's: on another node
    the drawing would take it for a stand-in of its own."""
    for index, node in enumerate(nodes):
        if isinstance(node, dict):
            for name, hint in NODE_FIELDS.items():
                if name in node:
                    check_value(node[name], hint, f"""field 'graph'["nodes"][{index}]["{name}"]""")
            kind = node.get("kind")
            if "missing" in node and isinstance(kind, str) and kind != "pipeline":
                raise DataError(f"""field 'graph'["nodes"][{index}]["missing"] is a pipeline's """
                                "(the members it names that PasteDeploy would not find), not "
                                f"{article(kind)}'s")


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


def traces_of(events: list[dict[str, Any]]) -> dict[str, list[dict[str, Any]]]:
    """A batch's events by trace. BadInput for an event that repeats a seq of its trace (the
    store keeps one event a seq: the others would be taken and lost) or names another stack
    than its trace's first event (a trace is one request of one stack); TooManyEvents past
    `stack.wire.MAX_TRACE_EVENTS`."""
    by_trace: dict[str, tuple[list[dict[str, Any]], dict[int, int]]] = {}
    for index, event in enumerate(events):
        trace = event["trace"]
        if trace not in by_trace:
            by_trace[trace] = ([], {})
        found, seqs = by_trace[trace]
        if found and event["stack"] != found[0]["stack"]:
            raise BadInput(f"event {index}: trace {trace!r} is the stack "
                           f"{found[0]['stack']!r}'s (its first event's), not {event['stack']!r}")
        earlier = seqs.setdefault(event["seq"], index)
        if earlier != index:
            raise BadInput(f"event {index}: seq {event['seq']} repeats event {earlier}'s in "
                           f"trace {trace!r}")
        found.append(event)
    for trace, (found, _) in by_trace.items():
        too_many(trace, len(found))
    return {trace: found for trace, (found, _) in by_trace.items()}


def too_many(trace: str, count: int) -> None:
    """TooManyEvents when trace `trace` would hold `count` events, past the limit."""
    if count > wire.MAX_TRACE_EVENTS:
        raise TooManyEvents(f"trace {trace!r}: {count} events; a trace holds at most "
                            f"{wire.MAX_TRACE_EVENTS}")


def known_traces(by_trace: dict[str, list[dict[str, Any]]]) -> set[str]:
    """The batch's traces this dashboard has already (stored, or accepted on their way to the
    store), each of the same stack; the others are remembered as accepted.

    Conflict for one another stack's: a trace id names one request of one stack, and the
    store, keeping the first, and Live, showing the newest, would disagree. TooManyEvents when
    the stored part and the batch's together pass `stack.wire.MAX_TRACE_EVENTS`.
    """
    accepted, lock = current_app.extensions["pastescope.accepted"]
    stored = get_writer().store.stacks_of(list(by_trace))
    known = set()
    with lock:
        for trace, found in by_trace.items():
            stack, count = stored.get(trace) or (accepted.get(trace), 0)
            if stack is None:
                continue
            if stack != found[0]["stack"]:
                raise Conflict(f"trace {trace!r} is the stack {stack!r}'s here already; this "
                               f"batch has it as {found[0]['stack']!r}'s (a trace id names one "
                               "request of one stack)")
            too_many(trace, count + len(found))
            known.add(trace)
        for trace, found in by_trace.items():
            accepted[trace] = found[0]["stack"]
        while len(accepted) > MAX_ACCEPTED_KEPT:
            accepted.popitem(last=False)
    return known


def read_body(limit: int) -> bytes:
    """The request body, refused with 413 beyond `limit` bytes (chunked bodies included), and
    with 415 when compressed (a Content-Encoding): read as it is, it would be refused as bytes
    that are not UTF-8, which says nothing of why.

    Read here, to one byte past the limit: werkzeug's own read of a body with no length (a
    chunked one) stops at `max_content_length` and hands over what it read as the whole body,
    and the batch cut there would be taken, the rest of it lost.
    """
    encoding = request.headers.get("Content-Encoding", "")
    if wire.coding(encoding) not in wire.IDENTITY:
        raise UnsupportedMediaType(f"Content-Encoding {encoding[:40]} is not supported; send "
                                   "the body uncompressed")
    request.max_content_length = limit  # what a refusal says the limit is
    if request.content_length is not None and request.content_length > limit:
        raise RequestEntityTooLarge()
    stream = get_input_stream(request.environ, max_content_length=limit + 1)
    chunks, size = [], 0
    while size <= limit and (chunk := stream.read(limit + 1 - size)):
        chunks.append(chunk)
        size += len(chunk)
    if size > limit:
        raise RequestEntityTooLarge()
    return b"".join(chunks)


def read_json(limit: int) -> Any:
    """The request's JSON body, of `limit` bytes at most (`read_body`), or None when it is not
    typed as JSON, or not JSON (not UTF-8, nested past what the parser reads).

    NOTE: typed as such only: a page of another site can post a form or text/plain to the
    dashboard without asking it first (CORS), but not application/json.
    """
    body = read_body(limit)
    if not request.is_json:
        return None
    try:
        return current_app.json.loads(body)
    except ValueError:
        return None


@bp.post("/api/events")
def post_events():
    """`POST /api/events` — a batch of events; 202 `{"accepted": N}`, and `ignored` with
    `why_ignored` for events repeating a seq their trace holds here (`held_already`)."""
    try:
        dropped_so_far = dropped_count(request.headers.get(wire.DROPPED_HEADER))
        named = named_stack(request.headers.get(wire.STACK_HEADER))
        stopped = stopped_stack(request.headers.get(wire.STOPPED_HEADER), named)
        events = parse_events(read_body(current_app.config["MAX_INGEST_BYTES"]),
                              request.content_type or "")
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
    if whole:
        get_feed().traces_arrived([summarize(t, found) for t, found in whole.items()], whole)
    dropped = (stacks, dropped_so_far) if dropped_so_far is not None and stacks else None
    merge = {trace: found for trace, found in by_trace.items() if trace not in whole}
    ignored = held_already(known, by_trace)
    if events or dropped is not None or stopped is not None:
        get_writer().submit(events, merge, dropped, stopped)
    if not ignored:
        return jsonify(accepted=len(events)), 202
    count = sum(ignored.values())
    traces = ", ".join(f"{trace!r} ({n})" for trace, n in list(ignored.items())[:5])
    more = f" and {len(ignored) - 5} more" if len(ignored) > 5 else ""
    return jsonify(accepted=len(events) - count, ignored=count,
                   why_ignored=f"{count} events repeat a seq their trace already holds here: "
                               f"{traces}{more}. A trace keeps the first event of each seq; "
                               "a request of its own needs a trace id of its own."), 202


def held_already(known: set[str], by_trace: dict[str, list[dict[str, Any]]]) -> dict[str, int]:
    """How many of the batch's events of each trace this dashboard has already (`known`) repeat
    a seq it holds, by trace: the store keeps the first and ignores them, and the answer says
    so. Only then is the writer waited for, to read what it holds: the stack sends each trace
    once, whole, so its batches never wait."""
    if not known:
        return {}
    writer = get_writer()
    writer.flush()
    held = writer.store.held_seqs(sorted(known))
    found = {trace: sum(event["seq"] in held.get(trace, ()) for event in by_trace[trace])
             for trace in sorted(known)}
    return {trace: count for trace, count in found.items() if count}


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
    return check_stack(announcement())


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
        info = check_identity(announcement())
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
