"""Reading a batch of compact traces (`stack.wire.encode_batch`) back into contract events, as
a dashboard does with what a stack sends it.

A batch comes from outside: each trace and record is checked for what `stack.wire_events.to_events`
reads of it before it is replayed, so a batch no stack sends is refused saying which trace,
record and value is wrong, never failing with Python's words (or an OverflowError's 500).
"""

from __future__ import annotations

import json
from typing import Any

from stack.event_data import MAX_INT
from stack.event_data import brief
from stack.events import PAYLOADS
from stack.trace_records import ACTION
from stack.trace_records import END
from stack.trace_records import END_DEFAULTS
from stack.trace_records import ERROR
from stack.trace_records import LAYER
from stack.trace_records import PASSED_UP
from stack.trace_records import START
from stack.wire_events import to_events


def decode_traces(body: bytes) -> list[dict[str, Any]]:
    """The contract events of a batch of compact traces; ValueError if it is not one, saying
    which trace, record and value is wrong, as a reader of the batch would name them."""
    try:
        batch = json.loads(body)
        if not isinstance(batch, list):
            raise BadBatch("the body must be a JSON array of traces "
                           f"[[trace, stack, base, records], …], got {brief(batch)}")
        return [event for index, item in enumerate(batch) for event in _trace_events(index, item)]
    except (BadBatch, ValueError, RecursionError) as exc:
        raise ValueError(f"not a Pastescope trace batch: {exc}") from exc


class BadBatch(ValueError):
    """A batch of compact traces that is not one; says where and what."""


#: Largest clock, end or base a record may hold (seconds): any sum of two stays a float, and a
#: `to_events` time never overflows; what is not a time an event can have is refused there.
MAX_CLOCK = MAX_INT


def _trace_events(index: int, item: Any) -> list[dict[str, Any]]:
    """The events of the batch's trace `index`, checked before `to_events` replays it: a
    record it could not read would fail it with Python's words, not the batch's. A refusal
    says the trace, and the record; the place is put in front only then: thousands of
    records a second."""
    if not isinstance(item, list) or len(item) != 4:
        raise BadBatch(f"trace {index}: must be [trace, stack, base, records], got {brief(item)}")
    trace, stack, base, records = item
    if not isinstance(trace, str):
        raise BadBatch(f"trace {index}: its id must be a string, got {brief(trace)}")
    where = f"trace {index} ({trace!r})"
    try:
        if not isinstance(stack, str):
            raise BadBatch(f"its stack must be a string, got {brief(stack)}")
        _check_time(base, "base")
        if not isinstance(records, list) or not records:
            raise BadBatch(f"its records must be a list of records, got {brief(records)}")
    except BadBatch as exc:
        raise BadBatch(f"{where}: {exc}") from None
    checked = []
    try:
        for record in records:
            checked.append(_checked_record(record))
    except BadBatch as exc:
        raise BadBatch(f"{where}, record {len(checked)}: {exc}") from None
    try:
        return to_events(trace, stack, base, checked)
    except (TypeError, ValueError, AttributeError, IndexError, KeyError) as exc:
        raise BadBatch(f"{where}: its records do not nest as a request's calls do "
                       f"({type(exc).__name__}: {exc})") from None


def _check_time(value: Any, name: str) -> None:
    # NOTE: one chained comparison refuses NaN and the infinities too
    if type(value) not in _NUMBERS or not -MAX_CLOCK <= value <= MAX_CLOCK:
        raise BadBatch(f"{name} must be a number of seconds within ±2**53, "
                       f"got {brief(value)}")


_NUMBERS = (int, float)
_CALLS = (LAYER, ACTION)


def _checked_record(record: Any) -> tuple:
    """`record` as `to_events` takes it; BadBatch unless it holds what `to_events` reads of a
    record of its code: an interval (a layer, a controller call) has its end, a point has
    none, and each carries the values its kind is replayed from (what they say is checked
    later, as every event's data is).

    NOTE: written out, with few calls: it runs for every record of every batch.
    """
    if type(record) is not list or len(record) < 4:
        raise BadBatch(f"must be [clock, left, node, code, …], got {brief(record)}")
    clock, left, node, code = record[0], record[1], record[2], record[3]
    if type(clock) not in _NUMBERS or not -MAX_CLOCK <= clock <= MAX_CLOCK:
        _check_time(clock, "clock")
    if node is not None and type(node) is not str:
        raise BadBatch(f"node must be a string or null, got {brief(node)}")
    if type(code) is not int or not 0 <= code < len(PAYLOADS):
        raise BadBatch(f"code must be 0 to {len(PAYLOADS) - 1} (an event kind), "
                       f"got {brief(code)}")
    if left is None:
        if code in _CALLS:
            raise BadBatch(f"a {PAYLOADS[code].kind} record must have its left time")
        if code == START or code == END:
            _check_edge(record)
        elif code == PASSED_UP:
            _check_passed_up(record)
        elif code == ERROR:
            _check_error(record)
        return tuple(record)
    if type(left) not in _NUMBERS or not clock <= left <= MAX_CLOCK:
        _check_time(left, "left")
        raise BadBatch(f"left ({left}) is before its clock ({clock})")
    if code not in _CALLS:
        raise BadBatch(f"a {PAYLOADS[code].kind} record must have null for left "
                       "(it is no call)")
    size = len(record)
    if not 9 <= size <= 12:
        _check_length(record[4:], 5, 8)
    error = record[8] if code == ACTION else record[9] if size > 9 else None
    if error is not None and (type(error) is not list or len(error) < 4
                              or type(error[0]) is not int):
        raise BadBatch(f"error must be null or [id, type, message, raised_in], "
                       f"got {brief(error)}")
    if code == LAYER:
        for name, count in (("keys_in", record[7]), ("keys_out", record[8])):
            if type(count) is not int:
                raise BadBatch(f"{name} must be an integer, got {brief(count)}")
        if size > 11:
            _check_pairs(record[11], "outer", "node, label")
    return tuple(record)


