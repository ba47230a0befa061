"""Opt-in checks of the WSGI rules at each layer's boundary (`serve --check-wsgi`).

eventlet lets much pass that PEP 3333 forbids (an int Content-Length, a body of str, a second
start_response), so a developer whose middleware breaks a rule learns of it only when another
server or a client fails on it. `wsgiref.validate` checks the same rules by raising
AssertionError, which would break the app being traced: here each broken rule becomes a
`wsgi.warning` event on the request's trace, and every layer gets and passes up exactly what it
would unchecked.

`checked` wraps a layer at load time, inside its probe (`stack.loader`), and only when asked:
without --check-wsgi nothing here is installed. What it checks is what the layer passed up to
the layer above: each start_response call (status, headers), what it wrote, and its body. A
layer that passes on what the layer below passed up broke nothing itself: each broken rule is
said once a request, of the innermost layer that broke it (`Boundary.say`).

Each start_response call also records the headers the layer passed up (`recorded_headers`,
secrets redacted as a request's are), which node.leave carries as `headers`: what each layer
added, changed or removed on the way out is seen only where its boundary is wrapped anyway.

`passed_down` wraps the app a filter (or a filter-app's filter) is given to call, and each
branch a composite dispatches to, so that the environ the layer hands down is checked too
(`environ_problems`), and said of that layer, the outermost to pass it down: a route that
misses because a filter or a composite left `PATH_INFO` without its `/` is said where the `/`
went. The body it gets back is kept when it has a `close()` (`closable`), to say, once the
layer is done, that it never called it (`stack.wsgi_checks_body.BodyChecks.closed_below`):
PEP 3333 has whoever takes a body close it, as the server closes the one it gets, and a filter
that joins the body below and returns its own (`[b"".join(app_iter)]`) leaves what that
`close()` frees held.

A start_response call with `exc_info` also records its exception as an `error` the layer
raised (`stack.wsgi_checks_errors.answered_with`), unless a layer below raised it (its probe
recorded it): a filter that turns an error of its own code into a 500 left a trace that
could not say what was raised.

Where in the layer's code each rule was broken, the line a warning ends with, is found by
`stack.wsgi_places`. The rules of the body a layer passes up, said as it is read or closed,
are in `stack.wsgi_checks_body`; those of the status and headers it passes up in
`stack.wsgi_checks_headers`, with the headers as recorded; those of the environ it passes
down in `stack.wsgi_checks_environ`; values as a warning quotes them, and a body's bytes as
counted, in `stack.wsgi_checks_values`; the wrapper of an iterable body a layer passes up
(`CheckedBody`), and whether a body from below has a `close()` to call (`closable`), in
`stack.wsgi_checks_body_wrapper`.
"""

from __future__ import annotations

import sys
from collections.abc import Callable
from collections.abc import Iterable
from collections.abc import Mapping
from typing import Any

from stack.request_trace import clock as _clock
from stack.request_trace import served_environ
from stack.trace_records import PASSED_UP
from stack.trace_records import TRACE_KEY
from stack.trace_records import WARNING
from stack.wsgi_checks_body import BodyChecks
from stack.wsgi_checks_body_wrapper import CheckedBody
from stack.wsgi_checks_body_wrapper import SizedCheckedBody
from stack.wsgi_checks_body_wrapper import closable
from stack.wsgi_checks_environ import entered
from stack.wsgi_checks_environ import environ_problems
from stack.wsgi_checks_environ import input_problems
from stack.wsgi_checks_errors import answered_with
from stack.wsgi_checks_headers import header_problems
from stack.wsgi_checks_headers import length_problems
from stack.wsgi_checks_headers import recorded_headers
from stack.wsgi_checks_headers import status_problems
from stack.wsgi_checks_values import count
from stack.wsgi_checks_values import shown
from stack.wsgi_checks_writes import forget_kept
from stack.wsgi_checks_writes import handed_down
from stack.wsgi_places import BELOW
from stack.wsgi_places import Line
from stack.wsgi_places import Stops
from stack.wsgi_places import again_at
from stack.wsgi_places import at
from stack.wsgi_places import body_at
from stack.wsgi_places import called_at
from stack.wsgi_places import caller
from stack.wsgi_places import made_words
from stack.wsgi_places import passed_down_at

#: The rules checked, as a wsgi.warning's `rule` names them: this of a second start_response
#: call, and those of the body (`stack.wsgi_checks_body`), of the status and headers
#: (`stack.wsgi_checks_headers`) and of the environ passed down (`stack.wsgi_checks_environ`).
START_AGAIN = "start-response-again"


def checked(app: Callable, node: str) -> CheckedLayer:
    """`app`, the layer of graph node `node`, with its boundary checked on traced requests."""
    return CheckedLayer(app, node)


