"""WSGI filters that change what their app is handed, for the tests that serve them: one setting
PATH_INFO, one moving the request under a base (a rewrite), one moving a segment into
SCRIPT_NAME or setting SCRIPT_NAME alone, one reading a chunked request body whole before its
app; and a filter that asks what the layer it wraps is, over an app that is an instance of a
class of its own."""

from __future__ import annotations

import webob
import webob.dec
import webob.exc


def make_path_setting_filter(global_conf, to="/flavors"):
    """A filter that sets PATH_INFO to `to` before calling its app, as a rewrite does."""

    def wrap(app):
        def path_setting(environ, start_response):
            environ["PATH_INFO"] = to
            return app(environ, start_response)

        return path_setting

    return wrap


def make_rewriting_filter(global_conf, to="/moved"):
    """A filter that moves the request under `/base`, its path under `to`, before calling its
    app, as a rewrite does."""

    def wrap(app):
        def rewriting(environ, start_response):
            environ["SCRIPT_NAME"], environ["PATH_INFO"] = "/base", to + environ["PATH_INFO"]
            return app(environ, start_response)

        return rewriting

    return wrap


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
