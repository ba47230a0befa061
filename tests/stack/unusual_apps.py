"""WSGI apps and filters that do legal but unusual things, for the tests that serve them: generator
apps and filters (nothing runs until the server iterates), a header list shared by every
response, a tuple of headers, a tuple body, a body that counts what the server took, a body
whose close() raises, a body with a length that is no list, an app that writes through
start_response's write callable, an app slow to answer, an app slow to load (not yielding to
eventlet), an app that waits for a signal in a weakref callback (as it loads, or in the hub as a
request comes), a filter that calls its app again (after an exception, or a 503); a filter that
asks its app's body its length; a filter that returns bytes, which no server sends; a filter
that reads a chunked request body whole before its app; a filter that returns a body without
calling start_response, one that does so in place of its app's exception, one that passes up
its app's body keeping the status its app gave the start_response it handed it, one that drops
(or passes up) what its app writes through the write callable it handed it, one that sets
PATH_INFO, one that moves a segment into SCRIPT_NAME or sets SCRIPT_NAME alone, and one
written with `webob.dec.wsgify`; an app that raises at its first call and returns a body with
no status at its second; an exception whose message cannot be
read, and a filter catching it; filters (a function's, a class's) that pass their app's body
on in a generator of their own; an app whose body is made by code it only calls; a router
whose own `__call__` raises, or answers 400, before Routes is asked; routers whose unnamed
routes share a template ("twins"), of one method too, told apart by their requirements alone
(`make_twins_by_requirements`), and the ini of a stack made of one (`twins_ini`); an auth
filter answering 401 in plain text (`make_refuse`), and one raising ValueError (`make_boom`);
the inis of one filter and an app (`filtered`, `rewriting`, `forbidding`); an app raising a
BaseException that is no Exception (`make_stopping_app`), which eventlet answers with a closed
connection; and a client that goes away part way through a body."""

from __future__ import annotations

import os
import socket
import struct
import sys
import time
import weakref
from pathlib import Path

import eventlet.hubs
import routes
import webob
import webob.dec
import webob.exc
from eventlet import patcher

from stack.wsgi import Router

#: This module, as an ini's factories name it.
APPS = "tests.stack.unusual_apps"
#: One list handed to start_response for every response, as a module constant often is.
SHARED_HEADERS = [("Content-Type", "text/plain")]


def make_generator_app(global_conf, status="200 OK", text="generated", fail=""):
    """An app written as a generator function: calling it runs nothing; with `fail`, it
    raises ValueError(`fail`) after its text."""

    def app(environ, start_response):
        start_response(status, [("Content-Type", "text/plain")])
        yield text.encode()
        if fail:
            raise ValueError(fail)

    return app


def make_slow_app(global_conf, seconds="30"):
    """An app that says on stderr that a request reached it, then answers after `seconds`:
    a request still under way when its stack is stopped."""

    def app(environ, start_response):
        print("slow app: a request is under way", file=sys.stderr, flush=True)
        time.sleep(float(seconds))  # green: `stack serve` monkey-patches time
        start_response("200 OK", [("Content-Type", "text/plain")])
        return [b"slow"]

    return app


def wait_in_a_weakref_callback(seconds: float) -> None:
    """Drop an object watched by a weakref callback that says on stderr it waits, then waits
    `seconds` for a signal, the whole process with it: a stop that comes then is raised where
    Python ignores exceptions, as when SIGTERM comes while an import cleans up its module lock
    (in a weakref callback of `importlib._bootstrap`)."""

    def wait(ref):
        print("weakref callback: waiting for a signal", file=sys.stderr, flush=True)
        patcher.original("time").sleep(seconds)  # not green: a signal ends it

    class Dropped:
        pass

    dropped = Dropped()
    watched = weakref.ref(dropped, wait)
    del dropped  # the callback runs here
    assert watched() is None


def make_app_waiting_in_a_weakref_callback(global_conf, seconds="10"):
    """An app that, as a request comes, waits in a weakref callback
    (`wait_in_a_weakref_callback`) in eventlet's hub: that request is answered a second
    after it came."""

    def app(environ, start_response):
        eventlet.hubs.get_hub().schedule_call_global(0, wait_in_a_weakref_callback,
                                                     float(seconds))
        time.sleep(1)  # green: the hub runs the callback meanwhile
        start_response("200 OK", [("Content-Type", "text/plain")])
        return [b"answered"]

    return app


