"""Turn a trace's raw records into contract events, off the request path.

On the request path a trace records as little as it can (`stack.trace`): a layer appends one
flat tuple when it returns, `(entered, left, node, code, *args)`; a point event (route.match…)
appends `(clock, None, None, code, *args)`. Spans, parents, the node a point event happened
on, whether a layer answered on its own, and where an exception was raised and caught all
follow from how the intervals nest, so they are worked out here instead.

Two ways out: `to_events` gives the JSON objects of the event contract (the file sink, tests),
and `encode_trace` carries the records themselves as compact JSON arrays, for the dashboard
to expand with the same `to_events` (`stack.wire_decode`). Secrets are redacted (`prepared`) before
either leaves the stack.
"""

from __future__ import annotations

import dataclasses
import itertools
import json
import re
import zlib
from collections import deque
from typing import Any

import orjson

from stack import redact
from stack import redact_environ
from stack import redact_json
from stack import redact_url
from stack.dropped_headers import dropped_headers
from stack.events import PAYLOADS
from stack.events import CompositeDispatch
from stack.events import CompositeMiss
from stack.events import ControllerAction
from stack.events import ControllerReturn
from stack.events import Error
from stack.events import Event
from stack.events import NodeEnter
from stack.events import NodeLeave
from stack.events import RequestEnd
from stack.events import RequestStart
from stack.events import WsgiWarning

#: Content-Type of a batch of compact traces: a JSON array `[[trace, stack, base, records], …]`.
CONTENT_TYPE = "application/vnd.pastescope.traces+json"
#: Request header of a batch: how many requests the stack has left untraced so far (their
#: traces were dropped because the destination was slow, down or failing).
DROPPED_HEADER = "X-Pastescope-Dropped"
#: Request header of a batch that names the stack its dropped count belongs to (percent-encoded
#: UTF-8): a stopping stack's last count comes in an empty batch, with no event to name it.
STACK_HEADER = "X-Pastescope-Stack"
#: Request header (`1`) of that last empty batch: the stack has stopped, so a dashboard shows
#: it stopped at once rather than when its announcements cease to come (75 s).
STOPPED_HEADER = "X-Pastescope-Stopped"
#: The longest trace id, stack name or event kind a dashboard takes (`dashboard.ingest`): a
#: stack checks the name it is given against it before it serves.
MAX_NAME = 200
#: The most events a trace may hold at a dashboard (`dashboard.ingest`), all its batches
#: together: a request through a deep pipeline records a few hundred (four a layer at most, a
#: route miss one whatever its candidates), and the step view is kept working 13,000 layers
#: deep (39,000 events, tests/dashboard/test_steps_deep.py); more would only make a page no
#: browser can show.
MAX_TRACE_EVENTS = 50_000
#: The most records a stack sends of one trace (`encode_trace`): a record gives a few events
#: (a layer's enter and leave, a dispatch, an error), so the trace stays within
#: `MAX_TRACE_EVENTS`; one past it (a filter calling its app thousands of times) is dropped
#: and counted, not sent to be refused with the batch it came in.
MAX_RECORDS = MAX_TRACE_EVENTS // 5
#: Environment variable with the teacher's token: a stack sends it to the dashboard it reports
#: to, and a dashboard serving a class requires it (`dashboard.auth`).
TOKEN_ENV = "PASTESCOPE_TOKEN"
#: Where `serve` sends its traces unless `--trace-to` says otherwise: a dashboard on this
#: machine's default port; a dashboard elsewhere names itself in the commands it shows.
DEFAULT_TRACE_TO = "http://127.0.0.1:5000"

