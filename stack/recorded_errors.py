"""What a trace's record keeps of an exception, and what the client got when one reached the server.

Read as an exception leaves a layer (`stack.node_probe`), a body (`stack.lazy_body`,
`stack.trace.ClosingBody`) or a controller call (`stack.wsgi`): a request that raises nothing
never comes here.
"""

from __future__ import annotations

import os
from types import TracebackType

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
#: The code a traceback the console prints leaves out (`drop_tracing_frames`): the tracing's
#: and, under `serve --check-wsgi`, the checks' (every `wsgi_checks…` module).
UNTOLD_CODE = (*TRACING_CODE, os.path.join(os.path.dirname(__file__), "wsgi_checks"))


def error_of(exc: BaseException) -> tuple[int, str, str, str]:
    """What a record keeps of an exception: its identity (to follow it up), type, message and
    where it was raised (`raised_in`)."""
    return (id(exc), type(exc).__name__, message_of(exc), raised_in(exc))


def drop_tracing_frames(exc: BaseException) -> None:
    """Take the frames of `UNTOLD_CODE` out of `exc`'s traceback as it leaves the stack for the
    server, which prints it: untraced, the console shows the layers' frames and eventlet's
    only, and a probe's frame between each layer and the next (a start_response re-raising an
    `exc_info`, a body a probe iterates) reads as a crash of the tracing's, the layers'
    own lines lost among them.

    Frames of ours deeper than the last layer's are kept: there the tracing itself raised.
    Called on the way out only, once the trace has read what it keeps of `exc` (`error_of`,
    `stack.body_layers`, which reads the probes' frames): a layer that catches `exc` on its
    way up sees the traceback it has.
    """
    frames = []
    tb = exc.__traceback__
    while tb is not None:  # a traceback is as deep as the stack was
        frames.append(tb)
        tb = tb.tb_next
    ours = [tb.tb_frame.f_code.co_filename.startswith(UNTOLD_CODE) for tb in frames]
    deepest = max((at for at, mine in enumerate(ours) if not mine), default=-1)
    kept = [tb for at, tb in enumerate(frames) if at > deepest or not ours[at]]
    head = None
    for tb in reversed(kept):
        head = TracebackType(head, tb.tb_frame, tb.tb_lasti, tb.tb_lineno)
    exc.__traceback__ = head


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
