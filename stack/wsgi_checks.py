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
went.

Where in the layer's code each rule was broken, the line a warning ends with, is found by
`stack.wsgi_places`.
"""

from __future__ import annotations

import re
import sys
import time
from collections.abc import Callable
from collections.abc import Iterable
from collections.abc import Iterator
from collections.abc import Mapping
from typing import Any
from wsgiref.util import is_hop_by_hop

from stack import redact
from stack.explain_words import article
from stack.http_token import TOKEN_CHARS
from stack.trace import TRACE_KEY
from stack.trace import KeepsLength
from stack.trace import close_body
from stack.trace import served_environ
from stack.wire import PASSED_UP
from stack.wire import WARNING
from stack.wire import status_code
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
from stack.wsgi_places import yielded_at

#: The rules checked, as a wsgi.warning's `rule` names them.
START_AGAIN = "start-response-again"
STATUS = "status"
HEADER_TYPE = "header-type"
HEADER_LINE_BREAK = "header-line-break"
HEADER_NAME = "header-name"
HEADER_CONTROL = "header-control-character"
STATUS_HEADER = "status-header"
HOP_BY_HOP = "hop-by-hop"
BODY_TYPE = "body-type"
CONTENT_LENGTH = "content-length"
NO_START = "no-start-response"
ENVIRON_TYPE = "environ-type"
ENVIRON_VALUE = "environ-value-type"
ENVIRON_PATH = "environ-path"
RULES = (START_AGAIN, STATUS, HEADER_TYPE, HEADER_LINE_BREAK, HEADER_NAME, HEADER_CONTROL,
         STATUS_HEADER, HOP_BY_HOP, BODY_TYPE, CONTENT_LENGTH, NO_START, ENVIRON_TYPE,
         ENVIRON_VALUE, ENVIRON_PATH)

#: A status as PEP 3333 has it: three digits, one space, a reason phrase, nothing around them.
STATUS_LINE = re.compile(r"[1-9][0-9]{2} [^\x00-\x20\x7f](?:[^\x00-\x1f\x7f]*[^\x00-\x20\x7f])?")
#: A character an HTTP field name may not hold (RFC 9110's `tchar` are the rest).
NOT_IN_NAME = re.compile(f"[^{TOKEN_CHARS}]")
#: A control character, which PEP 3333 forbids in a header value ("must not include any
#: control characters"); `wsgiref.validate` forbids \x00-\x1f, DEL is one too.
CONTROL = re.compile(r"[\x00-\x1f\x7f]")
#: Statuses whose response has no body, so no Content-Length to match (1xx too).
BODYLESS = (204, 304)
#: Longest value a message quotes.
MAX_SHOWN = 80
#: Most headers of one start_response call recorded; how many more there were is said.
MAX_HEADERS = 50
#: Types a message quotes the value of; any other is named by its type alone (its repr may
#: hold secrets, be huge, or raise).
QUOTED_TYPES = (str, bytes, int, float, bool, type(None))


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
        # NOTE: as `stack.trace.NodeProbe`, which reaches through this: a composite or a test
        # may read the layer's own attributes (urlmap's .applications, a Router's .map).
        return getattr(self.app, name)

    @property
    def __class__(self) -> type:
        """The layer's class, as `stack.trace.NodeProbe.__class__` says."""
        return self.app.__class__

    def __call__(self, environ: dict, start_response: Callable) -> Iterable[bytes]:
        trace = environ.get(TRACE_KEY)
        if trace is None:
            return self.app(environ, start_response)
        boundary = Boundary(self.node, trace, environ.get("REQUEST_METHOD"), start_response)
        return boundary.passed_up(self.app(environ, boundary.start_response))


def passed_down(app: Callable, node: str) -> PassedDown:
    """`app`, the layer below the filter, filter-app or composite of graph node `node`, as
    that layer calls it: with the environ it passes down checked."""
    return PassedDown(app, node)