class CheckedLayer:
    """One layer whose every traced call is checked (`Boundary`); as transparent as its probe.

    Untraced calls (a stack its destination refuses) go straight through: a warning needs a
    trace to be said on.
    """

    __slots__ = ("app", "node")

    def __init__(self, app: Callable, node: str) -> None:
        self.app = app
        self.node = node

    def __getattr__(self, name: str) -> Any:
        # NOTE: as `stack.node_probe.NodeProbe`, which reaches through this: a composite or a test
        # may read the layer's own attributes (urlmap's .applications, a Router's .map).
        return getattr(self.app, name)

    @property
    def __class__(self) -> type:
        """The layer's class, as `stack.node_probe.NodeProbe.__class__` says."""
        return self.app.__class__

    def __call__(self, environ: dict, start_response: Callable) -> Iterable[bytes]:
        trace = environ.get(TRACE_KEY)
        if trace is None:
            return self.app(environ, start_response)
        entered(environ, served_environ(trace), self.node)
        boundary = Boundary(self.node, trace, environ.get("REQUEST_METHOD"), start_response,
                            self.app)
        try:
            body = self.app(environ, boundary.start_response)
        except BaseException:
            # NOTE: the layer is done: a body it took from below and left unclosed is said
            # now, and let go of (`took` keeps it on the trace, which it holds in turn)
            boundary.closed_below()
            raise
        return boundary.passed_up(body)


def passed_down(app: Callable, node: str) -> PassedDown:
    """`app`, the layer below the filter, filter-app or composite of graph node `node`, as
    that layer calls it: with the environ it passes down checked."""
    return PassedDown(app, node)


class PassedDown(CheckedLayer):
    """The layer below a filter, filter-app or composite, as that layer is given it: each
    traced call's environ is checked (`environ_problems`) and what it breaks said of the layer
    (`node`), and so is the request body it read and passes down without (`input_problems`);
    then the call goes on unchanged, but for a start_response of the layer's own making, whose
    write callable keeps what is written through it until the layer passes it on
    (`stack.wsgi_checks_writes`)."""

    __slots__ = ()

    def __call__(self, environ: dict, start_response: Callable) -> Iterable[bytes]:
        # NOTE: any mapping: one that is no dict is what `environ-type` says
        trace = environ.get(TRACE_KEY) if isinstance(environ, Mapping) else None
        if trace is not None:
            made = caller(sys._getframe(1), STOPS)
            served = served_environ(trace)
            for rule, words in (*environ_problems(environ, served),
                                *input_problems(environ, served, self.node)):
                say(trace, self.node, rule, words, at(made_words(made)))
            if made is not None and made is not BELOW:
                try:
                    trace.passed_down_at[self.node] = made
                except AttributeError:  # the first layer this request to call the one below
                    trace.passed_down_at = {self.node: made}
            # NOTE: a start_response of the layer's own making hands down a write callable
            # that may never pass on what is written through it (`handed_down`)
            if not isinstance(getattr(start_response, "__self__", None), Boundary):
                start_response = handed_down(trace, self.node, start_response, made)
        try:
            body = self.app(environ, start_response)
        except BaseException:
            if trace is not None:
                forget_kept(trace, self.node)
            raise
        if trace is not None:
            took(trace, self.node, body, made)
        return body


def took(trace: Any, node: str, body: Any, made: Line | str | None) -> None:
    """Keep on `trace` that layer `node` got `body` from the layer below, calling it at the
    line `made` (`caller`), if the body has a `close()` the layer must call
    (`closable`)."""
    checked = closable(body)
    if checked is None:
        return
    try:
        bodies = trace.bodies_below
    except AttributeError:  # the first such body this request
        bodies = trace.bodies_below = {}
    bodies.setdefault(node, []).append((checked, made))


def say(trace: Any, node: str, rule: str, words: str, where: str) -> None:
    """Record on `trace` that layer `node` broke `rule`, `words` saying how after its name,
    then `where` (` (at `…`)`, or "" when that cannot be told); not when another layer broke
    it in the same words this request: passing on what another layer passed breaks nothing.
    The first layer checked is the one named."""
    records = trace.records
    for record in records:
        if record[3] == WARNING and record[4] == rule:
            said = record[5][len(record[2]) + 1:]
            if said == words or said.startswith(f"{words} ("):
                return
    records.append((_clock(), None, node, WARNING, rule, f"{node} {words}{where}"))