def make_app_loading_slowly(global_conf, seconds="30", keeps=""):
    """An app whose factory takes `seconds` without yielding to eventlet's hub, as one that
    imports or reads for seconds does: it says on stderr that it waits for a signal, and
    waits. `keeps`, where that signal's SystemExit is kept from the load (which then takes
    `seconds` more): "weakref", a weakref callback, which drops it
    (`wait_in_a_weakref_callback`); "bare except", a bare `except:`, as old code's `try:
    import json` / `except: import simplejson` has."""
    wait = patcher.original("time").sleep  # not green: a signal ends it
    if keeps == "weakref":
        wait_in_a_weakref_callback(float(seconds))
    elif keeps == "bare except":
        try:
            print("slow factory: waiting for a signal", file=sys.stderr, flush=True)
            wait(float(seconds))
        except:  # noqa: E722
            pass
    else:
        print("slow factory: waiting for a signal", file=sys.stderr, flush=True)
    wait(float(seconds))
    return make_slow_app(global_conf)


def make_raising_body_app(global_conf, fail="the body broke", at_once=""):
    """An app that answers at once, with a streamed body that raises ValueError(`fail`) after
    its first chunk (with `at_once`, before it): its status is known as it returns, its body
    fails later."""

    def body():
        if not at_once:
            yield b"first"
        raise ValueError(fail)
        yield b"never"

    def app(environ, start_response):
        start_response("200 OK", [("Content-Type", "text/plain")])
        return body()

    return app


def make_generator_filter(global_conf, catch=""):
    """A filter written as a generator function, yielding what the app below yields; with
    `catch`, it answers `catch` in place of a ValueError the body below raises."""

    def wrap(app):
        def passing(environ, start_response):
            try:
                yield from app(environ, start_response)
            except ValueError:
                if not catch:
                    raise
                yield catch.encode()

        return passing

    return wrap


def make_flaky_app(global_conf):
    """An app whose first call in a request raises ConnectionError, and whose second answers."""

    def app(environ, start_response):
        calls = environ.setdefault("flaky.calls", [])
        calls.append(1)
        if len(calls) == 1:
            raise ConnectionError("the first try fails")
        start_response("200 OK", [("Content-Type", "text/plain")])
        return [b"second try"]

    return app


def make_retrying_filter(global_conf):
    """A filter that calls the app below again when it raised ConnectionError."""

    def wrap(app):
        def retrying(environ, start_response):
            try:
                return app(environ, start_response)
            except ConnectionError:
                return app(environ, start_response)

        return retrying

    return wrap


def make_looping_filter(global_conf, times="1"):
    """A filter that calls the app below `times` times and answers with the last answer: a
    trace of as many layer records."""

    def wrap(app):
        def looping(environ, start_response):
            for _ in range(int(times) - 1):
                app(environ, lambda status, headers, exc_info=None: None)
            return app(environ, start_response)

        return looping

    return wrap


class Answering:
    """An app that is an instance of a class of its own."""

    def __call__(self, environ, start_response):
        start_response("200 OK", [("Content-Type", "text/plain")])
        return [b"answered"]


def make_class_app(global_conf):
    return Answering()


def make_inspecting_filter(global_conf):
    """A filter that asks what the layer it wraps is, as some middleware does, and says so in
    an `X-Wraps` header: `isinstance(app, Answering)` and the class it reports."""

    def wrap(app):
        def inspecting(environ, start_response):
            said = f"{isinstance(app, Answering)} {app.__class__.__name__}"

            def saying(status, headers, exc_info=None):
                return start_response(status, [*headers, ("X-Wraps", said)], exc_info)

            return app(environ, saying)

        return inspecting

    return wrap


class Uncloseable:
    """A streamed body whose `close` is a number, not a method."""

    close = 5

    def __iter__(self):
        yield b"ok"


