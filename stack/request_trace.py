"""The per-request `Trace`: flat records of every hop, as cheap to write as they can be.

The root (`stack.trace.TracedApp`) makes one as a request enters; the probe wrapping each layer
PasteDeploy built (composite, pipeline, filter, app: `stack.node_probe`) records into it. The
`Trace` travels in the WSGI environ, so any layer — ours, Paste's, oslo.middleware's — is traced
without being changed, and concurrent requests never share one.

Cost is the point. A layer records one flat tuple when it returns: when it was entered and left,
its node, and what it saw (SCRIPT_NAME, PATH_INFO, the status it passed up, the exception that left
it, and how many keys the environ held when it was entered and when it returned); a layer whose
body runs its layers below later (a generator) has its tuple rewritten when that body is done
(`stack.lazy_body.LazyBody`). No span ids, no stack of open layers, no event objects:
`stack.wire_events` rebuilds all of that from how the intervals nest, off the request path.
Which environ keys each layer added follows from those counts and the environ's insertion order,
so no layer copies or compares the environ.
"""

from __future__ import annotations

import itertools
import os
import time
from typing import Any

from stack.events import CODES
from stack.response_sent import Sent
from stack.trace_records import START

# Every record is stamped with this one clock: `stack.wire_events` nests the layers and times
# them by comparing stamps across records, which a second clock would make meaningless.
clock = time.perf_counter
_trace_ids = itertools.count(1)
_process_tag = os.urandom(3).hex()


class Trace:
    """Everything recorded about one request: flat `(entered, left, node, code, *args)` records.

    `write` is the server's write callable for the response (PEP 3333), `written` what the app
    sent through it (`counted_write`), None while it sent nothing: most apps never write.
    `hidden`, set only by `serve --check-wsgi` and only when a layer passes up a header whose
    value is redacted (`stack.wsgi_checks_headers.hidden_mark`): each such value as it was, with the
    mark that stands for it. It stays in the process: no record holds it.
    `passed_down_at`, set only by `serve --check-wsgi` once a layer calls the layer below
    (`stack.wsgi_checks.PassedDown`): the line of its code that made that call, by node, for a
    warning on the body it returns to say where it came from; dropped as the layer is called
    again (`stack.wsgi_checks.Boundary`), as a retrying filter above calls it.
    `bodies_below`, set only by `serve --check-wsgi` once a layer gets a body with a `close()`
    from the layer below (`stack.wsgi_checks.PassedDown`): those bodies, by node, to say the
    layer never closed one when it is done
    (`stack.wsgi_checks_body.BodyChecks.closed_below`).
    `kept_writes`, set only by `serve --check-wsgi` once the layer below writes through the
    write callable of a start_response a layer made itself (`stack.wsgi_checks_writes`): what
    the layer has not passed on yet, by node, to say what it never did.
    """

    __slots__ = ("id", "stack", "records", "started", "epoch", "write", "written", "hidden",
                 "passed_down_at", "bodies_below", "kept_writes")

    def __init__(self, stack: str) -> None:
        self.id = f"{_process_tag}-{next(_trace_ids)}"
        self.stack = stack
        self.records: list[tuple] = []
        self.started = clock()
        self.epoch = time.time()
        self.written: Sent | None = None

    def counted_write(self, data: bytes) -> None:
        """The write callable the app gets: bytes written before or instead of its body's
        are sent too, so request.end counts them, once written. A bound method, made only
        when the app starts its response: cheaper than a closure a request."""
        if self.written is None:
            self.written = Sent()
        try:
            self.write(data)
        except OSError:  # the client went away: the app gets the error, request.end says why
            self.written.gone = True
            raise
        self.written.add(data)

    def emit(self, payload: type, *args: Any) -> None:
        """Record a point event (route.match, route.miss…) of the layer running now."""
        self.records.append((clock(), None, None, CODES[payload], *args))


def head_request(trace: Trace) -> bool:
    """Whether the client sent a HEAD (the method the server got, whatever a layer made of
    it): eventlet writes the body an app returns for one all the same, after the headers, and
    a client that closes once it has them makes a later write fail, having got all it asked
    for."""
    return served_environ(trace).get("REQUEST_METHOD") == "HEAD"


def served_environ(trace: Trace) -> dict:
    """The environ as the server handed it over: its values a layer passes on unchanged are
    the server's, not the layer's (eventlet's own `headers_raw` is a tuple)."""
    # NOTE: request.start's record is the trace's first, holding a copy of that environ
    # until the trace is sent (`stack.trace.TracedApp`).
    first = trace.records[0] if trace.records else ()
    return first[4] if len(first) > 4 and first[3] == START else {}
