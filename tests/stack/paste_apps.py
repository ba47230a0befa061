"""Tiny paste factories for tests/data/ini/pastescope-shapes.ini (served by the tests)."""

from __future__ import annotations

import base64
import gzip
import io
import zlib

import webob
import webob.dec

#: How `make_app` compresses a body for the Content-Encodings it can make.
COMPRESS = {"gzip": gzip.compress, "deflate": zlib.compress}
#: A 1×1 PNG, 70 bytes: a body for `make_app`'s `body_base64`.
PNG = ("iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mNkYPhfDwAChwGA60e6kgAAAABJRU5E"
       "rkJggg==")


def make_app(global_conf, text="hello", status="200 OK", content_type="text/plain",
             chunk="", charset="utf-8", encoding="", body_base64="", headers=""):
    """An app answering `text` in `charset` (or the bytes `body_base64` holds); with
    `encoding`, sent with that Content-Encoding, compressed when it is gzip or deflate and as
    it is otherwise (a br body the stack must not read); with `chunk` (a size), streamed in
    chunks of that many bytes; with `headers` (NAME=VALUE …), those headers too."""
    body = base64.b64decode(body_base64) if body_base64 else text.encode(charset)
    headers = [("Content-Type", content_type),
               *(tuple(pair.split("=", 1)) for pair in headers.split())]
    if encoding:
        body = COMPRESS[encoding](body) if encoding in COMPRESS else body
        headers.append(("Content-Encoding", encoding))

    def app(environ, start_response):
        start_response(status, list(headers))
        if chunk:
            size = int(chunk)
            return (body[i:i + size] for i in range(0, len(body), size))
        return [body]

    return app


def make_upper(global_conf):
    def wrap(app):
        def upper(environ, start_response):
            return [chunk.upper() for chunk in app(environ, start_response)]

        return upper

    return wrap


def make_tag(global_conf, tag="tag"):
    def wrap(app):
        def tagged(environ, start_response):
            return [f"[{tag}]".encode(), *app(environ, start_response)]

        return tagged

    return wrap


def make_by_the_app(app):
    """A filter factory written as if PasteDeploy passed it the app: it is given global_conf
    (and any setting as a keyword), and what it returns is then called with the app."""
    return lambda environ, start_response: app(environ, start_response)


def make_nothing_by_the_app(app):
    """A no-op filter factory written as if PasteDeploy passed it the app: it returns what it
    is given, the global_conf, a dict."""
    return app


class MiddlewareWithoutCall:
    """A middleware class whose `__call__` is missing (misnamed `call`): the filter
    `make_uncalled` makes returns an instance no server can call."""

    def __init__(self, app):
        self.app = app

    def call(self, environ, start_response):
        return self.app(environ, start_response)


def make_uncalled(global_conf):
    """A filter factory whose filter is that class: each filter it makes is uncallable."""
    return MiddlewareWithoutCall


def make_greeter(global_conf, **local_conf):
    """A filter factory that reads its setting as `local_conf["greeting"]` (a KeyError when the
    ini misspells it) and refuses any other, quoting its name, as a factory checking its
    options does."""
    greeting = local_conf.pop("greeting")
    if local_conf:
        raise TypeError(f"unknown option {min(local_conf)!r}")
    return make_tag(global_conf, tag=greeting)


#: The backends `make_backend` knows: no `redis`.
BACKENDS = {"memory": dict}


def make_backend(global_conf, **local_conf):
    """A filter factory taking no setting that looks up a backend the module does not have:
    a KeyError of its own table, beside an empty `local_conf`, no setting of the section's."""
    return BACKENDS["redis"]


def make_broken(global_conf, when="made"):
    """A filter factory that raises as it is made (`made`), makes a filter that raises as it
    wraps its app (`wrapping`) or returns None for it (`unwrapped`), makes none (`nothing`), or
    raises a TypeError (`typed`) or a KeyError of a table of its own (`looked_up`, or an empty
    one, `seen`) on its own line: the load errors `stack serve` names the section of."""
    if when == "made":
        raise RuntimeError("broken as it was made")
    if when == "nothing":
        return None
    if when == "typed":
        raise TypeError("a bad argument, raised by the factory's own line")
    if when == "looked_up":
        return {"hello": None}["greeting"]  # a table of its own: no setting of the section
    if when == "seen":
        seen = {}  # empty, as a `**local_conf` of no settings is, but no parameter
        return seen["x"]

    def wrap(app):
        if when == "unwrapped":
            return None
        raise RuntimeError("broken as it wrapped its app")

    return wrap


def make_environ(global_conf, add="", remove=""):
    """A filter: deletes the `remove` environ keys, sets `add` (KEY=VALUE …), calls on."""

    def wrap(app):
        def changing(environ, start_response):
            for key in remove.split():
                environ.pop(key, None)
            for pair in add.split():
                key, _, value = pair.partition("=")
                environ[key] = value
            return app(environ, start_response)

        return changing

    return wrap


