"""Where finished traces go: a JSON Lines file or a dashboard, never in the request's way.

`stack.batching_sink.BatchingSink.submit` is the only call on the request path (with
`BatchingSink.count_untraced` while the destination refuses the stack, when nothing is traced):
it encodes the finished trace (redacted, see `stack.wire.encode_trace`) and appends the bytes to
a bounded deque. A green thread drains the deque in batches and delivers them. When the
destination is slow, down or failing, the deque fills, the oldest traces are dropped and
counted, and requests are served exactly as before. The count is logged once in a while and
sent with the next batch that gets through (the console then says the destination answers
again); a stopping stack, with no batch left to carry it, sends its last count in an empty one.
A destination that asks for a pause (`stack.batching_sink.AskedToWait`: HTTP 429 or 503 with
`Retry-After`) is sent nothing for that long, capped, its traces held meanwhile as above.

The queue and its delivery are every sink's (`stack.batching_sink`), the dashboard's sink is
`stack.http_sink`'s; here, the file's, and which one a `--trace-to` value names (`make_sink`).
"""

from __future__ import annotations

import json
from typing import Any

from stack import wire
from stack import wire_decode
from stack.batching_sink import QUEUE_TRACES
from stack.batching_sink import BatchingSink
from stack.http_sink import HttpSink


class FileSink(BatchingSink):
    """Appends events to a file, one JSON object a line."""

    def __init__(self, path: str, capacity: int = QUEUE_TRACES) -> None:
        super().__init__(capacity)
        self.destination = f"file:{path}"
        self.path = path
        self.file = open(path, "ab")  # noqa: SIM115 — lives as long as the sink

    def encode(self, traces: list[bytes]) -> bytes:
        events = wire_decode.decode_traces(wire.encode_batch(traces))
        return "".join(json.dumps(event, default=str) + "\n" for event in events).encode()

    def deliver(self, body: bytes) -> None:
        self.file.write(body)
        self.file.flush()


def make_sink(destination: str, announcement: dict[str, Any]) -> BatchingSink | None:
    """The sink a `--trace-to` value names: `http://HOST:PORT`, `file:PATH` or `off` (None)."""
    if destination == "off":
        return None
    if destination.startswith("file:"):
        path = destination[len("file:"):]
        if not path:  # `open("")` said "cannot append to '': No such file or directory"
            raise ValueError("--trace-to file: names no file: give its path, as "
                             "file:traces.jsonl")
        try:
            return FileSink(path)
        except OSError as exc:  # no such folder, a folder, no permission: before serving
            raise ValueError(f"--trace-to: cannot append to {path!r}: {exc.strerror}") from None
    if destination.startswith("http://"):
        return HttpSink(destination, announcement)
    raise ValueError(
        f"--trace-to must be http://HOST:PORT, file:PATH or off, not {destination!r}"
    )