def make_misshapen_app(global_conf, body="int"):
    """An app whose body is no WSGI body: a list holding an int (`int`), None (`none`), bytes
    or a str where a list of them belongs (`bytes`, `str`), or a body whose `close` is no
    method (`close`)."""

    bodies = {"int": [b"ok", 5], "none": None, "bytes": b"bytes, not [bytes]", "str": "a str",
              "close": Uncloseable()}

    def app(environ, start_response):
        start_response("200 OK", [("Content-Type", "text/plain")])
        return bodies[body]

    return app


def unstarted_body(streamed: str):
    """The body a layer returns without calling start_response: a list, or with `streamed` a
    generator (`streamed = empty`: one that yields nothing), which the server refuses only as
    it writes its first bytes."""

    def chunks():
        yield from () if streamed == "empty" else (b"never started",)

    return chunks() if streamed else [b"never started"]


def make_unstarted_app(global_conf, streamed=""):
    """An app that returns a body without calling start_response: a list, or with `streamed`
    a generator (`streamed = empty`: one that yields nothing). The server has no status to
    send it with, and answers 500 itself."""

    def app(environ, start_response):
        return unstarted_body(streamed)

    return app


def make_late_status_app(global_conf, first="part one"):
    """An app that sends its `first` chunk with 200, then fails and calls start_response again
    with `exc_info` (PEP 3333's way to report an error): too late, the server raises it again
    and the client keeps the 200 it got, cut short. With no `first` chunk, in time: the 500
    replaces the 200, after the app returned it."""

    def body(start_response):
        if first:
            yield first.encode()
        try:
            raise ValueError("went wrong after the first chunk")
        except ValueError:
            start_response("500 Internal Server Error", [("Content-Type", "text/plain")],
                           sys.exc_info())
        yield b"never sent"

    def app(environ, start_response):
        start_response("200 OK", [("Content-Type", "text/plain")])
        return body(start_response)

    return app


def make_rewriting_filter(global_conf, to="/moved"):
    """A filter that moves the request under `/base`, its path under `to`, before calling its
    app, as a rewrite does."""

    def wrap(app):
        def rewriting(environ, start_response):
            environ["SCRIPT_NAME"], environ["PATH_INFO"] = "/base", to + environ["PATH_INFO"]
            return app(environ, start_response)

        return rewriting

    return wrap


def make_unstarted_filter(global_conf, streamed=""):
    """A filter that returns a body without calling start_response or its app: a mistake
    that raises nothing itself. A WebOb layer above it fails reading the status that never
    came (`Request.call_application`), and answers for it. With `streamed`, the body is a
    generator (`streamed = empty`: one that yields nothing)."""

    def wrap(app):
        def unstarted(environ, start_response):
            return unstarted_body(streamed)

        return unstarted

    return wrap


def make_unforwarding_filter(global_conf):
    """A filter that calls its app with a start_response of its own, which the app calls, and
    returns the app's body without calling the start_response it was handed: the status and
    headers stop at the filter, and the server answers 500 for the body with no status."""

    def wrap(app):
        def unforwarding(environ, start_response):
            return app(environ, lambda status, headers, exc_info=None: None)

        return unforwarding

    return wrap


def make_write_dropping_filter(global_conf, keeps=""):
    """A filter that calls its app with a start_response of its own, holding the status and
    headers back until the app returned, and hands the app a write callable that drops what it
    is given: what the app writes never reaches the client. With `keeps`, it keeps them and
    passes them up first in its body, as WebOb's `Request.call_application` does."""

    def wrap(app):
        def holding(environ, start_response):
            held, written = [], []

            def hold(status, headers, exc_info=None):
                held[:] = [status, headers]
                return written.append if keeps else lambda data: None

            body = app(environ, hold)
            start_response(*held)
            return [*written, *body]

        return holding

    return wrap


def make_path_setting_filter(global_conf, to="/flavors"):
    """A filter that sets PATH_INFO to `to` before calling its app, as a rewrite does."""

    def wrap(app):
        def path_setting(environ, start_response):
            environ["PATH_INFO"] = to
            return app(environ, start_response)

        return path_setting

    return wrap


