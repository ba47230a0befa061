"""Tiny paste factories for tests/data/ini/pastescope-shapes.ini (served by the tests)."""

from __future__ import annotations


def make_app(global_conf, text="hello", status="200 OK", content_type="text/plain",
             chunk=""):
    """An app answering `text`; with `chunk` (a size), streamed in chunks of that many bytes."""
    body = text.encode()

    def app(environ, start_response):
        start_response(status, [("Content-Type", content_type)])
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