class Boundary(BodyChecks):
    """One call of a checked layer: what it passes up, checked on its way."""

    __slots__ = ("node", "trace", "method", "upstream", "app", "starts", "status", "headers",
                 "written", "said", "started_at")

    def __init__(self, node: str, trace: Any, method: str | None, upstream: Callable,
                 app: Callable | None = None) -> None:
        self.node = node
        self.trace = trace
        self.method = method
        self.upstream = upstream
        #: The layer called, the code a warning may point to when no line was kept
        #: (`returned_at`).
        self.app = app
        self.starts = 0
        self.status: Any = None
        self.headers: Any = None
        #: Bytes the layer wrote through start_response's write callable; None when some
        #: of what it wrote has no length to count (then no Content-Length is compared).
        self.written: int | None = 0
        self.said: set[str] = set()
        #: The line of the layer's own code that made its latest start_response call, kept
        #: while it has called no layer below, and at a second call (`start_response`).
        self.started_at: Line | None = None
        # NOTE: the line of an earlier call of this layer in this request (a retrying filter
        # above calls it again) is not this call's
        lines = getattr(trace, "passed_down_at", None)
        if lines:
            lines.pop(node, None)

    def say(self, rule: str, words: str, body: Any = None, where: str | None = None) -> None:
        """Record that this layer broke `rule`, `words` saying how after the layer's name,
        then `where`; by default, the line that made the call (`called_at`), or, for `body`
        the body that broke it, where that came from (`body_at`). Not when it said so
        already in this call, nor when a layer below it broke it in the same words this
        request: passing on what the layer below passed up breaks nothing.

        A layer below is checked first (its start_response is called, its body read, before
        this layer's), so the innermost layer that broke a rule is the one named.
        """
        if words in self.said:
            return
        self.said.add(words)
        if where is None:
            where = (at(called_at(STOPS)) if body is None
                     else body_at(self.trace, self.node, self.started_at, body))
        say(self.trace, self.node, rule, words, where)

    # -- start_response -------------------------------------------------------------------

    def start_response(self, status: Any, headers: Any, exc_info: Any = None) -> Callable:
        self.starts += 1
        # NOTE: a layer's own call is kept only for a warning on the body it returns when it
        # called no layer below (`body_at`), or one on a second call (`again_at`): a filter
        # passing on its app's call, the most common, walks no frame for it.
        made = None
        if self.starts > 1 or passed_down_at(self.trace, self.node) is None:
            made = caller(sys._getframe(1), STOPS, 1)
        if self.starts > 1 and exc_info is None:
            again = again_at(self.trace, self.node, self.started_at, made)
            self.say(START_AGAIN, f"called start_response a second time ({shown(status)}, "
                                  f"after {shown(self.status)}) without exc_info; WSGI allows "
                                  "a second call only with exc_info, as an error replaces "
                                  "the response", where=again)
        if made is not None and made is not BELOW:
            self.started_at = made
        self.status, self.headers = status, headers
        named: list[tuple[str, Any]] = []
        problems = (*status_problems(status), *header_problems(headers, named),
                    *length_problems(status, headers))
        # NOTE: the line that made the call, where it was found above, is not looked for again
        where = at(made_words(made)) if problems and made is not None else None
        for rule, words in problems:
            self.say(rule, words, where=where)
        if isinstance(headers, (list, tuple)):
            # NOTE: a copy, made now: a layer above may change the very list in place
            kept, more = recorded_headers(named, self.trace)
            self.trace.records.append((_clock(), None, self.node, PASSED_UP, kept,
                                       more))
        answered = answered_with(self.trace, self.node, exc_info) if exc_info is not None else None
        try:
            return self.counted_write(self.upstream(status, headers, exc_info))
        except BaseException:
            # NOTE: raised again (the headers went out, PEP 3333): it leaves this layer, whose
            # probe records it as any error crossing it
            if answered is not None:
                self.trace.records.remove(answered)
            raise

    def counted_write(self, write: Callable) -> Callable:
        """The write callable the layer gets: the one from above, its data checked and
        counted (bytes it writes are part of its body, for the Content-Length)."""

        def checked_write(data: Any) -> Any:
            self.check_item(data, "wrote")
            self.written = count(self.written, data)
            return write(data)

        return checked_write

    # -- the body -------------------------------------------------------------------------

    def passed_up(self, body: Any) -> Any:
        """The layer's body as the layer above gets it: a list or a tuple, checked now and
        itself; an iterable, checked as it is read; anything else (None, bytes, a str), as it
        is, for the stack says what the server makes of it (`stack.trace.NOT_A_BODY`), and a
        layer above may take it (WebOb reads None as no body): one no iterable is warned of
        (`not_iterable`)."""
        if isinstance(body, (list, tuple)):
            if not self.starts:
                self.no_start(body)
            size: int | None = 0
            for item in body:
                self.check_item(item, "passed up", body)
                size = count(size, item)
            self.ended(size, body)
            self.closed_below()
            return body
        # NOTE: `__iter__` looked up on the type: an instance's own __getattr__ could raise
        if isinstance(body, (bytes, bytearray, str)):
            return body
        if not hasattr(type(body), "__iter__"):
            self.not_iterable(body)
            return body
        sized = hasattr(type(body), "__len__")
        return (SizedCheckedBody if sized else CheckedBody)(body, self)


#: The checks' own code, as `caller` reads the frames by it.
STOPS = Stops(returned=(CheckedLayer.__call__.__code__, CheckedBody.__iter__.__code__),
              start_response=Boundary.start_response.__code__)