def make_swallowing_filter(global_conf):
    """A filter that catches what its app raises and returns a body of its own without
    calling start_response: the app raised, and only the filter passed up no status without
    an exception (the server answers 500 for it)."""

    def wrap(app):
        def swallowing(environ, start_response):
            try:
                return app(environ, start_response)
            except Exception:
                return [b"swallowed"]

        return swallowing

    return wrap


class Unprintable(Exception):
    """An exception whose message cannot be read: its `__str__` raises."""

    def __str__(self):
        raise RuntimeError("no words for it")


def make_unprintable_app(global_conf):
    def app(environ, start_response):
        raise Unprintable()

    return app


def make_catching_filter(global_conf):
    """A filter answering 503 for the `Unprintable` its app raises, and for nothing else."""

    def wrap(app):
        def catching(environ, start_response):
            try:
                return app(environ, start_response)
            except Unprintable:
                start_response("503 Service Unavailable", [("Content-Type", "text/plain")])
                return [b"caught"]

        return catching

    return wrap


def make_wsgify_filter(global_conf):
    """A filter written with `webob.dec.wsgify`, passing the request on with
    `req.get_response`: what goes wrong below reaches the server as WebOb's own exception."""

    def wrap(app):
        @webob.dec.wsgify
        def passing(req):
            return req.get_response(app)

        return passing

    return wrap


def make_none_filter(global_conf):
    """A filter that returns None, calling nothing below it: a mistake, not a raise."""

    def wrap(app):
        def none(environ, start_response):
            return None

        return none

    return wrap


def make_raising_filter(global_conf):
    """A filter that raises RuntimeError without calling its app: it answers nothing."""

    def wrap(app):
        def raising(environ, start_response):
            raise RuntimeError("refused before calling its app")

        return raising

    return wrap


def make_forbidding_filter(global_conf, error="HTTPForbidden"):
    """A plain WSGI filter that raises WebOb's HTTP exception `error` without calling its
    app, as a wsgify filter would: it answers nothing, the server 500."""

    def wrap(app):
        def forbidding(environ, start_response):
            raise getattr(webob.exc, error)("no entry")

        return forbidding

    return wrap


def make_refuse(global_conf, text=""):
    """An auth filter as one is often written: a bare WSGI answer, no WebOb page."""

    def wrap(app):
        def refuse(environ, start_response):
            start_response("401 Unauthorized", [("Content-Type", "text/plain; charset=utf-8")])
            return [text.encode()]

        return refuse

    return wrap


def make_boom(global_conf, message=""):
    """A filter whose every call raises ValueError(`message`)."""

    def wrap(app):
        def boom(environ, start_response):
            raise ValueError(message)

        return boom

    return wrap


def make_translating_filter(global_conf, cause=""):
    """A filter that raises RuntimeError for the ConnectionError its app raised: while
    handling it, or, with `cause`, from it (`raise … from`)."""

    def wrap(app):
        def translating(environ, start_response):
            try:
                return app(environ, start_response)
            except ConnectionError as exc:
                if not cause:  # the ConnectionError is its context, as a filter forgot `from`
                    raise RuntimeError("the app below failed")  # noqa: B904
                raise RuntimeError("the app below failed") from exc

        return translating

    return wrap


def make_breaking_body_filter(global_conf):
    """A filter that calls its app, then passes its body on in a generator that raises
    RuntimeError after it: the filter returned with its app's status, its body fails later."""

    def wrap(app):
        def breaking(environ, start_response):
            body = app(environ, start_response)

            def chunks():
                yield from body
                raise RuntimeError("the filter's body broke")

            return chunks()

        return breaking

    return wrap


def make_shared_headers_app(global_conf):
    def app(environ, start_response):
        start_response("200 OK", SHARED_HEADERS)
        return [b"shared"]

    return app


def make_tuple_app(global_conf):
    """Headers as a tuple and the body as a tuple: eventlet takes both, and gives a body
    with a length its Content-Length."""

    def app(environ, start_response):
        start_response("200 OK", (("Content-Type", "text/plain"),))
        return (b"tuple ", b"body")

    return app


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


