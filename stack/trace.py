"""The per-request `Trace` and the probes that record every hop into it.

A probe wraps one WSGI layer PasteDeploy built (composite, pipeline, filter, app) and knows that
layer's graph node id. The `Trace` travels in the WSGI environ, so any layer — ours, Paste's,
oslo.middleware's — is traced without being changed, and concurrent requests never share one.

Cost is the point. A layer records one flat tuple when it returns: when it was entered and left,
its node, and what it saw (SCRIPT_NAME, PATH_INFO, the status it passed up, the exception that left
it, and how many keys the environ held when it was entered and when it returned); a layer whose
body runs its layers below later (a generator) has its tuple rewritten when that body is done
(`LazyBody`). No span ids, no stack of open layers, no event objects: `stack.wire` rebuilds all
of that from how the intervals nest, off the request path. Which environ keys each layer added
follows from those counts and the environ's insertion order, so no layer copies or compares the
environ.
"""

from __future__ import annotations

import itertools
import os
import sys
import time
import traceback
from collections.abc import Callable
from collections.abc import Iterable
from types import CodeType
from types import TracebackType
from typing import Any
from typing import NamedTuple

from stack import wire
from stack.body_layers import place_body_error
from stack.events import CODES
from stack.events import CompositeDispatch

TRACE_KEY = wire.TRACE_KEY
#: Response header naming the trace, so a client (or the dashboard) can find its events.
TRACE_HEADER = "X-Pastescope-Trace"
#: What the server answers when an exception reaches it before any of the response was sent.
SERVER_ERROR = "500 Internal Server Error"
#: What eventlet raises writing a body no layer called start_response for (its own words).
NO_START = "write() before start_response()"
#: Why a body that is bytes or a str is refused: the server cannot send it (`TracedApp`).
NOT_A_BODY = ("the response body is a {} object, not an iterable of bytes: a WSGI layer "
              "returns a list of bytes, such as [b\"...\"]")
#: Environ key of the server's protocol (`stack.server.TracedProtocol`): what it does, besides
#: answering, with an exception no layer caught (`failed`), so that the root can answer in its
#: place (`TracedApp.answer_failure`), and what it logs of a streamed body it refused
#: (`unstarted`, `tell_unstarted`).
SERVER_KEY = "pastescope.server"
#: Environ key of eventlet's request input, which says whether the response began to go out
#: (`began_sending`).
SERVER_INPUT_KEY = "eventlet.input"

LAYER, ACTION, START, END = wire.LAYER, wire.ACTION, wire.START, wire.END
DISPATCH = CODES[CompositeDispatch]

_clock = time.perf_counter
_trace_ids = itertools.count(1)
_process_tag = os.urandom(3).hex()


def error_of(exc: BaseException) -> tuple[int, str, str, str]:
    """What a record keeps of an exception: its identity (to follow it up), type, message and
    where it was raised (`raised_in`)."""
    return (id(exc), type(exc).__name__, str(exc)[:500], raised_in(exc))


def no_start_error() -> tuple[int, str, str, str]:
    """What a record keeps (`error_of`) of eventlet's refusal of a body no layer called
    start_response for (`NO_START`), made here: eventlet raises it in its own code as it
    writes the body, so the record holds an AssertionError no layer's code raised
    (`raised_in`: "")."""
    return error_of(AssertionError(NO_START))


def crossing(trace: Trace, exc: BaseException) -> tuple[int, str, str, str]:
    """`error_of(exc)` for a layer `exc` is leaving: the record of the layer below, closed just
    before, holds it already when it left that layer too (its `raised_in` is the same
    wherever it is caught), so an error crossing many layers is read once, not at each."""
    last = trace.records[-1] if trace.records else ()
    error = last[9] if len(last) > 9 and last[3] == LAYER else None
    return error if error is not None and error[0] == id(exc) else error_of(exc)


def began_sending(environ: dict) -> bool:
    """Whether the server has begun sending the response, its status and headers gone out;
    True when it does not say. Only eventlet knows: it keeps that on its request input
    (`SERVER_INPUT_KEY`), as `headers_sent`, a list empty until they go out."""
    return getattr(environ.get(SERVER_INPUT_KEY), "headers_sent", None) != []


