"""WSGI apps and filters that raise, refuse or catch, for the tests that serve them: an exception
whose message cannot be read and a filter catching it, a filter written with `webob.dec.wsgify`,
filters raising before their app (RuntimeError, WebOb's HTTP exceptions, ValueError:
`make_boom`) or for what their app raised (`raise … from`, or not), an auth filter answering
401 in plain text (`make_refuse`), and an app raising a BaseException that is no Exception
(`make_stopping_app`), which eventlet answers with a closed connection."""

from __future__ import annotations

import webob
import webob.dec
import webob.exc


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