def make_writing(global_conf, status="200 OK", wrote="written;", body="", stream=""):
    """An app that writes `wrote` through the write callable, then returns `body` as a list,
    or streamed (a generator) when `stream` is set."""

    def app(environ, start_response):
        write = start_response(status, [("Content-Type", "text/plain")])
        write(wrote.encode())
        if stream:
            return (part.encode() for part in [body])
        return [body.encode()] if body else []

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


def counted_ini(taken, section: str = "main", writes: bool = False, **settings: object) -> str:
    """An app streaming 20 chunks of 1,000 bytes slowly (through write() if `writes`), writing
    to `taken` what was sent; `settings` of `make_counted_app` (`chunks`, `delay`) change it."""
    return (f"[app:{section}]\npaste.app_factory = {APPS}:make_counted_app\n"
            f"record = {taken}\nwrites = {'yes' if writes else ''}\n"
            + "".join(f"{name} = {value}\n" for name, value in settings.items()))


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


def make_busy_once_app(global_conf):
    """An app whose first call in a request answers 503, and whose second 200; each call adds
    a list to the environ (a value recorded by its type only)."""

    def app(environ, start_response):
        calls = environ.setdefault("busy.calls", [])
        calls.append(1)
        if len(calls) == 1:
            start_response("503 Service Unavailable", [("Content-Type", "text/plain")])
            return [b"busy"]
        start_response("200 OK", [("Content-Type", "text/plain")])
        return [b"second try"]

    return app


def make_retry_on_503_filter(global_conf):
    """A filter that calls the app below again when it answered 503, dropping that answer."""

    def wrap(app):
        def retrying(environ, start_response):
            got = []
            body = app(environ, lambda status, headers, exc_info=None: got.append(status))
            if not got[0].startswith("503"):
                start_response(got[0], [("Content-Type", "text/plain")])
                return body
            return app(environ, start_response)

        return retrying

    return wrap


def make_bytes_filter(global_conf):
    """A filter that joins its app's body into bytes and returns them: no iterable of bytes
    (a WSGI layer returns a list of bytes), which the server refuses."""

    def wrap(app):
        def joining(environ, start_response):
            return b"".join(app(environ, start_response))

        return joining

    return wrap


def make_buffering_filter(global_conf):
    """A filter that reads a chunked request body whole before its app, as WebOb does once the
    server says the input ends with the body (`wsgi.input_terminated`, gunicorn's and
    waitress's; eventlet does not say it): its app gets the body with a Content-Length."""

    def wrap(app):
        def buffering(environ, start_response):
            environ["wsgi.input_terminated"] = True
            webob.Request(environ).make_body_seekable()
            return app(environ, start_response)

        return buffering

    return wrap


def make_wrapping_filter(global_conf, tag="wrapped"):
    """A filter that answers with its app's status and passes the app's body on in a
    generator of its own, each chunk tagged `[tag]`: the server reads the app's body through
    it, after both returned."""

    def wrap(app):
        def wrapping(environ, start_response):
            body = app(environ, start_response)

            def tagged():
                for chunk in body:
                    yield f"[{tag}]".encode() + chunk

            return tagged()

        return wrapping

    return wrap


class Relaying:
    """A filter written as a class, whose method relays its app's body in a generator."""

    def __init__(self, app):
        self.app = app

    def __call__(self, environ, start_response):
        return self.relay(self.app(environ, start_response))

    def relay(self, body):
        yield from body


def make_relaying_filter(global_conf):
    return Relaying


def made_body():
    """A body made by code an app only calls, as a library's: no layer's own."""
    yield b"made"
    raise RuntimeError("the made body broke")


def make_library_body_app(global_conf):
    def app(environ, start_response):
        start_response("200 OK", [("Content-Type", "text/plain")])
        return made_body()

    return app


def make_answering_again_filter(global_conf):
    """A filter that calls its app once and, called again for the same request (a retry with
    one environ), answers 200 itself without calling it: a short circuit after a retry."""

    def wrap(app):
        def answering_again(environ, start_response):
            if environ.get("answering.called"):
                start_response("200 OK", [("Content-Type", "text/plain")])
                return [b"answered again"]
            environ["answering.called"] = "1"
            return app(environ, start_response)

        return answering_again

    return wrap