def server_answer(exc: BaseException) -> str | None:
    """What the client gets when `exc` reaches the server before any of the response was
    sent: the server's 500 for an Exception (or eventlet's own Timeout), else None — eventlet
    (`wsgi.HttpProtocol.handle_one_response`) closes the connection with no answer at all.

    NOTE: the Timeout is told by its module, so that this module imports no eventlet.
    """
    if isinstance(exc, Exception) or type(exc).__module__ == "eventlet.timeout":
        return SERVER_ERROR
    return None


def raised_in(exc: BaseException) -> str:
    """`file.py:LINE in function` of the line that raised `exc`, or "" when it was never raised
    or was raised by this module's own code handling what an app returned (no body at all).

    The innermost frame of its traceback, the same wherever the exception is caught: a layer
    names where it left, this the line a developer looks at (a filter's generator passes on
    what the body below it raised). The file's name only: paths say nothing of the request,
    and a machine's layout is not the trace's to tell.
    """
    tb = innermost(exc)
    if tb is None:
        return ""
    if tb.tb_frame.f_code.co_filename == __file__:  # a probe iterating what an app returned
        return ""
    return line_of(tb)


def innermost(exc: BaseException) -> TracebackType | None:
    """The innermost entry of `exc`'s traceback, the line that raised it; None if never raised."""
    tb = exc.__traceback__
    while tb is not None and tb.tb_next is not None:  # a traceback is as deep as the stack was
        tb = tb.tb_next
    return tb


def line_of(tb: TracebackType) -> str:
    """`file.py:LINE in function` of a traceback entry: the file's name only."""
    return code_line(tb.tb_frame.f_code, tb.tb_lineno)


