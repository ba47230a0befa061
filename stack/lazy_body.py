"""The body of a layer that returned before anything below it answered (a generator), whose
record is rewritten as of that body's end (`LazyBody`).
"""

from __future__ import annotations

from collections.abc import Callable
from collections.abc import Iterable
from typing import Any

from stack.body_layers import place_read_error
from stack.body_wrapping import KeepsLength
from stack.body_wrapping import close_body
from stack.recorded_errors import error_of
from stack.request_trace import Trace
from stack.request_trace import clock as _clock
from stack.trace_records import left_layer


class LazyBody:
    """The body of a layer that returned before anything below it answered: a generator.

    A WSGI app may be a generator function (or a filter one that yields what the app below
    it yields): calling it runs nothing, and the layers below run only as the server iterates
    the body. A probe that closed its record when the call returned would say the layer
    answered no status and, having called nothing, answered on its own; and the layers below,
    which run later, would seem to run outside it. So such a layer's record (written as the
    call returned) is rewritten when its body is done — exhausted, failed or closed, whichever
    comes first — with the status it passed up and the exception that left it, so its interval
    holds the layers that ran below it; and once more when its `close()` raises after a body
    that ended well, as the server closes it: that error left this layer too. Only a probe
    whose status is still unknown when the call returns comes here, so a layer that answers as
    it returns costs nothing more.

    An exception its body raises is said of the layer below whose code raised it, when one
    did (`place_read_error`, as for a layer reading a body in its call): a filter that is a
    generator yielding its app's body was otherwise blamed for an error of that body.
    `layers`: the apps each node's probes wrap, read only then.
    """

    __slots__ = ("body", "trace", "environ", "status", "index", "layers", "yielded",
                 "finished")

    def __init__(self, body: Iterable[bytes], trace: Trace, environ: dict,
                 status: Callable[[], Any], index: int,
                 layers: dict[str, list[Callable]]) -> None:
        self.body = body
        self.trace = trace
        self.environ = environ
        self.status = status
        self.index = index
        self.layers = layers
        self.yielded = False  # a chunk with bytes went to the server, and so its status
        self.finished = False  # its record was rewritten as of its body's end

    @classmethod
    def deferring(cls, body: Iterable[bytes], trace: Trace, environ: dict,
                  status: Callable[[], Any], record: tuple,
                  layers: dict[str, list[Callable]]) -> LazyBody:
        """`body` wrapped; `record` (a layer's long record) written now, rewritten when done.
        A body with a length keeps one (`SizedLazyBody`)."""
        trace.records.append(record)
        lazy = SizedLazyBody if hasattr(type(body), "__len__") else cls
        return lazy(body, trace, environ, status, len(trace.records) - 1, layers)

    def __iter__(self):
        try:
            chunks = iter(self.body)
            for chunk in chunks:  # to the first bytes; the rest as they come
                yield chunk
                if chunk:
                    self.yielded = True
                    break
            yield from chunks
        except GeneratorExit:  # the server stopped asking: close() ends the record
            raise
        except BaseException as exc:
            # raised as its body was read (`in_body`), maybe by a layer it called then, whose
            # records begin once its call returned
            error = error_of(exc)
            record = self.trace.records[self.index]
            self.done(place_read_error(self.trace.records, exc, error, record[2], self.layers,
                                       record[1]) or (*error, True))
            raise
        self.done()

    def close(self) -> None:
        try:
            close_body(self.body)
        except BaseException as exc:
            self.done(error_of(exc), closing=True)
            raise
        self.done()

    def done(self, error: tuple | None = None, closing: bool = False) -> None:
        """Rewrite the layer's record as of now, once; and once more when its close() raised
        after a body that ended well: that error left the layer too, as the server closed it."""
        records = self.trace.records
        record = records[self.index]
        if self.finished and not (closing and error is not None and record[9] is None):
            return
        self.finished = True
        # NOTE: a body that raised after yielding bytes keeps the status the layer passed
        # up: the server had sent it, and those bytes (`stack.server` writes each chunk as it
        # comes). One that raised before passed none the client got: the server answered
        # 500, as to a layer that raised when called (`stack.node_probe.NodeProbe`).
        status = self.status() if error is None or closing or self.yielded else None
        records[self.index] = left_layer(record, _clock(), status, len(self.environ),
                                         error)


class SizedLazyBody(KeepsLength, LazyBody):
    """A lazy body with a length (`KeepsLength`). Read more than once, its layer's record is
    rewritten as of the first pass's end (`LazyBody.done`)."""

    __slots__ = ()