#: Record codes. A LAYER record is a probe's interval
#: `(script, path, status, keys_in, keys_out[, error, tried, outer])`: `keys_in`/`keys_out` how
#: many keys the environ held when the layer was entered and when it returned, `outer` the
#: pass-through layers sharing the probe; an ACTION record a controller call
#: `(controller, action, args, status, error)`; `error` is `(id, type, message, raised_in)` of
#: an exception that left the layer, or None, with a fifth item, true, when it was raised as
#: the layer's body was read, the layer having returned (`stack.trace.LazyBody`, or
#: `stack.body_layers` for a body the server read after every layer returned). START holds
#: a copy of the environ as the server handed it over (prepared: request.start's fields, the
#: dropped headers last, only when there are some), END the environ itself, its key count
#: at the end, how the response ended when not well (`stack.trace.Ending`, or None), and for
#: a 4xx or 5xx the response headers and body chunks; `prepared` turns them into plain
#: values (`END_DEFAULTS`). A WARNING record (`stack.wsgi_checks`) is a point record that
#: names its node: the layer that broke the rule, which need not be the one running. So is a
#: PASSED_UP record (`stack.wsgi_checks` too, node.leave's code): `(headers, more)`, the
#: response headers a layer passed up (redacted, `[name, value]` each, `[name, value, hidden]`
#: where redaction hid some of the value: `stack.wsgi_checks_headers.hidden_mark`) and how many more
#: it did, which are not an event of their own but that layer's node.leave `headers`.
START = PAYLOADS.index(RequestStart)
LAYER = PAYLOADS.index(NodeEnter)
ACTION = PAYLOADS.index(ControllerAction)
END = PAYLOADS.index(RequestEnd)
WARNING = PAYLOADS.index(WsgiWarning)
PASSED_UP = PAYLOADS.index(NodeLeave)


#: WSGI environ key holding the request's Trace (`stack.trace`).
TRACE_KEY = "pastescope.trace"
#: Environ keys no layer is said to add: WebOb's own caches, and the Trace's key.
HIDDEN_ENVIRON = ("webob.", "pastescope.")

#: A surrogate code point alone in text: in Python text (from a JSON body's `\ud800` escape)
#: but not in UTF-8.
LONE_SURROGATE = re.compile("[\ud800-\udfff]")

#: Most bytes of an error's response body that request.end shows.
BODY_PREVIEW = 4096
#: Media types whose bodies are never text, and whole families of them (`image/`): such a
#: body is shown as no text, as mojibake tells a reader nothing. A type built on text
#: (`image/svg+xml`) is text all the same (`TEXT_SUFFIXES`).
BINARY_TYPES = ("image/", "audio/", "video/", "font/", "application/octet-stream",
                "application/zip", "application/gzip", "application/x-gzip",
                "application/pdf", "application/wasm", "application/x-protobuf")
TEXT_SUFFIXES = ("+xml", "+json")
#: Content-Encodings that leave a body as it is.
IDENTITY = ("", "identity")
#: The Content-Encodings a preview can undo, as the zlib window bits to try in turn: gzip's
#: header; deflate zlib-wrapped as HTTP says, else raw, as some servers send it.
INFLATE_WBITS = {"gzip": (31,), "x-gzip": (31,), "deflate": (zlib.MAX_WBITS, -zlib.MAX_WBITS)}

#: What a prepared END record carries after `added` and `removed`, in this order, each as the
#: value it has when left out: the error body's `body` and `content_type`, the `errors` a
#: streamed body raised (`(id, type, message, raised_in, closing)` each), `client_gone`, and
#: the error body's `content_encoding`. A record ends at its last value that is not the
#: default, so a request that ended well carries none of them.
END_DEFAULTS = ("", "", (), False, "")

#: Each payload's field names, by code.
FIELDS = [tuple(f.name for f in dataclasses.fields(payload)) for payload in PAYLOADS]


def left_layer(record: tuple, left: float, status: Any, keys_out: int,
               error: tuple | None) -> tuple:
    """A LAYER record rewritten once its layer's body is done (`stack.trace.LazyBody`, or
    `stack.body_layers` for one the server read after every layer returned): when it was
    left, the status it passed up, the environ's key count then and the error that left it;
    a record of the short form gets the long one's defaults (no `tried`, no `outer`)."""
    entered, _, node, code, script_name, path_info, _, keys, _, *rest = record
    tried, outer = (rest[1], rest[2]) if rest else (None, ())
    return (entered, left, node, code, script_name, path_info, status, keys, keys_out, error,
            tried, outer)