class PassedDown(CheckedLayer):
    """The layer below a filter, filter-app or composite, as that layer is given it: each
    traced call's environ is checked (`environ_problems`) and what it breaks said of the layer
    (`node`), then the call goes on unchanged."""

    __slots__ = ()

    def __call__(self, environ: dict, start_response: Callable) -> Iterable[bytes]:
        # NOTE: any mapping: one that is no dict is what `environ-type` says
        trace = environ.get(TRACE_KEY) if isinstance(environ, Mapping) else None
        if trace is not None:
            made = caller(sys._getframe(1), STOPS)
            for rule, words in environ_problems(environ, served_environ(trace)):
                say(trace, self.node, rule, words, at(made_words(made)))
            if made is not None and made is not BELOW:
                try:
                    trace.passed_down_at[self.node] = made
                except AttributeError:  # the first layer this request to call the one below
                    trace.passed_down_at = {self.node: made}
        return self.app(environ, start_response)


def environ_problems(environ: dict, served: dict) -> Iterator[tuple[str, str]]:
    """The WSGI rules `environ` breaks, as (rule, words after the layer's name); a value the
    server handed over (`served`, the same object) breaks none of the layer's.

    PEP 3333's, as `wsgiref.validate.check_environ` checks them: the environ "must be a
    builtin Python dictionary (not a subclass, UserDict or other dictionary emulation)";
    "CGI-defined variables must be native strings [...] It is a violation of this specification
    for any CGI variable's value to be of any type other than str" (a key with no dot: one
    with a dot is an extension, of any type); and `check_environ`'s paths: a `PATH_INFO` or
    `SCRIPT_NAME` that is not empty starts with `/`, and `SCRIPT_NAME` is not `/` (`''`, with
    the `/` in PATH_INFO): PEP 3333 rebuilds the path as SCRIPT_NAME + PATH_INFO, so a
    SCRIPT_NAME ending in `/` leaves the `/` out of PATH_INFO, where routes look for it.
    """
    if type(environ) is not dict:
        yield ENVIRON_TYPE, (f"passed down the environ as {article(type(environ).__name__)}; "
                             "WSGI wants a plain dict (not a subclass)")
    for key, value in environ.items():
        if (isinstance(key, str) and "." not in key and type(value) is not str
                and not (key in served and served[key] is value)):
            yield ENVIRON_VALUE, (f"passed down `{key}` as "
                                  f"{typed(value, redact.is_secret_environ(key))}; WSGI wants "
                                  "a str for every CGI variable (a key with no dot)")
    path_info = environ.get("PATH_INFO")
    if (isinstance(path_info, str) and path_info[:1] not in ("", "/")
            and served.get("PATH_INFO") is not path_info):
        yield ENVIRON_PATH, (f"passed down `PATH_INFO` as {shown(path_info)}, with no leading "
                             "`/`; WSGI wants it empty or starting with `/`")
    script_name = environ.get("SCRIPT_NAME")
    if (isinstance(script_name, str) and script_name
            and not (script_name[0] == "/" and script_name[-1] != "/")
            and served.get("SCRIPT_NAME") is not script_name):
        where = "ends in" if script_name[0] == "/" else "does not start with"
        yield ENVIRON_PATH, (f"passed down `SCRIPT_NAME` as {shown(script_name)}, which "
                             f"{where} `/`; WSGI wants it empty or starting with `/` and "
                             "not ending with one: the `/` after it starts PATH_INFO")


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
    records.append((time.perf_counter(), None, node, WARNING, rule, f"{node} {words}{where}"))


