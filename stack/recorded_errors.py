"""What a trace's record keeps of an exception, and what the client got when one reached the server.

Read as an exception leaves a layer (`stack.node_probe`), a body (`stack.lazy_body`,
`stack.trace.ClosingBody`) or a controller call (`stack.wsgi`): a request that raises nothing
never comes here.
"""

from __future__ import annotations

import os
import sys
from types import FrameType
from types import TracebackType

from stack.code_lines import innermost
from stack.code_lines import line_of

#: What the server answers when an exception reaches it before any of the response was sent.
SERVER_ERROR = "500 Internal Server Error"
#: The stack package's folder: its code is the tracing's, or what the tracing calls, but for
#: `STACK_LAYERS`.
STACK_CODE = os.path.dirname(__file__) + os.sep
#: The files of the tracing's own code, one module (`stack.trace`) until it was split: a
#: frame of theirs is no layer's, whether an exception was raised there (`raised_in`) or a
#: call came through it (`stack.wsgi_places.WRAPPERS`).
TRACING_CODE = tuple(os.path.join(STACK_CODE, f"{name}.py") for name in (
    "trace", "node_probe", "lazy_body", "request_trace", "response_sent", "body_wrapping",
    "recorded_errors", "code_lines", "urlmap_labels"))
#: The code a traceback the console prints leaves out (`drop_tracing_frames`): the tracing's
#: and, under `serve --check-wsgi`, the checks' (every `wsgi_checks…` module).
UNTOLD_CODE = (*TRACING_CODE, os.path.join(STACK_CODE, "wsgi_checks"))
#: The stack's own layers, whose frames are a layer's as any app's are: the router, resource
#: and middleware of `stack.wsgi`, the demo apps, the filters.
STACK_LAYERS = tuple(os.path.join(STACK_CODE, name) for name in (
    "wsgi.py", "demo" + os.sep, "filters" + os.sep))
#: Most exceptions of a chain (`__cause__`, `__context__`) `drop_tracing_frames` trims: a
#: layer that translates an error adds one, so a chain is as long as such layers are many.
MAX_CHAIN = 100


def error_of(exc: BaseException) -> tuple[int, str, str, str]:
    """What a record keeps of an exception: its identity (to follow it up), type, message and
    where it was raised (`raised_in`)."""
    return (id(exc), type(exc).__name__, message_of(exc), raised_in(exc))


def drop_tracing_frames(exc: BaseException) -> None:
    """Take the frames of `UNTOLD_CODE` out of the tracebacks of `exc` and of the exceptions it
    was raised from or while handling (`__cause__`, `__context__`: a filter that caught the
    app's error and raised its own) as `exc` leaves the stack for the server, which prints
    them all: untraced, the console shows the layers' frames and eventlet's only, and a
    probe's frame between each layer and the next (a start_response re-raising an `exc_info`,
    a body a probe iterates) reads as a crash of the tracing's, the layers' own lines lost
    among them.

    The rule: a frame of ours is dropped when a layer's frame (`_a_layers`) is deeper than
    it, and kept below the deepest layer's, where the tracing itself raised. What the tracing
    calls there is no layer's, so its fault is printed as its own: the standard library (a
    probe whose `json.loads` raised) and the stack's helpers (`stack.trace_records`,
    `stack.events`, …). Called on the way out only, once the trace has read what it keeps of
    `exc` (`error_of`, `stack.body_layers`, which reads the probes' frames): a layer that
    catches `exc` on its way up sees the traceback it has.
    """
    seen: set[int] = set()
    chain = [exc]
    while chain and len(seen) < MAX_CHAIN:  # a chain may loop back on itself
        each = chain.pop()
        if id(each) not in seen:
            seen.add(id(each))
            each.__traceback__ = _untold(each.__traceback__)
            chain += [linked for linked in (each.__cause__, each.__context__)
                      if linked is not None]


def _untold(first: TracebackType | None) -> TracebackType | None:
    """The traceback `first` without the frames of `UNTOLD_CODE` above its deepest layer's:
    `first` itself when it has none, rather than a copy rebuilt frame by frame on every
    error's way out (a layer that raised under no probe, a fault of the tracing's own)."""
    frames = []
    head = first
    while head is not None:  # a traceback is as deep as the stack was
        frames.append(head)
        head = head.tb_next
    deepest = max((at for at, tb in enumerate(frames) if _a_layers(tb.tb_frame)), default=-1)
    told = [tb for at, tb in enumerate(frames)
            if at > deepest or not tb.tb_frame.f_code.co_filename.startswith(UNTOLD_CODE)]
    if len(told) == len(frames):
        return first
    for tb in reversed(told):
        head = TracebackType(head, tb.tb_frame, tb.tb_lasti, tb.tb_lineno)
    return head


def _a_layers(frame: FrameType) -> bool:
    """Whether `frame` is a layer's code, or of what a layer called, as far as its file
    tells: all but the standard library's (by its module's name: the tracing calls it too)
    and the stack package's (the tracing's and its helpers'), save the stack's own layers
    (`STACK_LAYERS`). Any other library's counts as a layer's, which may call it: the tracing
    calls none on a request's way (its sinks send from a green thread of their own)."""
    file = frame.f_code.co_filename
    if file.startswith(STACK_CODE):
        return file.startswith(STACK_LAYERS)
    module = frame.f_globals.get("__name__") or ""
    return module.partition(".")[0] not in sys.stdlib_module_names


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
