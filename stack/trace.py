"""The root of a traced stack (`TracedApp`) and the streamed body it hands the server.

The root makes the request's Trace (`stack.request_trace`), records request.start and
request.end, and answers in the server's place when what a layer did would leave the client a
bare 500; the probes inside it record each layer (`stack.node_probe`, `stack.lazy_body`). A
streamed body (`ClosingBody`) counts what is sent and ends the trace when the server closes it.
A body no layer called start_response for is refused here, its layer named (`NoStartResponse`).
"""

from __future__ import annotations

import sys
import traceback
from collections.abc import Callable
from collections.abc import Iterable
from typing import Any

from stack.body_layers import place_body_error
from stack.body_wrapping import KeepsLength
from stack.body_wrapping import close_body
from stack.recorded_errors import SERVER_ERROR
from stack.recorded_errors import drop_tracing_frames
from stack.recorded_errors import error_of
from stack.recorded_errors import server_answer
from stack.request_trace import Trace
from stack.request_trace import clock as _clock
from stack.request_trace import head_request
from stack.response_sent import Ending
from stack.response_sent import Sent
from stack.trace_records import END
from stack.trace_records import LAYER
from stack.trace_records import START
from stack.trace_records import TRACE_KEY
from stack.trace_records import unstarted

#: Response header naming the trace, so a client (or the dashboard) can find its events.
TRACE_HEADER = "X-Pastescope-Trace"
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


def no_start_error() -> tuple[int, str, str, str]:
    """What a record keeps (`error_of`) of eventlet's refusal of a body no layer called
    start_response for (`NO_START`), made here: eventlet raises it in its own code as it
    writes the body, so the record holds an AssertionError no layer's code raised
    (`stack.recorded_errors.raised_in`: "")."""
    return error_of(AssertionError(NO_START))


def began_sending(environ: dict) -> bool:
    """Whether the server has begun sending the response, its status and headers gone out;
    True when it does not say. Only eventlet knows: it keeps that on its request input
    (`SERVER_INPUT_KEY`), as `headers_sent`, a list empty until they go out."""
    return getattr(environ.get(SERVER_INPUT_KEY), "headers_sent", None) != []


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
        #: Set while the trace destination refuses this stack (`stack.http_sink.Refused`), what
        #: counts a request left untraced: requests then go through as if tracing were off
        #: (no Trace, so every probe passes them on), naming no trace that will never exist.
        self.untraced: Callable[[], None] | None = None
        #: Traced requests begun and not yet finished: those a stopping stack cuts off are
        #: counted dropped (`stack.batching_sink.BatchingSink.stop`), as no trace of them is sent.
        self.open = 0

    def __call__(self, environ: dict, start_response: Callable) -> Iterable[bytes]:
        if self.untraced is not None:
            self.untraced()
            try:
                return self.app(environ, start_response)
            except BaseException as exc:
                # NOTE: the probes pass the request on, their frames between the layers', as
                # on a traced request's way out (below): the console prints the layers' alone
                drop_tracing_frames(exc)
                raise
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
            # once the server took them (`stack.node_probe.NodeProbe`)
            status, sent_headers = line, headers
            return trace.counted_write

        try:
            body = self.app(environ, traced_start_response)
        except BaseException as exc:
            # Nothing sent yet, the server answers (`server_answer`); else the app had begun
            # its response with write(), and the client got that, cut short.
            answer = server_answer(exc) if trace.written is None else status
            self.finish(trace, answer, 0, environ, sent_headers)
            drop_tracing_frames(exc)
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
    A body that yields nothing is refused after its end, as the server writes the empty end
    of the response: this is called at that end (`ClosingBody.__iter__`), before the write,
    where a body that sent a byte pays one test for it.
    """
    server = environ.get(SERVER_KEY)
    if server is not None:
        node = unstarted_node(records)
        server.unstarted("".join(traceback.format_exception_only(NoStartResponse(node))))


def unstarted_node(records: list[tuple]) -> str | None:
    """The node of the layer that returned a body no layer called start_response for: the
    innermost layer that passed up no status and raised nothing, the last of them entered; a
    layer above it passed that body on. Not the first to return: a generator layer's record
    is kept as its call returns, before the layers below it run (`stack.lazy_body.LazyBody`)."""
    layers = [record for record in records if record[3] == LAYER and unstarted(record)]
    return max(layers, key=lambda record: record[0])[2] if layers else None


class ClosingBody(Sent):
    """A streamed body: counts what is sent and ends the trace when the server closes it.

    It keeps the chunks that make up the first `body_preview.BODY_PREVIEW` bytes (`Sent`), the
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
        # NOTE: a body that yielded nothing is refused only now, as the server writes its
        # empty end, outside this iterator: the one moment left to tell it (`tell_unstarted`).
        # `sent` first, so a body that sent a byte pays one test.
        if not self.sent and self.reply()[0] is None:
            tell_unstarted(self.environ, self.trace.records)

    def failed(self, exc: BaseException) -> bool:
        """Keep `exc`, which iterating the body raised; whether the root answered the server's
        500 in its place (none of the body sent), so that the body ends without raising."""
        error = error_of(exc)
        self.errors += ((*error, False),)
        self.ended = True
        self.answer = server_answer(exc)
        place_body_error(self.trace.records, exc, error, self.root.layers, bool(self.sent))
        drop_tracing_frames(exc)
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
            drop_tracing_frames(exc)
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