def node_kind(node: str) -> str:
    """`filter:egg:Pkg#caps` → `filter`; `other.ini#app:main` → `app`."""
    return node.partition(":")[0].rpartition("#")[2]


def status_code(status: Any) -> int | None:
    """`"401 Unauthorized"` → 401; an int stays; anything else is None."""
    if isinstance(status, int):
        return status
    try:
        return int(status[:3])
    except (TypeError, ValueError):
        return None


def prepared(records: list) -> list:
    """Records ready to leave the stack: request.start read from its environ, the environ keys
    layers added read from the end's, secrets redacted.

    Runs for every trace as its request ends, so it touches only the first record
    (request.start) and the last (request.end); a controller call's arguments were redacted
    when it was recorded (`stack.wsgi.Resource`).
    """
    result = list(records)
    clock, left, node, code, environ = records[0]
    method = environ.get("REQUEST_METHOD", "")  # the one the server was sent
    headers = redact_environ.environ_headers(environ)
    start = (
        clock, left, node, code, method,
        environ.get("SCRIPT_NAME", "") + environ.get("PATH_INFO", ""),
        redact_url.query(environ.get("QUERY_STRING", "")),
        environ.get("REMOTE_ADDR", ""), environ.get("HTTP_HOST", ""), headers,
    )
    # the headers the client sent that no app got, only when there are some (an extension)
    dropped = dropped_headers(environ, headers)
    result[0] = (*start, dropped) if dropped else start
    if records[-1][3] == END:
        # NOTE: a HEAD's body is counted and shown like any other: eventlet sends whatever
        # body the app returns for one (a client reads none of it), and the page says so.
        clock, left, node, code, status, sent, final, count, ending, *reply = records[-1]
        extras = end_extras(reply, ending) if reply or ending is not None else ()
        result[-1] = (clock, left, node, code, status, sent,
                      *environ_changes(environ, final, count), *extras)
    return result


def end_extras(reply: list, ending: Any) -> tuple:
    """The values after `added` and `removed` of a prepared END record (`END_DEFAULTS`),
    from the error response's `(headers, chunks)` (`reply`, empty for a success) and how its
    body ended (`stack.trace.Ending`, or None), left out from the last one that has its
    default."""
    body, content_type, encoding = response_preview(*reply) if reply else ("", "", "")
    errors, gone = (ending.errors, ending.client_gone) if ending is not None else ((), False)
    extras = (body, content_type, errors, gone, encoding)
    kept = len(extras)
    while kept and extras[kept - 1] == END_DEFAULTS[kept - 1]:
        kept -= 1
    return extras[:kept]


def response_preview(headers: list | None, chunks: list) -> tuple[str, str, str]:
    """`(body, content_type, content_encoding)` of an error's response as request.end shows
    them, from what `stack.trace.TracedApp.finish` kept of it.

    Runs as the request ends, so nothing here may raise: a body the stack cannot read as
    text (binary, compressed in a way it cannot undo) is shown as no text at all.
    """
    content_type, encoding = header(headers, "content-type"), header(headers, "content-encoding")
    text = preview_text(body_head(chunks), content_type, encoding)
    return redact_json.body_text(text), content_type, encoding


def header(headers: list | None, name: str) -> str:
    """The first value of the response header `name` (lower case); "" when there is none."""
    return next((str(value) for key, value in headers or () if str(key).lower() == name), "")


def body_head(chunks: list) -> bytes:
    """The first `BODY_PREVIEW` bytes of a body's chunks, read only as far as that: an
    error's body may be large."""
    head = bytearray()
    for chunk in chunks:
        if len(head) >= BODY_PREVIEW:
            break
        if isinstance(chunk, bytes):
            head += chunk[:BODY_PREVIEW - len(head)]
    return bytes(head)


