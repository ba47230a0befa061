"""Bytes an app writes through the `write` callable start_response returns (PEP 3333) are
sent, so request.end counts them, and an error's body shows them."""

from __future__ import annotations

import pytest

from tests.conftest import raw_request
from tests.stack.trace_checks import check_well_formed
from tests.stack.unusual_apps import APPS


@pytest.mark.parametrize("stream", ["", "yes"])
@pytest.mark.parametrize(("status", "body"), [("200 OK", ""), ("200 OK", "and returned"),
                                              ("404 Not Found", "and returned")])
def test_written_bytes_are_counted_and_shown(serve_stack, tmp_path, stream, status, body):
    ini = tmp_path / "writing.ini"
    ini.write_text(f"[app:main]\nuse = call:{APPS}:make_writing\n"
                   f"status = {status}\nbody = {body}\nstream = {stream}\n")
    stack = serve_stack(ini, "main")
    # NOTE: HTTP/1.0, read to the end: over HTTP/1.1 eventlet never ends the chunked body
    # of an app that wrote and then returned nothing more, traced or not.
    line, headers, sent = raw_request(stack.url, "/")
    assert (line.split(" ", 1)[1], sent) == (status, ("written;" + body).encode())
    events = stack.trace(dict(headers)["X-Pastescope-Trace"])
    check_well_formed(events)
    end = events[-1]["data"]
    assert end["bytes"] == len(sent)
    assert end["body"] == (sent.decode() if status.startswith("4") else "")
