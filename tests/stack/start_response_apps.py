"""WSGI apps and filters that misuse start_response, or use its less common parts, for the tests
that serve them: a layer returning a body without calling start_response (an app, a filter, one
doing so in place of its app's exception, one returning None), a filter that keeps its app's
status from the start_response it was handed, one that drops (or passes up) what its app
writes through the write callable it handed it, an app writing through start_response's write
callable, and one calling start_response again with `exc_info` after its first chunk."""

from __future__ import annotations

import sys


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


def make_none_filter(global_conf):
    """A filter that returns None, calling nothing below it: a mistake, not a raise."""

    def wrap(app):
        def none(environ, start_response):
            return None

        return none

    return wrap


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