def preview_text(head: bytes, content_type: str, encoding: str) -> str:
    """The text of a body's first bytes, as its Content-Encoding and charset say to read
    them; "" for a body that is not text (by its type, or holding NUL characters once read)
    or that is encoded in a way Pastescope cannot undo."""
    if is_binary_type(content_type):
        return ""
    data = inflated(head, encoding)
    if data is None:
        return ""
    text = decoded(data, charset(content_type))
    return "" if "\x00" in text else text


def is_binary_type(content_type: str) -> bool:
    """Whether a Content-Type names bodies that are never text (`BINARY_TYPES`).

    The dashboard asks too, to say why an error's body shows no text.
    """
    media_type = content_type.partition(";")[0].strip().lower()
    return media_type.startswith(BINARY_TYPES) and not media_type.endswith(TEXT_SUFFIXES)


def coding(encoding: str) -> str:
    """A Content-Encoding as compared: its case and the spaces around it do not count."""
    return encoding.strip().lower()


def inflated(head: bytes, encoding: str) -> bytes | None:
    """The start of a body as it was before its Content-Encoding; None when that cannot be
    undone (br, zstd, a list of codings, bytes that are not what the header says).

    Only the compressed body's first bytes were kept, so they are inflated as a stream cut
    short (a decompressobj minds no missing end), and to at most `BODY_PREVIEW` bytes: a few
    KiB of gzip can inflate to gigabytes.
    """
    encoding = coding(encoding)
    if encoding in IDENTITY:
        return head
    for wbits in INFLATE_WBITS.get(encoding, ()):
        try:
            return zlib.decompressobj(wbits).decompress(head, BODY_PREVIEW)
        except zlib.error:
            continue
    return None


def can_undo(encoding: str) -> bool:
    """Whether a preview can undo a Content-Encoding (`inflated`, given bytes that are what
    it says). The dashboard asks, to say why an error's body shows no text."""
    encoding = coding(encoding)
    return encoding in IDENTITY or encoding in INFLATE_WBITS


def charset(content_type: str) -> str:
    """The charset a Content-Type declares (`text/plain; charset=iso-8859-1`); UTF-8 when it
    declares none."""
    for parameter in content_type.split(";")[1:]:
        name, _, value = parameter.partition("=")
        if name.strip().lower() == "charset":
            return value.strip().strip('"')
    return "utf-8"


def decoded(data: bytes, charset: str) -> str:
    """`data` read in `charset`, bytes it cannot read replaced; read as UTF-8 when Python
    knows no such charset or cannot replace in it (`idna`): a bogus charset must not fail
    the trace."""
    try:
        return data.decode(charset, "replace")
    except (LookupError, ValueError):
        return data.decode("utf-8", "replace")


def environ_changes(before: dict, after: dict, count: int) -> tuple[list, list]:
    """The keys layers added to the environ, and the keys they removed.

    `before` is the environ as the server handed it over, `after` the same dict once the
    response was done, holding `count` keys then; the Trace's own key sits right after the
    server's. Dicts keep insertion order, so a key's position says when it was added, and
    `to_events` puts it on the layer whose recorded key counts bracket that position. The
    added keys are `[first, offsets, keys, texts]`: key i sits at position first + offsets[i]
    and is shown as texts[i]. A deletion shifts positions: when a request key is gone (the
    Trace's key is no longer where it was put), the new keys are found by name and `first`
    is None: they have no position.
    """
    first = len(before) + 1
    size = len(after)
    # NOTE: read from the end, backwards: the few keys layers added are the last ones, and
    # walking past the server's two dozen first costs more than the rest.
    start, stop = max(0, size - count), max(0, size - first + 1)
    keys = tuple(itertools.islice(reversed(after), start, stop))  # newest first
    if len(keys) == count - first + 1 and keys[-1:] == (TRACE_KEY,):
        values = tuple(itertools.islice(reversed(after.values()), start, stop))
        types = tuple(map(type, values))
        offsets, names, texts, plain = (_change_plans.get((keys, types))
                                        or _plan_changes(keys, types))
        if plain:
            texts = list(texts)
            for index, newest in plain:
                texts[index] = redact_environ.plain_text(values[newest])
        return [first, offsets, names, texts], []
    names, texts = [], []
    for key, value in after.items():
        if key not in before and (text := shown(key, value)) is not None:
            names.append(key)
            texts.append(text)
    removed = sorted((key, shown(key, before[key])) for key in before.keys() - after.keys())
    return [None, [], names, texts], removed


