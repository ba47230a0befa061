"""Filters a middleware developer writes that `serve --check-wsgi` should name, for the tests
that serve them: one that cuts its app's body short and keeps its app's `Content-Length`
(`make_cutting_filter`), and one that rewrites the request body into a seekable stream other
than an `io.BytesIO` and keeps the request's `CONTENT_LENGTH` (`make_restreaming_filter`)."""

from __future__ import annotations

import io
import tempfile

import webob


def make_cutting_filter(global_conf, by="3"):
    """A filter that passes up its app's body without its last `by` bytes, and its app's
    headers as they were: the client waits for bytes that never come."""
    cut = int(by)

    def wrap(app):
        def cutting(environ, start_response):
            body = b"".join(app(environ, start_response))
            return [body[:-cut]]

        return cutting

    return wrap


#: The streams `make_restreaming_filter` hands its body down in, by its `stream =` setting:
#: each seekable, none an `io.BytesIO`.
STREAMS = {
    "spooled": lambda: tempfile.SpooledTemporaryFile(max_size=1024),
    "rolled": lambda: tempfile.SpooledTemporaryFile(max_size=1),
    "tempfile": tempfile.TemporaryFile,
}


def make_restreaming_filter(global_conf, stream="spooled", declare=""):
    """A filter that reads the request body and hands down a stream of its own holding it
    with `!` added: a `stream =` of `STREAMS` (written and rewound), `buffered` (an
    `io.BufferedReader` over an `io.BytesIO`) or `webob` (WebOb's `req.body = …`), its
    `CONTENT_LENGTH` left as the request's (the body rewriter's slip), or that of what the
    stream holds with `declare = yes`."""

    def wrap(app):
        def restreaming(environ, start_response):
            request = webob.Request(environ)
            body = request.body + b"!"
            if stream == "webob":
                request.body = body
            else:
                environ["wsgi.input"] = handed_down(stream, body)
                # NOTE: WebOb's flag is of the stream it read, not of this one
                environ.pop("webob.is_body_seekable", None)
                if declare:
                    environ["CONTENT_LENGTH"] = str(len(body))
            return app(environ, start_response)

        return restreaming

    return wrap


def handed_down(stream: str, body: bytes):
    """A stream of kind `stream` (`make_restreaming_filter`'s) holding `body`, at its start."""
    if stream == "buffered":
        return io.BufferedReader(io.BytesIO(body))
    written = STREAMS[stream]()
    written.write(body)
    written.seek(0)
    return written
