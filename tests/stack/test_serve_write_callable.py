"""Bytes an app writes through the `write` callable start_response returns (PEP 3333) are
sent, so request.end counts them, and an error's body shows them; a filter that hands its app
a write callable of its own and never passes on what is written through it is said so by
`serve --check-wsgi`."""

from __future__ import annotations

import pytest

from tests.conftest import raw_request
from tests.stack import start_response_apps
from tests.stack.app_inis import filtered
from tests.stack.app_inis import ref
from tests.stack.trace_checks import check_well_formed
from tests.stack.trace_checks import checked_and_plain
from tests.stack.trace_checks import named_trace
from tests.stack.trace_checks import place_in
from tests.stack.trace_checks import warnings_of


@pytest.mark.parametrize("stream", ["", "yes"])
@pytest.mark.parametrize(("status", "body"), [("200 OK", ""), ("200 OK", "and returned"),
                                              ("404 Not Found", "and returned")])
def test_written_bytes_are_counted_and_shown(serve_stack, tmp_path, stream, status, body):
    ini = tmp_path / "writing.ini"
    ini.write_text(f"[app:main]\nuse = call:{ref('make_writing')}\n"
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


@pytest.mark.parametrize(("factory", "settings", "sent"), [
    ("make_write_dropping_filter", "", b"and returned"),
    ("make_write_dropping_filter", "keeps = yes\n", b"written;and returned"),
    ("make_wsgify_filter", "", b"written;and returned"),
])
def test_bytes_a_filter_never_passes_on_from_its_own_write_callable_are_said(
        tmp_path, factory, settings, sent):
    """A filter calling its app with a start_response of its own hands the app that
    start_response's write callable: bytes written through one that drops them never reach
    the client, which nothing else tells; one that passes them up in its body, as WebOb does,
    is said of nothing. The client gets the same with the check and without."""
    ini = tmp_path / "holding.ini"
    ini.write_text(filtered("holding", factory, settings, app="make_writing",
                            app_settings="body = and returned\n"))
    with checked_and_plain(ini, tmp_path) as (checked, plain):
        line, headers, got = raw_request(checked.url, "/")
        warnings = warnings_of(named_trace(checked, headers))
        assert (line, got) == ("HTTP/1.1 200 OK", sent)
        plain_line, plain_headers, plain_got = raw_request(plain.url, "/")
        assert (plain_line, plain_got) == (line, got)
        assert warnings_of(named_trace(plain, plain_headers)) == []
    if sent.startswith(b"written;"):
        assert warnings == []
        return
    holding = start_response_apps.make_write_dropping_filter
    assert warnings == [(
        "filter:holding", "write-not-passed-on",
        "filter:holding never passed on the 8 bytes the layer below wrote through the write "
        "callable of the start_response it handed down, neither writing them on nor passing "
        "them up in its body: the client never got them; WSGI wants a layer that hands down a "
        "write callable of its own to send on what is written through it (it called the layer "
        f"below at `{place_in(holding, 'body = app(environ, hold)', 'holding')}`)")]