def code_line(code: CodeType, line: int | None) -> str:
    """`file.py:LINE in function` of line `line` of `code`: the file's name only."""
    return f"{os.path.basename(code.co_filename)}:{line} in {code.co_name}"


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
    """

    __slots__ = ("id", "stack", "records", "started", "epoch", "write", "written", "hidden",
                 "passed_down_at")

    def __init__(self, stack: str) -> None:
        self.id = f"{_process_tag}-{next(_trace_ids)}"
        self.stack = stack
        self.records: list[tuple] = []
        self.started = _clock()
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
        self.records.append((_clock(), None, None, CODES[payload], *args))


class Wiring(NamedTuple):
    """What a probe wraps and knows, set at load time (see `NodeProbe`)."""

    app: Callable
    node: str
    outer: tuple[tuple[str, str | None], ...] = ()
    dispatch: tuple[list[str], list[str], str] | None = None
    tried: list[str] | None = None


class NodeProbe:
    """Wraps one composite, pipeline, filter or app layer and records its interval.

    Set at load time: `outer`, the pass-through layers sharing this probe, outermost first,
    each with the label of its static edge inwards (see `stack.loader.probed`); `dispatch`, when
    the outermost layer is a composite's branch — the labels, prefixes and target of the
    composite's edges to it, so entering also records composite.dispatch; `tried`, when the
    layer is a composite — its labels, which become a composite.miss when it calls no branch.

    The five are one tuple (`Wiring`), read once a request: a probe must answer for the layer
    it wraps (`__getattr__`, below), and on a class with `__getattr__` every attribute read
    takes the slow path. Five reads a layer cost the compute demo's path about 7,500
    instructions a request (callgrind; `tests/bench/bench_trace_parts.py` times it).
    """

    __slots__ = ("wiring",)

    def __init__(self, app: Callable, node: str) -> None:
        self.wiring = Wiring(app, node)

    app = property(lambda self: self.wiring.app)
    node = property(lambda self: self.wiring.node)
    outer = property(lambda self: self.wiring.outer,
                     lambda self, outer: self.rewire(outer=outer))
    dispatch = property(lambda self: self.wiring.dispatch,
                        lambda self, dispatch: self.rewire(dispatch=dispatch))
    tried = property(lambda self: self.wiring.tried,
                     lambda self, tried: self.rewire(tried=tried))

    def rewire(self, **changes: Any) -> None:
        self.wiring = self.wiring._replace(**changes)

    @property
    def entry(self) -> str:
        """The node a request enters first through this probe."""
        return self.outer[0][0] if self.outer else self.node

    def __getattr__(self, name: str) -> Any:
        # NOTE: composites and tests sometimes reach into the wrapped object (urlmap's
        # .applications, a Router's .map); a probe must not hide them.
        return getattr(self.wiring.app, name)

    @property
    def __class__(self) -> type:
        """The wrapped layer's class: a filter asking `isinstance(app, SomeApp)` of the layer
        it wraps gets the answer it gets untraced (only `type(app)` tells the probe)."""
        return self.wiring.app.__class__

    def __call__(self, environ: dict, start_response: Callable) -> Iterable[bytes]:
        app, node, outer, dispatch, tried = self.wiring
        trace = environ.get(TRACE_KEY)
        if trace is None:
            return app(environ, start_response)
        script_name = environ.get("SCRIPT_NAME", "")
        path_info = environ.get("PATH_INFO", "")
        if dispatch is not None:
            record_dispatch(trace, dispatch, script_name, path_info, environ)
        status = None

        def traced_start_response(line, headers, exc_info=None):
            nonlocal status
            # NOTE: once the server took it: a status given with exc_info after the headers
            # went out is raised again (PEP 3333), and the client keeps the one it got.
            write = start_response(line, headers, exc_info)
            status = line
            return write

        keys = len(environ)
        entered = _clock()
        try:
            result = app(environ, traced_start_response)
        except BaseException as exc:
            trace.records.append((entered, _clock(), node, LAYER, script_name, path_info,
                                  None, keys, len(environ), crossing(trace, exc), tried, outer))
            raise
        left = _clock()
        if status is None and not isinstance(result, list):
            return LazyBody.deferring(result, trace, environ, lambda: status,
                                      (entered, left, node, LAYER, script_name, path_info,
                                       None, keys, len(environ), None, tried, outer))
        if tried is None and not outer:  # the common case: the shortest record
            trace.records.append((entered, left, node, LAYER,
                                  script_name, path_info, status, keys, len(environ)))
        else:
            trace.records.append((entered, left, node, LAYER, script_name, path_info,
                                  status, keys, len(environ), None, tried, outer))
        return result


def record_dispatch(trace: Trace, dispatch: tuple[list[str], list[str], str], script_name: str,
                    path_info: str, environ: dict) -> None:
    """Record which edge of a composite led here.

    `dispatch` is (labels, prefixes, target) of the composite's edges to this layer, in the
    order Paste's URLMap tries them: the keys naming a host first, then the longest prefix
    (`stack.loader`). When there are several (nova maps `/v1.1` and `/v2` to one pipeline;
    `/` and `domain example.com /` may lead to one too) the label is the first whose prefix
    urlmap just moved from PATH_INFO to the end of SCRIPT_NAME and which takes the request's
    host.
    """
    labels, prefixes, target = dispatch
    label = labels[0]
    if len(labels) > 1:  # most branches have one edge in: nothing to pick
        label = next((candidate for candidate, prefix in zip(labels, prefixes, strict=True)
                      if script_name.endswith(prefix) and serves_host(candidate, environ)),
                     label)
    trace.records.append((_clock(), None, None, DISPATCH,
                          label, target, script_name, path_info))


def serves_host(label: str, environ: dict) -> bool:
    """Whether the urlmap key `label` takes the environ's request as Paste's URLMap decides:
    any key naming no host does; `http://example.com/` one for example.com, on any port or on
    the one it names."""
    domain = label_host(label)
    if not domain:
        return True
    host, _, port = (environ.get("HTTP_HOST") or environ.get("SERVER_NAME") or "").lower(
        ).partition(":")
    port = port or ("80" if environ.get("wsgi.url_scheme") == "http" else "443")
    return domain in (host, f"{host}:{port}")


def label_host(label: str) -> str:
    """The host a urlmap edge label names (`http://d:80/x` → `d:80`), "" for none (`/x`)."""
    return label.split("://", 1)[1].partition("/")[0] if "://" in label else ""


def label_prefix(label: str) -> str:
    """The SCRIPT_NAME suffix a urlmap edge label leaves (`http://d:80/x` → `/x`, `/` → ``)."""
    if "://" in label:
        label = "/" + label.split("://", 1)[1].partition("/")[2]
    return label.rstrip("/")


class TracedApp:
    """The root of a traced stack: makes the Trace, records request.start/end, hands it on."""

    def __init__(self, app: Callable, stack: str, submit: Callable[[Trace], None],
                 layers: dict[str, list[Callable]]) -> None:
        self.app = app
        self.stack = stack
        self.submit = submit
        #: The apps each node's probes wrap, by node: which layer's streamed body raised an
        #: error as the server read it (`stack.body_layers`).
        self.layers = layers
        #: Set while the trace destination refuses this stack (`stack.sinks.Refused`), what
        #: counts a request left untraced: requests then go through as if tracing were off
        #: (no Trace, so every probe passes them on), naming no trace that will never exist.
        self.untraced: Callable[[], None] | None = None
        #: Traced requests begun and not yet finished: those a stopping stack cuts off are
        #: counted dropped (`stack.sinks.BatchingSink.stop`), as no trace of them is sent.
        self.open = 0

    def __call__(self, environ: dict, start_response: Callable) -> Iterable[bytes]:
        if self.untraced is not None:
            self.untraced()
            return self.app(environ, start_response)
        trace = Trace(self.stack)
        self.open += 1
        # NOTE: a shallow copy is cheap; request.start's fields are read from it off the path.
        trace.records.append((trace.started, None, None, START, environ.copy()))
        environ[TRACE_KEY] = trace
        status = sent_headers = None

        def traced_start_response(line, headers, exc_info=None):
            nonlocal status, sent_headers
            # NOTE: a new list, never the app's own: an app may hand over the same list every
            # time (a module constant), which would gain one more trace header a request, or
            # a tuple, which has no append (eventlet takes both).
            headers = [*headers, (TRACE_HEADER, trace.id)]
            trace.write = start_response(line, headers, exc_info)
            status, sent_headers = line, headers  # once the server took them (`NodeProbe`)
            return trace.counted_write

        try:
            body = self.app(environ, traced_start_response)
        except BaseException as exc:
            # Nothing sent yet, the server answers (`server_answer`); else the app had begun
            # its response with write(), and the client got that, cut short.
            answer = server_answer(exc) if trace.written is None else status
            self.finish(trace, answer, 0, environ, sent_headers)
            if self.answer_failure(environ, start_response, trace, answer):
                return []
            raise
        # NOTE: a tuple too: the server gives a body with a length (a list, a tuple) a
        # Content-Length; passed on as it is, it is counted once here, not read twice by the
        # server through a wrapper that keeps its length (`SizedClosingBody`).
        if isinstance(body, (list, tuple)):
            try:
                sent = sum(map(len, body))
            # An item that is no bytes (`[b"ok", 5]`): so it is to the server, which answers
            # 500 with nothing of the app's sent (`finish`), unless this root answers in its
            # place.
            except TypeError as exc:
                return self.refuse(trace, status, environ, start_response, error_of(exc), body)
            if status is None:  # no layer called start_response: no status to send it with
                return self.unstarted(trace, environ, start_response, body)
            self.finish(trace, status, sent, environ, sent_headers, body)
            return body
        # Bytes or a str iterate as ints or one-letter strs, which the server fails to write
        # outside any iterator of ours: refused here, as the server's 500 it becomes.
        if isinstance(body, (bytes, bytearray, str)):
            try:
                raise TypeError(NOT_A_BODY.format(type(body).__name__))
            except TypeError as exc:
                return self.refuse(trace, status, environ, start_response, error_of(exc),
                                   body)
        closing = SizedClosingBody if hasattr(type(body), "__len__") else ClosingBody
        return closing(body, self, trace, environ, lambda: (status, sent_headers),
                       start_response)

    def refuse(self, trace: Trace, status: Any, environ: dict, start_response: Callable,
               error: tuple[int, str, str, str], body: Iterable) -> Iterable[bytes]:
        """End the trace of a body no server can send, `error` (`error_of`) being why, as the
        server's 500 with nothing of the app's sent (`finish`); answer that 500 in the
        server's place, or hand the body on for the server to fail on as it does untraced.

        Called while the exception is handled: the server's start_response takes it as
        `exc_info`, and its console prints it (`stack.server.TracedProtocol.failed`).
        """
        self.finish(trace, status, 0, environ, ending=Ending(((*error, False),), False))
        if self.answer_failure(environ, start_response, trace, SERVER_ERROR):
            return []
        return body

    def unstarted(self, trace: Trace, environ: dict, start_response: Callable,
                  body: Iterable) -> Iterable[bytes]:
        """Refuse a body no layer called start_response for (`refuse`): its trace says what
        the server says of it (`NO_START`), its console which layer returned it
        (`NoStartResponse`), with no frame of this module's: eventlet's words, raised from
        the stack's code, read as a crash of the stack's, not as the layer's mistake."""
        try:
            raise NoStartResponse(unstarted_node(trace.records))
        except NoStartResponse as exc:
            exc.__traceback__ = None  # what the console prints (`sys.exc_info`) has no frame
            return self.refuse(trace, None, environ, start_response, no_start_error(), body)

    @staticmethod
    def answer_failure(environ: dict, start_response: Callable, trace: Trace,
                       answer: str | None) -> bool:
        """Answer the server's 500 in its place, naming the trace, while the exception is
        handled; False where the server answers on its own: `answer` (`server_answer`) is not
        its 500, the app wrote some of its response already, or the server offers no hook
        (`SERVER_KEY`).

        The client gets what eventlet sends for an exception no layer caught (500, text/plain, no
        body, the connection closed after it) and `TRACE_HEADER`, as every traced response
        does: the request a developer most wants to open is the one that failed.
        """
        server = environ.get(SERVER_KEY)
        if server is None or answer is None or trace.written is not None:
            return False
        server.failed()
        start_response(SERVER_ERROR, [("Content-type", "text/plain"), ("Content-Length", "0"),
                                      (TRACE_HEADER, trace.id)], sys.exc_info())
        return True

    def finish(self, trace: Trace, status: Any, sent: int, environ: dict,
               headers: list | None = None, chunks: list | tuple | None = None,
               ending: Ending | None = None) -> None:
        """Record request.end and hand the trace on.

        A 4xx or 5xx also keeps its response headers and body chunks, for `stack.wire` to
        read the Content-Type, the Content-Encoding and the start of the body from: what the
        client was told is often why. Only then, so a successful request pays nothing for it;
        and then even with no body (WebOb answers a HEAD with none): the client got its
        headers all the same. What the app wrote through start_response's write callable
        (`Trace.written`) was sent before its body; a write that failed says the client went
        away, but for a HEAD that had its headers (`head_request`). `ending`: how the response
        ended when it did not end well (`Ending`); when it failed before anything was sent,
        the server answers 500 itself, as PEP 3333 has it, or nothing at all
        (`Ending.answer`; `stack.server` writes each chunk as it comes, so what was yielded
        was sent).
        """
        written, head = trace.written, ()
        if written is not None:
            sent += written.sent
            head = written.head
            if written.gone and ending is None:
                ending = Ending((), True)
        if ending is not None:
            if ending.failed_before(sent):
                status, headers, head, chunks = ending.answer, None, (), None
            # NOTE: `sent`: a chunk was written, and the headers with it or before.
            if ending.client_gone and sent and head_request(trace):
                ending = ending._replace(client_gone=False)
        # NOTE: the environ itself, not a copy: `stack.wire.prepared` reads the keys layers
        # added from it off the request path. Its Trace is replaced by None, so trace and
        # environ do not keep each other alive (no cycle for the garbage collector).
        environ[TRACE_KEY] = None
        record = (_clock(), None, None, END, status, sent, environ, len(environ), ending)
        if isinstance(status, str) and status[:1] in ("4", "5") and (head or chunks or headers):
            record += (headers, [*head, *(chunks or ())] if head else chunks or ())
        trace.records.append(record)
        self.open -= 1
        self.submit(trace)