def make_header_changer(global_conf, put="", remove=""):
    """A filter that changes the response headers the layer below passes up: each `put`
    NAME=VALUE replaces the header of that name, or is added; each `remove` NAME is dropped."""
    puts = [tuple(pair.split("=", 1)) for pair in put.split()]
    dropped = {name.lower() for name in remove.split()} | {name.lower() for name, _ in puts}

    def wrap(app):
        def changing(environ, start_response):
            def changed(status, headers, exc_info=None):
                kept = [(name, value) for name, value in headers if name.lower() not in dropped]
                return start_response(status, kept + puts, exc_info)

            return app(environ, changed)

        return changing

    return wrap


def make_bent_environ(global_conf, key="", as_type="str", value=""):
    """A filter that passes down `key` set to `value` as `as_type` (`int`, `bytes`, `str`):
    an environ WSGI forbids, for `serve --check-wsgi` to find."""
    typed = {"int": int, "bytes": str.encode, "str": str}[as_type](value)

    def wrap(app):
        def bending(environ, start_response):
            environ[key] = typed
            return app(environ, start_response)

        return bending

    return wrap


def make_bent_composite(loader, global_conf, branch, key="", as_type="str", value=""):
    """A composite that hands its one `branch` the environ with `key` set to `value` as
    `as_type`, as `make_bent_environ`'s filter does: an environ WSGI forbids, passed down by a
    composite."""
    return make_bent_environ(global_conf, key, as_type, value)(loader.get_app(branch))


def make_body_reader(global_conf, size="", then=""):
    """A filter that reads `size` bytes of the request body from `wsgi.input` (all of them by
    default: its `CONTENT_LENGTH`, or to its end when it came chunked), or lets WebOb read it
    (`webob`), then passes the request on: as it is; with `then = restore`, with a fresh
    stream holding what it read; with `then = shorten`, with the `CONTENT_LENGTH` of what is
    left; with `then = declare`, with the `CONTENT_LENGTH` of what it read; with `then =
    rewrite`, `cut` or `unwound`, with a fresh stream holding what it read rewritten (`!`
    added), cut to its first 3 bytes, or written and not rewound, its `CONTENT_LENGTH` left
    as it was (the body rewriter's slip); with `then = redeclare`, rewritten with the
    `CONTENT_LENGTH` of what it holds."""

    def wrap(app):
        def reading(environ, start_response):
            if size == "webob":
                request = webob.Request(environ)
                request.is_body_readable = True  # a chunked body too (`make_echo`)
                request.body  # noqa: B018 — WebOb keeps a copy to read again
            else:
                wanted = size or environ.get("CONTENT_LENGTH")
                stream = environ["wsgi.input"]
                body = stream.read(int(wanted)) if wanted else stream.read()
            if then == "restore":
                environ["wsgi.input"] = io.BytesIO(body)
            elif then == "shorten":
                whole = int(environ.get("CONTENT_LENGTH", len(body)))
                environ["CONTENT_LENGTH"] = str(whole - len(body))
            elif then == "declare":
                environ["CONTENT_LENGTH"] = str(len(body))
            elif then in ("rewrite", "redeclare"):
                environ["wsgi.input"] = io.BytesIO(body + b"!")
                if then == "redeclare":
                    environ["CONTENT_LENGTH"] = str(len(body) + 1)
            elif then == "cut":
                environ["wsgi.input"] = io.BytesIO(body[:3])
            elif then == "unwound":
                environ["wsgi.input"] = written = io.BytesIO()
                written.write(body)
            return app(environ, start_response)

        return reading

    return wrap


def make_echo(global_conf):
    """A WebOb app that answers with the request body it reads: one sent chunked too, to its
    end (WebOb reads a body with no `CONTENT_LENGTH` only when told its stream ends, as a
    server that sets `wsgi.input_terminated` tells it; eventlet does not)."""

    @webob.dec.wsgify
    def echo(request):
        request.is_body_readable = True
        return webob.Response(body=b"got " + request.body, content_type="text/plain")

    return echo


def make_failing(global_conf, status="200 OK", size="0"):
    """An app whose streamed body yields `size` bytes and then raises: after every layer has
    returned, while the server sends it."""

    def app(environ, start_response):
        start_response(status, [("Content-Type", "text/plain")])

        def body():
            yield b"x" * int(size)
            raise RuntimeError("the body broke part way")

        return body()

    return app


def make_int_header(global_conf):
    """A filter whose start_response, the one it hands down, adds `X-Count` to the headers
    the layer below passes up as an int (42), which WSGI forbids: broken when the layer
    below calls it, inside that layer."""

    def wrap(app):
        def counting(environ, start_response):
            def counted(status, headers, exc_info=None):
                return start_response(status, [*headers, ("X-Count", 42)], exc_info)

            return app(environ, counted)

        return counting

    return wrap


def make_self_answering(global_conf, mistake="twice"):
    """A filter that answers itself, never calling its app, breaking a WSGI rule as it does:
    `twice`, calling start_response a second time (202 after 200) without exc_info; `str`,
    returning a str as a body item; `str_later`, returning a generator whose str item the
    server reads once every layer has returned."""

    def wrap(app):
        def answering(environ, start_response):
            start_response("200 OK", [("Content-Type", "text/plain")])
            if mistake == "twice":
                start_response("202 Accepted", [("Content-Type", "text/plain")])
            if mistake == "str":
                return ["hello"]
            if mistake == "str_later":
                return later()
            return [b"hello"]

        return answering

    def later():
        yield b"hello, "
        yield "world"

    return wrap
