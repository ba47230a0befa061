"""Every kind of trace event the stack emits, as typed dataclasses.

Each payload class (below) is one kind's schema: its fields are the `data` of that event, and
`Event` is the JSON envelope around it once it leaves the stack (the **contract** of DESIGN.md).
On the request path nothing is built from them: a trace records flat tuples (`stack.request_trace`),
which `stack.wire` redacts and encodes as the request ends, and turns into these shapes where
the events are read (the dashboard, the file sink's writer).

Each payload class's docstring opens with the event's kind and says when it is emitted; the
README's event table is generated from these docstrings and a test checks every kind has one.
"""

from __future__ import annotations

import dataclasses
from dataclasses import dataclass
from dataclasses import field
from typing import Any
from typing import ClassVar
from typing import Literal
from typing import TypedDict

#: The metadata of a payload field that is an extension events carry only when it says
#: something (true, not empty): a reader finds it left out of events from before it and of
#: the common case, which costs no more for it; `stack.event_data` does not fill it in.
EXTENSION = {"extension": True}


def extension(default: Any) -> Any:
    """A payload field that is an `EXTENSION`, `default` when left out."""
    return field(default=default, metadata=EXTENSION)


def is_extension(payload_field: dataclasses.Field) -> bool:
    """Whether a payload field is an `EXTENSION` (made by `extension`)."""
    return payload_field.metadata == EXTENSION


class DroppedHeader(TypedDict):
    """A header line the client sent that the server passed on to no app, in request.start:
    its `name` and `value` as sent (the value redacted as `headers`' are), and `why`, in plain
    words (`stack.dropped_headers`)."""

    name: str
    value: str
    why: str


@dataclass(slots=True)
class RequestStart:
    """request.start — the server hands a request to the entry node.

    Carries what a reader needs to recognise and repeat the request; headers and the query
    string are redacted before the event leaves the stack. `headers` are those the server
    passed on to the app (a header sent twice, once, its values joined by commas), a request
    body's Content-Type and Content-Length too (WSGI keeps them without the `HTTP_` prefix),
    not the `text/plain` eventlet gives a request with no body. `dropped_headers`: the lines
    the client sent that the server passed on to no app (`DroppedHeader`), such as an
    `X_Auth_Token`, whose `_` makes eventlet drop it.
    """

    kind: ClassVar[str] = "request.start"
    method: str
    path: str
    query: str
    remote: str
    host: str
    headers: dict[str, str]
    dropped_headers: list[DroppedHeader] = extension(())


@dataclass(slots=True)
class CompositeDispatch:
    """composite.dispatch — a composite (urlmap, pipeline_factory…) picked a branch.

    `label` is the graph edge's label (a normalised urlmap prefix or a composite key), `target`
    the node it leads to; `script_name`/`path_info` are what the branch sees, so a reader can
    watch urlmap move the prefix from PATH_INFO to SCRIPT_NAME.
    """

    kind: ClassVar[str] = "composite.dispatch"
    label: str
    target: str
    script_name: str
    path_info: str


@dataclass(slots=True)
class CompositeMiss:
    """composite.miss — a composite answered without calling any branch (urlmap's 404).

    `tried` lists the labels of the composite's branches, in the order urlmap tries them.
    """

    kind: ClassVar[str] = "composite.miss"
    path: str
    tried: list[str]


@dataclass(slots=True)
class NodeEnter:
    """node.enter — a composite, pipeline, filter or app layer was called.

    Opens the node's span; `script_name`/`path_info` are the environ as this layer sees it, and
    `added` the environ keys the layer above added on its way in (a header such as
    `HTTP_X_IDENTITY_STATUS`, `openstack.request_id`…), key → value shown (secrets redacted,
    objects by type; WebOb's own `webob.*` caches left out).
    """

    kind: ClassVar[str] = "node.enter"
    script_name: str
    path_info: str
    added: dict[str, str] = field(default_factory=dict)


class _ResponseHeaderKeys(TypedDict):
    name: str
    value: str