class RaisingRouter(Router):
    """A Router subclass whose own `__call__` raises before Routes is asked (as Routes does
    reading a form body for `_method` that cannot be read)."""

    def __call__(self, environ, start_response):
        raise RuntimeError("the router broke before matching")


class RefusingRouter(Router):
    """One whose own `__call__` answers 400 before Routes is asked."""

    def __call__(self, environ, start_response):
        start_response("400 Bad Request", [("Content-Type", "text/plain")])
        return [b"refused"]


def make_router(global_conf, refuse=""):
    """A router of one route, `/items`, that raises before matching; with `refuse`, answers 400."""
    mapper = routes.Mapper()
    mapper.connect("/items", controller="items", action="index")
    return (RefusingRouter if refuse else RaisingRouter)(mapper, {"items": object()})


class Things:
    """Shows a thing, updates it, or does whatever the method asks to it: any id is one."""

    def show(self, req, id: str) -> dict:
        return {"thing": id}

    def update(self, req, id: str, body: dict | None = None) -> dict:
        return {"thing": id, "updated": True}

    def handle(self, req, id: str, body: dict | None = None) -> dict:
        return {"thing": id, "method": req.method}


def make_twins_any_and_get(global_conf, **local_conf):
    """`/things/{id}` for any method before the same for GET, which then matches nothing (Routes
    takes the first that matches); `/gadgets/{id}` for GET before the same for any method,
    which takes the rest."""
    mapper = routes.Mapper()
    mapper.connect(None, "/things/{id}", controller="things", action="handle")
    mapper.connect(None, "/things/{id}", controller="things", action="show",
                   conditions={"method": ["GET"]})
    mapper.connect(None, "/gadgets/{id}", controller="things", action="show",
                   conditions={"method": ["GET"]})
    mapper.connect(None, "/gadgets/{id}", controller="things", action="handle")
    return Router(mapper, {"things": Things()})


def make_twins_get_and_put(global_conf, **local_conf):
    """`GET` and `PUT /things/{id}`, unnamed, as two `mapper.connect` for two methods."""
    mapper = routes.Mapper()
    mapper.connect(None, "/things/{id}", controller="things", action="show",
                   conditions={"method": ["GET"]})
    mapper.connect(None, "/things/{id}", controller="things", action="update",
                   conditions={"method": ["PUT"]})
    return Router(mapper, {"things": Things()})


class Servers:
    """Shows a server by its number, or finds one by its name."""

    def show(self, req, id: str) -> dict:
        return {"server": id}

    def by_name(self, req, id: str) -> dict:
        return {"name": id}


def make_twins_by_requirements(global_conf, **local_conf):
    """GET `/servers/{id}` twice, told apart by what `{id}` must be: digits `show` a server,
    letters look one up `by_name`; and GET `/things/{id}` twice to one action, digits then
    letters, told apart by their requirements alone."""
    mapper = routes.Mapper()
    get = {"method": ["GET"]}
    for controller, actions in (("servers", ("show", "by_name")), ("things", ("show", "show"))):
        for action, pattern in zip(actions, (r"\d+", "[a-z]+"), strict=True):
            mapper.connect(None, f"/{controller}/{{id}}", controller=controller, action=action,
                           requirements={"id": pattern}, conditions=get)
    return Router(mapper, {"servers": Servers(), "things": Things()})


def make_named_twins(global_conf, **local_conf):
    """GET `/things/{id}` twice to `things.show`, named `by_number` (digits, written as Python
    reads a pattern: `\\Z`, which JavaScript does not) and `by_word` (letters): twins a name
    tells apart, as Routes does by their requirements."""
    mapper = routes.Mapper()
    for name, pattern in (("by_number", r"\d+\Z"), ("by_word", "[a-z]+")):
        mapper.connect(name, "/things/{id}", controller="things", action="show",
                       requirements={"id": pattern}, conditions={"method": ["GET"]})
    return Router(mapper, {"things": Things()})


