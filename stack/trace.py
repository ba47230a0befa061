"""The per-request `Trace` and the probes that record every hop into it.

A probe wraps one WSGI layer PasteDeploy built (composite, pipeline, filter, app) and knows that
layer's graph node id. The `Trace` travels in the WSGI environ, so any layer — ours, Paste's,
oslo.middleware's — is traced without being changed, and concurrent requests never share one.

Cost is the point: a hop records two flat tuples `(clock, span, parent, node, code, args)` —
no event objects, no formatting. `stack.wire` turns them into events off the request path.
A frame (an open span) is a small list, cheaper to make than an object.
"""

from __future__ import annotations

import itertools
import os
import time
from collections.abc import Callable
from collections.abc import Iterable
from typing import Any

from stack import wire
from stack.events import CODES
from stack.events import CompositeDispatch
from stack.events import CompositeMiss
from stack.events import Error

#: WSGI environ key holding the request's Trace.
TRACE_KEY = "pastescope.trace"
#: Response header naming the trace, so a client (or the dashboard) can find its events.
TRACE_HEADER = "X-Pastescope-Trace"

SPAN, STATUS, CALLED = 0, 1, 2
ENTER, LEAVE, END = wire.ENTER, wire.LEAVE, wire.END
ERROR = CODES[Error]
DISPATCH = CODES[CompositeDispatch]
MISS = CODES[CompositeMiss]

_clock = time.perf_counter
_trace_ids = itertools.count(1)
_process_tag = os.urandom(3).hex()


class Trace:
    """Everything recorded about one request, in order; span 0 is the request itself."""

    __slots__ = ("id", "stack", "records", "frames", "started", "epoch", "error", "spans")

    def __init__(self, stack: str) -> None:
        self.id = f"{_process_tag}-{next(_trace_ids)}"
        self.stack = stack
        self.records: list[tuple] = []
        #: Open spans, innermost last: [span, status line, called next?, parent span, node].
        self.frames: list[list] = [[0, None, False, None, None]]
        self.started = _clock()
        self.epoch = time.time()
        #: (exception, its error record's args, depth raised at) while one is in flight.
        self.error: tuple[BaseException, list, int] | None = None
        self.spans = 0

    def emit(self, payload: type, *args: Any) -> None:
        """Record a point event (route.match, route.miss…) on the innermost open span."""
        frame = self.frames[-1]
        self.records.append((_clock(), frame[SPAN], None, frame[4], CODES[payload], args))

    def node(self) -> str | None:
        """The node of the innermost open span."""
        return self.frames[-1][4]

    def enter(self, node: str | None, code: int, args: tuple) -> list:
        """Open a span for `node` under the innermost open one; return its frame."""
        frames = self.frames
        parent = frames[-1]
        parent[CALLED] = True
        self.spans += 1
        frame = [self.spans, None, False, parent[SPAN], node]
        frames.append(frame)
        self.records.append((_clock(), self.spans, parent[SPAN], node, code, args))
        return frame

    def leave(self, frame: list, code: int, args: tuple) -> None:
        """Close `frame`'s span."""
        self.frames.pop()
        self.records.append((_clock(), frame[SPAN], frame[3], frame[4], code, args))

    def raised(self, frame: list, exc: BaseException) -> None:
        """`exc` left `frame`'s layer: the first layer it leaves is the one that raised it."""
        if self.error is None or self.error[0] is not exc:
            args = [type(exc).__name__, str(exc)[:500], frame[4], None]
            self.error = (exc, args, len(self.frames))
            self.records.append((_clock(), frame[SPAN], None, frame[4], ERROR, args))

    def returned(self) -> None:
        """The innermost layer returned normally: an exception from below was caught by it."""
        if self.error is not None and self.error[2] > len(self.frames):
            self.error[1][3] = self.frames[-1][4] if len(self.frames) > 1 else "server"
            self.error = None

    def events(self) -> list[dict[str, Any]]:
        """The trace as contract event objects, secrets redacted (off the request path)."""
        return wire.to_events(
            self.id, self.stack, self.epoch - self.started, wire.redacted(self.records)
        )