class ResponseHeader(_ResponseHeaderKeys, total=False):
    """A response header a layer passed up, in node.leave's `headers`: its `name`, and its
    `value` as text, redacted as the request header of that name would be; `hidden`, only
    where the redaction hid some of the value (`***`): a number standing for the value as it
    was, the same on this request's headers for the same value and another for another, so
    that a layer that changed a token is seen to change it, neither value shown."""

    hidden: int


@dataclass(slots=True)
class NodeLeave:
    """node.leave — a layer returned (or raised).

    Closes the span: `status` is what this layer passed up (None if it raised or defers
    start_response to iteration), `duration_ms` includes the layers below it, and
    `short_circuit` is true when the layer answered without calling the next one (a 401 from
    auth, urlmap's 404). `added`: environ keys this layer added after the layers below it
    returned (for an app, while it ran), as in node.enter. `unstarted`: true when it passed up
    no status and no exception left it: it returned a body before anything it called had
    called start_response (a bug; the server, or a layer above such as WebOb's, answers 500
    for it), which "no status" alone would read as a raise. `headers`, from a stack served
    with `--check-wsgi` only (and then even when empty): the response headers this layer
    passed up (`ResponseHeader`), in order, at most 50, `more_headers` saying how many more;
    the layer below's, compared, say what this one added, changed or removed on the way out.
    `body_raised`: true when the exception that left it came out of the body it had returned
    (a generator's, or one it passed up from below), read after its call: none left the call
    itself, so a try/except around it (a fault wrapper's) could not catch it.
    """

    kind: ClassVar[str] = "node.leave"
    status: int | None
    duration_ms: float
    short_circuit: bool
    added: dict[str, str] = field(default_factory=dict)
    unstarted: bool = extension(False)
    headers: list[ResponseHeader] = extension(())
    more_headers: int = extension(0)
    body_raised: bool = extension(False)


class MethodOverride(TypedDict):
    """The `_method` Routes matched a request by, in route.match and route.miss: the method
    the client `sent`, and the `source` of the `_method` that Routes took over it, `query`
    (its query string's, whatever the method) or `form` (a POSTed form's field)."""

    sent: str
    source: Literal["query", "form"]


@dataclass(slots=True)
class RouteMatch:
    """route.match — the router's Routes mapper matched the request.

    `route` is the route's name (None for unnamed routes), `template` its path template,
    `method` the method Routes matched with, `match` the match dict (`wsgiorg.routing_args`)
    with the controller given by name. `method_override` (`MethodOverride`, added): where
    that method is not the one sent, but the request's `_method`'s.
    """

    kind: ClassVar[str] = "route.match"
    route: str | None
    template: str
    method: str
    match: dict[str, Any]
    method_override: MethodOverride | None = extension(None)


class _CandidateKeys(TypedDict):
    route: str | None
    template: str
    methods: list[str]
    failed: Literal["path", "method", "requirement", "condition"]


class Candidate(_CandidateKeys, total=False):
    """A route that did not match, in route.miss: `failed` says whether its path template or its
    method condition refused the request (`methods`: those it allows; empty, any), or (added)
    a requirement on a variable of a template that fits the path (`requirement`, the variable,
    `pattern`, its requirement, `value`, the path's: a 404 all the same), or a condition other
    than the method (`condition`: `function `NAME``, or `sub_domain`) of a route whose path
    and method fit."""

    requirement: str
    pattern: str
    value: str
    condition: str


@dataclass(slots=True)
class RouteMiss:
    """route.miss — no route matched; says why for every candidate.

    Each candidate (`Candidate`) says whether the route's path template failed (`"path"`) or
    its method condition did (`"method"`): the difference between a 404 and a 405, which
    Routes' own matchlog cannot tell; or a requirement, or another condition, did. `method`
    is the method Routes matched with; `method_override` (added) as in route.match.
    """

    kind: ClassVar[str] = "route.miss"
    method: str
    path: str
    status: int
    candidates: list[Candidate]
    more: int = 0
    method_override: MethodOverride | None = extension(None)