class NoStartResponse(AssertionError):
    """A body no layer called start_response for, as the console says it (`TracedApp.unstarted`):
    the layer that returned it, and what it did wrong."""

    def __init__(self, node: str | None) -> None:
        super().__init__(f"{node or 'the app'} returned its body without calling "
                         "start_response: WSGI wants start_response called before the body "
                         "is passed up, so the server had no status to send it with and "
                         f"answered 500 (\"{NO_START}\")")


def tell_unstarted(environ: dict, records: list[tuple]) -> None:
    """Have the server say, in place of its traceback of the refusal it is handling
    (`NO_START`), which layer returned the streamed body it refused (`unstarted_node` of the
    trace's `records`) and what it did wrong (`NoStartResponse`), as it says a list body's
    (`TracedApp.unstarted`).

    The server refuses such a body as it writes the body's first bytes, in its own code: no
    layer's frame, nor this module's, is there to catch it, and what it logs names only its
    own frames, which reads as a crash of the stack's. This is called as the server drops the
    body (`ClosingBody`'s GeneratorExit), after its write raised and before its handler logs
    it: the one moment between the two that any code of ours runs, so a request that is
    answered pays nothing for it. That moment comes from CPython freeing the body's iterator
    as the error leaves eventlet's loop over it, before eventlet logs: should it stop doing
    so, the traceback is logged as before (the tests of a streamed unstarted body say so).
    """
    server = environ.get(SERVER_KEY)
    if server is not None:
        node = unstarted_node(records)
        server.unstarted("".join(traceback.format_exception_only(NoStartResponse(node))))


