"""Bytes an app writes through the `write` callable start_response returns (PEP 3333) are
sent, so request.end counts them, and an error's body shows them."""

from __future__ import annotations

import pytest

from tests.conftest import raw_get
from tests.stack.trace_checks import check_well_formed


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


@pytest.mark.parametrize("stream", ["", "yes"])
@pytest.mark.parametrize(("status", "body"), [("200 OK", ""), ("200 OK", "and returned"),
                                              ("404 Not Found", "and returned")])
def test_written_bytes_are_counted_and_shown(serve_stack, tmp_path, stream, status, body):
    ini = tmp_path / "writing.ini"
    ini.write_text("[app:main]\nuse = call:tests.stack.test_serve_write_callable:make_writing\n"
                   f"status = {status}\nbody = {body}\nstream = {stream}\n")
    stack = serve_stack(ini, "main")
    # NOTE: HTTP/1.0, read to the end: over HTTP/1.1 eventlet never ends the chunked body
    # of an app that wrote and then returned nothing more, traced or not.
    line, headers, sent = raw_get(stack.url, "/")
    assert (line.split(" ", 1)[1], sent) == (status, ("written;" + body).encode())
    events = stack.trace(dict(headers)["X-Pastescope-Trace"])
    check_well_formed(events)
    end = events[-1]["data"]
    assert end["bytes"] == len(sent)
    assert end["body"] == (sent.decode() if status.startswith("4") else "")
