"""The exception a layer gives start_response as `exc_info` (`serve --check-wsgi`), recorded
as an `error` point record (`ERROR`) when no record holds it yet (`answered_with`).

A filter that catches an exception raised in its own code and answers 500 with it crossed no
probe with it: without this its trace could say only that the filter answered 500.
`stack.wire_events` makes the point record the error event, and follows it as any exception
in flight: caught by the layer if the layer returns, carried on if it raises it again.
"""

from __future__ import annotations

from typing import Any

from stack.recorded_errors import error_of
from stack.request_trace import clock as _clock
from stack.trace_records import ACTION
from stack.trace_records import ERROR
from stack.trace_records import LAYER


def answered_with(trace: Any, node: str, exc_info: Any) -> tuple | None:
    """Record on `trace` the exception of the `exc_info` layer `node` gave start_response, as
    an `error` it raised (`raised_at` `node`), when no record holds it yet; the record made, or
    None. Who caught it is told as its error event is made (`stack.wire_events`): the layer,
    when it returns, or whoever catches it when it raises it again.

    NOTE: an exception a layer below raised is on that layer's record (`stack.node_probe`), and
    the error event it makes says which layer caught it; one the layer raised and caught in its
    own code crossed no probe, and the trace could say only that the layer answered 500. Said
    of the innermost layer passing it up: its start_response is called first, and the layers
    above that pass on its call find its record.
    """
    exc = exc_info[1] if isinstance(exc_info, tuple) and len(exc_info) == 3 else None
    if not isinstance(exc, BaseException) or recorded(trace, id(exc)):
        return None
    _, kind, message, line = error_of(exc)
    record = (_clock(), None, node, ERROR, kind, message, line, id(exc))
    trace.records.append(record)
    return record


def recorded(trace: Any, exc_id: int) -> bool:
    """Whether a record of `trace` holds the exception of id `exc_id`: a layer's or a
    controller call's it left (`stack.trace_records.LAYER`, `ACTION`), or one a layer gave
    start_response (`answered_with`)."""
    for record in trace.records:
        code = record[3]
        error = (record[9] if len(record) > 9 else None) if code == LAYER else (
            record[8] if code == ACTION else None)
        if (error is not None and error[0] == exc_id) or (code == ERROR and record[-1] == exc_id):
            return True
    return False
