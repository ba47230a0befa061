"""Where in a layer's own code it broke a WSGI rule, as a `serve --check-wsgi` warning ends.

The warning (`stack.wsgi_checks`) names the layer; this finds the line the developer opens:
the start_response call, the write or the call of the layer below that broke the rule
(`caller`), the `yield` that gave a body item (`yielded_at`), or, for a body the layer
returned, its call of the layer below or of start_response before (`body_at`), or else the
one `return` of its code (`returned_at`). Frames are
walked only where a line must be kept or said, and a kept line is its code and offset
(`Line`), worded only when a warning says it (`line_words`).
"""

from __future__ import annotations

import dis
import functools
import inspect
import os
import sys
from collections.abc import Mapping
from types import CodeType
from types import FrameType
from types import GeneratorType
from types import MappingProxyType
from typing import Any
from typing import NamedTuple

import webob

from stack.code_lines import code_line
from stack.explain_words import article
from stack.recorded_errors import UNTOLD_CODE

#: Code `caller` looks past to the line that broke a rule: what a traceback leaves out
#: (`UNTOLD_CODE`: the probes', the checks'), this module's and WebOb's (a `Response` calling
#: start_response for the layer that returned it, a request's `get_response` calling the layer
#: below), none of it a line the developer wrote.
WRAPPERS = (*UNTOLD_CODE, __file__, os.path.dirname(webob.__file__) + os.sep)
#: Most frames `caller` looks through: a stack is as deep as the layers are many.
MAX_FRAMES = 200
#: What `caller` gives for a start_response call that came up through the layer below's.
BELOW = "below"

#: A line of a layer's code, kept as it calls the layer below or start_response, for a
#: warning to say later: its code and the offset of the call in it (`f_lasti`), not its
#: frame (which would keep the layer's locals alive) nor its line number (which a frame
#: reads from its code's line table, a third of what finding the line costs): both found
#: only when a warning says it (`line_words`).
Line = tuple[CodeType, int]
#: No line kept yet this request (`passed_down_at`).
NO_LINES: Mapping[str, Line] = MappingProxyType({})


class Stops(NamedTuple):
    """The checks' own code `caller` reads the frames by (`stack.wsgi_checks.STOPS`)."""

    #: The code that checks what a layer returned, once it has: `caller` stops there.
    returned: tuple[CodeType, ...]
    #: A checked start_response's: `caller` counts the layers it passes through.
    start_response: CodeType


def caller(frame: FrameType | None, stops: Stops, starts: int = 0) -> Line | str | None:
    """The line of a layer's own code that made the call being checked, looking out from
    `frame` past the checks', the probes' and WebOb's code (`WRAPPERS`); `BELOW` when the
    call came up through the layer below's start_response (the layer handed its own down, and
    the layer below made the call); None when no line of the layer's own code made it: the
    layer returned (its body is checked: `body_at` says where it came from), or WebOb's code
    made the call for it.

    `starts`: how many checked start_response calls `frame` is within already. Asked as a
    layer calls the layer below, at every such call, and as it calls start_response before
    it has called the layer below: a few frames, most of them the probes', and only a code
    and a number kept (`Line`).
    """
    for _ in range(MAX_FRAMES):
        if frame is None or frame.f_code in stops.returned:
            return None
        if frame.f_code is stops.start_response:
            starts += 1
            if starts > 1:  # the call came up through the layer below's start_response
                return BELOW
        elif not frame.f_code.co_filename.startswith(WRAPPERS):
            return frame.f_code, frame.f_lasti
        frame = frame.f_back
    return None


def called_at(stops: Stops) -> str:
    """`file.py:LINE in function` of the line of a layer's code that made the call breaking
    the rule being said (`caller`, from the frame that asks): its start_response call, its
    write, its call of the layer below with the environ it passed down; "" when no line of
    the layer's own code made it.

    Looked up only as a warning is recorded, so a layer that breaks no rule pays nothing for
    it.
    """
    return made_words(caller(sys._getframe(1), stops))


def made_words(made: Line | str | None) -> str:
    """`file.py:LINE in function` of what `caller` found, "" when it found no line."""
    return line_words(made) if made is not None and made is not BELOW else ""


def at(where: str) -> str:
    """How a warning ends that says `where` (`file.py:LINE in function`): "" if it cannot."""
    return f" (at `{where}`)" if where else ""


def line_words(line: Line) -> str:
    """`file.py:LINE in function` of a kept `Line`; LINE the function's first when its code's
    line table gives the offset none (code a compiler added, an offset past the table)."""
    code, offset = line
    number = next((number for start, end, number in code.co_lines() if start <= offset < end),
                  None)
    return code_line(code, code.co_firstlineno if number is None else number)