#: How the keys layers added are shown, by the added keys (newest first, the Trace's key
#: last) and their values' types: a path through the stack adds the same keys request after
#: request, so each is planned once (`_plan_changes`) and a request only fills in the plain
#: values (text, numbers), up to `MAX_CHANGE_PLANS` plans.
_change_plans: dict[tuple, tuple] = {}
MAX_CHANGE_PLANS = 1024


def _plan_changes(keys: tuple[str, ...], types: tuple[type, ...]) -> tuple:
    """`(offsets, names, texts, plain)`: the shown keys oldest first, their offsets from the
    first added position, their texts where the type alone decides it (a secret, an object),
    and `(index, newest)` for each text to read from the value at `newest` in `keys`."""
    offsets, names, texts, plain = [], [], [], []
    added = len(keys) - 1
    for newest in range(added - 1, -1, -1):
        key = keys[newest]
        kind = _key_kinds.get(key) or _classify(key)
        if kind is _HIDDEN:
            continue
        offsets.append(added - 1 - newest)
        names.append(key)
        if kind is _SECRET:
            texts.append(redact.REDACTED)
        elif types[newest] in redact_environ.PLAIN_TYPES:
            plain.append((len(texts), newest))
            texts.append(None)
        else:
            texts.append(redact_environ.object_text(types[newest]))
    plan = (offsets, names, tuple(texts), tuple(plain))
    if len(_change_plans) < MAX_CHANGE_PLANS:
        _change_plans[keys, types] = plan
    return plan


#: How each environ key met so far is shown: keys repeat with every request, so each is
#: classified once (`_classify`), up to `MAX_KEY_KINDS` keys.
_key_kinds: dict[str, object] = {}
_HIDDEN, _SECRET, _SHOWN = object(), object(), object()
MAX_KEY_KINDS = 4096


def _classify(key: str) -> object:
    kind = (_HIDDEN if key.startswith(HIDDEN_ENVIRON)
            else _SECRET if redact_environ.is_secret_environ(key) else _SHOWN)
    if len(_key_kinds) < MAX_KEY_KINDS:
        _key_kinds[key] = kind
    return kind


def shown(key: str, value: Any) -> str | None:
    """An environ value as an event shows it: redacted if its key is secret, None if the key
    is not shown at all (`HIDDEN_ENVIRON`)."""
    kind = _key_kinds.get(key) or _classify(key)
    if kind is _SHOWN:
        return redact_environ.environ_value(value)
    return redact.REDACTED if kind is _SECRET else None


def _ms(seconds: float) -> float:
    return round(seconds * 1000.0, 3)


class _Span:
    """A layer or controller call being replayed: what its events need."""

    __slots__ = ("id", "parent", "node", "layer", "called", "passed_up")

    def __init__(self, id: int, parent: _Span | None, node: str | None,
                 layer: bool = True) -> None:
        self.id = id
        self.parent = parent
        self.node = node
        #: A layer's span, not a controller call's (which is on its app's node).
        self.layer = layer
        self.called = False
        #: node.leave's `headers` (and `more_headers`) from its PASSED_UP record, if any.
        self.passed_up: dict[str, Any] | None = None
        if parent is not None:
            parent.called = True