class Boundary:
    """One call of a checked layer: what it passes up, checked on its way."""

    __slots__ = ("node", "trace", "method", "upstream", "starts", "status", "headers",
                 "written", "said", "started_at")

    def __init__(self, node: str, trace: Any, method: str | None,
                 upstream: Callable) -> None:
        self.node = node
        self.trace = trace
        self.method = method
        self.upstream = upstream
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
        self.check_status(status)
        named = self.check_headers(headers)
        if named is not None:
            # NOTE: a copy, made now: a layer above may change the very list in place
            kept, more = recorded_headers(named, self.trace)
            self.trace.records.append((time.perf_counter(), None, self.node, PASSED_UP, kept,
                                       more))
        return self.counted_write(self.upstream(status, headers, exc_info))

    def check_status(self, status: Any) -> None:
        if not isinstance(status, str):
            self.say(STATUS, f"passed up the status as {typed(status)}; WSGI wants a str "
                             "such as \"200 OK\"")
        elif STATUS_LINE.fullmatch(status) is None:
            self.say(STATUS, f"passed up the status {shown(status)}; WSGI wants three "
                             "digits, one space and a reason phrase, such as \"200 OK\"")

    def check_headers(self, headers: Any) -> list[tuple[str, Any]] | None:
        """PEP 3333: "The response_headers argument is a list of (header_name, header_value)
        tuples. It must be a Python list", as the server, or a layer above, "may change its
        contents in any way it desires" (a tuple has no append).

        The headers that are (name, value) tuples with a str name, which the trace records
        (`recorded_headers`); None when `headers` is no list or tuple."""
        if not isinstance(headers, (list, tuple)):
            self.say(HEADER_TYPE, f"passed up its headers as {typed(headers)}; WSGI wants a "
                                  "list of (name, value) tuples")
            return None
        named = []
        # NOTE: a tuple's items are checked all the same; anything else is not iterated, as
        # that could use it up.
        if not isinstance(headers, list):
            self.say(HEADER_TYPE, "passed up its headers as a tuple; WSGI wants a list of "
                                  "(name, value) tuples, which the layers above and the server "
                                  "may change")
        for header in headers:
            if not (isinstance(header, tuple) and len(header) == 2):
                self.say(HEADER_TYPE, f"passed up a header as {typed(header)}; WSGI wants a "
                                      "(name, value) tuple of two str")
                continue
            name, value = header
            if not isinstance(name, str):
                self.say(HEADER_TYPE, f"passed up a header name as {typed(name)}; WSGI "
                                      "wants str")
                continue
            named.append(header)
            secret = is_secret(name)
            if not isinstance(value, str):
                self.say(HEADER_TYPE, f"passed up the header `{name}` as "
                                      f"{typed(value, secret)}; WSGI wants str")
            self.check_name(name, shown(value, secret))
            if isinstance(value, str):
                self.check_value(name, value, secret)
        return named

    def check_name(self, name: str, value: str) -> None:
        """Check the header name `name`, of the value `value` (as a message shows it).

        PEP 3333: "Each header_name must be a valid HTTP header field-name [...], without a
        trailing colon or other punctuation". Valid as HTTP (RFC 9110) has it: `wsgiref.validate`
        also refuses the marks HTTP allows in a name (`X-Tenant.Id`), which are not said here.
        """
        if has_line_break(name):
            self.say(HEADER_LINE_BREAK, f"passed up a header name holding a line break "
                                        f"({shown(name)}); WSGI forbids control characters in "
                                        "headers: what follows the break reaches the client "
                                        "as a header of its own")
            return
        wrong = NOT_IN_NAME.search(name)
        if wrong is not None or not name:
            holding = f", which holds {shown(wrong.group())}" if wrong else ""
            self.say(HEADER_NAME, f"passed up the header name {shown(name)}{holding}; WSGI "
                                  "wants an HTTP field name, with no colon, space or control "
                                  "character")
        elif name.lower() == "status":
            # `wsgiref.validate`: "it conflicts with CGI script, and HTTP status is not given
            # through headers".
            self.say(STATUS_HEADER, f"passed up a header named `{name}` ({value}); WSGI "
                                    "gives the status as start_response's first argument "
                                    "only, and a CGI gateway would take this header for it")
        elif is_hop_by_hop(name):
            # PEP 3333: "Applications and middleware are forbidden from using HTTP/1.1
            # "hop-by-hop" features or headers [...] These features are the exclusive
            # province of the actual web server". eventlet sends them on, beside its own.
            self.say(HOP_BY_HOP, f"passed up the hop-by-hop header `{name}` ({value}); WSGI "
                                 "leaves the connection to the server, and forbids "
                                 "applications and middleware to set one")

    def check_value(self, name: str, value: str, secret: bool) -> None:
        """PEP 3333: "Each header_value must not include any control characters, including
        carriage returns or linefeeds, either embedded or at the end"."""
        if has_line_break(value):
            self.say(HEADER_LINE_BREAK, f"passed up the header `{name}` with a line break in "
                                        f"its value ({shown(value, secret)}); WSGI forbids "
                                        "control characters in headers: what follows the "
                                        "break reaches the client as a header of its own")
            return
        control = CONTROL.search(value)
        if control is not None:
            self.say(HEADER_CONTROL, f"passed up the header `{name}` with the control "
                                     f"character {shown(control.group())} in its value "
                                     f"({shown(value, secret)}); WSGI forbids control "
                                     "characters in headers")

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
        is, for the stack says what the server makes of it (`stack.trace.NOT_A_BODY`)."""
        if isinstance(body, (list, tuple)):
            if not self.starts:
                self.no_start(body)
            size: int | None = 0
            for item in body:
                self.check_item(item, "passed up", body)
                size = count(size, item)
            self.ended(size, body)
            return body
        # NOTE: `__iter__` looked up on the type: an instance's own __getattr__ could raise
        if isinstance(body, (bytes, bytearray, str)) or not hasattr(type(body), "__iter__"):
            return body
        sized = hasattr(type(body), "__len__")
        return (SizedCheckedBody if sized else CheckedBody)(body, self)

    def check_item(self, item: Any, how: str, body: Any = None) -> None:
        """Say that the layer `how` (passed up, wrote) `item`, if it is no bytes: `body` the
        body that held it, if it was no write."""
        if not isinstance(item, bytes):
            # NOTE: by its type alone: a body may hold secrets (the stack keeps only an
            # error's, redacted), and its items' sizes would make one warning a chunk
            self.say(BODY_TYPE, f"{how} a body item as {article(type(item).__name__)}; WSGI "
                                "wants bytes", body)

    def no_start(self, body: Any) -> None:
        self.say(NO_START, "returned its body without calling start_response (nor write); "
                           "WSGI wants start_response called before the first byte of the "
                           "body is passed up", body)

    def ended(self, size: int | None, body: Any, past: str = "") -> None:
        """The layer's body `body` was read to its end, `size` bytes (None: not countable):
        check its Content-Length, if it declared one a body should match; `past`, the `yield`
        that took the body past it, if it went past and that was told (`CheckedBody`)."""
        declared = content_length(self.headers)
        total = None if size is None or self.written is None else size + self.written
        if (declared is None or total is None or declared == total or self.method == "HEAD"
                or has_no_body(self.status)):
            return
        outcome = ("the client waits for bytes that never come" if total < declared
                   else "the client takes the bytes past it for the next response")
        # NOTE: bytes it wrote count first: the `yield` that took the body alone past the
        # header may not be the one that took the response past it
        where = (f" (the `yield` at `{past}` went past it)" if past and total > declared
                 and not self.written
                 else body_at(self.trace, self.node, self.started_at, body))
        self.say(CONTENT_LENGTH, f"passed up `Content-Length: {declared}` with a body of "
                                 f"{total} bytes; WSGI wants the header to say what the body "
                                 f"holds ({outcome})", where=where)


class CheckedBody:
    """A layer's iterable body, each chunk checked as the layer above reads it; the whole
    checked (`Boundary.ended`) only when read to its end."""

    __slots__ = ("body", "boundary")

    def __init__(self, body: Iterable[Any], boundary: Boundary) -> None:
        self.body = body
        self.boundary = boundary

    def __getattr__(self, name: str) -> Any:
        return getattr(self.body, name)

    def __iter__(self) -> Iterator[Any]:
        """Each chunk checked as it passes; and, when the body goes past the Content-Length
        its layer passed up, the `yield` that took it past noted then, while the generator
        waits at it (`yielded_at`), for the warning `Boundary.ended` makes at the end."""
        boundary = self.boundary
        size: int | None = 0
        starts, declared = 0, None
        past: str | None = None  # not looked for yet: "" is looked for and not found
        for chunk in self.body:
            boundary.check_item(chunk, "passed up", self.body)
            if not boundary.starts and isinstance(chunk, (bytes, bytearray, str)) and chunk:
                boundary.no_start(self.body)
            size = count(size, chunk)
            if starts != boundary.starts:  # headers passed up, or replaced: read once each
                starts, declared = boundary.starts, content_length(boundary.headers)
            if (declared is not None and size is not None and size > declared
                    and past is None):
                past = yielded_at(self.body)
            yield chunk
        if not boundary.starts:
            boundary.no_start(self.body)
        boundary.ended(size, self.body, past or "")

    def close(self) -> None:
        close_body(self.body)


class SizedCheckedBody(KeepsLength, CheckedBody):
    """A checked body whose body has a length (`KeepsLength`): a layer above gets what it gets
    unchecked."""

    __slots__ = ()


#: The checks' own code, as `caller` reads the frames by it.
STOPS = Stops(returned=(CheckedLayer.__call__.__code__, CheckedBody.__iter__.__code__),
              start_response=Boundary.start_response.__code__)


# -- words and numbers ------------------------------------------------------------------------


def shown(value: Any, secret: bool = False) -> str:
    """A value as a message quotes it: its repr, cut short; `***` if `secret`; by its type if
    it is no plain value."""
    if secret:
        return redact.REDACTED
    if type(value) not in QUOTED_TYPES:
        return redact.object_text(type(value))
    text = repr(value)
    return text if len(text) <= MAX_SHOWN else text[:MAX_SHOWN - 1] + "…"


def typed(value: Any, secret: bool = False) -> str:
    """`an int (42)`: a value's type, and the value if a message quotes it (`shown`)."""
    if value is None:
        return "None"
    kind = article(type(value).__name__)
    return f"{kind} ({shown(value, secret)})" if type(value) in QUOTED_TYPES else kind