@dataclass(slots=True)
class ControllerAction:
    """controller.action — the router called a controller action.

    Opens the action's span; `args` are the route's variables and, for requests with a JSON
    body, `body` (with passwords redacted when the event leaves the stack).
    """

    kind: ClassVar[str] = "controller.action"
    controller: str
    action: str
    args: dict[str, Any]


@dataclass(slots=True)
class ControllerReturn:
    """controller.return — the action returned (or raised); closes its span.

    `status` is the action's answer (None when it raised something other than an HTTP error).
    """

    kind: ClassVar[str] = "controller.return"
    status: int | None
    duration_ms: float


@dataclass(slots=True)
class Error:
    """error — an exception crossed a layer.

    Emitted where it first leaves a traced layer (`raised_at`); `caught_by` is the node whose
    code turned it into a response (a fault wrapper), `"server"` when it reached eventlet, or
    None while nobody has caught it yet. `raised_at` is None for a streamed body that raised
    as the server sent it, after every layer had returned: request.end then says what the
    client got (the status and the bytes sent before it, or the server's own 500). A body
    that raised as a layer above read it in its own call (a filter joining it to rewrite it)
    is said of the layer whose code raised it, as when the server reads it, not of the
    reader (`stack.body_layers.place_read_error`).
    `closing` is true when a body raised it in its `close()`, which the server calls once the
    body is done: the client had what request.end says (the whole body, unless it was cut
    short before), and then the server dropped the connection. `raised_in` is the line that
    raised it, `file.py:LINE in function` (`stack.recorded_errors.raised_in`): a layer is where
    it left, which may be a filter passing on what the layer below it raised. `in_body` is true
    when it was raised as the body of a layer that called others was read, the layer having
    returned (a generator filter passing on the body below it): the line may be any of theirs.
    """

    kind: ClassVar[str] = "error"
    type: str
    message: str
    raised_at: str | None
    caught_by: str | None = None
    closing: bool = extension(False)
    raised_in: str = extension("")
    in_body: bool = extension(False)


@dataclass(slots=True)
class RequestEnd:
    """request.end — the response is done: a whole body handed to the server, a streamed one sent.

    `status` is the status the stack answered, `bytes` the body length it answered with (what
    the app wrote through start_response's `write` callable included; a HEAD's, a 1xx's, a
    204's or a 304's too, which eventlet sends after the headers, though the client reads none
    of it: `stack.explain_answer.unread_words`), `duration_ms` the whole
    time from request.start, body included. `removed`: request environ keys some layer deleted
    (key → the value it had); `added`: keys added that cannot be put on a layer — when a layer
    deleted keys, positions no longer tell who added what. `body`, `content_type` and
    `content_encoding`, for a 4xx or 5xx only: the start of the response body as text
    (secrets redacted), its Content-Type and its Content-Encoding (as sent; the body is shown
    only when Pastescope can undo it) — what the client was told, often the reason itself;
    empty otherwise, so a successful request costs nothing more. `client_gone`: writing to
    the client failed (it went away) before the body's end, as the server sent a streamed
    body or as the app wrote through `write`; `bytes` is then what was written before. Not
    for a HEAD once its headers went out: eventlet writes the body after them, which the
    client reads none of, and one that closes then got all it asked for. A
    body of known length (a list or a tuple) is counted as the app handed it over, before it is
    written, so its client going away is not seen. A null `status` with no `bytes`: the client
    got no answer at all, as when an exception that is no `Exception` (a `BaseException` of
    the app's own) reaches eventlet before anything was sent: it closes the connection.
    """

    kind: ClassVar[str] = "request.end"
    status: int | None
    bytes: int
    duration_ms: float
    added: dict[str, str] = field(default_factory=dict)
    removed: dict[str, str] = field(default_factory=dict)
    body: str = ""
    content_type: str = ""
    client_gone: bool = extension(False)
    content_encoding: str = extension("")