def to_events(trace: str, stack: str, base: float, records: list) -> list[dict[str, Any]]:
    """Contract event objects from prepared records; `base` + clock = epoch seconds."""
    # Each record becomes one or two moments; replaying them in time order rebuilds the tree.
    moments = []
    for index, record in enumerate(records):
        clock, left = record[0], record[1]
        if left is None:
            moments.append((clock, index, "point", record))
        else:
            moments.append((clock, index, "open", record))
            moments.append((left, index, "close", record))
    moments.sort(key=lambda m: (m[0], m[1] if m[2] != "close" else -m[1]))

    added = _Added(records, moments)
    events: list[dict[str, Any]] = []
    started = records[0][0] if records else 0.0
    innermost: _Span | None = None
    spans = 0
    # exception id → its error event's data, and the span it is on its way to: the one around
    # the last it left, which catches it if it closes without it (a sibling called after, as
    # a filter retrying its app calls it again, does not)
    in_flight: dict[int, tuple[dict[str, Any], _Span | None]] = {}
    # span → the ids in flight on their way to it: a span closing finds its own at once, not
    # by a walk over every error in flight (thousands of siblings each raising made it quadratic)
    heading: dict[_Span | None, dict[int, None]] = {}
    # node → the data of its last node.leave, for headers it passed up once it had returned
    leaves: dict[str | None, dict[str, Any]] = {}

    def emit(clock: float, span: _Span | None, payload: type, data: dict[str, Any],
             node: str | None = None) -> None:
        """Add the event of `payload` on `span`; on `node` if given, else on `span`'s."""
        events.append(Event(
            trace, span.id if span else 0,
            (span.parent.id if span.parent else 0) if span else None,
            len(events), round(base + clock, 6), payload.kind,
            node if node is not None else span.node if span else None, stack, data,
        ).to_json())

    for clock, _, moment, record in moments:
        code, args = record[3], record[4:]
        # A LAYER record may stand for a chain of pass-through layers sharing one probe
        # (`stack.loader.probed`): outermost first, each with the label of its edge inwards.
        chain = [*args[7], (record[2], None)] if code == LAYER and len(args) > 7 else None
        if moment == "open":
            if code == LAYER:
                for position, (node, label) in enumerate(chain or [(record[2], None)]):
                    innermost = _Span(spans := spans + 1, innermost, node)
                    emit(clock, innermost, NodeEnter,
                         {"script_name": args[0], "path_info": args[1],
                          "added": added.before(args[3] if position == 0 else 0)})
                    if label is not None:
                        emit(clock, innermost, CompositeDispatch,
                             {"label": label, "target": chain[position + 1][0],
                              "script_name": args[0], "path_info": args[1]})
            else:
                innermost = _Span(spans := spans + 1, innermost,
                                  innermost.node if innermost else None, layer=False)
                emit(clock, innermost, ControllerAction,
                     {"controller": args[0], "action": args[1], "args": args[2]})
        elif moment == "close":
            for _ in chain or [None]:
                span = innermost
                error = (args[5] if len(args) > 5 else None) if code == LAYER else args[4]
                for exc_id in heading.pop(span, ()):
                    if error is None or exc_id != error[0]:
                        in_flight.pop(exc_id)[0]["caught_by"] = span.node
                if error is not None and error[0] in in_flight:
                    data, holder = in_flight[error[0]]
                    heading.get(holder, {}).pop(error[0], None)
                    in_flight[error[0]] = (data, span.parent)
                    heading.setdefault(span.parent, {})[error[0]] = None
                elif error is not None:
                    data = {"type": error[1], "message": error[2], "raised_at": span.node,
                            "caught_by": None,
                            # NOTE: only of a layer with layers below: a body that is all
                            # its own (an app's) raised what it raised
                            **_said(raised_in=error[3],
                                    in_body=len(error) > 4 and error[4] and span.called)}
                    in_flight[error[0]] = (data, span.parent)
                    heading.setdefault(span.parent, {})[error[0]] = None
                    emit(clock, span, Error, data)
                duration = _ms(clock - record[0])
                if code == LAYER:
                    # NOTE: a composite's probe says what it tried: an [app:main] that is
                    # Paste's urlmap answering its 404 is no app answering by design
                    dispatches = len(args) > 6 and args[6] is not None
                    short_circuit = not span.called and (dispatches or not _answers(span.node))
                    # a composite that raised (urlmap refuses `OPTIONS *`) answered nothing:
                    # no miss, whatever it tried
                    if short_circuit and dispatches and error is None:
                        emit(clock, span, CompositeMiss, {"path": args[1], "tried": args[6]})
                    # NOTE: no status and no exception: it returned a body before anything
                    # called start_response, which a WebOb layer above may answer for
                    leave = {"status": status_code(args[2]),
                             "duration_ms": duration,
                             "short_circuit": short_circuit,
                             "added": added.before(args[4])}
                    if args[2] is None and error is None:
                        leave["unstarted"] = True  # an extension: only when it says so
                    if span.passed_up:
                        leave.update(span.passed_up)
                    leaves[span.node] = leave
                    emit(clock, span, NodeLeave, leave)
                else:
                    emit(clock, span, ControllerReturn,
                         {"status": status_code(args[3]), "duration_ms": duration})
                innermost = span.parent
        elif code == PASSED_UP:
            _passed_up(record, innermost, leaves)
        else:
            payload = PAYLOADS[code]
            if code == START:
                args = (*args[:5], redact_environ.headers(args[5]), *args[6:])
            elif code == END:
                body, content_type, errors, gone, encoding = (
                    *args[4:], *END_DEFAULTS[len(args) - 4:])
                for data in _body_errors(errors, in_flight):
                    emit(clock, None, Error, data)
                heading.clear()
                args = (status_code(args[0]), args[1], _ms(clock - started), added.rest(),
                        dict(args[3]), body, content_type)
            data = dict(zip(FIELDS[code], args, strict=False))
            if code == END:  # extensions, only when they say something (`_said`)
                data.update(_said(client_gone=gone, content_encoding=encoding))
            # NOTE: a warning is on the innermost span, as every point event, but names the
            # layer that broke the rule: a filter's start_response runs inside its app's call.
            emit(clock, innermost, payload, data, record[2] if code == WARNING else None)
    return events