def is_secret(name: str) -> bool:
    """Whether the value of the response header `name` must not leave the stack: by the
    rules for the request header of that name."""
    return redact.is_secret_environ(redact.environ_key(name))


def recorded_headers(named: list[tuple[str, Any]],
                     trace: Any) -> tuple[list[tuple[str, str] | tuple[str, str, int]], int]:
    """The first `MAX_HEADERS` of a layer's response headers as a trace records them, and
    how many more there were: each (name, value) as text, the value redacted as the request
    header of that name would be (`Set-Cookie`, a `…-Token`; a `Location`'s query) and cut
    short as an environ value is; one whose redaction hid some of it with its `hidden_mark`
    third. `named`: those that are (name, value) tuples with a str name
    (`Boundary.check_headers`); a wsgi.warning says what any other was."""
    kept = named[:MAX_HEADERS]
    return [recorded_header(*header, trace) for header in kept], len(named) - len(kept)


def recorded_header(name: str, value: Any,
                    trace: Any) -> tuple[str, str] | tuple[str, str, int]:
    """One response header as `recorded_headers` records it."""
    shown, hidden = value, False
    if isinstance(value, str):
        shown = redact.header_value(redact.environ_key(name), value)
        hidden = shown != value
    elif is_secret(name):
        shown = redact.REDACTED
    pair = redact.plain_text(name), redact.environ_value(shown)
    return (*pair, hidden_mark(trace, value)) if hidden else pair