def unstarted_node(records: list[tuple]) -> str | None:
    """The node of the layer that returned a body no layer called start_response for: the
    innermost layer that passed up no status and raised nothing, the last of them entered; a
    layer above it passed that body on. Not the first to return: a generator layer's record
    is kept as its call returns, before the layers below it run (`LazyBody`)."""
    unstarted = [record for record in records if record[3] == LAYER and record[6] is None
                 and (len(record) < 10 or record[9] is None)]
    return max(unstarted, key=lambda record: record[0])[2] if unstarted else None


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
    # until the trace is sent (`TracedApp`).
    first = trace.records[0] if trace.records else ()
    return first[4] if len(first) > 4 and first[3] == START else {}


def close_body(body: Iterable[bytes]) -> None:
    """Close a WSGI body that has a `close()`, as PEP 3333 has the server do: the wrappers
    below pass the server's call on to the body they wrap."""
    close = getattr(body, "close", None)
    if close is not None:
        close()


class Sent:
    """How many bytes of a response were sent so far, and the chunks of its first
    `wire.BODY_PREVIEW` bytes, for request.end to show the start of an error's body; `gone`,
    whether writing failed because the client went away."""

    __slots__ = ("sent", "head", "gone")

    def __init__(self) -> None:
        self.sent = 0
        self.head: list[bytes] = []
        self.gone = False

    def add(self, chunk: bytes) -> None:
        """Count a chunk the server has written."""
        if self.sent < wire.BODY_PREVIEW:
            self.head.append(chunk[:wire.BODY_PREVIEW])
        self.sent += len(chunk)