def _passed_up(record: tuple, innermost: _Span | None,
               leaves: dict[str | None, dict[str, Any]]) -> None:
    """Give the headers of a PASSED_UP record to its layer's node.leave: to the span of its
    node still open (the innermost, for a layer its pipeline lists twice), or, once every
    such span is closed, to the node.leave its node had last: a layer whose body calls
    start_response as the server reads it passes up its headers after it returned.

    The last start_response call of a layer is the one that counts (an error's, with
    exc_info, replaces the response), so a later record replaces an earlier.
    """
    node, headers, more = record[2], record[4], record[5]
    fields = {"headers": [{"name": name, "value": value, "hidden": hidden[0]} if hidden
                          else {"name": name, "value": value}
                          for name, value, *hidden in headers],
              **_said(more_headers=more)}
    span = innermost
    while span is not None and not (span.layer and span.node == node):
        span = span.parent
    if span is not None:
        span.passed_up = fields
    elif node in leaves:
        leaves[node].pop("more_headers", None)
        leaves[node].update(fields)


def _said(**fields: Any) -> dict[str, Any]:
    """The extension fields (`stack.events.EXTENSION`) that say something: not false, not
    empty. Events leave out the others, as events from before them did."""
    return {name: value for name, value in fields.items() if value}


def _body_errors(
    errors: list, in_flight: dict[int, tuple[dict[str, Any], _Span | None]]
) -> list[dict[str, Any]]:
    """The response body's errors as request.end comes, the data of each error event still to
    emit. Every error still in flight was caught by the server; a body's error that no layer's
    record holds was raised after every layer returned (`raised_at` None), and one a layer's
    body (`stack.trace.LazyBody`) said already is only marked if it came from `close()`."""
    for data, _ in in_flight.values():
        data["caught_by"] = "server"
    unsaid = []
    for exc_id, kind, message, where, closing in errors:
        if exc_id in in_flight:
            in_flight[exc_id][0].update(_said(closing=closing))
        else:
            unsaid.append({"type": kind, "message": message, "raised_at": None,
                           "caught_by": "server", **_said(raised_in=where, closing=closing)})
    in_flight.clear()
    return unsaid