def hidden_mark(trace: Any, value: str) -> int:
    """The number that stands for `value`, a header value redaction hid (in whole or in
    part), on this request: the same for the same value, another for another.

    Recorded beside the redacted value, so that a layer changing a token (`X-Subject-Token`,
    `Set-Cookie`) is seen to change it (`stack.response_headers.header_change_words`) while
    neither value leaves the stack: the values stay on the trace (`Trace.hidden`), which no
    record holds, and a number says nothing of the value it stands for, nor of another
    request's.
    """
    try:
        marks = trace.hidden
    except AttributeError:  # the first header this request hides: most hide none
        marks = trace.hidden = {}
    return marks.setdefault(value, len(marks) + 1)


def has_line_break(text: str) -> bool:
    return "\n" in text or "\r" in text


def count(size: int | None, item: Any) -> int | None:
    """`size` plus the length of a body item; None once an item has no length the server
    would send as bytes (eventlet sends a str as ASCII, one byte a character)."""
    if size is None or not isinstance(item, (bytes, bytearray, str)):
        return None
    return size + len(item)


def content_length(headers: Any) -> int | None:
    """The Content-Length `headers` declare, as a number (an int one too); None when there is
    none, or none a number can be read from."""
    if not isinstance(headers, (list, tuple)):
        return None
    for header in headers:
        if (isinstance(header, tuple) and len(header) == 2 and isinstance(header[0], str)
                and header[0].lower() == "content-length"):
            value = header[1]
            if isinstance(value, int) and not isinstance(value, bool):
                return value
            text = value.strip() if isinstance(value, str) else ""
            # NOTE: a few digits only: Python refuses to read a number of thousands
            return int(text) if text.isascii() and text.isdigit() and len(text) < 20 else None
    return None


def has_no_body(status: Any) -> bool:
    """Whether a response of `status` has no body (1xx, 204, 304): none to match."""
    code = status_code(status) if isinstance(status, str) else None
    return code is not None and (code < 200 or code in BODYLESS)