def twins_ini(tmp_path: Path, factory: str) -> str:
    """An ini in `tmp_path` whose `main` maps `/` to `app:twins`, the router this module's
    `factory` makes: the stack a test serves to see its routes."""
    ini = tmp_path / "twins.ini"
    ini.write_text(f"[composite:main]\nuse = egg:Paste#urlmap\n/ = twins\n\n"
                   f"[app:twins]\nuse = call:{APPS}:{factory}\n")
    return str(ini)


#: The app line of `paste_apps.make_app`, the plain app answering `text` with `status`, for a
#: filter's ini (`filtered`) whose app only has to answer.
PLAIN_APP = "use = call:tests.stack.paste_apps:make_app"


def filtered(name: str, factory: str, settings: str = "", app: str = "make_class_app",
             app_settings: str = "", app_line: str = "") -> str:
    """The ini of one filter and an app: main → pipeline [the filter `name` made by this
    module's `factory`, the app made by its `app` or given by its whole `app_line`
    (`PLAIN_APP`)], each with its `settings` lines."""
    app_line = app_line or f"paste.app_factory = {APPS}:{app}"
    return (f"[pipeline:main]\npipeline = {name} app\n\n"
            f"[filter:{name}]\npaste.filter_factory = {APPS}:{factory}\n{settings}\n"
            f"[app:app]\n{app_line}\n{app_settings}")


def forbidding(error: str) -> str:
    """An ini whose plain filter raises WebOb's HTTP exception `error` before its app."""
    return filtered("forbid", "make_forbidding_filter", f"error = {error}\n",
                    app_line=PLAIN_APP)


def rewriting(to: str = "") -> str:
    """An ini whose filter moves the request under `/base`, its path under `to` (as the environ
    holds it; the filter's own `/moved` if empty), before its app answers 404."""
    return filtered("rewrite", "make_rewriting_filter", f"to = {to}\n" if to else "",
                    app_settings="status = 404 Not Found\n", app_line=PLAIN_APP)


def make_flaky_unstarted_app(global_conf):
    """An app whose first call in a request raises ConnectionError, and whose second returns
    a body without calling start_response: under a filter that answers for the exception
    (`make_swallowing_filter`) and one that calls it twice (`make_looping_filter`), a layer
    passes up no status in each call, a different one in each."""

    def app(environ, start_response):
        calls = environ.setdefault("flaky.calls", [])
        calls.append(1)
        if len(calls) == 1:
            raise ConnectionError("the first try fails")
        return unstarted_body("")

    return app


def make_script_name_filter(global_conf, to=""):
    """A filter that moves the first segment of PATH_INFO to the end of SCRIPT_NAME before
    calling its app, as urlmap and version filters do; with `to`, that sets SCRIPT_NAME to
    `to` alone."""

    def wrap(app):
        def mounting(environ, start_response):
            if to:
                environ["SCRIPT_NAME"] = to
            else:
                segment, rest = environ["PATH_INFO"][1:].partition("/")[::2]
                environ["SCRIPT_NAME"] += "/" + segment
                environ["PATH_INFO"] = "/" + rest
            return app(environ, start_response)

        return mounting

    return wrap


class Stop(BaseException):
    """Raised by the app below: a BaseException, as gevent's or a framework's own may be."""


class SizedStopping:
    """A body with a length that raises Stop after its first part: eventlet reads it once for
    its Content-Length before sending any of it, so that part is never sent."""

    def __len__(self) -> int:
        return 2

    def __iter__(self):
        yield b"first"
        raise Stop("stopped on purpose")


def make_stopping_app(global_conf, when="called"):
    """An app raising Stop as it is `called`, as its body is iterated (`streamed`), as its
    body with a length is read for that length (`sized`), or as a generator app whose first
    step raises (`generator`)."""

    def body():
        raise Stop("stopped on purpose")
        yield b"never"

    def app(environ, start_response):
        start_response("200 OK", [("Content-Type", "text/plain")])
        if when == "called":
            raise Stop("stopped on purpose")
        return SizedStopping() if when == "sized" else body()

    def generator(environ, start_response):
        yield from app(environ, start_response)

    return generator if when == "generator" else app