def _check_edge(record: list) -> None:
    """BadBatch unless a request.start or request.end record carries what `to_events` reads
    of it: the headers (and the dropped ones); the keys added and removed, and the body's errors."""
    args = record[4:]
    if record[3] == START:
        _check_length(args, 6, 7)
        if not isinstance(args[5], dict):
            raise BadBatch(f"headers must be an object, got {brief(args[5])}")
        if len(args) > 6 and not isinstance(args[6], list):
            raise BadBatch(f"dropped_headers must be a list, got {brief(args[6])}")
    else:
        _check_length(args, 4, 4 + len(END_DEFAULTS))
        _check_end(args)


def _check_passed_up(record: list) -> None:
    """BadBatch unless a layer's response headers (`stack.trace_records.PASSED_UP`) are what
    `to_events` reads: the layer's node, its headers (`[name, value]`, with the mark of a
    value redaction hid third: `stack.wsgi_checks_headers.hidden_mark`) and how many more."""
    _check_length(record[4:], 2, 2)
    headers, more = record[4], record[5]
    if type(record[2]) is not str:
        raise BadBatch(f"node must be the layer's, got {brief(record[2])}")
    if not isinstance(headers, list) or not all(
            isinstance(header, list) and (len(header) == 2 or len(header) == 3
                                          and type(header[2]) is int)
            for header in headers):
        raise BadBatch(f"headers must be a list of [name, value] or [name, value, hidden], "
                       f"got {brief(headers)}")
    if type(more) is not int:
        raise BadBatch(f"more must be an integer, got {brief(more)}")


def _check_error(record: list) -> None:
    """BadBatch unless the exception a layer gave start_response (`stack.trace_records.ERROR`)
    is what `to_events` reads: the layer's node, the error's type, message and where it was
    raised, and its id, which the layer's span follows it by."""
    _check_length(record[4:], 4, 4)
    if type(record[2]) is not str:
        raise BadBatch(f"node must be the layer's, got {brief(record[2])}")
    if type(record[7]) is not int:
        raise BadBatch(f"id must be an integer, got {brief(record[7])}")


def _check_length(args: list, least: int, most: int) -> None:
    if not least <= len(args) <= most:
        count = f"{least}" if least == most else f"{least} to {most}"
        raise BadBatch(f"must hold {count} values after its code, got {len(args)}")


def _check_pairs(value: Any, field: str, pair_words: str) -> None:
    """BadBatch unless `field`'s `value` is a list of two-item lists, [`pair_words`], the
    first item of each a string."""
    if not isinstance(value, list) or not all(
            isinstance(pair, list) and len(pair) == 2 and isinstance(pair[0], str)
            for pair in value):
        raise BadBatch(f"{field} must be a list of [{pair_words}], got {brief(value)}")


def _check_end(args: list) -> None:
    """BadBatch unless an END record's `added` (`environ_changes`), `removed` and body
    `errors` have the shapes `to_events` reads."""
    added, removed = args[2], args[3]
    if not (isinstance(added, list) and len(added) == 4
            and (added[0] is None or type(added[0]) is int)
            and all(isinstance(part, list) for part in added[1:])
            and all(type(offset) is int for offset in added[1])
            and all(isinstance(name, str) for name in added[2])):
        raise BadBatch(f"added must be [first, offsets, keys, texts], "
                       f"got {brief(added)}")
    _check_pairs(removed, "removed", "key, text")
    errors = args[6] if len(args) > 6 else ()
    if not isinstance(errors, list | tuple) or not all(
            isinstance(error, list) and len(error) == 5 and type(error[0]) is int
            for error in errors):
        raise BadBatch(f"errors must be a list of [id, type, message, raised_in, "
                       f"closing], got {brief(errors)}")