@dataclass(slots=True)
class WsgiWarning:
    """wsgi.warning — a layer broke a WSGI rule (PEP 3333) that eventlet lets pass.

    Only from a stack served with `--check-wsgi` (`stack.wsgi_checks`), which checks what each
    layer passed up to the layer above: its start_response calls, what it wrote, its body; and
    the environ each filter, filter-app and composite passed down to the layer below. `node`
    is the layer that broke the rule: the innermost to pass up the value, or the outermost to
    pass it down, not the layers that passed it on. `rule` names the rule
    (the rule constants of `stack.wsgi_checks`, `wsgi_checks_headers` and
    `wsgi_checks_environ`), `message` says which layer, which rule and what value, in
    plain words, then, where a line of the layer's own code made the call that broke it (its
    start_response call, its write, its call of the layer below), that line:
    `(at `buggy.py:20 in buggy`)` (`stack.wsgi_places.called_at`); for its body, the `yield`
    that gave the item (`(at `…`)`) or took it past its Content-Length (`(the `yield` at `…`
    went past it)`), else where the layer called the layer below, or else start_response (no
    line can be told of its `return`): `(it returned a list after calling the layer below at
    `…`)`, `(it returned the body; it called start_response at `…`)`; for a second
    start_response call its app made, `(it called start_response at `…`, and handed it to
    the layer below at `…`, which made the second call)` (`stack.wsgi_checks.Boundary`).
    """

    kind: ClassVar[str] = "wsgi.warning"
    rule: str
    message: str


PAYLOADS: tuple[type, ...] = (
    RequestStart,
    CompositeDispatch,
    CompositeMiss,
    NodeEnter,
    NodeLeave,
    RouteMatch,
    RouteMiss,
    ControllerAction,
    ControllerReturn,
    Error,
    RequestEnd,
    # NOTE: last, so that every older kind keeps its code (`CODES`) on the wire.
    WsgiWarning,
)
KINDS: frozenset[str] = frozenset(p.kind for p in PAYLOADS)
#: Each payload's small integer code: what a trace records on the request path instead of an
#: instance, and what the compact wire format carries (`stack.wire`).
CODES: dict[type, int] = {payload: code for code, payload in enumerate(PAYLOADS)}


@dataclass(slots=True)
class Event:
    """One trace event as it leaves the stack: the JSON object of DESIGN.md's event contract."""

    trace: str
    span: int
    parent: int | None
    seq: int
    ts: float
    kind: str
    node: str | None
    stack: str
    data: dict[str, Any] = field(default_factory=dict)

    def to_json(self) -> dict[str, Any]:
        return {
            "trace": self.trace,
            "span": self.span,
            "parent": self.parent,
            "seq": self.seq,
            "ts": self.ts,
            "kind": self.kind,
            "node": self.node,
            "stack": self.stack,
            "data": self.data,
        }


def kind_summaries() -> dict[str, str]:
    """Each event kind → when it happens: the first line of its payload's docstring."""
    return {payload.kind: payload.__doc__.split("\n", 1)[0].split(" — ", 1)[1]
            for payload in PAYLOADS}


def may_be_left_out(payload_field: dataclasses.Field) -> bool:
    """Whether an event may leave a payload field out: it has a default (which a reader fills
    in, `stack.event_data`) or it is an `EXTENSION` (carried only when it says something)."""
    return (payload_field.default is not dataclasses.MISSING
            or payload_field.default_factory is not dataclasses.MISSING)


def events_table() -> str:
    """The README's table of event kinds, generated from the payload docstrings and fields.

    Its data is in two columns, what every event of the kind carries and what it may leave
    out, so that a reader checking events from the README alone accepts what the stack sends.
    """
    rows = ["| kind | when | data | data that may be left out |", "|---|---|---|---|"]
    summaries = kind_summaries()
    for payload in PAYLOADS:
        fields = dataclasses.fields(payload)
        carried = ", ".join(f"`{f.name}`" for f in fields if not may_be_left_out(f))
        optional = ", ".join(f"`{f.name}`" for f in fields if may_be_left_out(f)) or "none"
        rows.append(f"| `{payload.kind}` | {summaries[payload.kind]} | {carried} | {optional} |")
    return "\n".join(rows)