class _Added:
    """Hands out the environ keys layers added, in order, to the events that bracket them.

    Each LAYER record counted the environ's keys when its layer was entered and returned; a
    key at position p was added before the first such moment whose count exceeds p. Counts
    only tell this while they never go down: a layer that deleted a key makes them unreliable,
    and then every added key is left for request.end. (A layer that deletes one key and adds
    another between two counts goes unseen, and the keys after it are put one layer early.)
    """

    def __init__(self, records: list, moments: list) -> None:
        end = records[-1] if records and records[-1][3] == END else None
        first, offsets, names, texts = end[6] if end else (None, (), (), ())
        counts = [record[7 if moment == "open" else 8]
                  for _, _, moment, record in moments
                  if record[3] == LAYER and moment != "point"]
        if first is None or any(later < earlier
                                for earlier, later in itertools.pairwise(counts)):
            positions = itertools.repeat(None)
        else:
            positions = (first + offset for offset in offsets)
        self.keys = deque(zip(positions, names, texts, strict=False))  # positions: maybe endless

    def before(self, count: int) -> dict[str, str]:
        """The keys added at positions below `count` not handed out yet."""
        keys, taken = self.keys, {}
        while keys and keys[0][0] is not None and keys[0][0] < count:
            _, key, value = keys.popleft()
            taken[key] = value
        return taken

    def rest(self) -> dict[str, str]:
        """Every key not handed out to a layer."""
        taken = {key: value for _, key, value in self.keys}
        self.keys.clear()
        return taken


def _answers(node: str | None) -> bool:
    """Apps answer by design: an app answering is never a short circuit."""
    return node is not None and node_kind(node) == "app"


def encode_trace(trace: Any) -> bytes:
    """One finished trace, prepared, as a compact JSON array: what a sink queues.

    Done as the request ends, not when its batch leaves: bytes are nothing to the garbage
    collector, while a trace held as objects until then (its records, its environ) lives
    through collections and makes the full ones come sooner — measured, that cost the
    serving core more than the encoding itself. orjson, because on the serving core it packs a
    compute-demo trace (~1 KiB) in about a third of msgpack's time and a twentieth of json's.
    """
    if len(trace.records) > MAX_RECORDS:
        raise ValueError(f"{len(trace.records)} records, more than the {MAX_RECORDS} a trace "
                         "sent may hold")
    data = [trace.id, trace.stack, trace.epoch - trace.started, prepared(trace.records)]
    try:
        # NOTE: default=str: a value JSON cannot carry (a route default that is an object)
        # is sent as its text rather than failing the whole trace.
        return orjson.dumps(data, default=str, option=orjson.OPT_NON_STR_KEYS)
    except orjson.JSONEncodeError:  # text orjson refuses (a lone surrogate from a JSON body)
        # A lone surrogate is no text a reader can store or show: sent as U+FFFD, as a
        # decoder shows bytes it cannot read.
        text = json.dumps(data, default=str, ensure_ascii=False)
        return LONE_SURROGATE.sub("\ufffd", text).encode()


def encode_batch(traces: list[bytes]) -> bytes:
    """A batch of encoded traces (the HTTP sink's body): a JSON array, nothing re-encoded."""
    return b"[" + b",".join(traces) + b"]"
