"""Turn a trace's raw records into contract events, here or at the dashboard.

On the request path a trace records flat tuples `(clock, span, parent, node, code, args)`;
`code` is the payload class's index (`events.CODES`), `args` its fields in order with two
shortcuts: a layer's end records the raw status line and the dashboard computes durations from
clocks, so the request path neither parses nor rounds. Everything here is off the request path.

Two ways out: `to_events` gives the JSON objects of the event contract (file sink, tests), and
`encode_traces`/`decode_traces` carry the records themselves in msgpack, ~5× cheaper for the
stack than JSON (measured in tests/bench/bench_tracing.py's README figures), for the dashboard
to expand with the same `to_events`. Secrets are redacted before either leaves the stack.
"""

from __future__ import annotations

from typing import Any

import msgpack

from stack import redact
from stack.events import PAYLOADS
from stack.events import ControllerAction
from stack.events import ControllerReturn
from stack.events import NodeEnter
from stack.events import NodeLeave
from stack.events import RequestEnd
from stack.events import RequestStart
from stack.events import payload_data

#: Content-Type of a msgpack batch: `[[trace, stack, base, records], …]`.
CONTENT_TYPE = "application/vnd.pastescope.traces+msgpack"

START = PAYLOADS.index(RequestStart)
ENTER = PAYLOADS.index(NodeEnter)
LEAVE = PAYLOADS.index(NodeLeave)
ACTION = PAYLOADS.index(ControllerAction)
RETURN = PAYLOADS.index(ControllerReturn)
END = PAYLOADS.index(RequestEnd)


def status_code(status: Any) -> int | None:
    """`"401 Unauthorized"` → 401; an int stays; anything else is None."""
    if isinstance(status, int):
        return status
    try:
        return int(status[:3])
    except (TypeError, ValueError):
        return None


def redacted(records: list) -> list:
    """A copy of `records` whose request headers, query and action arguments are redacted."""
    result = list(records)
    for index, (clock, span, parent, node, code, args) in enumerate(records):
        if code == START:
            method, path, query, remote, host, headers = args
            result[index] = (clock, span, parent, node, code, (
                method, path, redact.query(query), remote, host, redact.headers(headers)))
        elif code == ACTION:
            controller, action, arguments = args
            result[index] = (clock, span, parent, node, code,
                             (controller, action, redact.fields(arguments)))
    return result


def _ms(seconds: float) -> float:
    return round(seconds * 1000.0, 3)


def to_events(trace: str, stack: str, base: float, records: list) -> list[dict[str, Any]]:
    """Contract event objects from (already redacted) records; `base` + clock = epoch."""
    events = []
    opened: dict[int, float] = {}
    started = records[0][0] if records else 0.0
    for seq, (clock, span, parent, node, code, args) in enumerate(records):
        payload = PAYLOADS[code]
        if code == ENTER or code == ACTION:
            opened[span] = clock
        elif code == LEAVE:
            args = (status_code(args[0]), _ms(clock - opened.get(span, clock)), args[1])
        elif code == RETURN:
            args = (status_code(args[0]), _ms(clock - opened.get(span, clock)))
        elif code == END:
            args = (status_code(args[0]), args[1], _ms(clock - started))
        data = payload_data(payload(*args))
        events.append({
            "trace": trace, "span": span, "parent": parent, "seq": seq,
            "ts": round(base + clock, 6), "kind": payload.kind, "node": node, "stack": stack,
            "data": data,
        })
    return events


def encode_traces(traces: list) -> bytes:
    """A msgpack batch of finished traces, redacted (the HTTP sink's body)."""
    return msgpack.packb(
        [[t.id, t.stack, t.epoch - t.started, redacted(t.records)] for t in traces],
        use_bin_type=True,
    )


def decode_traces(body: bytes) -> list[dict[str, Any]]:
    """The contract events of a msgpack batch; ValueError if it is not one."""
    try:
        batch = msgpack.unpackb(body, raw=False, strict_map_key=False)
        return [
            event
            for trace, stack, base, records in batch
            for event in to_events(trace, stack, base, [tuple(r) for r in records])
        ]
    except (ValueError, TypeError, IndexError, KeyError, msgpack.UnpackException) as exc:
        raise ValueError(f"not a Pastescope msgpack batch: {exc}") from exc
