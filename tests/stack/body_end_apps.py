"""WSGI apps and filters whose bodies matter as they end, for the tests that serve them: a body
whose close() raises (a class's, one its factory defines, one starting its response only as it
is iterated), a body with a length that is no list (noting each time it is iterated and
closed), a filter that asks its app's body its length, and an app noting how many bytes the
server took of what it streamed or wrote (for a client going away part way through)."""

from __future__ import annotations

import os
import socket
import struct
import time


def make_counted_app(global_conf, record, size="1000", chunks="20", delay="0.1", writes=""):
    """An app streaming `chunks` chunks of `size` bytes, `delay` seconds apart, that writes to
    the file `record` how many bytes the server took: a chunk counts once the server asks for
    the next one (it was written), or once the body ran out. With `writes` set, it sends them
    through start_response's write callable instead, counting each once written."""

    def app(environ, start_response):
        write = start_response("200 OK", [("Content-Type", "text/plain")])
        if writes:
            taken = 0
            try:
                for _ in range(int(chunks)):
                    write(b"x" * int(size))
                    taken += int(size)
                    time.sleep(float(delay))
            finally:
                with open(record, "w") as out:
                    out.write(str(taken))
            return []

        def body():
            taken = 0
            try:
                for _ in range(int(chunks)):
                    yield b"x" * int(size)
                    taken += int(size)
                    time.sleep(float(delay))
            finally:
                with open(record, "w") as out:
                    out.write(str(taken))

        return body()

    return app


class ClosingFails:
    """A streamed body of `size` bytes whose close() raises, as the server closes it."""

    def __init__(self, size: int) -> None:
        self.size = size

    def __iter__(self):
        yield b"x" * self.size

    def close(self) -> None:
        raise OSError("the body's close broke")


def make_closing_class_app(global_conf, size="10"):
    """An app whose body is an object of a class its factory defines beside it, not a
    generator: sent whole, it raises as the server closes it."""

    class Body:
        def __iter__(self):
            yield b"x" * int(size)

        def close(self):
            raise OSError("the body's close broke")

    def app(environ, start_response):
        start_response("200 OK", [("Content-Type", "text/plain")])
        return Body()

    return app


def make_failing_close(global_conf, size="10", lazy=""):
    """An app whose streamed body is sent whole and then raises as the server closes it; with
    `lazy`, one that starts its response only as the body is iterated (so its layer's probe
    waits for the body to know its status)."""

    def app(environ, start_response):
        if not lazy:
            start_response("200 OK", [("Content-Type", "text/plain")])
            return ClosingFails(int(size))

        class Lazy(ClosingFails):
            def __iter__(self):
                start_response("200 OK", [("Content-Type", "text/plain")])
                yield from super().__iter__()

        return Lazy(int(size))

    return app


class SizedBody:
    """A body with a length that is no list, as a framework's own may be, which notes in the
    file `record` each time it is iterated and closed; it calls `start` as it is iterated, if
    given, and raises ValueError(`fail`) then, if set. With `part_way`, it raises only after
    its first part: from a new generator each time it is iterated (`each`), or from one made
    once, which every iteration goes on with (`once`), as a body backed by a generator is."""

    def __init__(self, parts: list[bytes], record: str, start=None, fail: str = "",
                 part_way: str = "") -> None:
        self.parts = parts
        self.record = record
        self.start = start
        self.fail = fail
        self.part_way = part_way
        self.generator = self.failing() if part_way == "once" else None

    def __len__(self) -> int:
        return len(self.parts)

    def __iter__(self):
        self.note("iterated")
        if self.start is not None:
            self.start()
        if self.part_way:
            return self.generator or self.failing()
        if self.fail:
            raise ValueError(self.fail)
        return iter(self.parts)

    def failing(self):
        yield self.parts[0]
        raise ValueError(self.fail)

    def close(self) -> None:
        self.note("closed")

    def note(self, what: str) -> None:
        with open(self.record, "a") as out:
            out.write(what + "\n")


def make_sized_app(global_conf, records, lazy="", fail="", part_way=""):
    """An app answering "hello, world" as a `SizedBody` of two parts, with no Content-Length,
    noting what was done with it in the file of the folder `records` the query string names;
    with `lazy`, it starts its response only as its body is iterated; `fail` and `part_way`
    as `SizedBody` has them."""

    def app(environ, start_response):
        def start():
            start_response("200 OK", [("Content-Type", "text/plain")])

        if not lazy:
            start()
        record = os.path.join(records, environ["QUERY_STRING"])
        return SizedBody([b"hello, ", b"world\n"], record, start if lazy else None, fail,
                         part_way)

    return app


def make_sizing_filter(global_conf):
    """A filter that says in an `X-Parts` header how many parts its app's body has, when it
    has a length (`unknown` if not), for an app that starts its response as its body is
    iterated (after this filter asked)."""

    def wrap(app):
        def sizing(environ, start_response):
            parts = []

            def saying(status, headers, exc_info=None):
                return start_response(status, [*headers, ("X-Parts", parts[0])], exc_info)

            body = app(environ, saying)
            parts.append(str(len(body)) if hasattr(body, "__len__") else "unknown")
            return body

        return sizing

    return wrap


def leave_part_way(url: str) -> str:
    """GET / and go away once the first 1,000 bytes of the body are in; the trace id."""
    host, port = url.removeprefix("http://").split(":")
    with socket.create_connection((host, int(port)), timeout=10) as sock:
        sock.sendall(b"GET / HTTP/1.0\r\nHost: x\r\n\r\n")
        data = b""
        for _ in range(1000):  # bounded: until the headers and the first chunk are in
            data += sock.recv(65536)
            if len(data.partition(b"\r\n\r\n")[2]) >= 1000:
                break
        # Reset, not a polite close: the server's next write fails at once.
        sock.setsockopt(socket.SOL_SOCKET, socket.SO_LINGER, struct.pack("ii", 1, 0))
    return dict(line.split(": ", 1) for line in
                data.partition(b"\r\n\r\n")[0].decode().split("\r\n")[1:])["X-Pastescope-Trace"]
