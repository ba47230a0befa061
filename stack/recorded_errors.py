"""What a trace's record keeps of an exception, and what the client got when one reached the server.

Read as an exception leaves a layer (`stack.node_probe`), a body (`stack.lazy_body`,
`stack.trace.ClosingBody`) or a controller call (`stack.wsgi`): a request that raises nothing
never comes here.
"""

from __future__ import annotations

import os

from stack.code_lines import innermost
from stack.code_lines import line_of

#: What the server answers when an exception reaches it before any of the response was sent.
SERVER_ERROR = "500 Internal Server Error"
#: The files of the tracing's own code, one module (`stack.trace`) until it was split: a
#: frame of theirs is no layer's, whether an exception was raised there (`raised_in`) or a
#: call came through it (`stack.wsgi_places.WRAPPERS`).
TRACING_CODE = tuple(os.path.join(os.path.dirname(__file__), f"{name}.py") for name in (
    "trace", "node_probe", "lazy_body", "request_trace", "response_sent", "body_wrapping",
    "recorded_errors", "code_lines", "urlmap_labels"))


def error_of(exc: BaseException) -> tuple[int, str, str, str]:
    """What a record keeps of an exception: its identity (to follow it up), type, message and
    where it was raised (`raised_in`)."""
    return (id(exc), type(exc).__name__, message_of(exc), raised_in(exc))


def message_of(exc: BaseException) -> str:
    """`str(exc)`, its first 500 characters; where that raises (an exception class with a
    `__str__` of its own), words saying so: what the tracing reads must not put an exception
    of its own in the app's place, which a layer above catching the app's would not catch."""
    try:
        return str(exc)[:500]
    except Exception as unreadable:
        return f"(its str() raised {type(unreadable).__name__})"


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
    or was raised by the tracing's own code handling what an app returned (no body at all):
    any of `TRACING_CODE`.

    The innermost frame of its traceback, the same wherever the exception is caught: a layer
    names where it left, this the line a developer looks at (a filter's generator passes on
    what the body below it raised). The file's name only: paths say nothing of the request,
    and a machine's layout is not the trace's to tell.
    """
    tb = innermost(exc)
    if tb is None:
        return ""
    if tb.tb_frame.f_code.co_filename in TRACING_CODE:  # a probe iterating what an app returned
        return ""
    return line_of(tb)