def passed_down_at(trace: Any, node: str) -> Line | None:
    """The line of layer `node`'s code that made its call of the layer below in its current
    call, if it made one (`stack.wsgi_checks.PassedDown`)."""
    return getattr(trace, "passed_down_at", NO_LINES).get(node)


def body_at(trace: Any, node: str, started_at: Line | None, body: Any) -> str:
    """Where the body `body` layer `node` returned, which broke a rule, came from, as a
    warning ends: the `yield` that gave the item, when it is a generator of the layer's own
    code (`yielded_at`); else the line of the layer's code that called the layer below, or
    else start_response (`started_at`), and no more than that: no frame tells which line
    returned the body once the layer has returned (`returned_at` reads it from the code, where
    it has one `return`, for a layer that called neither). A list was returned after the call;
    an iterable, perhaps before it (a generator calls the layer below as it is read).
    """
    where = yielded_at(body)
    if where:
        return at(where)
    below = passed_down_at(trace, node)
    what, line = ("the layer below", below) if below else ("start_response", started_at)
    if line is None:
        return ""
    if isinstance(body, (list, tuple)):
        return (f" (it returned {article(type(body).__name__)} after calling {what} at "
                f"`{line_words(line)}`)")
    return f" (it returned the body; it called {what} at `{line_words(line)}`)"


def again_at(trace: Any, node: str, started_at: Line | None, made: Line | str | None) -> str:
    """Where layer `node`'s second start_response call came from, as its warning ends: the
    line that made it (`caller`, `made`), if the layer's own; when the layer below made it
    with the start_response the layer handed down (`BELOW`), the layer's own call
    (`started_at`) and its call of the layer below, if both are known."""
    if made is not BELOW:
        return at(made_words(made))
    below = passed_down_at(trace, node)
    if started_at is None or below is None:
        return ""
    return (f" (it called start_response at `{line_words(started_at)}`, and handed "
            f"it to the layer below at `{line_words(below)}`, which made the second call)")


def yielded_at(body: Any) -> str:
    """`file.py:LINE in function` of the `yield` that just gave the item a layer's body
    passed up, when that body is a generator of the layer's own code; "" otherwise (a
    generator of WebOb's or of the checks', an iterable of another kind, one done).

    The innermost such generator a `yield from` delegates to: its frame, suspended, is at
    the line of the `yield`. Looked up only as a warning is recorded: a body that breaks no
    rule pays nothing for it.
    """
    where = ""
    for _ in range(MAX_FRAMES):
        frame = body.gi_frame if isinstance(body, GeneratorType) else None
        if frame is None:
            break
        if not frame.f_code.co_filename.startswith(WRAPPERS):
            where = code_line(frame.f_code, frame.f_lineno)
        body = body.gi_yieldfrom
    return where


def returned_at(app: Any) -> str:
    """`file.py:LINE in function` of the `return` that returned layer `app`'s body, when its
    code (a function's, or its class's `__call__`) has one `return` line alone: the line no
    frame tells once the layer has returned, and no other line a warning could point to when
    it called nothing before. "" for several, for a generator (its `yield` says where), for
    code not the developer's (a WebOb decorator's), or for an app with no code to read.

    Read only as a warning is recorded, from the code's bytecode (`_one_return`).
    """
    # NOTE: a layer is callable (`stack.loader`): one of no Python code (a class's
    # `type.__call__`, a `functools.partial`) has no `__code__`
    call = app if inspect.isfunction(app) or inspect.ismethod(app) else type(app).__call__
    code = getattr(call, "__code__", None)
    return "" if code is None else _one_return(code, code.co_filename)


@functools.lru_cache
def _one_return(code: CodeType, filename: str) -> str:
    """`returned_at` for a layer's `code` in file `filename`, read from its bytecode once per
    code object: a layer that breaks the rule warns on every request under --check-wsgi, and
    its code does not change between them. The cache keeps its default size.

    `filename` is part of the key: code objects compare equal without their file, so two
    layers of byte-identical code on the same line in two files would share an entry.
    """
    if (code.co_flags & (inspect.CO_GENERATOR | inspect.CO_ASYNC_GENERATOR)
            or filename.startswith(WRAPPERS)):
        return ""
    lines = {instruction.positions.lineno for instruction in dis.get_instructions(code)
             if instruction.opname.startswith("RETURN_")}
    return code_line(code, lines.pop()) if len(lines) == 1 and None not in lines else ""
