"""A checked batch's events by trace, against the traces this dashboard holds already
(`dashboard.ingest`): a trace id names one request of one stack, holds one event a seq and at
most `stack.wire.MAX_TRACE_EVENTS` events, whether it comes in one batch or several; what breaks
that is refused (`BadInput`, `Conflict`, `TooManyEvents`) before anything of the batch is kept.
"""

from __future__ import annotations

from typing import Any

from flask import current_app

from dashboard.ingest_events import BadInput
from dashboard.writer import get_writer
from stack import wire


class Conflict(BadInput):
    """A trace id this dashboard already has as another stack's (`known_traces`)."""

    status = 409


class TooManyEvents(BadInput):
    """A trace of more than `stack.wire.MAX_TRACE_EVENTS` events (`traces_of`)."""

    status = 413



#: Trace ids accepted and remembered with their stacks, for the batches the writer has not
#: stored yet (`known_traces`); the oldest are forgotten past this, long stored by then.
MAX_ACCEPTED_KEPT = 100_000


def traces_of(events: list[dict[str, Any]]) -> dict[str, list[dict[str, Any]]]:
    """A batch's events by trace. BadInput for an event that repeats a seq of its trace (the
    store keeps one event a seq: the others would be taken and lost) or names another stack
    than its trace's first event (a trace is one request of one stack); TooManyEvents past
    `stack.wire.MAX_TRACE_EVENTS`."""
    by_trace: dict[str, tuple[list[dict[str, Any]], dict[int, int]]] = {}
    for index, event in enumerate(events):
        trace = event["trace"]
        if trace not in by_trace:
            by_trace[trace] = ([], {})
        found, seqs = by_trace[trace]
        if found and event["stack"] != found[0]["stack"]:
            raise BadInput(f"event {index}: trace {trace!r} is the stack "
                           f"{found[0]['stack']!r}'s (its first event's), not {event['stack']!r}")
        earlier = seqs.setdefault(event["seq"], index)
        if earlier != index:
            raise BadInput(f"event {index}: seq {event['seq']} repeats event {earlier}'s in "
                           f"trace {trace!r}")
        found.append(event)
    for trace, (found, _) in by_trace.items():
        too_many(trace, len(found))
    return {trace: found for trace, (found, _) in by_trace.items()}


def too_many(trace: str, count: int) -> None:
    """TooManyEvents when trace `trace` would hold `count` events, past the limit."""
    if count > wire.MAX_TRACE_EVENTS:
        raise TooManyEvents(f"trace {trace!r}: {count} events; a trace holds at most "
                            f"{wire.MAX_TRACE_EVENTS}")


def known_traces(by_trace: dict[str, list[dict[str, Any]]]) -> set[str]:
    """The batch's traces this dashboard has already (stored, or accepted on their way to the
    store), each of the same stack; the others are remembered as accepted.

    Conflict for one another stack's: a trace id names one request of one stack, and the
    store, keeping the first, and Live, showing the newest, would disagree. TooManyEvents when
    the stored part and the batch's together pass `stack.wire.MAX_TRACE_EVENTS`.
    """
    accepted, lock = current_app.extensions["pastescope.accepted"]
    stored = get_writer().store.stacks_of(list(by_trace))
    known = set()
    with lock:
        for trace, found in by_trace.items():
            stack, count = stored.get(trace) or (accepted.get(trace), 0)
            if stack is None:
                continue
            if stack != found[0]["stack"]:
                raise Conflict(f"trace {trace!r} is the stack {stack!r}'s here already; this "
                               f"batch has it as {found[0]['stack']!r}'s (a trace id names one "
                               "request of one stack)")
            too_many(trace, count + len(found))
            known.add(trace)
        for trace, found in by_trace.items():
            accepted[trace] = found[0]["stack"]
        while len(accepted) > MAX_ACCEPTED_KEPT:
            accepted.popitem(last=False)
    return known


def held_already(known: set[str], by_trace: dict[str, list[dict[str, Any]]]) -> dict[str, int]:
    """How many of the batch's events of each trace this dashboard has already (`known`) repeat
    a seq it holds, by trace: the store keeps the first and ignores them, and the answer says
    so. Only then is the writer waited for, to read what it holds: the stack sends each trace
    once, whole, so its batches never wait."""
    if not known:
        return {}
    writer = get_writer()
    writer.flush()
    held = writer.store.held_seqs(sorted(known))
    found = {trace: sum(event["seq"] in held.get(trace, ()) for event in by_trace[trace])
             for trace in sorted(known)}
    return {trace: count for trace, count in found.items() if count}