class Ending(NamedTuple):
    """How a response ended, when not as it should (a streamed body that raised or lost its
    client, a write() that failed, a body that is no WSGI body): what `stack.wire` carries as
    request.end's `client_gone` and the body's `error` events.

    `errors`: `(id, type, message, raised_in, closing)` of each exception the body raised, as
    the server iterated it (`closing` false) or in its `close()` (true, once the body was done).
    `client_gone`: the server stopped asking for the body before its end with no error from
    it: writing to the client failed, so the client went away (or its connection broke).
    `answer`: what the server answered when the body failed before any byte was sent
    (`server_answer`).
    """

    errors: tuple[tuple[int, str, str, str, bool], ...]
    client_gone: bool
    answer: str | None = SERVER_ERROR

    def failed_before(self, sent: int) -> bool:
        """Whether the body failed as it was iterated before any byte was sent: then the
        client got the server's own answer (`answer`), not the app's status."""
        return not sent and any(not closing for *_, closing in self.errors)


class ClosingBody(Sent):
    """A streamed body: counts what is sent and ends the trace when the server closes it.

    It keeps the chunks that make up the first `wire.BODY_PREVIEW` bytes (`Sent`), the
    exceptions its iteration or its `close()` raised, and whether the server stopped asking
    for it before its end (`ended` false when closed: `Sent.gone`, see `Ending`).
    """

    __slots__ = ("body", "root", "trace", "environ", "reply", "start_response", "errors",
                 "ended", "answer")

    def __init__(self, body: Iterable[bytes], root: TracedApp, trace: Trace, environ: dict,
                 reply: Callable[[], tuple[Any, list | None]],
                 start_response: Callable) -> None:
        super().__init__()
        self.body = body
        self.root = root
        self.trace = trace
        self.environ = environ
        self.reply = reply
        self.start_response = start_response  # the server's, to answer its 500 in its place
        self.errors: tuple[tuple[int, str, str, str, bool], ...] = ()
        self.ended = False  # iterated to its end, or until it raised
        self.answer: str | None = SERVER_ERROR  # the server's, should it raise before a byte

    def __iter__(self):
        try:
            for chunk in self.body:
                yield chunk
                # NOTE: counted once the server asks for more, so once it has written this one
                # (`stack.server`): a chunk whose write failed (the client went away) was not sent.
                self.add(chunk)
        except GeneratorExit:  # the server stopped asking (the client went away): no error
            if self.reply()[0] is None:  # or it refused the bytes: no layer called start_response
                tell_unstarted(self.environ, self.trace.records)
            raise
        except BaseException as exc:
            if self.failed(exc):
                return
            raise
        self.ended = True

    def failed(self, exc: BaseException) -> bool:
        """Keep `exc`, which iterating the body raised; whether the root answered the server's
        500 in its place (none of the body sent), so that the body ends without raising."""
        error = error_of(exc)
        self.errors += ((*error, False),)
        self.ended = True
        self.answer = server_answer(exc)
        place_body_error(self.trace.records, exc, error, self.root.layers, bool(self.sent))
        return not self.sent and self.root.answer_failure(self.environ, self.start_response,
                                                          self.trace, self.answer)

    def close(self) -> None:
        try:
            close_body(self.body)
        except BaseException as exc:
            # NOTE: eventlet calls close() once the body is done, its end already sent; what
            # close() raises ends the connection, and the client keeps what it got.
            error = error_of(exc)
            if not self.errors:  # after a body that ended well: the error that left the layers
                place_body_error(self.trace.records, exc, error, self.root.layers, True)
            self.errors += ((*error, True),)
            raise
        finally:
            status, headers = self.reply()
            if status is None and not self.errors:
                # No layer called start_response: the server's write of the body failed
                # (`NO_START`), and it answered 500 itself; none of the body was sent.
                self.errors = ((*no_start_error(), False),)
                self.sent, self.head = 0, []
                self.ended = True  # the server stopped asking, not a client gone
            gone = not self.ended
            ending = Ending(self.errors, gone, self.answer) if self.errors or gone else None
            self.root.finish(self.trace, status, self.sent, self.environ, headers, self.head,
                             ending)


