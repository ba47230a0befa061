"""The status and headers a layer passes up to start_response, under `serve --check-wsgi`:
the WSGI rules they break (`status_problems`, `header_problems`, `length_problems`), and the
headers as the layer's node.leave records them (`recorded_headers`).

Each rule broken is given as `(rule, words after the layer's name)`: `stack.wsgi_checks.
Boundary` says it of the layer whose start_response call it checks, and finds the line of
the layer's code that made the call.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from typing import Any
from wsgiref.util import is_hop_by_hop

from stack import redact
from stack import redact_environ
from stack.http_token import TOKEN_CHARS
from stack.wsgi_checks_values import content_length
from stack.wsgi_checks_values import passed_code
from stack.wsgi_checks_values import shown
from stack.wsgi_checks_values import typed

#: The rules checked here, as a wsgi.warning's `rule` names them.
STATUS = "status"
HEADER_TYPE = "header-type"
HEADER_LINE_BREAK = "header-line-break"
HEADER_NAME = "header-name"
HEADER_CONTROL = "header-control-character"
STATUS_HEADER = "status-header"
HOP_BY_HOP = "hop-by-hop"
BODYLESS_LENGTH = "content-length-with-bodyless-status"

#: A status as PEP 3333 has it: three digits, one space, a reason phrase, nothing around them.
STATUS_LINE = re.compile(r"[1-9][0-9]{2} [^\x00-\x20\x7f](?:[^\x00-\x1f\x7f]*[^\x00-\x20\x7f])?")
#: A character an HTTP field name may not hold (RFC 9110's `tchar` are the rest).
NOT_IN_NAME = re.compile(f"[^{TOKEN_CHARS}]")
#: A control character, which PEP 3333 forbids in a header value ("must not include any
#: control characters"); `wsgiref.validate` forbids \x00-\x1f, DEL is one too.
CONTROL = re.compile(r"[\x00-\x1f\x7f]")
#: Most headers of one start_response call recorded; how many more there were is said.
MAX_HEADERS = 50

#: A rule broken: `(rule, words after the layer's name)`.
Problem = tuple[str, str]


def status_problems(status: Any) -> Iterator[Problem]:
    """The rules the status a layer passed up breaks."""
    if not isinstance(status, str):
        yield STATUS, (f"passed up the status as {typed(status)}; WSGI wants a str such as "
                       "\"200 OK\"")
    elif STATUS_LINE.fullmatch(status) is None:
        yield STATUS, (f"passed up the status {shown(status)}; WSGI wants three digits, one "
                       "space and a reason phrase, such as \"200 OK\"")


def header_problems(headers: Any, named: list[tuple[str, Any]]) -> Iterator[Problem]:
    """The rules the headers a layer passed up break; each header that is a (name, value)
    tuple with a str name, which the trace records (`recorded_headers`), appended to `named`
    as it is read.

    PEP 3333: "The response_headers argument is a list of (header_name, header_value)
    tuples. It must be a Python list", as the server, or a layer above, "may change its
    contents in any way it desires" (a tuple has no append)."""
    if not isinstance(headers, (list, tuple)):
        yield HEADER_TYPE, (f"passed up its headers as {typed(headers)}; WSGI wants a list of "
                            "(name, value) tuples")
        return
    # NOTE: a tuple's items are checked all the same; anything else is not iterated, as
    # that could use it up.
    if not isinstance(headers, list):
        yield HEADER_TYPE, ("passed up its headers as a tuple; WSGI wants a list of (name, "
                            "value) tuples, which the layers above and the server may change")
    for header in headers:
        if not (isinstance(header, tuple) and len(header) == 2):
            yield HEADER_TYPE, (f"passed up a header as {typed(header)}; WSGI wants a (name, "
                                "value) tuple of two str")
            continue
        name, value = header
        if not isinstance(name, str):
            yield HEADER_TYPE, f"passed up a header name as {typed(name)}; WSGI wants str"
            continue
        named.append(header)
        secret = is_secret(name)
        if not isinstance(value, str):
            yield HEADER_TYPE, (f"passed up the header `{name}` as {typed(value, secret)}; "
                                "WSGI wants str")
        yield from name_problems(name, value, secret)
        if isinstance(value, str):
            yield from value_problems(name, value, secret)


