"""What the layer below writes through a write callable a layer made itself (`serve
--check-wsgi`): kept on the trace until the layer passes it on, and said when it never does.

PEP 3333's write callable sends bytes ahead of the body. A filter that calls its app with a
start_response of its own (to hold the status back, or to read it) hands the app the write
callable that start_response returns: one that drops what it is given, or keeps it in a list
the filter never passes up, loses every byte the app wrote, and nothing fails. The client gets
the body without them, request.end counts only what reached the server, and the trace read as
if the app had written nothing. WebOb's `Request.call_application` does it right: it puts what
was written first in the body it returns.

`handed_down` wraps such a start_response as the layer below is called with it
(`stack.wsgi_checks.PassedDown`), so that what is written through its write callable is kept
on the trace (`Trace.kept_writes`), by the layer that made it; each item that layer passes up,
written on or in its body, takes back the kept bytes it holds (`passed_on`); what is left once
its body was read to its end is said (`never_passed_on`,
`stack.wsgi_checks_body.BodyChecks.ended`).
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from stack.wsgi_places import Line

#: The rule, as a wsgi.warning's `rule` names it.
WRITE_KEPT = "write-not-passed-on"


def handed_down(trace: Any, node: str, start_response: Callable,
                made: Line | str | None) -> Callable:
    """`start_response`, which the layer of `node` made and hands the layer below (calling it
    at `made`), with the write callable it returns keeping on `trace` what is written through
    it, until the layer passes it on (`passed_on`)."""

    def handed(status: Any, headers: Any, exc_info: Any = None) -> Any:
        write = start_response(status, headers, exc_info)
        if not callable(write):  # the layer's mistake: the layer below fails calling it
            return write

        def kept_write(data: Any) -> Any:
            if isinstance(data, (bytes, bytearray)) and data:
                try:
                    kept = trace.kept_writes
                except AttributeError:  # the first bytes so written this request
                    kept = trace.kept_writes = {}
                held = kept.setdefault(node, [made, 0, []])
                held[0] = made
                held[1] += len(data)
                held[2].append(data)
            return write(data)

        return kept_write

    return handed


def passed_on(trace: Any, node: str, item: Any) -> None:
    """The layer of `node` passed up `item`, written on or in its body: the bytes written
    through its own write callable that it holds (the same object, or within it, as a
    filter joining them into its body has them) are passed on."""
    kept = getattr(trace, "kept_writes", None)
    held = kept.get(node) if kept else None
    if held and held[2] and isinstance(item, (bytes, bytearray)) and item:
        held[2] = [data for data in held[2] if data is not item and data not in item]


def forget_kept(trace: Any, node: str) -> None:
    """Let go of what the layer below wrote to the layer of `node` as it raised: the layer's
    answer replaces the response it was writing, and the error says why."""
    kept = getattr(trace, "kept_writes", None)
    if kept:
        kept.pop(node, None)


def never_passed_on(trace: Any, node: str) -> tuple[int, int, Line | str | None] | None:
    """What was written through the write callable of the layer of `node` and that layer never
    passed on, now that its body was read to its end: (bytes left, bytes written, where it
    last called the layer below); None when it passed on all of it, or made no write callable."""
    kept = getattr(trace, "kept_writes", None)
    held = kept.pop(node, None) if kept else None
    if not held or not held[2]:
        return None
    made, written, left = held
    return sum(map(len, left)), written, made