class NodeProbe:
    """Wraps one composite, pipeline, filter or app layer: node.enter/node.leave around a call.

    Set at load time: `dispatch`, when the layer is a composite's branch — the labels and
    prefixes of the composite's edges to this node, so entering also records
    composite.dispatch; `tried`, when the layer is a composite — its labels, recorded as
    composite.miss when a call enters no branch.
    """

    __slots__ = ("app", "node", "answers", "dispatch", "tried")

    def __init__(self, app: Callable, node: str, answers: bool = False) -> None:
        self.app = app
        self.node = node
        #: True for apps: they answer by design, so answering is never a short circuit.
        self.answers = answers
        self.dispatch: tuple[list[str], list[str]] | None = None
        self.tried: list[str] | None = None

    def __getattr__(self, name: str) -> Any:
        # NOTE: composites and tests sometimes reach into the wrapped object (urlmap's
        # .applications, a Router's .map); a probe must not hide them.
        return getattr(self.app, name)

    def __call__(self, environ: dict, start_response: Callable) -> Iterable[bytes]:
        trace = environ.get(TRACE_KEY)
        if trace is None:
            return self.app(environ, start_response)
        if self.dispatch is not None:
            record_dispatch(trace, self.dispatch, self.node, environ)
        # NOTE: Trace.enter/leave inlined: this runs for every layer of every request.
        frames = trace.frames
        parent = frames[-1]
        parent[CALLED] = True
        span = trace.spans = trace.spans + 1
        frame = [span, None, False, parent[SPAN], self.node]
        frames.append(frame)
        records = trace.records
        records.append((_clock(), span, parent[SPAN], self.node, ENTER,
                        (environ.get("SCRIPT_NAME", ""), environ.get("PATH_INFO", ""))))

        def traced_start_response(status, headers, exc_info=None):
            frame[STATUS] = status
            return start_response(status, headers, exc_info)

        try:
            result = self.app(environ, traced_start_response)
        except BaseException as exc:
            trace.raised(frame, exc)
            trace.leave(frame, LEAVE, (None, False))
            raise
        if trace.error is not None:
            trace.returned()
        short_circuit = not (frame[CALLED] or self.answers)
        if short_circuit and self.tried is not None:
            records.append((_clock(), span, None, self.node, MISS,
                            (environ.get("PATH_INFO", ""), self.tried)))
        frames.pop()
        records.append((_clock(), span, parent[SPAN], self.node, LEAVE,
                        (frame[STATUS], short_circuit)))
        return result


def record_dispatch(
    trace: Trace, dispatch: tuple[list[str], list[str]], node: str, environ: dict
) -> None:
    """Record which edge of a composite led here.

    `dispatch` is (labels, prefixes) of the composite's edges to this node, longest prefix
    first. When there are several (nova maps `/v1.1` and `/v2` to one pipeline) the label is the
    one whose prefix urlmap just moved from PATH_INFO to the end of SCRIPT_NAME.
    """
    labels, prefixes = dispatch
    script_name = environ.get("SCRIPT_NAME", "")
    label = labels[0]
    for candidate, prefix in zip(labels, prefixes, strict=True):
        if script_name.endswith(prefix):
            label = candidate
            break
    parent = trace.frames[-1]
    trace.records.append(
        (_clock(), parent[SPAN], None, parent[4], DISPATCH,
         (label, node, script_name, environ.get("PATH_INFO", "")))
    )


def label_prefix(label: str) -> str:
    """The SCRIPT_NAME suffix a urlmap edge label leaves (`http://d:80/x` → `/x`, `/` → ``)."""
    if "://" in label:
        label = "/" + label.split("://", 1)[1].partition("/")[2]
    return label.rstrip("/")


class TracedApp:
    """The root of a traced stack: makes the Trace, records request.start/end, hands it on."""

    def __init__(self, app: Callable, stack: str, submit: Callable[[Trace], None]) -> None:
        self.app = app
        self.stack = stack
        self.submit = submit

    def __call__(self, environ: dict, start_response: Callable) -> Iterable[bytes]:
        trace = Trace(self.stack)
        environ[TRACE_KEY] = trace
        root = trace.frames[0]
        trace.records.append((
            trace.started, 0, None, None, wire.START,
            (environ.get("REQUEST_METHOD", ""),
             environ.get("SCRIPT_NAME", "") + environ.get("PATH_INFO", ""),
             environ.get("QUERY_STRING", ""), environ.get("REMOTE_ADDR", ""),
             environ.get("HTTP_HOST", ""),
             {k: v for k, v in environ.items() if k[:5] == "HTTP_"}),
        ))

        def traced_start_response(status, headers, exc_info=None):
            root[STATUS] = status
            headers.append((TRACE_HEADER, trace.id))
            return start_response(status, headers, exc_info)

        try:
            body = self.app(environ, traced_start_response)
        except BaseException as exc:
            if trace.error is None:
                trace.raised(root, exc)
            trace.error[1][3] = "server"
            trace.error = None
            self.finish(trace, "500", 0)
            raise
        if isinstance(body, list):
            self.finish(trace, root[STATUS], sum(map(len, body)))
            return body
        return ClosingBody(body, self, trace)

    def finish(self, trace: Trace, status: Any, sent: int) -> None:
        if trace.error is not None:
            trace.error[1][3] = "server"
            trace.error = None
        trace.records.append((_clock(), 0, None, None, END, (status, sent)))
        self.submit(trace)


class ClosingBody:
    """A streamed body: counts what is sent and ends the trace when the server closes it."""

    __slots__ = ("body", "root", "trace", "sent")

    def __init__(self, body: Iterable[bytes], root: TracedApp, trace: Trace) -> None:
        self.body = body
        self.root = root
        self.trace = trace
        self.sent = 0

    def __iter__(self):
        for chunk in self.body:
            self.sent += len(chunk)
            yield chunk

    def close(self) -> None:
        try:
            close = getattr(self.body, "close", None)
            if close is not None:
                close()
        finally:
            self.root.finish(self.trace, self.trace.frames[0][STATUS], self.sent)