class KeepsLength:
    """What a wrapper of a body with a length adds: that length, as `len()` of the wrapper.

    A layer above, or the server, asks `hasattr(body, "__len__")` and `len()` of the body it
    gets, and must get what it gets unwrapped: eventlet gives a body with a length a
    Content-Length and one without none (sent chunked, or up to the connection's close); a
    filter may count the parts. So each wrapper comes in two classes, this one mixed into the
    second, chosen by the wrapped body's type: a body without a length stays without.
    """

    __slots__ = ()

    def __len__(self) -> int:
        return len(self.body)


class SizedClosingBody(KeepsLength, ClosingBody):
    """A streamed body with a length (no list, but `len()` answers): as `ClosingBody`, and it
    answers `len()` (`KeepsLength`), so the server frames it as it does untraced.

    NOTE: to count that length eventlet reads the body once before sending it and then again
    to send it, as it does untraced: each pass starts the count afresh, so request.end says
    the bytes of the pass that was sent, once. A pass that raises counted bytes the server
    never sent if it was the one for the length (`failed`). The server reads on after a pass
    that raised only when the root answered its 500 in its place (`TracedApp.answer_failure`,
    no byte having been sent): that answer is all it sends, so the app's body is read no
    more, as untraced.
    """

    __slots__ = ()

    def __iter__(self):
        if self.errors:  # a pass raised, and the root answered in the server's place
            return iter(())
        self.sent, self.head, self.ended = 0, [], False
        return super().__iter__()

    def failed(self, exc: BaseException) -> bool:
        """As `ClosingBody.failed`, once what a pass for the length counted is taken back:
        the server sent none of it, and answers 500 as though the body failed at once."""
        if self.sent and not began_sending(self.environ):
            self.sent, self.head = 0, []
        return super().failed(exc)