def length_problems(status: Any, headers: Any) -> Iterator[Problem]:
    """The `Content-Length` of a 1xx or 204 a layer passed up: RFC 9110 (8.6) forbids one, as
    such a response ends with its headers, yet eventlet sends it on, and a client or proxy
    that trusts it reads that many bytes of what comes next as the body. One of 0 misleads
    none, and is not said; nor is a 304's, which RFC 9110 allows when it is the length a GET
    would get, which no layer tells."""
    code = passed_code(status)
    if code is None or not (code < 200 or code == 204):
        return
    declared = content_length(headers)
    if declared:
        yield BODYLESS_LENGTH, (f"passed up `Content-Length: {declared}` with `{status}`; "
                                "HTTP forbids a Content-Length with that status, as the "
                                "response ends with its headers, but eventlet sends it on, "
                                "and a client or proxy that trusts it reads that many bytes "
                                "of what comes next as the body")


def name_problems(name: str, value: Any, secret: bool) -> Iterator[Problem]:
    """The rules the header name `name`, of the value `value` (`secret`: quoted redacted),
    breaks. The value is quoted (`shown`, a repr) only by the two rules that show it, which
    few headers break: not for every header a layer passes up.

    PEP 3333: "Each header_name must be a valid HTTP header field-name [...], without a
    trailing colon or other punctuation". Valid as HTTP (RFC 9110) has it: `wsgiref.validate`
    also refuses the marks HTTP allows in a name (`X-Tenant.Id`), which are not said here.
    """
    if has_line_break(name):
        yield HEADER_LINE_BREAK, (f"passed up a header name holding a line break "
                                  f"({shown(name)}); WSGI forbids control characters in "
                                  "headers: what follows the break reaches the client as a "
                                  "header of its own")
        return
    wrong = NOT_IN_NAME.search(name)
    if wrong is not None or not name:
        holding = f", which holds {shown(wrong.group())}" if wrong else ""
        yield HEADER_NAME, (f"passed up the header name {shown(name)}{holding}; WSGI wants an "
                            "HTTP field name, with no colon, space or control character")
    elif name.lower() == "status":
        # `wsgiref.validate`: "it conflicts with CGI script, and HTTP status is not given
        # through headers".
        yield STATUS_HEADER, (f"passed up a header named `{name}` ({shown(value, secret)}); "
                              "WSGI gives the status as start_response's first argument only, "
                              "and a CGI gateway would take this header for it")
    elif is_hop_by_hop(name):
        # PEP 3333: "Applications and middleware are forbidden from using HTTP/1.1
        # "hop-by-hop" features or headers [...] These features are the exclusive
        # province of the actual web server". eventlet sends them on, beside its own.
        yield HOP_BY_HOP, (f"passed up the hop-by-hop header `{name}` "
                           f"({shown(value, secret)}); WSGI leaves the connection to the "
                           "server, and forbids applications and middleware to set one")


def value_problems(name: str, value: str, secret: bool) -> Iterator[Problem]:
    """PEP 3333: "Each header_value must not include any control characters, including
    carriage returns or linefeeds, either embedded or at the end"."""
    if has_line_break(value):
        yield HEADER_LINE_BREAK, (f"passed up the header `{name}` with a line break in its "
                                  f"value ({shown(value, secret)}); WSGI forbids control "
                                  "characters in headers: what follows the break reaches the "
                                  "client as a header of its own")
        return
    control = CONTROL.search(value)
    if control is not None:
        yield HEADER_CONTROL, (f"passed up the header `{name}` with the control character "
                               f"{shown(control.group())} in its value "
                               f"({shown(value, secret)}); WSGI forbids control characters "
                               "in headers")


def has_line_break(text: str) -> bool:
    return "\n" in text or "\r" in text


def is_secret(name: str) -> bool:
    """Whether the value of the response header `name` must not leave the stack: by the
    rules for the request header of that name."""
    return redact_environ.is_secret_environ(redact_environ.environ_key(name))


def recorded_headers(named: list[tuple[str, Any]],
                     trace: Any) -> tuple[list[tuple[str, str] | tuple[str, str, int]], int]:
    """The first `MAX_HEADERS` of a layer's response headers as a trace records them, and
    how many more there were: each (name, value) as text, the value redacted as the request
    header of that name would be (`Set-Cookie`, a `…-Token`; a `Location`'s query) and cut
    short as an environ value is; one whose redaction hid some of it with its `hidden_mark`
    third. `named`: those that are (name, value) tuples with a str name
    (`header_problems`); a wsgi.warning says what any other was."""
    kept = named[:MAX_HEADERS]
    return [recorded_header(*header, trace) for header in kept], len(named) - len(kept)


def recorded_header(name: str, value: Any,
                    trace: Any) -> tuple[str, str] | tuple[str, str, int]:
    """One response header as `recorded_headers` records it."""
    shown, hidden = value, False
    if isinstance(value, str):
        shown = redact_environ.header_value(redact_environ.environ_key(name), value)
        hidden = shown != value
    elif is_secret(name):
        shown = redact.REDACTED
    pair = redact_environ.plain_text(name), redact_environ.environ_value(shown)
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
