"""WSGI apps and filters whose bodies are legal but unusual, for the tests that serve them:
generator apps and filters (nothing runs until the server iterates), a body that raises part
way (its status known as it returns, its body failing later), bodies of the wrong shape (an int
in the list, None, bytes, a str, a `close` that is no method; a filter returning bytes),
filters that pass their app's body on in a generator of their own (a function's, a class's,
one raising after it), an app whose body is made by code it only calls, a header list shared
by every response, and a tuple of headers with a tuple body."""

from __future__ import annotations

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


def make_bytes_filter(global_conf):
    """A filter that joins its app's body into bytes and returns them: no iterable of bytes
    (a WSGI layer returns a list of bytes), which the server refuses."""

    def wrap(app):
        def joining(environ, start_response):
            return b"".join(app(environ, start_response))

        return joining

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
