"""Contract events from a trace's prepared records (`to_events`), off the request path.

Spans, parents, the node a point event happened on, whether a layer answered on its own, and
where an exception was raised and caught all follow from how the records' intervals nest, so
they are worked out here, by replaying them in time order: for the file sink and tests, and for
the dashboard as it expands a batch (`stack.wire_decode`).
"""

from __future__ import annotations

import itertools
from collections import deque
from typing import Any

from stack import redact_environ
from stack.events import PAYLOADS
from stack.events import CompositeDispatch
from stack.events import CompositeMiss
from stack.events import ControllerAction
from stack.events import ControllerReturn
from stack.events import Error
from stack.events import Event
from stack.events import NodeEnter
from stack.events import NodeLeave
from stack.trace_records import END
from stack.trace_records import END_DEFAULTS
from stack.trace_records import ERROR
from stack.trace_records import FIELDS
from stack.trace_records import LAYER
from stack.trace_records import PASSED_UP
from stack.trace_records import START
from stack.trace_records import WARNING
from stack.trace_records import from_body
from stack.trace_records import node_kind
from stack.trace_records import status_code
from stack.trace_records import unstarted


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
    # errors a layer's body raised after it returned, with its span: told once the layers
    # that had returned before it have left (`_returned_before`), not before the raiser's
    # own node.leave, so a step view tells them in the order they came
    later: list[tuple[int, dict[str, Any], _Span]] = []

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
        if later and not _returned_before(moment, code, args, later):
            for _, data, span in later:
                emit(clock, span, Error, data)
            later.clear()
        # A LAYER record may stand for a chain of pass-through layers sharing one probe
        # (`stack.probe_links.probed`): outermost first, each with the label of its edge inwards.
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
                                    in_body=from_body(error) and span.called)}
                    in_flight[error[0]] = (data, span.parent)
                    heading.setdefault(span.parent, {})[error[0]] = None
                    if code == LAYER and from_body(error) and args[2] is not None:
                        later.append((error[0], data, span))
                    else:
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
                    if unstarted(record):
                        leave["unstarted"] = True  # an extension: only when it says so
                    if error is not None and from_body(error):
                        # NOTE: it had returned: the exception left the body it returned,
                        # read after its call, which a try/except around that call never saw
                        leave["body_raised"] = True
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
        elif code == ERROR:
            # NOTE: the exception a layer gave start_response (`stack.wsgi_checks_errors`):
            # in flight from its span, as one leaving it, so that the span's close says it
            # caught it, or, when the layer raises it again, carries it on with no second event
            # (a layer whose span is closed, reading its body, answered with it: caught there)
            kind, message, where, exc_id = args
            node = record[2]
            holder = _open_layer(innermost, node)
            data = {"type": kind, "message": message, "raised_at": node,
                    "caught_by": None if holder is not None else node,
                    **_said(raised_in=where)}
            if holder is not None:
                in_flight[exc_id] = (data, holder)
                heading.setdefault(holder, {})[exc_id] = None
            emit(clock, innermost, Error, data)
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
    for _, data, span in later:  # a trace cut short, with no request.end
        emit(moments[-1][0], span, Error, data)
    return events


def _returned_before(moment: str, code: int, args: tuple,
                     later: list[tuple[int, dict[str, Any], _Span]]) -> bool:
    """Whether the moment came before the body errors `later` were raised: a layer's return
    that passed a status up and holds such an error, as a layer does whose body passed on the
    body that raised it (`stack.body_layers`); or a point event (a warning said as a body was
    read), which is told first, as when the error came among them is not recorded. After
    them: a layer's return without them (it caught one, reading the body in its call) or
    with no status (it raised one so), a call, and request.end."""
    if moment == "point" and code not in (END, START):
        return True
    if moment != "close" or code != LAYER or args[2] is None or len(args) <= 5:
        return False
    error = args[5]
    return error is not None and any(error[0] == exc_id for exc_id, _, _ in later)


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
    span = _open_layer(innermost, node)
    if span is not None:
        span.passed_up = fields
    elif node in leaves:
        leaves[node].pop("more_headers", None)
        leaves[node].update(fields)


def _open_layer(innermost: _Span | None, node: str) -> _Span | None:
    """The innermost span still open of the layer `node`, if any."""
    span = innermost
    while span is not None and not (span.layer and span.node == node):
        span = span.parent
    return span


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
    body (`stack.lazy_body.LazyBody`) said already is only marked if it came from `close()`."""
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