class LazyBody:
    """The body of a layer that returned before anything below it answered: a generator.

    A WSGI app may be a generator function (or a filter one that yields what the app below
    it yields): calling it runs nothing, and the layers below run only as the server iterates
    the body. A probe that closed its record when the call returned would say the layer
    answered no status and, having called nothing, answered on its own; and the layers below,
    which run later, would seem to run outside it. So such a layer's record (written as the
    call returned) is rewritten when its body is done — exhausted, failed or closed, whichever
    comes first — with the status it passed up and the exception that left it, so its interval
    holds the layers that ran below it; and once more when its `close()` raises after a body
    that ended well, as the server closes it: that error left this layer too. Only a probe
    whose status is still unknown when the call returns comes here, so a layer that answers as
    it returns costs nothing more.
    """

    __slots__ = ("body", "trace", "environ", "status", "index", "yielded", "finished")

    def __init__(self, body: Iterable[bytes], trace: Trace, environ: dict,
                 status: Callable[[], Any], index: int) -> None:
        self.body = body
        self.trace = trace
        self.environ = environ
        self.status = status
        self.index = index
        self.yielded = False  # a chunk with bytes went to the server, and so its status
        self.finished = False  # its record was rewritten as of its body's end

    @classmethod
    def deferring(cls, body: Iterable[bytes], trace: Trace, environ: dict,
                  status: Callable[[], Any], record: tuple) -> LazyBody:
        """`body` wrapped; `record` (a layer's long record) written now, rewritten when done.
        A body with a length keeps one (`SizedLazyBody`)."""
        trace.records.append(record)
        lazy = SizedLazyBody if hasattr(type(body), "__len__") else cls
        return lazy(body, trace, environ, status, len(trace.records) - 1)

    def __iter__(self):
        try:
            chunks = iter(self.body)
            for chunk in chunks:  # to the first bytes; the rest as they come
                yield chunk
                if chunk:
                    self.yielded = True
                    break
            yield from chunks
        except GeneratorExit:  # the server stopped asking: close() ends the record
            raise
        except BaseException as exc:
            self.done((*error_of(exc), True))  # raised as its body was read: `in_body`
            raise
        self.done()

    def close(self) -> None:
        try:
            close_body(self.body)
        except BaseException as exc:
            self.done(error_of(exc), closing=True)
            raise
        self.done()

    def done(self, error: tuple | None = None, closing: bool = False) -> None:
        """Rewrite the layer's record as of now, once; and once more when its close() raised
        after a body that ended well: that error left the layer too, as the server closed it."""
        records = self.trace.records
        record = records[self.index]
        if self.finished and not (closing and error is not None and record[9] is None):
            return
        self.finished = True
        # NOTE: a body that raised after yielding bytes keeps the status the layer passed
        # up: the server had sent it, and those bytes (`stack.server` writes each chunk as it
        # comes). One that raised before passed none the client got: the server answered
        # 500, as to a layer that raised when called (`NodeProbe`).
        status = self.status() if error is None or closing or self.yielded else None
        records[self.index] = wire.left_layer(record, _clock(), status, len(self.environ),
                                              error)


class SizedLazyBody(KeepsLength, LazyBody):
    """A lazy body with a length (`KeepsLength`). Read more than once, its layer's record is
    rewritten as of the first pass's end (`LazyBody.done`)."""

    __slots__ = ()
